"""Statistics against direct counts on demo data, and every figure's list holds exactly
as many registrations as the figure says. (tests/figures checks every figure of every
paper and screen against independent SQL; these are the statistics' own checks.)"""

from __future__ import annotations

import json

import pytest

from app.context import AppContext
from app.repositories import statistics as stats_repo


def offices(network) -> dict[str, dict]:
    data = json.loads((network / "network.json").read_text(encoding="utf-8"))
    return {office["level"] + ":" + office["code"]: office for office in data["offices"]}


@pytest.fixture
def province(demo_network):
    office = next(o for key, o in offices(demo_network).items() if key.startswith("tinh"))
    with AppContext.open(demo_network / office["db"]) as ctx:
        yield ctx


@pytest.fixture
def commune(demo_network):
    office = next(o for key, o in offices(demo_network).items() if key.startswith("xa"))
    with AppContext.open(demo_network / office["db"]) as ctx:
        yield ctx


def direct(ctx, sql: str, params=()) -> dict:
    return dict(ctx.db.execute(sql, params).fetchall())


@pytest.mark.parametrize("by,column", [("year", "year"), ("field", "field"), ("kind", "kind"),
                                       ("status", "status"), ("subject", "subject"),
                                       ("subunit", "subunit_code")])
def test_registrations_by_dimension_match_direct_counts(commune, by, column):
    """Withdrawn registrations count in no figure but their own (issue 24, point 3)."""
    table = commune.statistics.table(by)
    for measure, status in (("registrations", "da_dang_ky"), ("withdrawn", "rut")):
        expected = direct(commune, f"SELECT {column}, count(*) FROM registrations"
                                   f" WHERE status = '{status}' GROUP BY 1")
        got = {row.key: row.counts[measure] for row in table.rows if row.counts[measure]}
        assert got == {("__none__" if k is None else k): n for k, n in expected.items()}
        assert table.totals[measure] == sum(expected.values())
    assert table.totals["withdrawn"] > 0


def test_replications_and_scored_match_direct_counts(commune):
    table = commune.statistics.table("field", 2026)
    replications = direct(commune, """
        SELECT field, count(*) FROM registrations r WHERE year = 2026 AND mode = 'nhan_rong'
          AND status = 'da_dang_ky' AND replicates_id IN (
            SELECT i.registration_id FROM decision_items i JOIN decisions d
              ON d.id = i.decision_id WHERE i.removed = 0 AND d.state = 'ban_hanh'
              AND d.id NOT IN (SELECT amends_id FROM decisions WHERE state = 'ban_hanh'
                               AND amends_id IS NOT NULL))
        GROUP BY 1""")
    assert {r.key: r.counts["replications"] for r in table.rows if r.counts["replications"]} \
        == replications
    scored = direct(commune, """
        SELECT r.field, count(DISTINCT r.id) FROM registrations r JOIN score_sheets s
          ON s.registration_id = r.id AND s.check_of IS NULL AND s.state IN ('da_duyet', 'khoa')
        WHERE r.year = 2026 AND r.status = 'da_dang_ky' AND NOT EXISTS (SELECT 1 FROM score_sheets n
                                            WHERE n.supersedes_id = s.id)
        GROUP BY 1""")
    assert {r.key: r.counts["scored"] for r in table.rows if r.counts["scored"]} == scored
    assert sum(scored.values()) > 0 and sum(replications.values()) > 0


def test_province_counts_by_commune_from_the_bundles(province, demo_network):
    table = province.statistics.table("unit")
    communes = {o["code"] for key, o in offices(demo_network).items() if key.startswith("xa")}
    expected = direct(province, "SELECT unit_code, count(*) FROM registrations"
                                " WHERE status = 'da_dang_ky' GROUP BY 1")
    assert {row.key: row.counts["registrations"] for row in table.rows} == expected
    assert set(expected) == communes
    assert province.statistics.has_units_below()


def test_three_tier_province_rolls_communes_up_to_districts(ba_cap):
    from app.demo.network import load_network

    network = load_network(ba_cap)
    province = next(o for o in network["offices"] if o["level"] == "tinh")
    districts = {o["code"]: o for o in network["offices"] if o["level"] == "huyen"}
    with AppContext.open(ba_cap / province["db"]) as ctx:
        table = ctx.statistics.table("unit")
        assert {row.key for row in table.rows} == set(districts)
        assert table.totals["registrations"] == ctx.registrations.count(
            ctx.statistics.table("unit").query_for(None, "registrations"))
        for row in table.rows:
            query = table.query_for(row.key, "registrations")
            assert ctx.registrations.count(query) == row.counts["registrations"]


def test_every_figure_opens_a_list_of_exactly_that_many(province, commune):
    for ctx in (province, commune):
        for by in stats_repo.DIMENSIONS:
            for year in (None, 2026):
                table = ctx.statistics.table(by, year)
                for row in [*table.rows, None]:
                    for name, _label in table.measures:
                        key = row.key if row else None
                        query = table.query_for(key, name)
                        figure = row.counts[name] if row else table.totals[name]
                        if query is None:
                            assert key == "__none__"
                            continue
                        assert ctx.registrations.count(query) == figure, (by, year, key, name)


def test_level_of_scored_models_and_of_registrations(commune):
    """Two tiers: a commune's sheets are made at 'coso' but scored at cấp xã, the level
    the profile has; every level of the profile has its row and no other level shows
    (issue 24, point 4)."""
    table = commune.statistics.table("level")
    levels = {row.key: row.counts for row in table.rows}
    assert set(levels) == {"xa", "tinh"}
    assert levels["xa"]["registrations"] == table.totals["registrations"]
    scored = direct(commune, """
        SELECT 'xa', count(DISTINCT r.id) FROM registrations r JOIN score_sheets s
          ON s.registration_id = r.id AND s.check_of IS NULL AND s.state IN ('da_duyet', 'khoa')
        WHERE s.level = 'coso' AND r.status = 'da_dang_ky' AND NOT EXISTS (
          SELECT 1 FROM score_sheets n WHERE n.supersedes_id = s.id)""")
    assert levels["xa"]["scored"] == scored["xa"] > 0
    assert table.total_label != "Tổng cộng" and "mỗi mô hình" in table.total_label.lower()
    assert table.note


def test_a_new_measure_plugs_in(commune, monkeypatch):
    """Recognition (built in parallel) adds its measure with one call; tables, lists and
    exports pick it up."""
    extra = stats_repo.Measure("withdrawn_test", "A test measure", where="r.status = 'rut'",
                               counted=False)
    monkeypatch.setitem(stats_repo._MEASURES, extra.name, extra)
    table = commune.statistics.table("field")
    assert ("withdrawn_test", "A test measure") in table.measures
    withdrawn = direct(commune, "SELECT count(*), 1 FROM registrations WHERE status = 'rut'")
    assert table.totals["withdrawn_test"] == next(iter(withdrawn))
    for row in table.rows:
        assert commune.registrations.count(table.query_for(row.key, "withdrawn_test")) == \
            row.counts["withdrawn_test"]
    missing = stats_repo.Measure("needs_table", "X", requires=("recognitions",))
    monkeypatch.setitem(stats_repo._MEASURES, missing.name, missing)
    assert "needs_table" not in [name for name, _l in commune.statistics.measures()]


def test_unknown_breakdown_is_explained(commune):
    from app.errors import DvkError

    with pytest.raises(DvkError):
        commune.statistics.table("colour")
