"""GUI tests must never hang on a forgotten modal box: a watchdog closes any modal
dialog left open for several seconds and fails the test that left it."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

STUCK_AFTER_S = 4.0
SEEN_PROPERTY = "dvkWatchdogSeen"


@pytest.fixture(scope="session", autouse=True)
def qt_translations(qapp):
    """What `dvk gui` does at start: Qt's own texts through our catalogs."""
    from ui import qt_i18n

    qt_i18n.install(qapp)


@pytest.fixture(autouse=True)
def modal_watchdog(qapp):
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
