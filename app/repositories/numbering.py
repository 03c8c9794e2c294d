"""Numbering books (sổ đăng ký số) of the issuing body: decisions, certificates
(số vào sổ) and proposals.

The books are LOCAL to the office that issues, a table that never travels in bundles:
a number belongs to the body that hands it out, and only that body's office may hand
it out. If books travelled, two offices holding copies could give the same number to
two documents, or a restored copy could hand out numbers again. What travels is the
number printed on each decision and certificate, inside the records it was given to.

`take` must run inside the issuing transaction, opened with BEGIN IMMEDIATE
(`storage.immediate_transaction`): the write lock is held from the moment the last
number is read until the document that uses the next one is committed, so two
windows or processes issuing at once get consecutive numbers, and a failed issue
rolls its number back with everything else (never reused, never skipped).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlite_utils import Database

from app import clock
from app.domain.recognition import format_number, scope_key

BOOK_COLUMNS = ("id", "kind", "name", "pattern", "scope", "term", "active", "created_at")


def books(db: Database, *, active_only: bool = False) -> list[dict[str, Any]]:
    where = "WHERE active = 1" if active_only else ""
    rows = db.execute(f"SELECT {', '.join(BOOK_COLUMNS)} FROM numbering_books {where}"
                      " ORDER BY kind, active DESC, id").fetchall()
    return [dict(zip(BOOK_COLUMNS, row, strict=True)) for row in rows]


def active_book(db: Database, kind: str) -> dict[str, Any] | None:
    row = db.execute(f"SELECT {', '.join(BOOK_COLUMNS)} FROM numbering_books"
                     " WHERE kind = ? AND active = 1", [kind]).fetchone()
    return dict(zip(BOOK_COLUMNS, row, strict=True)) if row else None


def add_book(db: Database, *, kind: str, name: str, pattern: str, scope: str,
             term: str) -> int:
    """A new active book of `kind`; the one it replaces stays, inactive, with its
    numbers."""
    db.execute("UPDATE numbering_books SET active = 0 WHERE kind = ? AND active = 1", [kind])
    cursor = db.execute(
        "INSERT INTO numbering_books (kind, name, pattern, scope, term, active, created_at)"
        " VALUES (?, ?, ?, ?, ?, 1, ?)", [kind, name, pattern, scope, term, clock.stamp()])
    return cursor.lastrowid


def last_number(db: Database, book_id: int, key: str) -> int:
    row = db.execute("SELECT MAX(number) FROM numbering_entries WHERE book_id = ?"
                     " AND scope_key = ?", [book_id, key]).fetchone()
    return row[0] or 0


def take(db: Database, book: dict[str, Any], *, on: dt.date, record_kind: str,
         record_id: str, actor: str) -> tuple[int, str, str]:
    """The next number of the book: (number, as printed, scope key)."""
    key = scope_key(book["scope"], book["term"], on)
    number = last_number(db, book["id"], key) + 1
    text = format_number(book["pattern"], number)
    db.execute("INSERT INTO numbering_entries (book_id, scope_key, number, text, record_kind,"
               " record_id, issued_on, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               [book["id"], key, number, text, record_kind, record_id, on.isoformat(), actor])
    return number, text, key


def entries(db: Database, book_id: int, limit: int = 50) -> list[dict[str, Any]]:
    return list(db.query(
        "SELECT scope_key, number, text, record_kind, record_id, issued_on, actor"
        " FROM numbering_entries WHERE book_id = ? ORDER BY scope_key DESC, number DESC"
        " LIMIT ?", [book_id, limit]))
