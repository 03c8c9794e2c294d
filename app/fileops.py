"""Replacing and removing files the way Windows allows it, and what a failure means.

On Windows a file that another program holds open (Excel, a PDF reader, another DVK
window, an antivirus scan, the search indexer) cannot be replaced, renamed or deleted:
the call fails with a sharing violation (winerror 32 or 33), or "access denied"
(winerror 5) when the file is the target of a rename. Scanners and indexers let go
within a moment, so `replace` and `remove` try again for about two seconds; a program
that keeps the file open makes them raise `FileInUse`, which `explain` turns into a
message that says which file and what to do. Linux and macOS never refuse: the tests
stand Windows' rule in (tests/windows/sharing.py).

`explain(error, path)` words every failure a clerk can meet when writing to a disk or
a USB stick: a file in use, a write-protected stick, a full one, a file too large for
FAT32, a stick pulled out, a path too long, a name Windows refuses.
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from app.i18n import _
from app.volumes import TooLargeForFat

T = TypeVar("T")

WINDOWS = os.name == "nt"
MAX_PATH = 260  # Windows' limit unless long paths are switched on for the whole PC
PATH_NOT_FOUND, FILE_NOT_FOUND = 3, 2

SHARING_VIOLATION, LOCK_VIOLATION, ACCESS_DENIED = 32, 33, 5
WRITE_PROTECT = 19
NOT_READY, GEN_FAILURE, DEV_NOT_EXIST, IO_DEVICE, NOT_CONNECTED = 21, 31, 55, 1117, 1167
DISK_FULL, HANDLE_DISK_FULL = 112, 39
FILE_TOO_LARGE = 223
PATH_TOO_LONG, INVALID_NAME = 206, 123
# About two seconds in all: long enough for a virus scan of a fresh file.
RETRY_DELAYS = (0.05, 0.1, 0.2, 0.3, 0.5, 0.8)


class FileInUse(PermissionError):
    """Another program holds the file open and Windows will not let it be replaced or
    deleted."""

    def __init__(self, path: str | Path):
        super().__init__(errno.EACCES, "the file is open in another program", str(path))
        self.path = Path(path)
        self.winerror_code = SHARING_VIOLATION


def winerror(error: BaseException) -> int | None:
    return getattr(error, "winerror", None)


def is_in_use(error: BaseException) -> bool:
    """Is this the refusal Windows gives for a file another program holds open?"""
    return isinstance(error, FileInUse) or \
        winerror(error) in (SHARING_VIOLATION, LOCK_VIOLATION)


def caused_by_in_use(error: BaseException | None) -> bool:
    """Did `error` (a DvkError raised from an OSError, say) come from a file in use?"""
    seen = set()
    while error is not None and id(error) not in seen:
        if is_in_use(error):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def _may_be_held(error: OSError) -> bool:
    # Replacing or deleting a file that is open elsewhere is "access denied" too.
    return is_in_use(error) or winerror(error) == ACCESS_DENIED


def retrying(action: Callable[[], T], path: str | Path,
             sleep: Callable[[float], None] = time.sleep) -> T:
    """`action()` (a replace or a delete of `path`), tried again while the file is held
    open; then FileInUse."""
    for delay in (*RETRY_DELAYS, None):
        try:
            return action()
        except OSError as error:
            if not _may_be_held(error):
                raise
            if delay is None:
                raise FileInUse(path) from error
            sleep(delay)
    raise AssertionError("unreachable")


def replace(source: str | Path, target: str | Path) -> None:
    """os.replace, patient with a target another program holds for a moment."""
    retrying(lambda: os.replace(source, target), target)


def remove(path: str | Path, *, missing_ok: bool = True) -> None:
    """Delete a file, patient with a program that holds it for a moment."""
    def delete() -> None:
        try:
            os.remove(path)
        except FileNotFoundError:
            if not missing_ok:
                raise

    retrying(delete, path)


def _is(test: Callable[[], bool]) -> bool:
    try:
        return test()
    except (OSError, ValueError):  # a path too long to even look at
        return False


def _folder(path: Path) -> Path:
    return path if _is(path.is_dir) else path.parent


def explain(error: BaseException, path: str | Path) -> str | None:
    """A clerk's sentence for a failure to write `path`, or None when this is not one
    of the failures a disk or a stick gives (the caller words it then)."""
    path = Path(path)
    folder = _folder(path)
    code, number = winerror(error), getattr(error, "errno", None)
    if is_in_use(error):
        return _("{name} is open in another program (Excel, a PDF reader, another DVK "
                 "window, or a virus scan) or is read-only, so Windows will not let it be "
                 "replaced. Close it and try again, or choose another name; nothing was "
                 "changed.").format(name=path.name)
    if code == WRITE_PROTECT or number == errno.EROFS:
        return _("The disk or stick holding {folder} is write-protected (a lock switch on "
                 "the stick, or a read-only disk). Slide the switch or use another stick; "
                 "nothing was written.").format(folder=folder)
    if isinstance(error, TooLargeForFat) or code == FILE_TOO_LARGE or number == errno.EFBIG:
        return _("The stick holding {folder} is formatted FAT32, which cannot hold a file "
                 "of 4 GB or more. Use a stick formatted exFAT or NTFS; nothing was "
                 "written.").format(folder=folder)
    if code in (DISK_FULL, HANDLE_DISK_FULL) or number in (errno.ENOSPC, errno.EDQUOT):
        return _("The disk or stick holding {folder} is full. Free some space or use "
                 "another one; nothing was written.").format(folder=folder)
    if code == PATH_TOO_LONG or number == errno.ENAMETOOLONG or (
            WINDOWS and len(os.path.abspath(path)) >= MAX_PATH and
            (code in (PATH_NOT_FOUND, FILE_NOT_FOUND) or number == errno.ENOENT)):
        return _("The path {path} is too long for Windows. Choose a folder nearer the top "
                 "of the disk (for example D:\\DVK) or a shorter name.").format(path=path)
    if code in (NOT_READY, GEN_FAILURE, DEV_NOT_EXIST, IO_DEVICE, NOT_CONNECTED) or \
            number in (errno.EIO, errno.ENODEV, errno.ENXIO, getattr(errno, "ENOMEDIUM", -1)) \
            or (number == errno.ENOENT and not _is(folder.exists)):
        return _("The disk or stick holding {folder} cannot be reached (was the stick "
                 "pulled out?). Put it back and try again; no half-written file was "
                 "left.").format(folder=folder)
    if code == INVALID_NAME:
        return _("Windows cannot use the name {name}; choose another one.").format(
            name=path.name)
    if isinstance(error, PermissionError) or number in (errno.EACCES, errno.EPERM):
        return _("DVK may not write in {folder}. Choose a folder you may write to (for "
                 "example Documents) and try again.").format(folder=folder)
    return None
