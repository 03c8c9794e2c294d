"""Writing synced records: every insert and update stamps the columns that let a
record travel between offices (origin, version, times, local change number) and
leaves a line in the audit log."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable
from typing import Any

from sqlite_utils import Database

from app import clock
from app.repositories import audit


def new_id() -> str:
    return str(uuid.uuid4())


def _plain(value: Any) -> Any:
    """What SQLite stores for a value (lists and dictionaries as JSON, dates as ISO),
    as sqlite-utils' insert did."""
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
        columns = ", ".join(f"[{name}]" for name in row)
        marks = ", ".join("?" for _name in row)
        self.db.execute(f"INSERT INTO [{table}] ({columns}) VALUES ({marks})",
                        [_plain(value) for value in row.values()])
        if audit_detail is not None:
            audit.append(self.db, actor=self.actor, action="create", kind=table,
                         record_id=row["id"], detail=audit_detail)
        return row

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
