"""A second process holding a file open, with Windows' rule for such files.

`held_open(path)` starts another Python process that opens the file the way Excel or a
PDF reader does (reading allowed to others; writing, renaming and deleting not) and
keeps it open until the block ends; `for_seconds` lets it go by itself, like a virus
scan. On Windows that is all: the system itself refuses. On Linux and macOS, which let
anyone replace or delete an open file, the rule is stood in while the holder runs: a
rename onto or from the file, its deletion, or opening it for writing raises
PermissionError with the winerror Windows gives (32, sharing violation; 5, access
denied for the target of a rename).
"""

from __future__ import annotations

import builtins
import contextlib
import io
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

WINDOWS = sys.platform == "win32"

_HOLDER = r"""
import sys, time
path, seconds = sys.argv[1], float(sys.argv[2])
if sys.platform == "win32":  # as Excel and PDF readers do: others may only read
    import ctypes
    from ctypes import wintypes
    create = ctypes.windll.kernel32.CreateFileW
    create.restype = wintypes.HANDLE
    handle = create(path, 0x80000000, 0x1, None, 3, 0x80, None)  # GENERIC_READ, SHARE_READ
    if handle == wintypes.HANDLE(-1).value:
        raise OSError(ctypes.GetLastError(), "cannot open", path)
else:
    handle = open(path, "rb")
print("ready", flush=True)
if seconds > 0:
    time.sleep(seconds)
else:
    sys.stdin.readline()
"""


def _key(path: str | os.PathLike) -> str:
    return os.path.normcase(os.path.abspath(os.fspath(path))).casefold()


class Holder:
    def __init__(self, path: Path, seconds: float):
        self.path = path
        self.process = subprocess.Popen(
            [sys.executable, "-c", _HOLDER, str(path), str(seconds)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        line = self.process.stdout.readline()
        if line.strip() != b"ready":
            raise RuntimeError(self.process.stderr.read().decode("utf-8", "replace"))

    @property
    def holding(self) -> bool:
        return self.process.poll() is None

    def release(self) -> None:
        if self.holding:
            with contextlib.suppress(OSError, ValueError):
                self.process.stdin.write(b"\n")
                self.process.stdin.flush()
        self.process.wait(timeout=30)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            stream.close()


def _refusal(winerror: int, path) -> PermissionError:
    error = PermissionError(13, "The process cannot access the file because it is being "
                                "used by another process", os.fspath(path))
    error.winerror = winerror
    return error


class WindowsSharing:
    """Holders started in a test, and (off Windows) Windows' rule for their files."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        self.holders: list[Holder] = []
        if not WINDOWS:
            self._stand_in(monkeypatch)

    def _held(self, path) -> bool:
        try:
            key = _key(path)
        except TypeError:  # a file descriptor
            return False
        return any(h.holding and _key(h.path) == key for h in self.holders)

    def _stand_in(self, monkeypatch: pytest.MonkeyPatch) -> None:
        real_replace, real_rename = os.replace, os.rename
        real_remove, real_unlink, real_open = os.remove, os.unlink, builtins.open

        def replace(src, dst, *args, **kwargs):
            if self._held(src):
                raise _refusal(32, src)
            if self._held(dst):
                raise _refusal(5, dst)
            return real_replace(src, dst, *args, **kwargs)

        def rename(src, dst, *args, **kwargs):
            if self._held(src) or self._held(dst):
                raise _refusal(32, src)
            return real_rename(src, dst, *args, **kwargs)

        def remover(real):
            def remove(path, *args, **kwargs):
                if self._held(path):
                    raise _refusal(32, path)
                return real(path, *args, **kwargs)
            return remove

        def open_(file, mode="r", *args, **kwargs):
            if any(c in mode for c in "wax+") and self._held(file):
                raise _refusal(32, file)
            return real_open(file, mode, *args, **kwargs)

        monkeypatch.setattr(os, "replace", replace)
        monkeypatch.setattr(os, "rename", rename)
        monkeypatch.setattr(os, "remove", remover(real_remove))
        monkeypatch.setattr(os, "unlink", remover(real_unlink))
        monkeypatch.setattr(builtins, "open", open_)
        monkeypatch.setattr(io, "open", open_)

    @contextlib.contextmanager
    def held_open(self, path: str | Path, for_seconds: float = 0) -> Iterator[Holder]:
        holder = Holder(Path(path), for_seconds)
        self.holders.append(holder)
        try:
            yield holder
        finally:
            holder.release()

    def hold(self, path: str | Path, for_seconds: float = 0) -> Holder:
        """A holder that lets go by itself after `for_seconds`, or at the test's end."""
        holder = Holder(Path(path), for_seconds)
        self.holders.append(holder)
        return holder

    def close(self) -> None:
        for holder in self.holders:
            holder.release()


@pytest.fixture
def sharing(monkeypatch):
    windows = WindowsSharing(monkeypatch)
    yield windows
    windows.close()


def wait_until(condition, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)
