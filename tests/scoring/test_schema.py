"""Schema 3: every scoring table is a synced table, and older files upgrade."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from app.context import AppContext
from db.connection import applied_migrations, connect
from db.migrations import SCHEMA_NAMES, m001_foundation
from db.migrations.m003_scoring import SYNCED_TABLES

SYNC = {"id", "origin", "version", "created_at", "updated_at", "updated_by", "rev"}


def test_scoring_tables_carry_the_sync_columns_and_a_rev_index(ctx):
    for table in SYNCED_TABLES:
        columns = {row[1]: row for row in ctx.db.execute(f"PRAGMA table_info([{table}])")}
        assert SYNC <= set(columns), table
        assert columns["id"][5] == 1 and columns["id"][2] == "TEXT", table  # UUID primary key
        indexes = [row[1] for row in ctx.db.execute(f"PRAGMA index_list([{table}])")]
        assert f"{table}_rev" in indexes, table


def test_foreign_keys_are_deferred(ctx):
    for table in SYNCED_TABLES:
        sql = ctx.db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
        assert sql.count("REFERENCES") == sql.count("DEFERRABLE INITIALLY DEFERRED"), table


def test_scores_are_integers_of_tenths(ctx):
    for table, column in [("sheet_lines", "self_tenths"), ("council_scores", "tenths"),
                          ("rubric_items", "max_tenths"), ("rubrics", "threshold_top")]:
        types = {row[1]: row[2] for row in ctx.db.execute(f"PRAGMA table_info([{table}])")}
        assert types[column] == "INTEGER"


def test_migration_name_and_order():
    assert "0003_scoring" in SCHEMA_NAMES and "0002_scoring" not in SCHEMA_NAMES


def test_a_schema_1_file_upgrades_and_keeps_its_data(tmp_path):
    path = tmp_path / "old.sqlite"
    old = Migrations("dvk")
    old(name="0001_foundation")(m001_foundation.foundation)
    db = Database(sqlite3.connect(path))
    old.apply(db)
    db.execute("INSERT INTO settings (key, value) VALUES ('office_code', '\"14725\"')")
    db.conn.commit()
    db.close()
    with AppContext.open(path) as ctx:
        assert "0003_scoring" in applied_migrations(ctx.db)
        assert ctx.office_code == "14725"
        assert len(ctx.rubrics.listing()) == 2
    check = connect(path)
    assert check.execute("PRAGMA foreign_key_check").fetchall() == []
    check.close()
