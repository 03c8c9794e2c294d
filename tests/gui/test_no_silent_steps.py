"""Issue 18, point 7: an irreversible step asks first ("Nộp" locks the self scores), a
cancelled export says so instead of leaving the previous export's message, and no
rating is shown while a cell cannot be read."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.domain import scoring as S
from app.domain.sheets import SELF
from tests.gui.helpers import answer_message_box
from tests.scoring.gui import keys, press, show_active
from tests.scoring.helpers import GOOD_SELF, new_sheet
from ui.screens.scoring_screen import ScoringScreen

pytestmark = pytest.mark.gui


def _typed_sheet(ctx, qtbot):
    sheet_id = new_sheet(ctx)
    screen = show_active(qtbot, ScoringScreen(ctx, sheet_id))
    column = screen._columns.index(SELF)
    screen.table.setFocus()
    screen.table.setCurrentCell(0, column)
    for value in GOOD_SELF:
        keys(qtbot, value)
        press(qtbot, Qt.Key.Key_Return)
    return sheet_id, screen


def test_submit_asks_first_and_cancel_changes_nothing(ctx, qtbot):
    sheet_id, screen = _typed_sheet(ctx, qtbot)
    seen: list[str] = []
    answer_message_box("Hủy", seen)
    qtbot.mouseClick(screen.buttons["submit"], Qt.MouseButton.LeftButton)
    assert seen and "không sửa được" in seen[0]
    assert ctx.scoring.sheet(sheet_id).state == S.DRAFT
    assert screen.table.item(0, screen._columns.index(SELF)).flags() & Qt.ItemFlag.ItemIsEditable
    answer_message_box("Nộp")
    qtbot.mouseClick(screen.buttons["submit"], Qt.MouseButton.LeftButton)
    assert ctx.scoring.sheet(sheet_id).state == S.SUBMITTED


def test_no_rating_while_a_cell_cannot_be_read(ctx, qtbot):
    _sheet_id, screen = _typed_sheet(ctx, qtbot)
    assert "Xếp loại:" in screen.totals.text()
    screen.table.setCurrentCell(0, screen._columns.index(SELF))
    keys(qtbot, "99")  # over the criterion's maximum
    press(qtbot, Qt.Key.Key_Return)
    assert screen.error.isVisible()
    assert "Xếp loại: chưa có cho đến khi sửa các ô bị đánh dấu" in screen.totals.text()
    for rating in (S.TOP, S.PASS, S.FAIL):
        assert S.rating_label(rating) not in screen.totals.text()
