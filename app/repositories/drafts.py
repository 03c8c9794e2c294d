"""Unsaved form contents (local to this office)."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from app import clock


def save(db: Database, draft_id: str, *, kind: str, record_id: str | None, title: str,
         content: dict[str, Any]) -> None:
    db.execute(
        "INSERT INTO drafts (id, kind, record_id, title, content, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET record_id = excluded.record_id,"
        " title = excluded.title, content = excluded.content, updated_at = excluded.updated_at",
        [draft_id, kind, record_id, title, json.dumps(content, ensure_ascii=False),
         clock.stamp()],
    )


def load(db: Database, draft_id: str) -> dict[str, Any] | None:
    row = db.execute("SELECT content FROM drafts WHERE id = ?", [draft_id]).fetchone()
    return json.loads(row[0]) if row else None


def discard(db: Database, draft_id: str) -> None:
    db.execute("DELETE FROM drafts WHERE id = ?", [draft_id])


def listing(db: Database, kind: str | None = None) -> list[dict[str, Any]]:
    sql = "SELECT id, kind, record_id, title, updated_at FROM drafts"
    params: list = []
    if kind:
        sql += " WHERE kind = ?"
        params.append(kind)
    return list(db.query(sql + " ORDER BY updated_at DESC", params))
