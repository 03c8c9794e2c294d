"""Issue 24 in the window, driven like a clerk: the rule of the council's total chosen
in the rubric editor and shown (and used) on the score sheet, the statistics by level
with the note under them, the review's "any level" column, the province's home
screen and its proposals screen, and the council view of a commune."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.context import AppContext
from app.domain import scoring as S
from tests.figures.conftest import copy_network
from tests.figures.oracle import Office
from tests.gui.helpers import answer_message_box
from tests.scoring.gui import keys, press, show_active
from tests.scoring.helpers import GOOD_SELF, new_sheet, type_self
from ui.screens.council_screen import COLUMNS as COUNCIL_COLUMNS
from ui.screens.council_screen import CouncilScreen
from ui.screens.home_screen import HomeScreen
from ui.screens.proposals_screen import ProposalsScreen
from ui.screens.review_screen import ReviewScreen
from ui.screens.rubrics_screen import RubricsScreen
from ui.screens.scoring_screen import ScoringScreen

pytestmark = pytest.mark.gui


@pytest.fixture
def hai(figure_networks, tmp_path):
    return copy_network(figure_networks["hai_cap"], tmp_path / "hai")


def _open(network, level: str) -> AppContext:
    folder, data = network
    return AppContext.open(folder / next(o["db"] for o in data["offices"]
                                         if o["level"] == level), actor="clerk")


def test_the_rule_is_chosen_in_the_rubric_editor_and_used_on_the_sheet(ctx, qtbot):
    screen = show_active(qtbot, RubricsScreen(ctx))
    qtbot.mouseClick(screen.copy_button, Qt.MouseButton.LeftButton)
    copy = screen.rubric
    assert screen.council_total.currentData() == S.SUM_OF_MEANS
    screen.council_total.setFocus()
    qtbot.keyClick(screen.council_total, Qt.Key.Key_Down)
    assert screen.council_total.currentData() == S.MEAN_OF_TOTALS
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert ctx.rubrics.get(copy.id).council_total == S.MEAN_OF_TOTALS
    year = ctx.registrations.blank(None).year
    ctx.rubrics.assign(year, "coso", "tap_the", copy.id)

    sheet_id = new_sheet(ctx, "Mô hình chấm trung bình tổng")
    type_self(ctx, sheet_id, GOOD_SELF)
    ctx.scoring.submit(sheet_id)
    for name in ("An", "Bình", "Chi"):
        ctx.scoring.add_member(sheet_id, name)
    sheet = show_active(qtbot, ScoringScreen(ctx, sheet_id))
    assert "trung bình cộng tổng điểm của các thành viên" in sheet.council_rule.text()
    # Criteria 1 and 2 by three members: 15, 14, 14 each -> means 14,3 and 14,3, whose
    # sum is 28,6; the mean of the members' totals (30, 28, 28) is 28,7.
    members = [k for k in sheet._columns if k.startswith("member:")]
    for column, value in zip(members, ("15", "14", "14"), strict=True):
        sheet.table.setFocus()
        sheet.table.setCurrentCell(0, sheet._columns.index(column))
        for _criterion in range(2):
            keys(qtbot, value)
            press(qtbot, Qt.Key.Key_Return)
    assert "28,7" in sheet.totals.text()
    sheet.save()
    assert ctx.scoring.sheet(sheet_id).result().total_council == 287


def test_statistics_by_level_say_how_to_read_the_last_row(hai, qtbot):
    from ui.jobs import JobRunner
    from ui.screens.stats_screen import StatsScreen

    with _open(hai, "xa") as ctx:
        screen = show_active(qtbot, StatsScreen(ctx, JobRunner()))
        screen.by.setCurrentIndex(screen.by.findData("level"))
        table = screen.table
        assert [table.item(r, 0).text() for r in range(table.rowCount())] == [
            "Xã", "Tỉnh", "Số mô hình (mỗi mô hình tính một lần)"]
        assert screen.note.isVisible() and "chỉ tính một lần" in screen.note.text()
        screen.by.setCurrentIndex(screen.by.findData("field"))
        assert not screen.note.isVisible()
        assert table.item(table.rowCount() - 1, 0).text() == "Tổng cộng"


def test_the_review_shows_models_recognised_at_any_level(hai, qtbot):
    with _open(hai, "xa") as ctx:
        screen = show_active(qtbot, ReviewScreen(ctx))
        screen.year.setCurrentIndex(screen.year.findData(2025))
        headers = screen.fields.headers
        assert headers[-1] == "Được công nhận (ở cấp bất kỳ)"
        office = Office(ctx.db, ctx.office_code, ctx.units.profile)
        any_level = office.total("recognised", "r.year = 2025")
        assert f"{any_level} mô hình được công nhận (ở cấp bất kỳ)" in screen.totals.text()
        column = len(headers) - 1
        model = screen.fields
        assert sum(int(model.index(r, column).data()) for r in range(model.rowCount())) \
            == any_level


def test_the_province_home_counts_its_communes_and_proposes_nothing(hai, qtbot):
    with _open(hai, "tinh") as ctx:
        year = ctx.agenda.year()
        home = show_active(qtbot, HomeScreen(ctx))
        home.refresh()
        office = Office(ctx.db, ctx.office_code, ctx.units.profile)
        expected = office.total("registrations", "r.year = :y", y=year)
        assert home.labels["count_registered"].text() == str(expected)
        assert "count_eligible" in home.labels
        assert home.labels["count_eligible"].text() == "0"
        proposals = show_active(qtbot, ProposalsScreen(ctx))
        seen: list[str] = []
        answer_message_box("Đóng", seen)
        qtbot.mouseClick(proposals.new_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(seen), timeout=5000)
        assert "cấp cao nhất" in seen[0]


def test_the_council_view_ranks_no_draft(hai, qtbot):
    with _open(hai, "xa") as ctx:
        screen = show_active(qtbot, CouncilScreen(ctx))
        screen.year.setCurrentIndex(screen.year.findData(2026))
        rank, state = COUNCIL_COLUMNS.index("rank"), COUNCIL_COLUMNS.index("state")
        model = screen.model
        rows = [(model.index(r, rank).data(), model.index(r, state).data())
                for r in range(model.rowCount())]
        assert any(s == "Nháp" for _r, s in rows)
        assert all(r == "-" for r, s in rows if s in ("Nháp", "Đã nộp", "Trả lại"))
        withdrawn = [r for r, s in rows if s.endswith("(đã rút đăng ký)")]
        assert withdrawn and set(withdrawn) == {"-"}  # scored, then withdrawn: no rank
        assert "được xếp hạng" in screen.summary.text()
