"""Demo networks show scoring in every state."""

from __future__ import annotations

from app.context import AppContext
from app.demo.network import load_network
from app.domain import scoring as S
from app.domain.sheets import SheetFilter


def _communes(folder):
    network = load_network(folder)
    return [folder / o["db"] for o in network["offices"] if o["level"] == "xa"]


def test_every_commune_has_sheets_in_every_state(demo_network):
    for path in _communes(demo_network):
        with AppContext.open(path) as ctx:
            standings = ctx.scoring.standings()
            every = ctx.scoring.standings(SheetFilter(include_old=True))
            states = {s.state for s in standings}
            assert states == {S.DRAFT, S.SUBMITTED, S.RETURNED, S.APPROVED, S.LOCKED}, path
            ratings = {s.result.rating for s in standings if s.state in (S.APPROVED, S.LOCKED)}
            assert {S.TOP, S.PASS, S.FAIL, S.INELIGIBLE} <= ratings, path
            assert all(s.return_reason for s in standings if s.state == S.RETURNED)
            corrected = [s for s in standings if s.edition > 1]
            assert {s.state for s in corrected} == {S.DRAFT, S.LOCKED}
            assert len(every) == len(standings) + len(corrected)
            for standing in standings:
                if standing.state in (S.APPROVED, S.LOCKED):
                    sheet = ctx.scoring.sheet(standing.sheet_id)
                    assert len(sheet.members) == 3
                    assert all(len(m.scores) == len(sheet.rubric.criteria)
                               for m in sheet.members)
            years = {s.year for s in standings}
            assert len(years) == 2
            checked = [s for s in standings if ctx.scoring.check_sheet(s.sheet_id)]
            assert len(checked) == 1 and checked[0].state == S.SUBMITTED
            assert len(ctx.scoring.differences(checked[0].sheet_id)) == 1


def test_the_province_holds_its_communes_sheets_and_scores_at_its_own_level(demo_network):
    """The province holds its communes' sheets (imported from their bundles); the sheets
    it scored itself (the models proposed to it, issue 5) are all at its own level."""
    network = load_network(demo_network)
    province = next(o for o in network["offices"] if o["level"] == "tinh")
    communes = {o["code"] for o in network["offices"] if o["level"] == "xa"}
    with AppContext.open(demo_network / province["db"]) as ctx:
        origins = {row[0] for row in ctx.db.execute("SELECT DISTINCT origin FROM score_sheets")}
        assert origins == communes | {province["code"]}
        own_levels = {row[0] for row in ctx.db.execute(
            "SELECT DISTINCT level FROM score_sheets WHERE origin = ?", [province["code"]])}
        assert own_levels == {"tinh"}
        assert ctx.scoring.standings()
