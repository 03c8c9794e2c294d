"""Backup files of an office database: SQLite's online backup API into a temporary
file beside the target, checked, flushed and renamed; reading what a backup holds
without changing it; putting a backup in place of a damaged file.

A backup is an ordinary SQLite file (rollback journal, not WAL, so it opens read-only
from a locked stick or a CD). The copy records when it was made in its own settings
table (`backup.made_at`), so a restored database knows its origin.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app import clock, fileops, volumes
from db.connection import DATABASE_ERRORS, ERRORS, cipher, known_key, raw_connect

MADE_AT = "backup.made_at"
SPACE_MARGIN = 1024 * 1024
STEP_PAGES = 256

# Tables counted in a preview, in the order shown (missing tables count 0, so a
# backup of an older schema previews too).
COUNTED = ("registrations", "persons", "evidence", "score_sheets", "rubrics", "units",
           "office_keys", "trusted_keys", "inbox", "outbox", "users", "audit_log")


class BackupFileError(Exception):
    """The file is not a usable DVK backup (English detail; callers translate)."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(detail or reason)
        self.reason = reason  # "unreadable", "not_dvk", "damaged", "space"


@dataclass
class Contents:
    """What a backup (or a database) holds, for the preview before a restore."""

    path: Path
    size: int
    made_at: str | None
    office_code: str | None
    office_name: str | None
    migrations: list[str]
    counts: dict[str, int] = field(default_factory=dict)
    integrity: str = "ok"
    # The erasures of personal data the file knows (issue 26): a backup that lacks one
    # the data file has still holds the data it erased.
    erasure_ids: frozenset[str] = frozenset()

    @property
    def schema_version(self) -> int:
        return len(self.migrations)


def _fsync_folder(folder: Path) -> None:
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fp:
        os.fsync(fp.fileno())


def database_size(conn: sqlite3.Connection) -> int:
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    return int(pages) * int(size)  # SQLCipher answers the page size as text


def copy_database(source: sqlite3.Connection, target: Path,
                  progress: Callable[[int, int], None] | None = None) -> Path:
    """Write a consistent copy of `source` to `target`: complete or not there at all.
    Raises BackupFileError("space") when the folder has too little room, OSError or
    sqlite3.Error for other failures (nothing is left under `target` then)."""
    folder = target.parent
    needed = database_size(source) + SPACE_MARGIN
    free = shutil.disk_usage(folder).free
    if free < needed:
        raise BackupFileError("space", f"{needed} {free}")
    volumes.check_fits(folder, needed)
    temporary = folder / f".{target.name}.{secrets.token_hex(4)}.part"
    # A backup of an encrypted data file is encrypted with the same key (issue 26).
    key = _key_of(source)
    try:
        copy = raw_connect(str(temporary), key=key)
        try:
            def step(_status: int, remaining: int, total: int) -> None:
                if progress:
                    progress(total - remaining, total)

            source.backup(copy, pages=STEP_PAGES, progress=step)
            copy.execute("PRAGMA journal_mode = DELETE")
            copy.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key)"
                         " DO UPDATE SET value = excluded.value",
                         [MADE_AT, json.dumps(clock.stamp())])
            copy.commit()
            result = copy.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise BackupFileError("damaged", result)
        finally:
            copy.close()
        _fsync_file(temporary)
        fileops.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        Path(str(temporary) + "-journal").unlink(missing_ok=True)
        raise
    _fsync_folder(folder)
    return target


def _key_of(conn) -> bytes | None:
    """The key of the file a connection has open (None: a plain file)."""
    row = conn.execute("PRAGMA database_list").fetchone()
    return known_key(row[2]) if row and row[2] else None


def open_readonly(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file (nor create -wal/-shm beside it); an
    encrypted backup opens with the key of the data file it was made from."""
    uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
    return raw_connect(uri, uri=True, key=known_key(path))


def _table_names(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _setting(conn: sqlite3.Connection, key: str) -> object:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    if row is None:
        return None
    try:
        return json.loads(row[0])
    except ValueError:
        return None


def inspect(path: Path, *, full_check: bool = False) -> Contents:
    """What the file holds; BackupFileError if it is not a readable DVK database."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise BackupFileError("unreadable", error.strerror or str(error)) from error
    if not path.is_file():
        raise BackupFileError("unreadable", "not a file")
    try:
        conn = open_readonly(path)
    except ERRORS as error:
        raise BackupFileError("unreadable", str(error)) from error
    try:
        tables = _table_names(conn)
        if not {"settings", "registrations", "audit_log"} <= tables:
            raise BackupFileError("not_dvk", "tables missing")
        check = "integrity_check" if full_check else "quick_check"
        problems = [row[0] for row in conn.execute(f"PRAGMA {check}")]
        migrations = [row[0] for row in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'dvk' ORDER BY rowid")] if "_sqlite_migrations" in tables else []
        counts = {table: conn.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]
                  for table in COUNTED if table in tables}
        made_at = _setting(conn, MADE_AT)
        office = _setting(conn, "office_code")
        office = office if isinstance(office, str) else None
        row = conn.execute("SELECT name FROM units WHERE code = ?", [office]).fetchone() \
            if office and "units" in tables else None
        erasure_ids = frozenset(r[0] for r in conn.execute("SELECT id FROM erasures")) \
            if "erasures" in tables else frozenset()
    except DATABASE_ERRORS as error:
        raise BackupFileError("damaged", str(error)) from error
    finally:
        conn.close()
    return Contents(path=path, size=size, made_at=made_at if isinstance(made_at, str) else None,
                    office_code=office, office_name=row[0] if row else None,
                    migrations=migrations, counts=counts,
                    integrity="ok" if problems == ["ok"] else "; ".join(problems[:3]),
                    erasure_ids=erasure_ids)


def restore_into(backup: Path, target: sqlite3.Connection) -> None:
    """Copy the backup's pages over the open database `target` in one step (the
    online backup API in reverse): other windows see the old or the new file, never a
    mix, and `target` stays open."""
    key = _key_of(target)
    if known_key(backup) == key:
        _backup_pages(open_readonly(backup), target)
        return
    # A backup made before the data file was encrypted (or the other way round):
    # SQLite's backup copies pages as they are, so the backup is first copied under
    # the data file's key (sqlcipher_export), beside the data file, then restored.
    folder = Path(target.execute("PRAGMA database_list").fetchone()[2]).parent
    rekeyed = folder / f".{backup.name}.{secrets.token_hex(4)}.part"
    try:
        export_with_key(backup, rekeyed, key)
        _backup_pages(raw_connect(str(rekeyed), key=key), target)
    finally:
        rekeyed.unlink(missing_ok=True)


def _backup_pages(source, target) -> None:
    try:
        source.backup(target, pages=-1)
    finally:
        source.close()


def export_with_key(source: Path, target: Path, key: bytes | None) -> None:
    """A copy of `source` (opened with the key known for it) at `target`, under `key`
    (None: plain), by SQLCipher's `sqlcipher_export`."""
    if cipher is None:
        raise sqlite3.DatabaseError("file is encrypted and SQLCipher is not installed")
    conn = raw_connect(source.resolve().as_uri() + "?mode=ro", uri=True,
                       key=known_key(source))
    if not isinstance(conn, cipher.Connection):  # a plain file, read by SQLCipher
        conn.close()
        conn = cipher.connect(source.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        secret = f"x'{key.hex()}'" if key else ""
        conn.execute(f"ATTACH DATABASE ? AS rekeyed KEY \"{secret}\"", [str(target)])
        conn.execute("SELECT sqlcipher_export('rekeyed')")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"PRAGMA rekeyed.user_version = {int(version)}")
        conn.execute("DETACH DATABASE rekeyed")
    finally:
        conn.close()


def set_aside(path: Path) -> Path | None:
    """Rename a (damaged) database and its -wal/-shm files out of the way, keeping
    them for whoever will try to rescue them; return the new name of the main file."""
    if not path.exists():
        return None
    stamp = clock.now_vietnam().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.hong-{stamp}")
    fileops.replace(path, aside)
    for suffix in ("-wal", "-shm", "-journal"):
        companion = Path(str(path) + suffix)
        if companion.exists():
            fileops.replace(companion, Path(str(aside) + suffix))
    _fsync_folder(path.parent)
    return aside


def place_file(backup: Path, target: Path) -> None:
    """Copy a backup file to `target` (which must not exist): temporary name, flush,
    rename."""
    temporary = target.parent / f".{target.name}.{secrets.token_hex(4)}.part"
    try:
        shutil.copyfile(backup, temporary)
        _fsync_file(temporary)
        fileops.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_folder(target.parent)
