"""Run a multi-statement SQL script inside the caller's transaction.

`sqlite3.Connection.executescript` commits first, which would break the all-or-nothing
promise of a migration; this splits the script into complete statements instead.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database


def statements(script: str) -> list[str]:
    result: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        stripped = line.strip()
        if not buffer and (not stripped or stripped.startswith("--")):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            result.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        raise ValueError(f"incomplete SQL statement: {buffer[:80]!r}")
    return result


def run_script(db: Database, script: str) -> None:
    for statement in statements(script):
        db.execute(statement)
