"""`ui/actions.py::run_action`, the one way the window runs a clerk's action: the
result handed on, a refusal shown in the program's error box (the same Vietnamese text
and "Close" button as `show_error`), an unexpected error logged and shown as before."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from app import errorlog
from app.core.progress import Progress
from app.errors import DvkError, ValidationError
from app.i18n import _
from tests.gui.helpers import answer_message_box
from ui.actions import NOT_DONE, fields_inline, inline, run_action
from ui.jobs import JobRunner

REFUSAL = "Không lưu được: đơn vị này đã bị xóa."


@pytest.fixture
def widget(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_a_done_action_hands_its_result_on(widget):
    got = []
    assert run_action(widget, lambda: 42, got.append) == 42
    assert got == [42]


def test_a_refusal_is_shown_in_the_error_box_and_nothing_is_done(widget):
    got, errors, seen = [], [], []
    answer_message_box(_("Close"), seen)

    def refuse():
        raise DvkError(REFUSAL)

    assert run_action(widget, refuse, got.append, on_error=errors.append) is NOT_DONE
    assert seen == [REFUSAL]
    assert got == [] and [e.message for e in errors] == [REFUSAL]


def test_the_refusal_box_is_show_errors_box(widget, monkeypatch):
    """The same box as before: the window's warning box with its title."""
    boxes = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append(
        (box.icon(), box.windowTitle(), box.text(), [b.text() for b in box.buttons()])))

    def refuse():
        raise DvkError(REFUSAL)

    run_action(widget, refuse)
    run_action(widget, refuse, title="Tiêu đề")
    assert boxes == [
        (QMessageBox.Icon.Warning, _("Cannot do that"), REFUSAL, [_("Close")]),
        (QMessageBox.Icon.Warning, "Tiêu đề", REFUSAL, [_("Close")]),
    ]


def test_an_unexpected_error_goes_on_to_the_windows_hook(widget):
    """On the window's thread a bug is not swallowed: it reaches the hook that logs it
    and tells the clerk (ui/launch.py), as every `except DvkError` block let it."""
    def broken():
        raise KeyError("bug")

    with pytest.raises(KeyError):
        run_action(widget, broken, lambda _result: None)


def test_an_action_in_a_job_runs_off_the_window_thread(widget, qtbot):
    import threading

    jobs = JobRunner(widget)
    got = []

    def work(progress: Progress):
        progress.report(1, 2, "nửa")
        return threading.current_thread() is threading.main_thread()

    run_action(widget, work, got.append, jobs=jobs, progress="Đang làm")
    qtbot.waitUntil(lambda: bool(got), timeout=10_000)
    assert got == [False]


def test_a_refusal_in_a_job_is_shown(widget, qtbot):
    jobs = JobRunner(widget)
    seen, errors = [], []
    answer_message_box(_("Close"), seen)

    def refuse(_progress):
        raise DvkError(REFUSAL)

    run_action(widget, refuse, lambda _r: None, jobs=jobs, progress="Đang làm",
               on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert seen == [REFUSAL]


def test_an_unexpected_error_in_a_job_is_logged_and_shown(widget, qtbot, monkeypatch):
    jobs = JobRunner(widget)
    logged, seen, errors = [], [], []
    monkeypatch.setattr(errorlog, "record", lambda error=None, trace=None: logged.append(
        error) or "")
    answer_message_box(_("Close"), seen)

    def broken(_progress):
        raise KeyError("bug")

    run_action(widget, broken, lambda _r: None, jobs=jobs, progress="Đang làm",
               on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert [type(e) for e in logged] == [KeyError]
    assert seen == [_("The job stopped with an unexpected error: {detail}").format(
        detail=KeyError("bug"))]


def test_an_inline_refusal_goes_under_the_fields_and_no_box_opens(widget, monkeypatch):
    """The sign-in and the accounts say a refusal under their fields: the same call,
    no box."""
    boxes, shown = [], []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append(box.text()))

    def refuse():
        raise DvkError(REFUSAL)

    assert run_action(widget, refuse, handled=inline(shown.append)) is NOT_DONE
    assert shown == [REFUSAL] and boxes == []


def test_fields_inline_marks_the_fields_and_boxes_any_other_refusal(widget, monkeypatch):
    boxes, marked = [], []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append(box.text()))

    def invalid():
        raise ValidationError({"name": "Tên không được để trống."})

    def refuse():
        raise DvkError(REFUSAL)

    assert run_action(widget, invalid, handled=fields_inline(marked.append)) is NOT_DONE
    assert marked == [{"name": "Tên không được để trống."}] and boxes == []
    assert run_action(widget, refuse, handled=fields_inline(marked.append)) is NOT_DONE
    assert boxes == [REFUSAL] and len(marked) == 1
