"""Which windows have a data file open.

Each window that opens a data file holds a small lock file in a hidden folder beside
it (`.NAME-windows/SESSION.lock`), locked for as long as the window lives: `flock` on
Linux and macOS, a byte-range lock on Windows; both are dropped by the system when
the program ends, even when it is killed or the power goes. A lock file nobody holds
is a window that is gone (it is removed when found). Both kinds of lock belong to one
opened file, so two windows of one program (two contexts in a test) see each other as
well as two programs or two PCs on a shared folder.

The lock file holds who opened the window, on which computer and when, so the
warning can name them. Drafts (app/services/drafts.py) use the same sessions: a draft
belongs to its window while that window is alive.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import uuid
from dataclasses import dataclass
from pathlib import Path

from app import clock

SUFFIX = ".lock"
LOCK_OFFSET = 1 << 20  # Windows: lock a byte far past the text, which stays readable


def new_session_id() -> str:
    return uuid.uuid4().hex


def _lock(fd: int) -> bool:
    """Take the lock of an open lock file without waiting; False if someone holds it."""
    try:
        if os.name == "nt":
            import msvcrt

            os.lseek(fd, LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    with contextlib.suppress(OSError):
        if os.name == "nt":
            import msvcrt

            os.lseek(fd, LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)


@dataclass(frozen=True)
class Window:
    """Another window on the same data file."""

    session: str
    user: str
    computer: str
    since: str


def folder_for(db_path: Path) -> Path:
    return db_path.parent / f".{db_path.name}-windows"


class Presence:
    """The windows of one data file; `enter()` makes this one of them."""

    def __init__(self, db_path: str | Path, session: str):
        self.db_path = Path(db_path)
        self.folder = folder_for(self.db_path)
        self.session = session
        self._fd: int | None = None

    @property
    def entered(self) -> bool:
        return self._fd is not None

    def enter(self, user: str) -> bool:
        """Hold this window's lock file. False when the folder cannot be written (a
        read-only stick): the window works, unseen by the others."""
        if self._fd is not None:
            return True
        path = self.folder / f"{self.session}{SUFFIX}"
        try:
            self.folder.mkdir(exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return False
        if not _lock(fd):
            os.close(fd)
            return False
        info = {"user": user, "computer": socket.gethostname(), "since": clock.stamp()}
        with contextlib.suppress(OSError):
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, json.dumps(info, ensure_ascii=False).encode("utf-8"))
        self._fd = fd
        return True

    def leave(self) -> None:
        """The window closes: its lock file goes."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        _unlock(fd)
        os.close(fd)
        with contextlib.suppress(OSError):
            (self.folder / f"{self.session}{SUFFIX}").unlink()
        with contextlib.suppress(OSError):
            self.folder.rmdir()  # only when no other window is left

    def abandon(self) -> None:
        """What a killed program leaves: the lock released by the system, the file
        still there (tests simulate a crash with this)."""
        fd, self._fd = self._fd, None
        if fd is not None:
            _unlock(fd)
            os.close(fd)

    def others(self) -> list[Window]:
        """The other windows alive on this data file now (stale lock files removed)."""
        found = []
        if not self.folder.is_dir():
            return found
        for path in sorted(self.folder.glob(f"*{SUFFIX}")):
            session = path.stem
            if session == self.session:
                continue
            window = self._alive(path)
            if window is not None:
                found.append(window)
        return found

    def alive(self, session: str | None) -> bool:
        """Is the window `session` still open (this one included)?"""
        if not session:
            return False
        if session == self.session:
            return self.entered
        path = self.folder / f"{session}{SUFFIX}"
        return path.exists() and self._alive(path) is not None

    def _alive(self, path: Path) -> Window | None:
        try:
            fd = os.open(path, os.O_RDWR)
        except OSError:
            return None
        try:
            if _lock(fd):  # nobody holds it: that window is gone
                _unlock(fd)
                os.close(fd)
                fd = -1
                with contextlib.suppress(OSError):
                    path.unlink()
                return None
            return self._describe(path)
        finally:
            if fd >= 0:
                os.close(fd)

    @staticmethod
    def _describe(path: Path) -> Window:
        try:
            with open(path, "rb") as fp:
                info = json.loads(fp.read(4096).decode("utf-8") or "{}")
        except (OSError, ValueError):
            info = {}
        return Window(session=path.stem, user=str(info.get("user", "?")),
                      computer=str(info.get("computer", "?")), since=str(info.get("since", "")))
