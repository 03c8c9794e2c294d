"""The `users` table (migration 0007): local accounts, never synced."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from app import clock

COLUMNS = "name, full_name, role, active, created_at, updated_at, last_login_at"


def get(db: Database, name: str) -> dict[str, Any] | None:
    rows = list(db.query(f"SELECT {COLUMNS}, password_hash FROM users WHERE name = ?", [name]))
    return rows[0] if rows else None


def listing(db: Database) -> list[dict[str, Any]]:
    return list(db.query(f"SELECT {COLUMNS} FROM users ORDER BY active DESC, name"))


def active_admins(db: Database) -> int:
    return db.execute("SELECT count(*) FROM users WHERE active = 1 AND role = 'quan_tri'"
                      ).fetchone()[0]


def add(db: Database, *, name: str, full_name: str, role: str, password_hash: str) -> None:
    now = clock.stamp()
    db.execute("INSERT INTO users (name, full_name, role, password_hash, created_at, updated_at)"
               " VALUES (?, ?, ?, ?, ?, ?)", [name, full_name, role, password_hash, now, now])


def update(db: Database, name: str, **changes: Any) -> None:
    assignments = ", ".join(f"[{column}] = ?" for column in changes)
    db.execute(f"UPDATE users SET {assignments}, updated_at = ? WHERE name = ?",
               [*changes.values(), clock.stamp(), name])


def touch_login(db: Database, name: str) -> None:
    db.execute("UPDATE users SET last_login_at = ? WHERE name = ?", [clock.stamp(), name])
