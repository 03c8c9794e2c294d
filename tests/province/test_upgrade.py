"""Upgrading a province's data file saved by schema 0018 (the first-week release) to
0019_province and every migration after it: the receipts' table and the sheets' `self_from` arrive, nothing is lost,
and the communes' board reads the file at once (what was sent down shows as sent, not
yet acknowledged: no receipt has come up yet)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from app.context import AppContext
from db.migrations import SCHEMA_NAMES

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "schema" / "v18-province.sqlite"


def test_a_province_file_of_schema_18_upgrades_to_the_province_schema(tmp_path):
    copy = tmp_path / FIXTURE.name
    shutil.copy(FIXTURE, copy)
    before = sqlite3.connect(copy)
    applied = [row[0] for row in before.execute("SELECT name FROM _sqlite_migrations")]
    sheets = before.execute("SELECT count(*) FROM score_sheets").fetchone()[0]
    sent = before.execute("SELECT recipient, seq FROM outbox").fetchall()
    before.close()
    assert applied[-1] == "0018_list_filters" and "0019_province" not in applied

    with AppContext.open(copy) as ctx:
        db = ctx.db
        assert [row[0] for row in db.execute("SELECT name FROM _sqlite_migrations")
                ] == SCHEMA_NAMES
        assert SCHEMA_NAMES[SCHEMA_NAMES.index("0018_list_filters") + 1] == "0019_province"
        assert db.execute("SELECT count(*) FROM sync_receipts").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM score_sheets WHERE self_from = ''"
                          ).fetchone()[0] == sheets
        board = ctx.communes.board()
        rows = {row.code: row for row in board.rows}
        for recipient, _seq in sent:
            assert recipient in rows
            assert rows[recipient].acknowledged_seq is None  # no receipt came up yet
        assert ctx.maintenance.check().ok
