"""Choosing where a key card is written or which one is read (one place, so the
exchange screen and the connection guide ask the same way)."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QWidget

from app.i18n import _


def choose_card_to_open(parent: QWidget) -> str:
    path, _filter = QFileDialog.getOpenFileName(
        parent, _("Choose a key card"), "", _("Key cards") + " (*.dvkkey *.json)")
    return path


def choose_card_to_save(parent: QWidget, suggested: str) -> str:
    path, _filter = QFileDialog.getSaveFileName(
        parent, _("Where to write the key card"), suggested, _("Key cards") + " (*.dvkkey)")
    return path
