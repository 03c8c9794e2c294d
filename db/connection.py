"""Opening an office database: pragmas that keep data safe, migrations applied."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from db.migrations import MIGRATIONS, SCHEMA_NAMES

BUSY_TIMEOUT_MS = 5000


class SchemaTooNewError(RuntimeError):
    """The file was written by a newer release that knows migrations we do not."""


CACHE_KIB = 16 * 1024


def _uri(path: str | Path, query: str) -> str:
    return Path(path).resolve().as_uri() + "?" + query


def _is_unc(path: str | Path) -> bool:
    text = str(path)
    return text.startswith(("\\\\", "//")) and not text.startswith(("\\\\?\\", "\\\\.\\"))


def connect(path: str | Path, *, readonly: bool = False, create: bool = True,
            rollback_journal: bool = False,
            factory: type[sqlite3.Connection] = sqlite3.Connection) -> Database:
    """A connection with the pragmas every DVK connection uses (no migrations).
    `factory` is a sqlite3.Connection subclass (the crash tests count statements).

    `create=False` never makes a file: a missing one raises sqlite3.OperationalError
    ("unable to open database file"). `readonly` opens without writing anything, also
    on a write-protected medium where SQLite cannot make its -shm file (then the file
    is read as it is, `immutable`). `rollback_journal`: a rollback journal, not WAL,
    whose shared-memory index does not work between PCs (a file on a network share)."""
    if str(path) == ":memory:":
        conn = sqlite3.connect(":memory:", check_same_thread=False, factory=factory)
    elif readonly:
        conn = sqlite3.connect(_uri(path, "mode=ro"), uri=True, check_same_thread=False,
                               factory=factory)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:  # no -shm beside a WAL file, and none can be made
            conn.close()
            conn = sqlite3.connect(_uri(path, "mode=ro&immutable=1"), uri=True,
                                   check_same_thread=False, factory=factory)
    elif create or _is_unc(path):
        if not create and not Path(path).is_file():
            raise sqlite3.OperationalError("unable to open database file")
        conn = sqlite3.connect(str(path), check_same_thread=False, factory=factory)
    else:
        conn = sqlite3.connect(_uri(path, "mode=rw"), uri=True, check_same_thread=False,
                               factory=factory)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db = Database(conn, execute_plugins=False)
    if not readonly and str(path) != ":memory:":
        wanted = "delete" if rollback_journal else "wal"
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        if mode.lower() != wanted:
            conn.execute(f"PRAGMA journal_mode = {wanted.upper()}")
    # FULL: a commit survives a power cut, which a clerk's office will have.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    # 16 MiB of page cache instead of SQLite's 2 MiB: a registration touches about
    # twenty indexes and the full-text index, and a bulk write (an Excel import, a
    # bundle) that outgrows the cache spills pages to the WAL mid-transaction. The
    # cache is a ceiling, filled only by pages actually read.
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    return db


def applied_migrations(db: Database) -> list[str]:
    return [m.name for m in MIGRATIONS.applied(db)]


def migrate(db: Database) -> list[str]:
    """Apply pending migrations; return their names. Refuse a schema from the future."""
    known = set(SCHEMA_NAMES)
    unknown = [name for name in applied_migrations(db) if name not in known]
    if unknown:
        raise SchemaTooNewError(", ".join(unknown))
    pending = [m.name for m in MIGRATIONS.pending(db)]
    if pending:
        # Foreign keys cannot be switched inside a transaction; table rebuilds in
        # migrations need them off, and the check below proves nothing dangles.
        db.execute("PRAGMA foreign_keys = OFF")
        try:
            MIGRATIONS.apply(db)
            problems = db.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise sqlite3.IntegrityError(f"foreign key check failed: {problems[:5]}")
        finally:
            db.execute("PRAGMA foreign_keys = ON")
    return pending


def open_database(path: str | Path) -> Database:
    db = connect(path)
    migrate(db)
    return db


def schema_version(db: Database) -> int:
    return len(applied_migrations(db))
