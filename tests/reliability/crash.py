"""A generic crash harness: a sqlite3 connection that counts the statements that write
(INSERT, UPDATE, DELETE, BEGIN, COMMIT, SAVEPOINT...) and, at the n-th, fails the way
a power cut or a pulled stick would:

- "raise":  the n-th write raises sqlite3.OperationalError("disk I/O error") instead
            of running (the program sees a storage failure and must roll back);
- "after":  the n-th write runs, then raises (the statement took effect, the program
            was told it failed: the interesting case is COMMIT);
- "exit":   the process ends at once with os._exit(KILLED) before the n-th write
            (only in a subprocess: nothing is rolled back, SQLite recovers on open).

Any service can be put under it: open the data file with `open_context(path, plan)`,
arm the plan, run the job, disarm. See scenarios.py for the jobs and test_crash.py
for the sweep."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.context import AppContext
from db.connection import connect, migrate

KILLED = 77
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER", "BEGIN",
          "COMMIT", "END", "SAVEPOINT", "RELEASE", "ROLLBACK")


class InjectedFault(sqlite3.OperationalError):
    pass


@dataclass
class Plan:
    at: int = 0  # the write that fails (1-based); 0: never
    mode: str = "raise"
    armed: bool = False
    writes: int = 0
    fired: bool = False
    error: str = "disk I/O error"  # what SQLite says ("database or disk is full"...)

    def tick(self, sql: str) -> bool:
        """Count a statement; True when it must fail after running ("after" mode)."""
        if not self.armed or not is_write(sql):
            return False
        self.writes += 1
        if self.writes != self.at:
            return False
        self.fired = True
        if self.mode == "exit":
            os._exit(KILLED)
        if self.mode == "raise":
            raise InjectedFault(f"{self.error} (injected)")
        return True


def is_write(sql: str) -> bool:
    """Statements that change the file or the transaction. The savepoint sqlite-utils
    puts around every read (`sqlite_utils_query`) is not one."""
    if "sqlite_utils_query" in sql:
        return False
    word = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
    return word.rstrip(";") in WRITES


def counting_connection(plan: Plan) -> type[sqlite3.Connection]:
    class Cursor(sqlite3.Cursor):
        def execute(self, sql, parameters=()):
            after = plan.tick(sql)
            result = super().execute(sql, parameters)
            if after:
                raise InjectedFault("disk I/O error (injected, after the write)")
            return result

        def executemany(self, sql, seq_of_parameters):
            after = plan.tick(sql)
            result = super().executemany(sql, seq_of_parameters)
            if after:
                raise InjectedFault("disk I/O error (injected, after the write)")
            return result

    class Connection(sqlite3.Connection):
        def cursor(self, factory=Cursor):
            return super().cursor(factory)

        def execute(self, sql, parameters=()):
            return self.cursor().execute(sql, parameters)

        def executemany(self, sql, seq_of_parameters):
            return self.cursor().executemany(sql, seq_of_parameters)

        def executescript(self, script):
            for statement in [s for s in script.split(";") if s.strip()]:
                plan.tick(statement)
            return super().executescript(script)

        def commit(self):
            after = plan.tick("COMMIT")
            super().commit()
            if after:
                raise InjectedFault("disk I/O error (injected, after the commit)")

    return Connection


def open_context(path: Path, plan: Plan, *, actor: str = "test") -> AppContext:
    db = connect(path, factory=counting_connection(plan))
    migrate(db)
    return AppContext(db, path, actor=actor)


def snapshot(path: Path) -> str:
    """A digest of every row of every table (what 'the same state' means here)."""
    conn = sqlite3.connect(str(path))
    try:
        digest = hashlib.sha256()
        tables = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")]
        for table in tables:
            digest.update(f"\x1e{table}\x1e".encode())
            for row in conn.execute(f"SELECT * FROM [{table}]"):
                digest.update(repr(row).encode("utf-8", "surrogatepass"))
        return digest.hexdigest()
    finally:
        conn.close()


def integrity(path: Path) -> list[str]:
    conn = sqlite3.connect(str(path))
    try:
        return [row[0] for row in conn.execute("PRAGMA integrity_check")] + [
            f"fk {row}" for row in conn.execute("PRAGMA foreign_key_check")]
    finally:
        conn.close()
