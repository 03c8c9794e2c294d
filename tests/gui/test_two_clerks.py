"""Two clerks, one registration (issue 23, points 1-3): two windows (two contexts on
one data file, each a window as `dvk gui` makes it) and two forms. A draft belongs to
its form and to the version it was typed over; a save never removes another form's
draft; restoring a draft over a newer save compares the two field by field."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel

from app.context import AppContext
from tests.gui.helpers import answer_message_box, type_text
from tests.helpers import collective
from ui.screens.registration_dialog import RegistrationDialog

OLD_NAME = "Tuyến đường hoa, đường cờ Tổ quốc"
NEW_NAME = "Tuyến đường hoa kiểu mẫu thôn Đông"
B_GOALS = "Trồng thêm 500 cây hoa giấy dọc trục chính"


@pytest.fixture
def office(ctx, frozen_today):
    """A commune with one registration; returns (path, registration id)."""
    registration_id = ctx.registrations.save(collective(ctx, OLD_NAME))
    return ctx.path, registration_id


@pytest.fixture
def clerks(office):
    """Clerk A's and clerk B's windows on the same data file."""
    path, _id = office
    a = AppContext.open(path, actor="chi.lan", create=False)
    b = AppContext.open(path, actor="anh.minh", create=False)
    for window in (a, b):
        assert window.presence.enter(window.actor)
    yield a, b
    for window in (a, b):
        window.close()


def open_form(qtbot, ctx, registration_id=None, **options) -> RegistrationDialog:
    dialog = RegistrationDialog(ctx, registration_id=registration_id, **options)
    dialog.autosave.setInterval(30)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def type_into(qtbot, widget, text, *, replace=False):
    widget.setFocus()
    if replace:
        widget.selectAll()
        qtbot.keyClick(widget, Qt.Key.Key_Delete)
    type_text(qtbot, widget, text)


def choose(qtbot, merge, side, key, *, on_text=False):
    """Click the round button of a choice, or the text beside it, as a clerk would."""
    button = merge.button(side, key)
    if on_text:
        qtbot.mouseClick(button.parent().text, Qt.MouseButton.LeftButton)
    else:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton,
                         pos=QPoint(6, button.height() // 2))


def b_types_goals(qtbot, b, rid) -> RegistrationDialog:
    """Clerk B opens the registration and types new goals; the autosave keeps them."""
    form_b = open_form(qtbot, b, rid)
    form_b.form.tabs.setCurrentIndex(1)
    type_into(qtbot, form_b.form.goals, B_GOALS)
    qtbot.waitUntil(lambda: draft_of(b, form_b) is not None, timeout=3000)
    return form_b


def draft_of(ctx, dialog):
    return ctx.drafts.get(dialog.draft_id)


def leave(dialog):
    dialog.dirty = False
    dialog.close()


def test_b_saves_after_a_and_both_changes_are_kept(qtbot, office, clerks):
    """The fault of the probe: B's save refused, B's draft loaded over A's newer save
    and saved: A's rename was gone. Now B compares and keeps both."""
    _path, rid = office
    a, b = clerks
    form_b = b_types_goals(qtbot, b, rid)
    assert draft_of(b, form_b).base_version == 1

    form_a = open_form(qtbot, a, rid)
    assert form_a.form.goals.toPlainText() == ""  # B's unsaved text is B's alone
    type_into(qtbot, form_a.form.name, NEW_NAME, replace=True)
    qtbot.mouseClick(form_a.save_button, Qt.MouseButton.LeftButton)
    assert form_a.status.text().startswith("Đã lưu.")
    assert a.registrations.get(rid).version == 2
    assert draft_of(b, form_b) is not None  # A's save did not take B's draft

    qtbot.mouseClick(form_b.save_button, Qt.MouseButton.LeftButton)
    merge = form_b.merge_dialog
    qtbot.waitUntil(lambda: merge.isVisible())
    assert "người khác sửa" in form_b.status.text()
    assert {c.key: c.default for c in merge.fields} == {"name": "theirs", "goals": "mine"}
    assert not any(c.conflict for c in merge.fields)
    assert merge.button("theirs", "name").isChecked()
    assert merge.button("mine", "goals").isChecked()
    assert merge.value_text("theirs", "name") == NEW_NAME
    assert merge.value_text("mine", "goals") == B_GOALS
    qtbot.mouseClick(merge.use_button, Qt.MouseButton.LeftButton)
    assert form_b.form.name.text() == NEW_NAME
    assert form_b.form.goals.toPlainText() == B_GOALS
    qtbot.mouseClick(form_b.save_button, Qt.MouseButton.LeftButton)
    assert form_b.status.text().startswith("Đã lưu.")
    record = b.registrations.get(rid)
    assert (record.name, record.goals, record.version) == (NEW_NAME, B_GOALS, 3)
    assert b.drafts.listing() == []
    leave(form_a)
    leave(form_b)


def test_b_reopens_as_told_and_chooses_field_by_field(qtbot, office, clerks):
    """B closes, keeps the draft, reopens later: the draft is compared with A's newer
    save; on the field both changed B picks its own text, the rest stays A's."""
    _path, rid = office
    a, b = clerks
    form_b = open_form(qtbot, b, rid)
    type_into(qtbot, form_b.form.name, "Tên do B sửa", replace=True)
    form_b.form.tabs.setCurrentIndex(1)
    type_into(qtbot, form_b.form.goals, B_GOALS)
    answer_message_box("Để sau (giữ bản nháp)")
    qtbot.mouseClick(form_b.close_button, Qt.MouseButton.LeftButton)
    assert not form_b.isVisible()
    kept = b.drafts.waiting("registration")
    assert [d.record_id for d in kept] == [rid]

    form_a = open_form(qtbot, a, rid)
    assert form_a.draft_id != kept[0].id  # a live window's draft is not taken over...
    type_into(qtbot, form_a.form.name, NEW_NAME, replace=True)
    form_a.form.tabs.setCurrentIndex(2)
    type_into(qtbot, form_a.form.resources, "Kinh phí xã hội hóa 20 triệu")
    qtbot.mouseClick(form_a.save_button, Qt.MouseButton.LeftButton)
    leave(form_a)

    again = open_form(qtbot, b, rid)  # B reopens the registration
    qtbot.waitUntil(lambda: again.merge_dialog is not None and again.merge_dialog.isVisible())
    merge = again.merge_dialog
    assert again.draft_id == kept[0].id
    assert again.form.name.text() == NEW_NAME  # the saved version until B has chosen
    by_key = {c.key: c for c in merge.fields}
    assert set(by_key) == {"name", "goals", "resources"}
    assert by_key["name"].conflict and merge.button("theirs", "name").isChecked()
    assert merge.findChild(QLabel, "field:name").text().startswith("⚠")
    assert by_key["resources"].default == "theirs" and not by_key["resources"].conflict
    choose(qtbot, merge, "mine", "name", on_text=True)
    assert merge.button("mine", "name").isChecked()
    assert not merge.button("theirs", "name").isChecked()
    choose(qtbot, merge, "theirs", "goals")  # changes the mind, and back
    assert merge.button("theirs", "goals").isChecked()
    choose(qtbot, merge, "mine", "goals")
    qtbot.mouseClick(merge.use_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)
    record = b.registrations.get(rid)
    assert record.name == "Tên do B sửa"
    assert record.goals == B_GOALS
    assert record.resources == "Kinh phí xã hội hóa 20 triệu"  # A's work stays
    assert b.drafts.listing() == []
    leave(again)


def test_a_second_window_never_takes_a_live_windows_draft(qtbot, office, clerks):
    _path, rid = office
    a, b = clerks
    form_b = b_types_goals(qtbot, b, rid)
    form_a = open_form(qtbot, a, rid)
    assert form_a.form.goals.toPlainText() == "" and not form_a.dirty
    assert a.drafts.waiting("registration") == []  # nothing offered in A's list either
    type_into(qtbot, form_a.form.name, NEW_NAME, replace=True)
    qtbot.mouseClick(form_a.save_button, Qt.MouseButton.LeftButton)
    leave(form_a)
    assert draft_of(b, form_b).content["goals"] == B_GOALS

    # B's PC loses power: its window is gone, its draft stays and is offered now.
    b.presence.abandon()
    waiting = a.drafts.waiting("registration")
    assert [d.id for d in waiting] == [form_b.draft_id]
    rescued = open_form(qtbot, a, rid)
    qtbot.waitUntil(lambda: rescued.merge_dialog is not None
                    and rescued.merge_dialog.isVisible())
    merge = rescued.merge_dialog
    assert {c.key: c.default for c in merge.fields} == {"name": "theirs", "goals": "mine"}
    qtbot.mouseClick(merge.use_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(rescued.save_button, Qt.MouseButton.LeftButton)
    record = a.registrations.get(rid)
    assert (record.name, record.goals) == (NEW_NAME, B_GOALS)
    assert a.drafts.listing() == []
    leave(rescued)
    leave(form_b)


def test_cancelling_the_comparison_keeps_the_draft_for_later(qtbot, office, clerks):
    _path, rid = office
    a, b = clerks
    form_b = open_form(qtbot, b, rid)
    type_into(qtbot, form_b.form.name, "Tên nháp của B", replace=True)
    answer_message_box("Để sau (giữ bản nháp)")
    qtbot.mouseClick(form_b.close_button, Qt.MouseButton.LeftButton)
    draft_id = b.drafts.waiting("registration")[0].id
    form_a = open_form(qtbot, a, rid)
    type_into(qtbot, form_a.form.name, NEW_NAME, replace=True)
    qtbot.mouseClick(form_a.save_button, Qt.MouseButton.LeftButton)
    leave(form_a)
    again = open_form(qtbot, b, rid)
    qtbot.waitUntil(lambda: again.merge_dialog is not None and again.merge_dialog.isVisible())
    qtbot.mouseClick(again.merge_dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert again.form.name.text() == NEW_NAME and again.draft_id != draft_id
    type_into(qtbot, again.form.contact_phone, "0912 345 678")
    qtbot.waitUntil(lambda: draft_of(b, again) is not None, timeout=3000)
    kept = b.drafts.get(draft_id)
    assert kept.content["name"] == "Tên nháp của B"  # untouched
    leave(again)
    assert draft_id in [d.id for d in b.drafts.waiting("registration")]


def test_saving_a_new_registration_takes_only_its_own_draft(qtbot, ctx, frozen_today):
    first = open_form(qtbot, ctx)
    second = open_form(qtbot, ctx)
    for form, name in ((first, "Mô hình thứ nhất"), (second, "Mô hình thứ hai")):
        type_into(qtbot, form.form.name, name)
    qtbot.waitUntil(lambda: len(ctx.drafts.listing()) == 2, timeout=3000)
    first.form.subunit.set_value(ctx.units.subunits()[0].code)
    first.form.field.setCurrentIndex(1)
    qtbot.mouseClick(first.save_button, Qt.MouseButton.LeftButton)
    assert first.status.text().startswith("Đã lưu.")
    assert [d.title for d in ctx.drafts.listing()] == ["Mô hình thứ hai"]
    leave(first)
    leave(second)
    QApplication.processEvents()


def test_the_demo_shows_a_draft_typed_before_a_newer_save(qtbot, demo_network):
    from app.demo.network import load_network

    offices = load_network(demo_network)["offices"]
    last = [o for o in offices if o["level"] == "xa"][-1]
    with AppContext.open(demo_network / last["db"], create=False) as ctx:
        waiting = [d for d in ctx.drafts.waiting("registration") if d.record_id]
        assert len(waiting) == 1
        record = ctx.registrations.get(waiting[0].record_id)
        assert waiting[0].base_version < record.version
        form = open_form(qtbot, ctx, draft_id=waiting[0].id)
        qtbot.waitUntil(lambda: form.merge_dialog is not None
                        and form.merge_dialog.isVisible())
        keys = {c.key: c.default for c in form.merge_dialog.fields}
        assert keys == {"goals": "mine", "resources": "theirs"}
        form.merge_dialog.reject()
        leave(form)
