"""Unsaved form contents (local to this office).

A draft belongs to the window that typed it (`owner`, the window's session) and
remembers the record as that window loaded it (`base_version`, `base`), so that
restoring it over a record saved since can show what changed on each side."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from app import clock
from app.domain.drafts import Draft

_COLUMNS = "id, kind, record_id, title, content, updated_at, owner, base_version, base"


def save(db: Database, draft_id: str, *, kind: str, record_id: str | None, title: str,
         content: dict[str, Any], owner: str | None = None, base_version: int | None = None,
         base: dict[str, Any] | None = None) -> None:
    db.execute(
        "INSERT INTO drafts (id, kind, record_id, title, content, updated_at, owner,"
        " base_version, base) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE"
        " SET record_id = excluded.record_id, title = excluded.title,"
        " content = excluded.content, updated_at = excluded.updated_at,"
        " owner = excluded.owner, base_version = excluded.base_version, base = excluded.base",
        [draft_id, kind, record_id, title, json.dumps(content, ensure_ascii=False),
         clock.stamp(), owner, base_version,
         json.dumps(base, ensure_ascii=False) if base is not None else None],
    )


def _json(text: str | None) -> dict[str, Any] | None:
    try:
        return json.loads(text) if text else None
    except ValueError:
        return None


def _draft(row: dict[str, Any]) -> Draft:
    return Draft(id=row["id"], kind=row["kind"], record_id=row["record_id"],
                 title=row["title"], updated_at=row["updated_at"], owner=row["owner"],
                 base_version=row["base_version"], content=_json(row.get("content")),
                 base=_json(row.get("base")))


def get(db: Database, draft_id: str) -> Draft | None:
    rows = list(db.query(f"SELECT {_COLUMNS} FROM drafts WHERE id = ?", [draft_id]))
    return _draft(rows[0]) if rows else None


def discard(db: Database, draft_id: str) -> None:
    db.execute("DELETE FROM drafts WHERE id = ?", [draft_id])


def claim(db: Database, draft_id: str, owner: str, previous: str | None) -> bool:
    """Make `owner` the draft's window, if it still belongs to `previous`."""
    cursor = db.execute("UPDATE drafts SET owner = ? WHERE id = ? AND owner IS ?",
                        [owner, draft_id, previous])
    return cursor.rowcount == 1


def listing(db: Database, kind: str | None = None,
            record_id: str | None = None) -> list[Draft]:
    sql = "SELECT id, kind, record_id, title, updated_at, owner, base_version FROM drafts"
    where, params = [], []
    if kind:
        where.append("kind = ?")
        params.append(kind)
    if record_id:
        where.append("record_id = ?")
        params.append(record_id)
    if where:
        sql += " WHERE " + " AND ".join(where)
    return [_draft(row) for row in db.query(sql + " ORDER BY updated_at DESC, id", params)]
