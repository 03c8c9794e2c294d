"""A preview's trial transaction keeps nothing, and a savepoint takes back only its own
part, without an exception to get there (app/repositories/storage.py)."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database

from app.repositories.storage import savepoint, transaction, trial


@pytest.fixture
def db(tmp_path):
    conn = sqlite3.connect(tmp_path / "t.sqlite", isolation_level=None)
    database = Database(conn)
    database.execute("CREATE TABLE t (v TEXT)")
    yield database
    conn.close()


def _values(db: Database) -> list[str]:
    return [row[0] for row in db.execute("SELECT v FROM t ORDER BY rowid")]


def test_a_trial_keeps_nothing_and_ends_its_transaction(db):
    with trial(db):
        db.execute("INSERT INTO t VALUES ('a')")
        assert _values(db) == ["a"]  # the run sees its own writes
    assert _values(db) == []
    assert not db.conn.in_transaction


def test_an_undone_savepoint_takes_back_only_its_part(db):
    with transaction(db):
        db.execute("INSERT INTO t VALUES ('kept')")
        with savepoint(db) as point:
            db.execute("INSERT INTO t VALUES ('taken back')")
            point.undo()
        with savepoint(db):
            db.execute("INSERT INTO t VALUES ('also kept')")
    assert _values(db) == ["kept", "also kept"]


def test_an_error_in_a_savepoint_takes_back_its_part_and_goes_on(db):
    with transaction(db):
        db.execute("INSERT INTO t VALUES ('kept')")
        with pytest.raises(ValueError), savepoint(db):
            db.execute("INSERT INTO t VALUES ('taken back')")
            raise ValueError("refused")
    assert _values(db) == ["kept"]


def test_a_savepoint_needs_a_transaction(db):
    with pytest.raises(RuntimeError), savepoint(db):
        pass
