"""Keyboard helpers for GUI tests: keys go where the focus is, as for a real clerk."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget


def show_active(qtbot, widget: QWidget, size: tuple[int, int] = (1200, 760)) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window())
    return widget


def focus() -> QWidget:
    """Where the keyboard goes now (an open cell editor, the table...)."""
    QApplication.processEvents()
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def keys(qtbot, text: str) -> None:
    for char in text:
        qtbot.keyClick(focus(), char)
    QApplication.processEvents()


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focus(), key, modifier)
    QApplication.processEvents()


def type_unicode(widget: QWidget, text: str) -> None:
    """Vietnamese text as a Unikey-style keyboard delivers it: one key event per
    character carrying the composed letter (QTest only knows Latin-1 keys)."""
    from PySide6.QtGui import QKeyEvent

    for char in text:
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier,
                                                     char))
    QApplication.processEvents()
