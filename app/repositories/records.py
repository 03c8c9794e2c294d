"""Writing synced records: every insert and update stamps the columns that let a
record travel between offices (origin, version, times, local change number) and
leaves a line in the audit log."""

from __future__ import annotations

import datetime as dt
import functools
import json
import uuid
from collections.abc import Callable
from typing import Any

from sqlite_utils import Database

from app import clock
from app.repositories import audit


def new_id() -> str:
    return str(uuid.uuid4())


@functools.lru_cache(maxsize=256)
def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(f"[{name}]" for name in columns)
    return f"INSERT INTO [{table}] ({names}) VALUES ({', '.join('?' * len(columns))})"


_SIMPLE = (str, int, float, type(None), bytes)


def _plain(value: Any) -> Any:
    """What SQLite stores for a value (lists and dictionaries as JSON, dates as ISO),
    as sqlite-utils' insert did."""
    if type(value) in _SIMPLE:
        return value
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False, default=repr)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def next_rev(db: Database) -> int:
    return db.execute("UPDATE sync_clock SET rev = rev + 1 WHERE id = 1 RETURNING rev").fetchone()[0]


class RecordWriter:
    """Inserts and updates rows of synced tables on behalf of one office and user."""

    def __init__(self, db: Database, *, origin: str, actor: str,
                 make_id: Callable[[], str] = new_id):
        self.db = db
        self.origin = origin
        self.actor = actor
        self.make_id = make_id

    def insert(self, table: str, values: dict[str, Any], *, audit_detail: str | None = None,
               origin: str | None = None) -> dict[str, Any]:
        now = clock.stamp()
        row = {
            "id": values.get("id") or self.make_id(),
            **values,
            "origin": origin or values.get("origin") or self.origin,
            "version": 1,
            "created_at": now,
            "updated_at": now,
            "updated_by": self.actor,
            "rev": next_rev(self.db),
        }
        self.db.conn.execute(_insert_sql(table, tuple(row)),
                             [_plain(value) for value in row.values()])
        if audit_detail is not None:
            audit.append(self.db, actor=self.actor, action="create", kind=table,
                         record_id=row["id"], detail=audit_detail)
        return row

    def insert_many(self, table: str, rows: list[dict[str, Any]], *,
                    audit_detail: str | None = None,
                    audit_details: list[str] | None = None) -> list[str]:
        """`insert()` for many rows at once (the Excel import): the same stamps, change
        numbers handed out in one block, one audit line per row (`audit_detail` names
        the column whose value each line records, or `audit_details` gives each line's
        text). Returns the ids."""
        if not rows:
            return []
        now = clock.stamp()
        last = self.db.execute("UPDATE sync_clock SET rev = rev + ? WHERE id = 1 RETURNING rev",
                               [len(rows)]).fetchone()[0]
        stamped = []
        for offset, values in enumerate(rows):
            stamped.append({
                "id": values.get("id") or self.make_id(), **values,
                "origin": values.get("origin") or self.origin, "version": 1,
                "created_at": now, "updated_at": now, "updated_by": self.actor,
                "rev": last - len(rows) + 1 + offset,
            })
        columns = tuple(stamped[0])
        self.db.conn.executemany(_insert_sql(table, columns),
                                 [[_plain(row[name]) for name in columns] for row in stamped])
        if audit_details is not None:  # one detail per row, in order
            audit.append_many(self.db, actor=self.actor, action="create", kind=table,
                              entries=[(row["id"], detail) for row, detail
                                       in zip(stamped, audit_details, strict=True)])
        elif audit_detail is not None:
            audit.append_many(self.db, actor=self.actor, action="create", kind=table,
                              entries=[(row["id"], str(row[audit_detail])) for row in stamped])
        return [row["id"] for row in stamped]

    def update(self, table: str, record_id: str, changes: dict[str, Any], *,
               audit_detail: str | None = None, action: str = "update") -> None:
        """Apply `changes` and bump the version, only if something really changed."""
        columns = ", ".join(changes)
        current = self.db.execute(
            f"SELECT {columns} FROM [{table}] WHERE id = ?", [record_id]
        ).fetchone() if changes else None
        if current is None and changes:
            raise KeyError(record_id)
        if current is not None and tuple(current) == tuple(changes.values()):
            return
        assignments = ", ".join(f"[{name}] = ?" for name in changes)
        self.db.execute(
            f"UPDATE [{table}] SET {assignments}, version = version + 1, updated_at = ?,"
            " updated_by = ?, rev = ? WHERE id = ?",
            [*changes.values(), clock.stamp(), self.actor, next_rev(self.db), record_id],
        )
        if audit_detail is not None:
            audit.append(self.db, actor=self.actor, action=action, kind=table,
                         record_id=record_id, detail=audit_detail)
