"""A test that drives Qt must never hang on a forgotten modal box (a message box's
exec() waits for a click nobody makes): the watchdog closes any modal dialog left open
for several seconds and fails the test that left it. tests/gui uses it for every test;
tests/conftest.py for every other test that asks for qtbot."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

STUCK_AFTER_S = 4.0
SEEN_PROPERTY = "dvkWatchdogSeen"


@contextmanager
def watching_modals() -> Iterator[None]:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    stuck: list[str] = []

    def check():
        widget = QApplication.activeModalWidget()
        if widget is None:
            return
        # The time is kept on the widget itself: a box opened after a long synchronous
        # step may reuse a closed box's address, and must not inherit its age.
        seen = widget.property(SEEN_PROPERTY)
        if seen is None:
            widget.setProperty(SEEN_PROPERTY, time.monotonic())
            return
        if time.monotonic() - seen > STUCK_AFTER_S:
            text = widget.text() if isinstance(widget, QMessageBox) else widget.windowTitle()
            stuck.append(text)
            widget.reject() if hasattr(widget, "reject") else widget.close()

    timer = QTimer()
    timer.timeout.connect(check)
    timer.start(200)
    yield
    timer.stop()
    assert not stuck, f"a modal dialog was left open: {stuck}"
