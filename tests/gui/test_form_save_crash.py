"""The window's save under the crash harness (issue 23, point 3): the registration
form saves a new registration and removes its own draft; every write of that save
fails in turn (before it runs, or after). The clerk sees the failure with the text
still on the screen; the data file holds either the draft and no registration, or
the registration and no draft, never both (a restart would offer the draft again and
save it twice); pressing Save again gives exactly one registration."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt

from app.context import AppContext
from tests.gui.helpers import answer_message_box, type_text
from tests.reliability.crash import Plan, file_steps, integrity, open_context
from ui.screens.registration_dialog import RegistrationDialog

NAME = "Tổ tự quản đường làng sạch đẹp"


@pytest.fixture
def template(ctx, db_path, tmp_path, frozen_today):
    ctx.close()
    saved = tmp_path / "template.sqlite"
    shutil.copyfile(db_path, saved)
    return saved


def _state(path) -> tuple[int, int]:
    with AppContext.open(path, create=False) as ctx:
        registrations = ctx.db.execute("SELECT count(*) FROM registrations WHERE name = ?",
                                       [NAME]).fetchone()[0]
        drafts = len(ctx.drafts.listing())
    return registrations, drafts


def _save_with(qtbot, template, work, plan: Plan) -> tuple[RegistrationDialog, list[str]]:
    shutil.copyfile(template, work)
    for suffix in ("-wal", "-shm"):
        work.with_name(work.name + suffix).unlink(missing_ok=True)
    ctx = open_context(work, plan)
    dialog = RegistrationDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.form.name, NAME)
    dialog.form.subunit.set_value(ctx.units.subunits()[0].code)
    dialog.form.field.setCurrentIndex(4)
    assert dialog.save_draft()  # what the autosave did a moment ago
    seen: list[str] = []
    if plan.at:
        answer_message_box("Đóng", seen)
    plan.armed = True
    with file_steps(plan):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    plan.armed = False
    return dialog, seen


def test_every_write_of_the_forms_save_fails_in_turn(qtbot, template, tmp_path):
    work = tmp_path / "office.sqlite"
    reference = Plan()
    dialog, _seen = _save_with(qtbot, template, work, reference)
    assert dialog.status.text().startswith("Đã lưu.")
    writes = reference.writes
    assert writes > 5 and _state(work) == (1, 0)
    dialog.close()
    dialog.ctx.close()
    outcomes = {}
    for mode in ("raise", "after"):
        for at in range(1, writes + 1):
            plan = Plan(at=at, mode=mode)
            dialog, seen = _save_with(qtbot, template, work, plan)
            assert plan.fired
            assert integrity(work) == ["ok"]
            state = _state(work)
            assert state in ((0, 1), (1, 0)), (mode, at, state)  # never both, never none
            outcomes[(mode, at)] = state
            if seen:  # a failure was shown, and what was typed is still there
                assert dialog.form.name.text() == NAME and dialog.dirty
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # again
            assert dialog.status.text().startswith("Đã lưu."), (mode, at)
            assert _state(work) == (1, 0), (mode, at)
            dialog.dirty = False
            dialog.close()
            dialog.ctx.close()
    assert (0, 1) in outcomes.values() and (1, 0) in outcomes.values()
