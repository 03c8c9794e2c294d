"""The application icon: drawn by tools/make_icon.py, shown by every window."""

from __future__ import annotations

from PIL import Image

from app.paths import resource
from ui import launch


def test_icon_files_hold_every_size_windows_asks_for():
    png = Image.open(resource("icons", "dvk.png"))
    assert png.size == (256, 256) and png.mode == "RGBA"
    ico = Image.open(resource("icons", "dvk.ico"))
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])


def test_the_application_and_its_windows_carry_the_icon(qapp):
    from PySide6.QtWidgets import QWidget

    assert launch._application() is qapp
    icon = qapp.windowIcon()
    assert not icon.isNull()
    assert icon.pixmap(32, 32).toImage().pixelColor(16, 4).red() > 150  # the red square
    window = QWidget()
    assert window.windowIcon().cacheKey() == icon.cacheKey()
