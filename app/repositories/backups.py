"""Backup files of an office database: SQLite's online backup API into a temporary
file beside the target, checked, flushed and renamed; reading what a backup holds
without changing it; putting a backup in place of a damaged file.

A backup is an ordinary SQLite file (rollback journal, not WAL, so it opens read-only
from a locked stick or a CD). The copy records in its own settings table when it was
made (`backup.made_at`, and the day as the program saw it, `backup.made_on`) and its
place in the order backups were made (`backup.serial`: one more than the highest in
its folder, so rotation never depends on a clock that may be wrong).

It also carries a checksum of the whole file, so a byte changed anywhere after it was
made (inside a record too, which SQLite's own checks do not see) is found before it
is restored: SHA-256 over every page of the file, read as bytes (as fast as the disk),
leaving out only the one page that holds the checksum (table `backup_checksum`, one
row) and the three counters SQLite rewrites in the header at every commit. The
checksum's row is written once more after the hash, same length, so no other byte of
the file changes. A backup opened and written by another program no longer matches,
which is the point.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app import clock, fileops, volumes
from db.connection import (
    DATABASE_ERRORS,
    ERRORS,
    PLAIN_HEADER,
    export_copy,
    known_key,
    raw_connect,
)

MADE_AT = "backup.made_at"
MADE_ON = "backup.made_on"
SERIAL = "backup.serial"
CHECKSUM_TABLE = "backup_checksum"
# Header bytes SQLite rewrites at every commit: the change counter, and the
# version-valid-for number with the SQLite version that wrote the file.
_VOLATILE = ((24, 28), (92, 100))
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
    checksum: str = "unchecked"  # "ok", "mismatch", "missing" (an older backup)
    serial: int = 0
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


def file_digest(path: Path, page_size: int, skip_page: int) -> str:
    """SHA-256 of the file's pages, with the header's commit counters and page
    `skip_page` (1-based) left out."""
    digest = hashlib.sha256()
    with open(path, "rb") as fp:
        number = 1
        while page := fp.read(page_size):
            if number == 1 and not page.startswith(PLAIN_HEADER):
                # An encrypted file (issue 26): SQLCipher writes page 1, header and all,
                # anew (a fresh IV) at every commit, so it is left out; each page of
                # it carries its own HMAC, which SQLCipher checks as it reads.
                page = bytes(len(page))
            elif number == 1:
                page = bytearray(page)
                for start, end in _VOLATILE:
                    page[start:end] = bytes(end - start)
            if number == skip_page:
                page = bytes(len(page))
            digest.update(page)
            number += 1
    return digest.hexdigest()


def _checksum_page(conn: sqlite3.Connection) -> tuple[int, int] | None:
    row = conn.execute("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?",
                       [CHECKSUM_TABLE]).fetchone()
    if row is None:
        return None
    return int(conn.execute("PRAGMA page_size").fetchone()[0]), row[0]


def seal_checksum(conn: sqlite3.Connection, path: Path) -> str:
    """Write the checksum of the (complete, committed) copy `conn` has open at `path`."""
    conn.execute(f"CREATE TABLE {CHECKSUM_TABLE} (digest TEXT NOT NULL)")
    conn.execute(f"INSERT INTO {CHECKSUM_TABLE} (digest) VALUES (?)", ["0" * 64])
    conn.commit()
    page_size, root = _checksum_page(conn)
    digest = file_digest(path, page_size, root)
    conn.execute(f"UPDATE {CHECKSUM_TABLE} SET digest = ?", [digest])
    conn.commit()
    return digest


def check_checksum(conn: sqlite3.Connection, path: Path) -> str:
    """"ok", "mismatch", or "missing" (a backup of an older version, a data file)."""
    where = _checksum_page(conn)
    if where is None:
        return "missing"
    row = conn.execute(f"SELECT digest FROM {CHECKSUM_TABLE}").fetchone()
    if row is None:
        return "mismatch"
    return "ok" if file_digest(path, *where) == row[0] else "mismatch"


def drop_checksum(conn: sqlite3.Connection) -> None:
    """A restored file is a data file again, not a backup."""
    conn.execute(f"DROP TABLE IF EXISTS {CHECKSUM_TABLE}")


def _put_setting(conn: sqlite3.Connection, key: str, value: object) -> None:
    conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key)"
                 " DO UPDATE SET value = excluded.value", [key, json.dumps(value)])


def copy_database(source: sqlite3.Connection, target: Path,
                  progress: Callable[[int, int], None] | None = None, *,
                  serial: int = 0) -> Path:
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
            _put_setting(copy, MADE_AT, clock.stamp())
            _put_setting(copy, MADE_ON, clock.today().isoformat())
            _put_setting(copy, SERIAL, serial)
            copy.commit()
            result = copy.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise BackupFileError("damaged", result)
            seal_checksum(copy, temporary)
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


@dataclass(frozen=True)
class Meta:
    """What a backup says about itself, read quickly (listing, rotation, the clock)."""

    path: Path
    serial: int
    made_at: str | None
    made_on: str | None
    office_code: str | None
    rev: int | None
    office_name: str | None = None

    @property
    def order(self) -> tuple[int, str]:
        return (self.serial, self.made_at or "")


def read_meta(path: Path) -> Meta | None:
    """None when the file is no readable DVK backup."""
    try:
        conn = open_readonly(path)
    except ERRORS:
        return None
    try:
        values = dict(conn.execute(
            "SELECT key, value FROM settings WHERE key IN (?, ?, ?, ?)",
            [MADE_AT, MADE_ON, SERIAL, "office_code"]).fetchall())
        try:
            rev = conn.execute("SELECT rev FROM sync_clock WHERE id = 1").fetchone()
        except ERRORS:
            rev = None
        try:
            code = json.loads(values.get("office_code") or "null")
            name = conn.execute("SELECT name FROM units WHERE code = ?",
                                [code]).fetchone() if isinstance(code, str) else None
        except (*ERRORS, ValueError):
            name = None
    except ERRORS:
        return None
    finally:
        conn.close()

    def value(key):
        try:
            return json.loads(values[key]) if key in values else None
        except (TypeError, ValueError):
            return None

    serial = value(SERIAL)
    text = {key: value(key) for key in (MADE_AT, MADE_ON, "office_code")}
    return Meta(path=path, serial=serial if isinstance(serial, int) else 0,
                made_at=text[MADE_AT] if isinstance(text[MADE_AT], str) else None,
                made_on=text[MADE_ON] if isinstance(text[MADE_ON], str) else None,
                office_code=text["office_code"] if isinstance(text["office_code"], str)
                else None, rev=rev[0] if rev else None, office_name=name[0] if name else None)


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


def inspect(path: Path, *, full_check: bool = False, verify: bool = True) -> Contents:
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
        serial = _setting(conn, SERIAL)
        checksum = check_checksum(conn, path) if verify else "unchecked"
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
                    checksum=checksum, serial=serial if isinstance(serial, int) else 0,
                    erasure_ids=erasure_ids)


def restore_into(backup: Path, target: sqlite3.Connection) -> None:
    """Copy the backup's pages over the open database `target` in one step (the
    online backup API in reverse): other windows see the old or the new file, never a
    mix, and `target` stays open."""
    source = open_readonly(backup)
    try:
        source.backup(target, pages=-1)
    finally:
        source.close()


def fsync_file(path: Path) -> None:
    _fsync_file(path)


def copy_beside(source: Path, target: Path, *, key: bytes | None | object = ...) -> Path:
    """A copy of `source` under a temporary name in `target`'s folder (flushed): the
    file a restore prepares before it replaces anything. With `key` (the data file's;
    None: plain) a backup in another key is copied into that one."""
    temporary = target.parent / f".{target.name}.{secrets.token_hex(4)}.part"
    try:
        if key is ... or known_key(source) == key:
            shutil.copyfile(source, temporary)
            _fsync_file(temporary)
        else:
            export_copy(source, temporary, key)  # sqlcipher_export
            _fsync_file(temporary)
    except BaseException:
        remove_temporary(temporary)
        raise
    return temporary


def remove_temporary(path: Path) -> None:
    for name in (str(path), str(path) + "-journal", str(path) + "-wal", str(path) + "-shm"):
        with contextlib.suppress(OSError):
            Path(name).unlink(missing_ok=True)


def keep_aside(path: Path) -> Path | None:
    """Keep a (damaged) database under another name, with its -wal/-journal files,
    for whoever will try to rescue it; return that name (None: no file). The main
    file is linked (or copied) aside and stays where it is until something replaces
    it; its companions move aside at once, so they cannot be applied to the file put
    in its place."""
    if not path.exists():
        return None
    stamp = clock.now_vietnam().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.hong-{stamp}")
    number = 2
    while aside.exists():
        aside = path.with_name(f"{path.name}.hong-{stamp}-{number}")
        number += 1
    try:
        os.link(path, aside)
    except OSError:  # no hard links here (FAT32 sticks): a copy
        shutil.copyfile(path, aside)
    for suffix in ("-wal", "-shm", "-journal"):
        companion = Path(str(path) + suffix)
        if companion.exists():
            fileops.replace(companion, Path(str(aside) + suffix))
    _fsync_folder(path.parent)
    return aside


def put_in_place(prepared: Path, target: Path) -> None:
    """The prepared file takes `target`'s name in one rename (replacing it; retried
    while another program, such as an antivirus, holds the file: app/fileops.py)."""
    fileops.replace(prepared, target)
    _fsync_folder(target.parent)
