"""The benchmark database is a real DVK database: same schema as a fresh one, every
derived column computed as the service computes it, the full-text index complete."""

from __future__ import annotations

import sqlite3

import pytest

from app.context import AppContext
from app.domain.listing import ListQuery
from app.domain.text import fold
from app.repositories.registrations import search_words
from bench import datasets


@pytest.mark.slow
def test_small_benchmark_database(tmp_path):
    built = tmp_path / "bench.sqlite"
    datasets._build(built, 400, seed=3, quiet=True)
    fresh = tmp_path / "fresh.sqlite"
    AppContext.open(fresh).close()
    schema = "SELECT type, name, sql FROM sqlite_master ORDER BY name"
    assert sqlite3.connect(built).execute(schema).fetchall() == \
        sqlite3.connect(fresh).execute(schema).fetchall()

    with AppContext.open(built) as ctx:
        db = ctx.db
        assert db.execute("SELECT count(*) FROM registrations").fetchone()[0] == 400
        assert db.execute("SELECT count(*) FROM registrations_fts").fetchone()[0] == 400
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        communes = db.execute("SELECT count(DISTINCT unit_code) FROM registrations").fetchone()[0]
        assert communes > 300
        assert db.execute("SELECT min(year), max(year) FROM registrations").fetchone() == \
            (2021, 2030)
        rows = db.execute(
            "SELECT r.name, r.registrant, u.name, r.name_fold, r.registrant_fold,"
            " r.search_words FROM registrations r JOIN units u ON u.code = r.subunit_code")
        for name, registrant, subunit, name_fold, registrant_fold, words in rows:
            assert (name_fold, registrant_fold) == (fold(name), fold(registrant))
            assert words == search_words(name, registrant, subunit)
        assert ctx.registrations.page(ListQuery(search="dan van"), 0, 50)
        assert ctx.office_code == datasets.OFFICE_CODE
