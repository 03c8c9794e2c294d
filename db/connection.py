"""Opening an office database: pragmas that keep data safe, migrations applied."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from db.migrations import MIGRATIONS, SCHEMA_NAMES

try:  # SQLCipher, for data files encrypted at rest (app/atrest.py; docs/privacy.md)
    from sqlcipher3 import dbapi2 as cipher
except ImportError:  # pragma: no cover - a build without it opens plain files only
    cipher = None

BUSY_TIMEOUT_MS = 5000

# The errors of either driver (an encrypted file's connection is SQLCipher's, whose
# exception classes are its own): catch these, never sqlite3's alone.
ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, *((cipher.Error,) if cipher else ()))
DATABASE_ERRORS: tuple[type[Exception], ...] = (
    sqlite3.DatabaseError, *((cipher.DatabaseError,) if cipher else ()))
OPERATIONAL_ERRORS: tuple[type[Exception], ...] = (
    sqlite3.OperationalError, *((cipher.OperationalError,) if cipher else ()))
INTEGRITY_ERRORS: tuple[type[Exception], ...] = (
    sqlite3.IntegrityError, *((cipher.IntegrityError,) if cipher else ()))

PLAIN_HEADER = b"SQLite format 3\x00"

# The keys of encrypted data files this process has unlocked (app/atrest.py puts them
# here): every connection to such a file, and to its backups, is opened with its key.
_KEYS: dict[str, bytes] = {}


def _key_name(path: str | Path) -> str:
    return os.path.normcase(str(Path(path).resolve()))


def remember_key(path: str | Path, key: bytes) -> None:
    _KEYS[_key_name(path)] = key


def forget_key(path: str | Path) -> None:
    _KEYS.pop(_key_name(path), None)


def known_key(path: str | Path) -> bytes | None:
    """The key of `path` if unlocked, else for a file that is not a plain SQLite file
    (a backup of an encrypted data file) the first known key that opens it."""
    key = _KEYS.get(_key_name(path))
    if key is not None or not _KEYS or is_plain(path):
        return key
    for candidate in _KEYS.values():
        if opens_with(path, candidate):
            return candidate
    return None


def is_plain(path: str | Path) -> bool:
    """An empty or missing file, or one that starts as SQLite writes it unencrypted."""
    try:
        with open(path, "rb") as fp:
            head = fp.read(16)
    except OSError:
        return True
    return not head or head == PLAIN_HEADER


def _keyed(conn, key: bytes) -> None:
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")


def opens_with(path: str | Path, key: bytes) -> bool:
    """Does `key` open the encrypted file at `path`?"""
    if cipher is None:
        return False
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    try:
        conn = cipher.connect(uri, uri=True)
    except cipher.Error:
        return False
    try:
        _keyed(conn, key)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except cipher.Error:
        return False
    finally:
        conn.close()


def raw_connect(target: str, *, uri: bool = False, key: bytes | None = None,
                factory: type[sqlite3.Connection] = sqlite3.Connection):
    """A bare connection (no pragmas but the key): SQLCipher's with `key`, else
    sqlite3's (`factory`: a subclass, as the crash tests use)."""
    if key is None:
        return sqlite3.connect(target, uri=uri, check_same_thread=False, factory=factory)
    if cipher is None:
        raise sqlite3.DatabaseError("file is encrypted and SQLCipher is not installed")
    conn = cipher.connect(target, uri=uri, check_same_thread=False)
    _keyed(conn, key)
    return conn


def export_copy(source: str | Path, target: str | Path, key: bytes | None, *,
                readonly: bool = True) -> None:
    """A copy of the database at `source` (read with the key known for it, or plain)
    written at `target` under `key` (None: plain), by SQLCipher's `sqlcipher_export`:
    how a plain data file is encrypted, and how a backup in another key is restored.
    `readonly=False` for a data file in WAL mode: the connection then leaves no -wal or
    -shm file behind when it closes."""
    if cipher is None:
        raise sqlite3.DatabaseError("file is encrypted and SQLCipher is not installed")
    conn = cipher.connect(Path(source).resolve().as_uri() + ("?mode=ro" if readonly else ""),
                          uri=True)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        own = known_key(source)
        if own is not None:
            conn.execute(f"PRAGMA key = \"x'{own.hex()}'\"")
        secret = f"x'{key.hex()}'" if key else ""
        conn.execute(f"ATTACH DATABASE ? AS exported KEY \"{secret}\"", [str(target)])
        conn.execute("SELECT sqlcipher_export('exported')")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"PRAGMA exported.user_version = {int(version)}")
        conn.execute("DETACH DATABASE exported")
    finally:
        conn.close()


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
            factory: type[sqlite3.Connection] = sqlite3.Connection,
            key: bytes | None = None) -> Database:
    """A connection with the pragmas every DVK connection uses (no migrations).
    `factory` is a sqlite3.Connection subclass (the crash tests count statements).
    An encrypted file opens with `key`, or the key this process unlocked for it.

    `create=False` never makes a file: a missing one raises sqlite3.OperationalError
    ("unable to open database file"). `readonly` opens without writing anything, also
    on a write-protected medium where SQLite cannot make its -shm file (then the file
    is read as it is, `immutable`). `rollback_journal`: a rollback journal, not WAL,
    whose shared-memory index does not work between PCs (a file on a network share)."""
    if str(path) == ":memory:":
        conn = raw_connect(":memory:", factory=factory)
    else:
        key = key or known_key(path)
        if readonly:
            conn = raw_connect(_uri(path, "mode=ro"), uri=True, key=key, factory=factory)
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except OPERATIONAL_ERRORS:  # no -shm beside a WAL file, and none can be made
                conn.close()
                conn = raw_connect(_uri(path, "mode=ro&immutable=1"), uri=True, key=key,
                                   factory=factory)
        elif create or _is_unc(path):
            if not create and not Path(path).is_file():
                raise sqlite3.OperationalError("unable to open database file")
            conn = raw_connect(str(path), key=key, factory=factory)
        else:
            conn = raw_connect(_uri(path, "mode=rw"), uri=True, key=key, factory=factory)
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
