"""Turn SQLite's failures into messages a clerk can act on."""

from __future__ import annotations

import contextlib
import secrets
import weakref
from collections.abc import Callable, Iterator

from sqlite_utils import Database

from app.errors import StorageError
from app.i18n import _
from db.connection import ERRORS, INTEGRITY_ERRORS


def explain(error: Exception) -> StorageError:
    text = str(error).lower()
    reason = "other"
    if "full" in text:
        reason = "full"
        message = _(
            "The disk is full, so nothing could be saved. Free some space (or choose "
            "another drive) and save again; what you typed is still on the screen."
        )
    elif "readonly" in text or "read-only" in text:
        reason = "readonly"
        message = _(
            "The data file is read-only (a locked USB stick, a CD or a protected folder). "
            "Copy it to a writable folder and open it there; nothing was changed."
        )
    elif "locked" in text or "busy" in text:
        reason = "busy"
        message = _(
            "The data file is busy in another window or program. Close the other one "
            "and try again; nothing was changed."
        )
    elif "not a database" in text or "malformed" in text or "corrupt" in text:
        reason = "damaged"
        message = _(
            "The data file is damaged. Restore it from a backup (Tools > Restore); "
            "do not keep working in this file."
        )
    elif "unable to open" in text:
        reason = "unopenable"
        message = _(
            "The data file cannot be opened: the folder is missing or not accessible. "
            "Check the path or choose another file."
        )
    else:
        message = _("The data file could not be used ({detail}). Nothing was changed.").format(
            detail=str(error)
        )
    result = StorageError(message, reason)
    result.__cause__ = error
    return result


@contextlib.contextmanager
def storage_errors() -> Iterator[None]:
    try:
        yield
    except INTEGRITY_ERRORS:
        raise  # a programming or data error, not the disk: let callers see it
    except ERRORS as error:
        raise explain(error) from error


# What must hold before a database is written (the file is still the one opened, it
# was not opened read-only): set by AppContext, checked by every outermost transaction.
_before_write: weakref.WeakKeyDictionary[Database, Callable[[], None]] = \
    weakref.WeakKeyDictionary()


def guard_writes(db: Database, check: Callable[[], None]) -> None:
    """Run `check` before every outermost write transaction on `db`; it raises (a
    StorageError) to refuse the write before anything is written."""
    _before_write[db] = check


def check_writable(db: Database) -> None:
    check = _before_write.get(db)
    if check is not None:
        check()


@contextlib.contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """All or nothing, with storage failures explained.

    The outermost transaction starts with BEGIN IMMEDIATE: it takes the write lock
    first (waiting up to the busy timeout while another window or program writes), so
    two writers on one file queue up instead of one failing half-way with "database is
    locked" after it read a snapshot the other one changed. Nested calls are
    savepoints."""
    with _transaction(db, keep=True):
        yield db


@contextlib.contextmanager
def trial(db: Database) -> Iterator[Database]:
    """A transaction that is always taken back: a preview runs exactly the writes
    confirming would make (the same lock, the same checks) and keeps none of them.
    Nested, a savepoint undone."""
    if db.conn.in_transaction:
        with savepoint(db) as point:
            yield db
            point.undo()
        return
    with _transaction(db, keep=False):
        yield db


@contextlib.contextmanager
def _transaction(db: Database, *, keep: bool) -> Iterator[None]:
    with storage_errors():
        if db.conn.in_transaction:
            with db.atomic():
                yield
            return
        check_writable(db)
        try:
            db.conn.execute("BEGIN IMMEDIATE")
        except BaseException:
            # It may have begun before failing (a disk error reported after the fact):
            # left open, every later save would go into a transaction never committed.
            if db.conn.in_transaction:
                db.conn.rollback()
            raise
        try:
            yield
        except BaseException:
            if db.conn.in_transaction:
                db.conn.rollback()
            raise
        if not keep:
            db.conn.rollback()
            return
        try:
            db.conn.execute("COMMIT")
        except BaseException:
            if db.conn.in_transaction:
                db.conn.rollback()
            raise


class Savepoint:
    """A part of an open transaction that its maker may take back (`undo`) without
    raising: an imported row that added a sub-unit and was then refused."""

    def __init__(self, db: Database, name: str):
        self.db = db
        self.name = name

    def undo(self) -> None:
        self.db.conn.execute(f"ROLLBACK TO SAVEPOINT {self.name}")


@contextlib.contextmanager
def savepoint(db: Database) -> Iterator[Savepoint]:
    """A savepoint inside the open transaction (`transaction`, `trial`): released at the
    end, whatever `undo` took back; rolled back when an error leaves it."""
    if not db.conn.in_transaction:
        raise RuntimeError("a savepoint belongs inside a transaction")
    name = f"dvk_{secrets.token_hex(8)}"
    with storage_errors():
        db.conn.execute(f"SAVEPOINT {name}")
        try:
            yield Savepoint(db, name)
        except BaseException:
            if db.conn.in_transaction:  # an error may have ended the whole transaction
                db.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                db.conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        db.conn.execute(f"RELEASE SAVEPOINT {name}")


@contextlib.contextmanager
def immediate_transaction(db: Database) -> Iterator[Database]:
    """A transaction that must hold the write lock from its first read (a numbering
    book's last number): like `transaction`, but refusing to run nested, where the
    lock would have been taken later by the outer transaction."""
    if db.conn.in_transaction:
        raise RuntimeError("immediate_transaction cannot be nested")
    with transaction(db):
        yield db
