"""A generic crash harness: a sqlite3 connection that counts the statements that write
(INSERT, UPDATE, DELETE, BEGIN, COMMIT, SAVEPOINT...) and, at the n-th, fails the way
a power cut or a pulled stick would:

- "raise":  the n-th write raises sqlite3.OperationalError("disk I/O error") instead
            of running (the program sees a storage failure and must roll back);
- "after":  the n-th write runs, then raises (the statement took effect, the program
            was told it failed: the interesting case is COMMIT);
- "exit":   the process ends at once with os._exit(KILLED) before the n-th write
            (only in a subprocess: nothing is rolled back, SQLite recovers on open).

Steps outside the database count too while `file_steps(plan)` is active: renaming,
linking, copying and flushing files (os.replace, os.rename, os.link, shutil.copyfile,
os.fsync) and putting a restored copy's pages in place (restore_into). "raise" makes
such a step fail with an I/O error instead of running, "after" runs it and then
fails, "exit" ends the process before it. Each counted write is labelled (`labels`),
so a sweep knows which one is the job's decisive step (its COMMIT, its rename...).

Any service can be put under it: open the data file with `open_context(path, plan)`,
arm the plan, run the job, disarm. See scenarios.py for the jobs and test_crash.py
for the sweep."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from app.context import AppContext
from db.connection import connect, migrate

KILLED = 77
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER", "BEGIN",
          "COMMIT", "END", "SAVEPOINT", "RELEASE", "ROLLBACK")


class InjectedFault(sqlite3.OperationalError):
    pass


class InjectedFileFault(OSError):
    def __init__(self, step: str):
        super().__init__(errno.EIO, f"Input/output error (injected at {step})")


@dataclass
class Plan:
    at: int = 0  # the write that fails (1-based); 0: never
    mode: str = "raise"
    armed: bool = False
    writes: int = 0
    fired: bool = False
    error: str = "disk I/O error"  # what SQLite says ("database or disk is full"...)
    labels: dict[int, str] = field(default_factory=dict)  # write number -> what it was

    def tick(self, sql: str) -> bool:
        """Count a statement; True when it must fail after running ("after" mode)."""
        if not self.armed or not is_write(sql):
            return False
        return self._count(sql.lstrip().split(None, 1)[0].upper().rstrip(";"))

    def tick_file(self, step: str) -> bool:
        """Count a step on files; raise in "raise" mode, True in "after" mode."""
        if not self.armed:
            return False
        try:
            return self._count(step)
        except InjectedFault:
            raise InjectedFileFault(step) from None

    def _count(self, label: str) -> bool:
        self.writes += 1
        self.labels[self.writes] = label
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


def _own_notes(args) -> bool:
    """A step on the program's notes in the per-user folder (app/datafile/known.py),
    written only when they change: not part of the job, and not counted, so every
    run of a job counts the same steps."""
    notes = os.environ.get("DVK_DATA_DIR")
    return bool(notes) and any(isinstance(a, str | os.PathLike) and
                               os.fspath(a).startswith(notes) for a in args)


def _file_step(plan: Plan, label: str, real, fault: type[Exception]):
    def step(*args, **kwargs):
        if _own_notes(args):
            return real(*args, **kwargs)
        try:
            after = plan.tick_file(label)
        except InjectedFileFault as error:
            raise (error if fault is InjectedFileFault else fault(str(error))) from None
        result = real(*args, **kwargs)
        if after:
            raise fault(label + ", after it ran") if fault is not InjectedFileFault \
                else InjectedFileFault(label + ", after it ran")
        return result

    return step


@contextlib.contextmanager
def file_steps(plan: Plan) -> Iterator[None]:
    """Count (and fail) the steps on files of whatever runs inside, see the docstring."""
    from app.repositories import backups

    # restore_into fails as SQLite's backup API does (sqlite3 errors), the rest as the
    # system does (OSError).
    targets = [(os, "replace", InjectedFileFault), (os, "rename", InjectedFileFault),
               (os, "link", InjectedFileFault), (os, "fsync", InjectedFileFault),
               (shutil, "copyfile", InjectedFileFault), (backups, "restore_into", InjectedFault)]
    saved = [(owner, name, getattr(owner, name), fault) for owner, name, fault in targets]
    for owner, name, real, fault in saved:
        setattr(owner, name, _file_step(plan, name, real, fault))
    try:
        yield
    finally:
        for owner, name, real, _fault in saved:
            setattr(owner, name, real)


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
