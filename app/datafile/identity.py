"""Is the data file at its path still the file that was opened?

An open SQLite connection keeps writing to the file it opened, wherever that file
goes: an antivirus that quarantines it, a colleague who moves it into a folder, a
file put back from a copy. Saves would then report success and be lost for whoever
opens the path next. So each write transaction first compares the path's file with
the one opened: the same volume and file number (`st_dev`, `st_ino`: the inode on
Linux and macOS, the NTFS/FAT file index on Windows, where a moved file is a
different path and a copy is a different index). Where the system gives no file
number (`st_ino == 0`), the size and creation time stand in for it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FileIdentity:
    path: Path
    device: int
    number: int
    born: float  # creation time where the system keeps one (Windows, macOS)

    @classmethod
    def of(cls, path: str | Path) -> FileIdentity:
        """The identity of the file now at `path` (OSError if there is none)."""
        path = Path(path)
        info = os.stat(path)
        born = getattr(info, "st_birthtime", None)
        if born is None:
            born = info.st_ctime if os.name == "nt" else 0.0
        return cls(path, info.st_dev, info.st_ino, float(born))

    def same_file(self, other: FileIdentity) -> bool:
        if self.number and other.number:
            return (self.device, self.number) == (other.device, other.number)
        return self.device == other.device and self.born == other.born

    def problem(self) -> str | None:
        """None while the path still holds this file; "missing" when nothing is there,
        "replaced" when another file is."""
        try:
            now = FileIdentity.of(self.path)
        except OSError:  # gone, or no longer reachable (a pulled stick)
            return "missing"
        return None if self.same_file(now) else "replaced"
