"""A write-protected medium for tests: a folder on a small file system that is
remounted read-only (a locked USB stick, a CD), as SQLite and the program see one.

Needs the right to mount (root with CAP_SYS_ADMIN, as in CI here); a normal user gets
the same effect from file permissions. Where neither is possible the tests that need
a real read-only medium cannot run, and say so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path


class ReadOnlyMedium:
    def __init__(self, folder: Path):
        self.folder = folder
        self.mounted = False
        self.locked = False

    def prepare(self) -> bool:
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() != 0:
            return True  # permissions do it for a normal user
        result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs",
                                 str(self.folder)], capture_output=True)
        self.mounted = result.returncode == 0
        return self.mounted

    def lock(self) -> None:
        """Write-protect the medium (with whatever is on it now)."""
        if self.mounted:
            subprocess.run(["mount", "-o", "remount,ro", str(self.folder)], check=True)
        else:
            for path in self.folder.rglob("*"):
                path.chmod(0o444 if path.is_file() else 0o555)
            self.folder.chmod(0o555)
        self.locked = True

    def unlock(self) -> None:
        if self.mounted:
            subprocess.run(["mount", "-o", "remount,rw", str(self.folder)], check=True)
        else:
            self.folder.chmod(0o755)
            for path in self.folder.rglob("*"):
                path.chmod(0o644 if path.is_file() else 0o755)
        self.locked = False

    def remove(self) -> None:
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.folder)], capture_output=True)
        elif self.locked:
            self.unlock()
        shutil.rmtree(self.folder, ignore_errors=True)
