"""The score sheet window, driven from the keyboard like a clerk does."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.domain import scoring as S
from app.domain.sheets import SELF
from tests.scoring.gui import keys, press, show_active
from tests.scoring.helpers import GOOD_SELF, approved_sheet, new_sheet, type_member, type_self
from ui.screens.scoring_screen import ScoringScreen

pytestmark = pytest.mark.gui


def _open(ctx, qtbot, sheet_id) -> ScoringScreen:
    screen = show_active(qtbot, ScoringScreen(ctx, sheet_id))
    screen.table.setFocus()
    return screen


def _self_column(screen) -> int:
    return screen._columns.index(SELF)


def test_typing_scores_updates_totals_live_and_saves(ctx, qtbot):
    sheet_id = new_sheet(ctx)
    screen = _open(ctx, qtbot, sheet_id)
    column = _self_column(screen)
    assert (screen.table.currentRow(), screen.table.currentColumn()) == (0, column)
    for value in ["15", "14,5", "13", "18", "19"]:
        keys(qtbot, value)
        press(qtbot, Qt.Key.Key_Return)
    keys(qtbot, "12,5")  # still typing: the total follows before the cell is left
    assert "92" in screen.totals.text() and "Tiêu biểu" in screen.totals.text()
    total_row = len(screen.sheet.rubric.criteria)
    assert screen.table.item(total_row, column).text() == "92"
    press(qtbot, Qt.Key.Key_Tab)  # leaves the cell to the next one that can be typed in
    assert screen.table.currentColumn() != column
    assert screen.dirty and screen.buttons["save"].isEnabled()
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert screen.status.text() == "Đã lưu." or not screen.dirty
    stored = [r[0] for r in ctx.db.execute(
        "SELECT l.self_tenths FROM sheet_lines l JOIN rubric_items i ON i.id = l.item_id"
        " WHERE l.sheet_id = ? AND i.kind = 'tieu_chi' ORDER BY i.position", [sheet_id])]
    assert stored == [150, 145, 130, 180, 190, 125]
    assert not screen.dirty


def _cell(screen, row: int, key: str):
    return screen.table.item(row, screen._columns.index(key))


def test_tab_walks_the_cells_that_can_be_typed_in(ctx, qtbot):
    sheet_id = new_sheet(ctx)
    ctx.scoring.add_member(sheet_id, "Nguyễn Văn An")
    ctx.scoring.add_member(sheet_id, "Trần Thị Bình")
    screen = _open(ctx, qtbot, sheet_id)
    keys = screen._columns
    visited = [keys[screen.table.currentColumn()]]
    for _step in range(5):
        press(qtbot, Qt.Key.Key_Tab)
        visited.append(keys[screen.table.currentColumn()])
    members = [k for k in keys if k.startswith("member:")]
    assert visited == [SELF, *members, "remarks", "evidence", SELF]
    assert screen.table.currentRow() == 1
    press(qtbot, Qt.Key.Key_Backtab)
    assert keys[screen.table.currentColumn()] == "evidence" and screen.table.currentRow() == 0
    press(qtbot, Qt.Key.Key_Down)
    assert screen.table.currentRow() == 1


def test_members_scores_give_the_council_mean_live(ctx, qtbot):
    sheet_id = new_sheet(ctx)
    type_self(ctx, sheet_id, GOOD_SELF)
    ctx.scoring.submit(sheet_id)
    ctx.scoring.add_member(sheet_id, "Nguyễn Văn An")
    ctx.scoring.add_member(sheet_id, "Trần Thị Bình")
    screen = _open(ctx, qtbot, sheet_id)
    members = [k for k in screen._columns if k.startswith("member:")]
    assert screen.table.currentColumn() == screen._columns.index(members[0])  # self is shut
    keys(qtbot, "8")
    press(qtbot, Qt.Key.Key_Tab)
    keys(qtbot, "8,5")
    assert _cell(screen, 0, "council").text() == "8,3"  # 8.25 rounds half up, while typing
    press(qtbot, Qt.Key.Key_Return)
    screen.save()
    sheet = ctx.scoring.sheet(sheet_id)
    first = sheet.rubric.criteria[0].id
    assert [m.scores.get(first) for m in sheet.members] == [80, 85]
    assert sheet.result().council_scores[first] == 83
    assert "8,3" in screen.totals.text()


def test_bad_input_is_explained_beside_the_table_and_nothing_is_lost(ctx, qtbot):
    sheet_id = new_sheet(ctx)
    type_self(ctx, sheet_id, GOOD_SELF)
    screen = _open(ctx, qtbot, sheet_id)
    keys(qtbot, "16")
    assert "tối đa của tiêu chí này là 15" in screen.error.text()
    assert screen.error.isVisible()
    press(qtbot, Qt.Key.Key_Return)
    keys(qtbot, "abc")
    press(qtbot, Qt.Key.Key_Return)
    assert not screen.save()
    assert _cell(screen, 0, SELF).text() == "16" and _cell(screen, 1, SELF).text() == "abc"
    assert "Chưa lưu" in screen.status.text() or "Not saved" in screen.status.text()
    assert "không phải là điểm" in screen.error.text()
    line = ctx.scoring.sheet(sheet_id).rubric.criteria[0].id
    assert ctx.scoring.sheet(sheet_id).line(line).self_tenths == 150  # the saved score stays
    screen.table.setCurrentCell(0, screen._columns.index(SELF))
    keys(qtbot, "9,5")
    press(qtbot, Qt.Key.Key_Return)
    keys(qtbot, "")
    press(qtbot, Qt.Key.Key_Delete)  # clear the bad cell: blank means not scored yet
    assert screen.save()
    sheet = ctx.scoring.sheet(sheet_id)
    assert sheet.line(line).self_tenths == 95
    assert sheet.line(sheet.rubric.criteria[1].id).self_tenths is None
    assert not screen.error.isVisible()


def test_a_locked_sheet_refuses_typing_with_a_message(ctx, qtbot):
    sheet_id = approved_sheet(ctx)
    ctx.scoring.lock(sheet_id)
    screen = _open(ctx, qtbot, sheet_id)
    screen.table.setCurrentCell(0, screen._columns.index(SELF))
    keys(qtbot, "5")
    assert _cell(screen, 0, SELF).text() == "15"
    assert "Phiếu đã khóa" in screen.error.text() and screen.error.isVisible()
    member = next(k for k in screen._columns if k.startswith("member:"))
    screen.table.setCurrentCell(2, screen._columns.index(member))
    keys(qtbot, "1")
    assert "Phiếu đã khóa" in screen.error.text()
    assert not screen.buttons["save"].isEnabled()
    assert not any(combo.isEnabled() for combo in screen._verdicts.values())
    assert "khóa" in screen.banner.text()
    assert ctx.scoring.sheet(sheet_id).result().total == 920


def test_the_buttons_move_the_sheet_through_its_states(ctx, qtbot, monkeypatch):
    import ui.screens.scoring_screen as module

    monkeypatch.setattr(module, "confirm", lambda *args: True)
    sheet_id = new_sheet(ctx)
    screen = _open(ctx, qtbot, sheet_id)
    qtbot.mouseClick(screen.buttons["submit"], Qt.MouseButton.LeftButton)
    assert ctx.scoring.sheet(sheet_id).state == S.DRAFT
    assert "chưa có điểm tự chấm" in screen.error.text()
    qtbot.mouseClick(screen.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=screen.table.visualItemRect(_cell(screen, 0, SELF)).center())
    for value in GOOD_SELF:
        keys(qtbot, value)
        press(qtbot, Qt.Key.Key_Return)
    qtbot.mouseClick(screen.buttons["submit"], Qt.MouseButton.LeftButton)  # saves first
    assert ctx.scoring.sheet(sheet_id).state == S.SUBMITTED
    assert not _cell(screen, 0, SELF).flags() & Qt.ItemFlag.ItemIsEditable
    monkeypatch.setattr(screen, "_reason", lambda *args: "Thiếu minh chứng")
    qtbot.mouseClick(screen.buttons["send_back"], Qt.MouseButton.LeftButton)
    assert ctx.scoring.sheet(sheet_id).state == S.RETURNED
    assert "Thiếu minh chứng" in screen.banner.text()
    qtbot.mouseClick(screen.buttons["submit"], Qt.MouseButton.LeftButton)
    type_member(ctx, sheet_id, "Nguyễn Văn An", GOOD_SELF)
    screen.load(sheet_id)
    for combo in screen._verdicts.values():
        combo.setFocus()
        press(qtbot, Qt.Key.Key_Down)  # (not decided) -> Passed
    assert all(combo.currentData() is True for combo in screen._verdicts.values())
    qtbot.mouseClick(screen.buttons["approve"], Qt.MouseButton.LeftButton)
    assert ctx.scoring.sheet(sheet_id).state == S.APPROVED
    qtbot.mouseClick(screen.buttons["lock"], Qt.MouseButton.LeftButton)
    assert ctx.scoring.sheet(sheet_id).state == S.LOCKED
    monkeypatch.setattr(screen, "_reason", lambda *args: "Nhập nhầm tiêu chí 1")
    qtbot.mouseClick(screen.buttons["correct"], Qt.MouseButton.LeftButton)
    assert screen.sheet.edition == 2 and screen.sheet.state == S.DRAFT
    assert screen.editions.isVisible() and screen.editions.count() == 2
    screen.editions.setCurrentIndex(0)
    screen._choose_edition(0)
    assert screen.sheet.id == sheet_id and "Phiên bản cũ" in screen.banner.text()


def test_double_entry_opens_the_second_keying_and_shows_differences(ctx, qtbot, monkeypatch):
    from ui.screens.sheet_dialog import SheetDialog

    sheet_id = new_sheet(ctx)
    type_self(ctx, sheet_id, GOOD_SELF)
    ctx.scoring.submit(sheet_id)
    type_member(ctx, sheet_id, "Nguyễn Văn An", GOOD_SELF)
    dialog = SheetDialog(ctx, sheet_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.screen.buttons["rekey"], Qt.MouseButton.LeftButton)
    assert len(dialog.others) == 1
    second = dialog.others[0]
    qtbot.addWidget(second)
    assert second.screen.sheet.check_of == sheet_id and "Nhập lần 2" in second.windowTitle()
    second.activateWindow()
    qtbot.waitUntil(lambda: second.isActiveWindow())
    second.screen.table.setFocus()
    for value in ["15", "14,5", "13", "18", "19", "12,5"]:
        keys(qtbot, value)
        press(qtbot, Qt.Key.Key_Return)
    member = next(k for k in second.screen._columns if k.startswith("member:"))
    second.screen.table.setCurrentCell(4, second.screen._columns.index(member))
    keys(qtbot, "9")
    press(qtbot, Qt.Key.Key_Return)
    assert second.screen.save()
    shown = []
    import ui.screens.differences_dialog as differences

    monkeypatch.setattr(differences.DifferencesDialog, "exec",
                        lambda self: shown.append(self.table.rowCount()))
    dialog.screen.compare()
    differences_found = ctx.scoring.differences(sheet_id)
    assert shown == [len(differences_found)]
    assert any(d.item_code == "5" and d.second == "9" for d in differences_found)


def test_ctrl_s_while_typing_keeps_the_open_cell(ctx, qtbot):
    sheet_id = new_sheet(ctx)
    screen = _open(ctx, qtbot, sheet_id)
    keys(qtbot, "8,5")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    first = ctx.scoring.sheet(sheet_id).rubric.criteria[0].id
    assert ctx.scoring.sheet(sheet_id).line(first).self_tenths == 85
    assert screen.status.text() == "Đã lưu." or not screen.dirty


def test_a_sheet_says_when_its_rubric_has_a_newer_edition(ctx, qtbot):
    sheet_id = new_sheet(ctx)
    type_self(ctx, sheet_id, GOOD_SELF)
    rubric = ctx.scoring.sheet(sheet_id).rubric
    changed = rubric.to_input()
    changed.criteria[0].max_tenths = 100  # below the 15 already given
    changed.criteria[3].max_tenths = 250
    ctx.rubrics.save(rubric.id, changed)
    screen = _open(ctx, qtbot, sheet_id)
    assert "phiên bản mới" in screen.banner.text()
    assert _cell(screen, 0, SELF).text() == "15"  # scored on edition 1: nothing lost
    assert screen.table.item(0, 1).text() == "15"
    assert "92" in screen.totals.text()
