"""Half-written files left by an interrupted write: `.NAME.XXXXXXXX.part` (and its
SQLite journal) from a backup, a restore or a bundle written under a temporary name
and renamed when complete. A program killed, or a PC losing power, in the middle
leaves one behind, hidden, as large as the copy it was making.

A temporary file still being written by another window is left alone: only one whose
last change is more than `STALE_AFTER` seconds away from now (either way: a clock set
back must not keep a leftover forever) is removed.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

STALE_AFTER = 3600
_PART = re.compile(r"^\..+\.[0-9a-f]{8}\.part(-journal|-wal|-shm)?$")


def is_leftover(name: str) -> bool:
    return bool(_PART.match(name))


def clean(folder: Path, *, now: float | None = None) -> list[Path]:
    """Remove the stale temporary files of DVK in `folder`; return them. Never
    raises (a folder that cannot be read or written keeps its files)."""
    removed: list[Path] = []
    now = time.time() if now is None else now
    try:
        candidates = [p for p in folder.iterdir() if is_leftover(p.name)]
    except OSError:
        return removed
    for path in candidates:
        try:
            if abs(now - path.stat().st_mtime) < STALE_AFTER or not path.is_file():
                continue
            path.unlink()
            removed.append(path)
        except OSError:
            continue
    return removed
