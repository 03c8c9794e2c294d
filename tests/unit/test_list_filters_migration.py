"""Upgrading a data file saved by schema 0017 (issue 18, point 12): the full-text index
gains the filter tags of every registration, the list's indexes carry the filter
columns, every search finds what it found before, and every filter and order gives
what plain SQL gives."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from app.context import AppContext
from app.domain.listing import SORT_KEYS, ListQuery
from tests.unit.test_registration_list import ids, reference

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "schema" / "v17-commune.sqlite"
WORDS = ["d", "dan van", "hoa", "nguyen thi", "an ninh", "2026", "x", "thon"]


def test_the_upgrade_tags_every_row_and_keeps_every_search(tmp_path):
    copy = tmp_path / FIXTURE.name
    shutil.copy(FIXTURE, copy)
    before = sqlite3.connect(copy)
    found_before = {text: sorted(row[0] for row in before.execute(
        "SELECT r.id FROM registrations r WHERE r.seq IN (SELECT rowid FROM registrations_fts"
        " WHERE registrations_fts MATCH ?)", [" AND ".join(f'"{word}"*'
                                                         for word in text.split())]))
        for text in WORDS}
    total = before.execute("SELECT count(*) FROM registrations").fetchone()[0]
    before.close()

    with AppContext.open(copy) as ctx:
        db = ctx.db
        assert db.execute("SELECT count(*) FROM registrations_fts").fetchone()[0] == total
        db.execute("INSERT INTO registrations_fts (registrations_fts, rank)"
                   " VALUES ('integrity-check', 1)")
        columns = {row[2] for row in db.execute("PRAGMA index_info(registrations_name)")}
        assert {"name_fold", "seq", "year", "status", "mode", "unit_code"} <= columns
        for text in WORDS:
            assert sorted(ids(ctx, ListQuery(search=text))) == found_before[text], text
        subunit = db.execute("SELECT subunit_code FROM registrations"
                             " WHERE subunit_code IS NOT NULL").fetchone()[0]
        year = db.execute("SELECT max(year) FROM registrations").fetchone()[0]
        for filters in ({}, {"year": year}, {"status": "rut"}, {"mode": "nhan_rong"},
                        {"field": 2, "kind": "mo_hinh"}, {"subunit_code": subunit},
                        {"unit_code": ctx.office_code}):
            for sort in SORT_KEYS:
                for text in ("", "d"):
                    query = ListQuery(search=text, sort=sort, **filters)
                    assert ids(ctx, query) == reference(ctx, query), (filters, sort, text)
        # Withdrawing changes the row's status tag: the filter follows at once.
        chosen = db.execute("SELECT id FROM registrations WHERE status = 'da_dang_ky'"
                            " LIMIT 1").fetchone()[0]
        ctx.registrations.withdraw(chosen, "Không thực hiện được.")
        assert chosen in ids(ctx, ListQuery(status="rut"))
        assert chosen not in ids(ctx, ListQuery(status="da_dang_ky"))
        db.execute("INSERT INTO registrations_fts (registrations_fts, rank)"
                   " VALUES ('integrity-check', 1)")
