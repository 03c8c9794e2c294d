"""`dvk gui` opens the window (on demo data with --demo) and returns when it closes."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.cli import main
from ui.main_window import MainWindow


def _close_main_window_soon(seen: list[str]) -> None:
    def close():
        windows = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, MainWindow) and w.isVisible()]
        if not windows:
            QTimer.singleShot(50, close)
            return
        seen.append(windows[0].windowTitle())
        windows[0].close()

    QTimer.singleShot(50, close)


def test_gui_demo_opens_a_ready_made_commune(qapp, tmp_path, monkeypatch):
    monkeypatch.setenv("DVK_DATA_DIR", str(tmp_path / "data"))
    seen: list[str] = []
    _close_main_window_soon(seen)
    assert main(["gui", "--demo"]) == 0
    assert seen and seen[0].startswith("DVK - Dân vận khéo - ")
    assert (tmp_path / "data" / "demo" / "network.json").exists()


def test_gui_opens_an_office_file(qapp, ctx, db_path):
    ctx.close()
    seen: list[str] = []
    _close_main_window_soon(seen)
    assert main(["--db", str(db_path), "gui"]) == 0
    assert seen == ["DVK - Dân vận khéo - Phường Yên Thắng"]
