"""The cache of a table's columns can never serve one data file's columns to another.

Sync reads a synced table's columns for every record it writes or imports, so they are
cached per open file. The cache was keyed by `id(db.conn)`: once a connection was
closed and freed, Python could give a new connection the same id, and the new file
was then served the old file's columns (a restore into another schema, a job's
connection after the window's). Keyed by the `Database` object itself, its entry goes
with it.
"""

from __future__ import annotations

import gc
import sqlite3
import weakref

from sqlite_utils import Database

from app.repositories import table_columns


def _database(columns: str) -> Database:
    db = Database(sqlite3.connect(":memory:"))
    db.execute(f"CREATE TABLE t ({columns})")
    return db


def test_the_cache_lets_a_database_go():
    db = _database("a TEXT NOT NULL")
    assert table_columns.columns(db, "t") == [("a", "TEXT", True)]
    assert db in table_columns._CACHE
    gone = weakref.ref(db)
    db.conn.close()
    del db
    gc.collect()
    assert gone() is None  # nothing in the cache kept it, so its entry went with it


def test_a_new_connection_with_a_reused_id_never_sees_old_columns():
    """A closed `Database` is freed by its reference count the moment it is deleted, so
    the next one usually gets its id. No `gc.collect()` in the loop: in a worker that
    has run a thousand tests, each full collection walks the whole heap, and 400 of them
    took ten minutes of the suite."""
    reused = 0
    for _round in range(200):
        old = _database("a TEXT NOT NULL")
        table_columns.columns(old, "t")
        old_ids = {id(old), id(old.conn)}
        old.conn.close()
        del old
        new = _database("b INTEGER")
        if {id(new), id(new.conn)} & old_ids:
            reused += 1
        assert table_columns.columns(new, "t") == [("b", "INTEGER", False)]
        new.conn.close()
        del new
    assert reused, "Python never reused an id here: the test proved nothing"


def test_forget_drops_the_columns_of_a_replaced_file():
    db = _database("a TEXT")
    assert table_columns.columns(db, "t") == [("a", "TEXT", False)]
    db.execute("DROP TABLE t")
    db.execute("CREATE TABLE t (b REAL)")
    assert table_columns.columns(db, "t") == [("a", "TEXT", False)]  # cached, as meant
    table_columns.forget(db)
    assert table_columns.columns(db, "t") == [("b", "REAL", False)]
