"""The table of signed audit-log checkpoints (migration 0013): this office's own and
those the offices below sent up."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

_ORDER = " ORDER BY entries, made_at, rowid"


def own(db: Database, office: str) -> list[dict[str, Any]]:
    """This office's checkpoints, oldest first."""
    return list(db.query("SELECT * FROM audit_checkpoints WHERE origin = ?" + _ORDER,
                         [office]))


def received(db: Database, office: str) -> list[dict[str, Any]]:
    """The checkpoints of the offices below (sent up, directly or forwarded)."""
    return list(db.query("SELECT * FROM audit_checkpoints WHERE origin <> ?"
                         " ORDER BY origin, entries, made_at, rowid", [office]))


def add(db: Database, row: dict[str, Any]) -> None:
    names = ", ".join(f"[{name}]" for name in row)
    db.execute(f"INSERT INTO audit_checkpoints ({names}) VALUES"
               f" ({', '.join('?' for _name in row)})", list(row.values()))


def accept(db: Database, **values: Any) -> None:
    db.execute("INSERT OR IGNORE INTO audit_rewrites_accepted (checkpoint_id, office, entries,"
               " accepted_at, accepted_by, reason) VALUES (:checkpoint_id, :office, :entries,"
               " :accepted_at, :accepted_by, :reason)", values)


def accepted(db: Database) -> list[dict[str, Any]]:
    """The rewritten logs of offices below this office accepted, oldest first."""
    return list(db.query("SELECT * FROM audit_rewrites_accepted ORDER BY accepted_at, rowid"))
