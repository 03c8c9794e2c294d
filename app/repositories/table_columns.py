"""The columns of a table, read once per open data file.

Sync reads a synced table's columns for every bundle it writes or imports, so they
are cached. The cache belongs to the `Database` object itself (a weak key): when that
object goes, its entry goes with it, so a later connection can never be served the
columns of an earlier file, whatever address it happens to get. (It was keyed by
`id(db.conn)`, which Python hands out again once an object is freed.) A restore
replaces the file's pages under the same connection, so it calls `forget`.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from sqlite_utils import Database

Column = tuple[str, str, bool]  # name, declared type (upper case), not null

_CACHE: WeakKeyDictionary[Database, dict[str, list[Column]]] = WeakKeyDictionary()


def columns(db: Database, table: str) -> list[Column]:
    """(name, declared type, not null) of every column, in table order."""
    tables = _CACHE.setdefault(db, {})
    if table not in tables:
        tables[table] = [(row[1], (row[2] or "").upper(), bool(row[3]))
                         for row in db.execute(f"PRAGMA table_info([{table}])")]
    return tables[table]


def forget(db: Database) -> None:
    """Forget the columns read from `db`: its file was replaced (a restore)."""
    _CACHE.pop(db, None)
