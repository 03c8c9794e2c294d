"""An office above the communes reads only the models that can have reached its level,
and gets exactly what reading every model of the year gave (issue 11: the window of a
national-size office opened in minutes because every screen read a whole year)."""

from __future__ import annotations

import json
import sqlite3

from app.context import AppContext
from app.domain.recognition import WITHDRAWN


def _offices(network):
    return json.loads((network / "network.json").read_text(encoding="utf-8"))["offices"]


def _reached(ctx: AppContext, year: int) -> list[str]:
    """The old way: every model of the year, kept if it reached the office's level or
    was registered here."""
    levels = ctx.recognition.levels()
    rank = levels.index(ctx.recognition.level())
    kept = []
    for row in ctx.recognition.models(year, everything=True):
        if row.state.stage == WITHDRAWN:
            continue
        reached = row.state.level in levels and levels.index(row.state.level) >= rank
        if reached or ctx.registrations.get(row.id).unit_code == ctx.office_code:
            kept.append(row.id)
    return sorted(kept)


def test_province_list_is_what_reading_every_model_gave(demo_network):
    province = next(o for o in _offices(demo_network) if o["level"] == "tinh")
    with AppContext.open(demo_network / province["db"]) as ctx:
        years = ctx.recognition.years()
        assert years == sorted({r[0] for r in ctx.db.execute(
            "SELECT year FROM registrations")}, reverse=True)
        total = 0
        for year in years:
            rows = ctx.recognition.models(year)
            assert sorted(r.id for r in rows) == _reached(ctx, year)
            total += len(rows)
            for row in rows[:3]:  # one model alone reads the same as in the list
                assert ctx.recognition.model(row.id).state == row.state
        assert total > 0  # the demo proposes models to the province


def test_commune_models_of_the_province_are_not_read_by_the_province(demo_network):
    """Registrations that never left the commune level are not even read."""
    province = next(o for o in _offices(demo_network) if o["level"] == "tinh")
    path = demo_network / province["db"]
    statements: list[str] = []
    with AppContext.open(path) as ctx:
        year = ctx.recognition.years()[0]
        all_of_year = ctx.db.execute("SELECT count(*) FROM registrations WHERE year = ?",
                                     [year]).fetchone()[0]
        ctx.db.conn.set_trace_callback(statements.append)
        rows = ctx.recognition.models(year)
        ctx.db.conn.set_trace_callback(None)
    assert len(rows) < all_of_year
    plan = sqlite3.connect(path).execute(
        "EXPLAIN QUERY PLAN " + next(s for s in statements if "CROSS JOIN registrations r"
                                     in s)).fetchall()
    assert not any("SCAN r" in str(step) for step in plan), plan


def test_an_office_without_registrations_has_no_years(ctx):
    assert ctx.recognition.years() == []


def test_home_counts_read_the_year_once(demo_network, monkeypatch):
    province = next(o for o in _offices(demo_network) if o["level"] == "tinh")
    with AppContext.open(demo_network / province["db"]) as ctx:
        year = ctx.recognition.years()[0]
        expected = ctx.agenda.counts(year)
        calls = []
        models = ctx.recognition.models
        monkeypatch.setattr(ctx.recognition, "models",
                            lambda *a, **k: calls.append(a) or models(*a, **k))
        assert ctx.agenda.counts(year) == expected
        assert len(calls) == 1
