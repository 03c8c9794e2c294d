"""The scoring list, the council view and the rubric editor, in the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.domain import scoring as S
from tests.helpers import collective
from tests.scoring.gui import focus, keys, press, show_active, type_unicode
from tests.scoring.helpers import GOOD_SELF, approved_sheet, new_sheet, type_self
from ui.screens.council_screen import COLUMNS as COUNCIL_COLUMNS
from ui.screens.council_screen import CouncilScreen
from ui.screens.rubrics_screen import RubricsScreen
from ui.screens.score_sheets_screen import ScoreSheetsScreen

pytestmark = pytest.mark.gui


def _show(qtbot, widget):
    return show_active(qtbot, widget)


def _text(model, row: int, column: int) -> str:
    return model.index(row, column).data()


def test_council_view_ranks_models_side_by_side(ctx, qtbot):
    approved_sheet(ctx, "Mô hình A", council=[["15", "15", "15", "20", "20", "15"]])
    approved_sheet(ctx, "Mô hình B", council=[["10"] * 6])
    approved_sheet(ctx, "Mô hình C", council=[GOOD_SELF])
    tie = approved_sheet(ctx, "Mô hình D", council=[GOOD_SELF])
    sheet = new_sheet(ctx, "Mô hình E")
    type_self(ctx, sheet, ["15", "15", "15", "20", "20", "15"])
    ctx.scoring.save(sheet, [
        __import__("app.services.scoring", fromlist=["CellChange"]).CellChange(
            ctx.scoring.sheet(sheet).rubric.prerequisites[2].id, "passed", "không đạt")])
    opened = []
    screen = _show(qtbot, CouncilScreen(ctx, open_sheet=opened.append))
    model = screen.model
    rank, name, rating = (COUNCIL_COLUMNS.index(k) for k in ("rank", "model", "rating"))
    rows = [(_text(model, r, rank), _text(model, r, name), _text(model, r, rating))
            for r in range(model.rowCount())]
    assert rows == [("1", "Mô hình A", "Tiêu biểu"), ("2", "Mô hình C", "Tiêu biểu"),
                    ("2", "Mô hình D", "Tiêu biểu"), ("4", "Mô hình B", "Chưa đạt"),
                    ("-", "Mô hình E", "Không đủ điều kiện")]
    assert "Tiêu biểu: 3" in screen.summary.text()
    assert "Không đủ điều kiện: 1" in screen.summary.text()
    screen.field.setCurrentIndex(screen.field.findData(2))
    assert screen.model.rowCount() == 5
    assert screen.table.isColumnHidden(COUNCIL_COLUMNS.index("field"))
    screen.field.setCurrentIndex(screen.field.findData(1))
    assert screen.model.rowCount() == 0
    screen.field.setCurrentIndex(0)
    screen.table.doubleClicked.emit(model.index(2, name))
    assert opened == [tie]


def test_the_scoring_list_makes_and_opens_sheets(ctx, qtbot):
    registration = ctx.registrations.save(collective(ctx, "Thu gom rác thải nhựa"))
    screen = _show(qtbot, ScoreSheetsScreen(ctx))
    assert screen.model.rowCount() == 0
    dialog = screen.create_for(registration)
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and dialog.screen.sheet.registration_id == registration
    assert screen.model.rowCount() == 1 and "1 phiếu chấm" in screen.count.text()
    again = screen.create_for(registration)  # the same sheet, not a second one
    qtbot.addWidget(again)
    assert again.screen.sheet.id == dialog.screen.sheet.id
    assert ctx.db.execute("SELECT count(*) FROM score_sheets").fetchone()[0] == 1
    screen.state.setCurrentIndex(screen.state.findData(S.LOCKED))
    assert screen.model.rowCount() == 0
    screen.state.setCurrentIndex(0)
    screen.table.selectRow(0)
    opened = screen.open_selected()
    qtbot.addWidget(opened)
    assert opened.screen.sheet.state == S.DRAFT


def test_closing_a_sheet_with_unsaved_typing_asks(ctx, qtbot, monkeypatch):
    import ui.screens.sheet_dialog as module
    from ui.screens.sheet_dialog import SheetDialog

    sheet_id = new_sheet(ctx)
    dialog = SheetDialog(ctx, sheet_id)
    _show(qtbot, dialog)
    dialog.screen.table.setFocus()
    keys(qtbot, "12")
    press(qtbot, Qt.Key.Key_Return)
    answers = iter(["cancel", "save"])
    monkeypatch.setattr(module, "ask", lambda *args, **kwargs: next(answers))
    dialog.close()
    assert dialog.isVisible()  # cancelled: the typing is still there
    dialog.close()
    assert not dialog.isVisible()
    line = ctx.scoring.sheet(sheet_id).rubric.criteria[0].id
    assert ctx.scoring.sheet(sheet_id).line(line).self_tenths == 120


def _edit_cell(qtbot, table, row: int, column: int, text: str) -> None:
    table.setFocus()
    table.setCurrentCell(row, column)
    press(qtbot, Qt.Key.Key_F2)
    focus().selectAll()
    keys(qtbot, text)
    press(qtbot, Qt.Key.Key_Return)


def test_editing_a_used_rubric_makes_a_new_edition(ctx, qtbot):
    sheet_id = new_sheet(ctx)
    type_self(ctx, sheet_id, GOOD_SELF)
    screen = _show(qtbot, RubricsScreen(ctx))
    assert screen.rubric.family == "tap-the-2021"
    assert "đã khóa" in screen.banner.text() and screen.banner.isVisible()
    _edit_cell(qtbot, screen.criteria, 3, 2, "25")
    _edit_cell(qtbot, screen.criteria, 5, 2, "10")
    assert "100" in screen.total.text()
    screen.top.setFocus()
    screen.top.selectAll()
    qtbot.keyClicks(screen.top, "85,5")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert "phiên bản mới (2)" in screen.status.text()
    new = screen.rubric
    assert new.edition == 2 and new.thresholds.top == 855
    assert [c.max_tenths for c in new.criteria] == [150, 150, 150, 250, 200, 100]
    old = ctx.rubrics.resolve("tap-the-2021", edition=1)
    assert [c.max_tenths for c in old.criteria] == [150, 150, 150, 200, 200, 150]
    assert ctx.scoring.sheet(sheet_id).rubric.id == old.id
    assert ctx.scoring.sheet(sheet_id).result().total_self == 920


def test_rubric_editor_explains_bad_values_and_keeps_them(ctx, qtbot):
    screen = _show(qtbot, RubricsScreen(ctx))
    before = screen.rubric
    _edit_cell(qtbot, screen.criteria, 0, 2, "abc")
    screen.name.setFocus()
    screen.name.selectAll()
    qtbot.keyClick(screen.name, Qt.Key.Key_Delete)
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert "không phải là điểm" in screen.errors["criteria"].text()
    assert screen.criteria.item(0, 2).text() == "abc"
    assert ctx.rubrics.get(before.id) == before
    _edit_cell(qtbot, screen.criteria, 0, 2, "15")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert screen.errors["name"].text() == "Hãy nhập tên bộ tiêu chí."
    type_unicode(screen.name, "Bộ tiêu chí của xã")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert ctx.rubrics.get(before.id).name == "Bộ tiêu chí của xã"  # unused: edited in place


def test_copy_and_assign_a_rubric(ctx, qtbot, monkeypatch):
    from ui.screens import rubrics_screen as module

    screen = _show(qtbot, RubricsScreen(ctx))
    qtbot.mouseClick(screen.copy_button, Qt.MouseButton.LeftButton)
    copy = screen.rubric
    assert copy.family == "tap-the-2021-ban-sao" and screen.name.hasFocus()

    def accept(dialog):
        dialog.year.setValue(2027)
        dialog.level.setCurrentIndex(dialog.level.findData("xa"))
        return True

    monkeypatch.setattr(module.AssignDialog, "exec", accept)
    qtbot.mouseClick(screen.assign_button, Qt.MouseButton.LeftButton)
    assert ctx.rubrics.applicable(2027, "xa", "tap_the").id == copy.id
    assert screen.assignments.rowCount() == 1
    assert screen.assignments.item(0, 0).text() == "2027"


def test_the_main_window_has_the_scoring_screens(ctx, qtbot):
    from ui.main_window import MainWindow

    approved_sheet(ctx)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert {"Chấm điểm", "Hội đồng xét", "Bộ tiêu chí"} <= set(titles)
    assert window.scoring.model.rowCount() == 1
    assert window.council.model.rowCount() == 1
    sheet = new_sheet(ctx, "Mô hình mới")  # a service event refreshes the lists
    assert window.scoring.model.rowCount() == 2
    assert sheet
