"""The watchdog that keeps a forgotten modal box from hanging the run (a refusal shown
where a test expected none once blocked the whole suite in tests/privacy, outside
tests/gui, where no watchdog ran)."""

from __future__ import annotations

import time

import pytest

from tests.qt_watchdog import STUCK_AFTER_S, watching_modals


def test_a_forgotten_box_is_closed_and_fails_the_test(qapp):
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, "DVK", "Hộp thông báo bị bỏ quên")
    started = time.monotonic()
    with pytest.raises(AssertionError, match="Hộp thông báo bị bỏ quên"):
        with watching_modals():
            box.exec()  # returns only because the watchdog closes it
    assert STUCK_AFTER_S <= time.monotonic() - started < STUCK_AFTER_S + 5


def test_every_test_that_drives_widgets_is_watched(request, qtbot):
    assert "_modal_watchdog_wherever_qt_is_driven" in request.fixturenames
