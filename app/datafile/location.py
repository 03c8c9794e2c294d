"""Where a data file lives, as far as it matters for opening it safely.

- Read-only: a write-protected stick, a CD, a file marked read-only, a folder the
  user may not write in. SQLite needs to write beside the file (its journal), so the
  file is opened read-only and the clerk is told why nothing can be saved.
- On a network share (`\\\\server\\share\\...`, a mapped drive, an NFS or SMB mount):
  SQLite's WAL mode keeps an index in shared memory that only works between programs
  on one PC, so such a file is opened with a rollback journal and one window at a
  time (app/datafile/presence.py).

Detection is best effort and never raises; `probe_mounts` reads Linux's mount table,
Windows asks the drive type, and paths written as UNC names are network on every
system.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path, PurePath, PureWindowsPath

# File systems that live on another computer (Linux /proc/mounts names).
NETWORK_FS = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "9p", "ceph", "glusterfs",
    "fuse.sshfs", "fuse.davfs2", "davfs", "fuse.smbnetfs", "fuse.gvfsd-fuse", "afpfs",
})
DRIVE_REMOTE = 4  # GetDriveTypeW


@dataclass(frozen=True)
class Location:
    path: Path
    exists: bool
    read_only: bool = False
    network: bool = False


def is_unc(path: str | PurePath) -> bool:
    """A path written as \\\\server\\share\\... (or //server/share/...)."""
    text = str(path)
    if text.startswith(("\\\\?\\UNC\\", "//?/UNC/")):
        return True
    if text.startswith(("\\\\?\\", "\\\\.\\")):
        return False
    return text.startswith(("\\\\", "//")) and len(text) > 2 and text[2] not in "\\/"


def _windows_drive_is_remote(path: Path) -> bool:
    drive = PureWindowsPath(str(path)).drive
    if not drive or is_unc(drive):
        return bool(drive)
    try:
        import ctypes

        return ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == DRIVE_REMOTE
    except (AttributeError, OSError):
        return False


def mount_type(path: Path, mounts: str) -> str | None:
    """The file system type of the mount that holds `path`, from the text of
    /proc/mounts (the longest mount point that is a prefix of the path)."""
    best, kind = "", None
    target = str(path)
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, fields[2]
    return kind


def probe_mounts() -> str:
    try:
        with open("/proc/mounts", encoding="utf-8", errors="replace") as fp:
            return fp.read()
    except OSError:
        return ""


def is_network(path: str | Path, *, platform: str | None = None,
               mounts: str | None = None) -> bool:
    """Is the data file on another computer? (`platform` and `mounts` for tests.)"""
    platform = platform or sys.platform
    if is_unc(path):
        return True
    path = Path(path)
    if platform.startswith("win"):
        return _windows_drive_is_remote(path)
    if platform.startswith("linux"):
        try:
            resolved = path.resolve()
        except OSError:
            resolved = path.absolute()
        kind = mount_type(resolved, probe_mounts() if mounts is None else mounts)
        return kind in NETWORK_FS
    return False


def is_read_only(path: Path) -> bool:
    """Can the program not write the file, or not create its journal beside it?"""
    folder = path.parent if str(path.parent) else Path(".")
    if path.exists() and not os.access(path, os.W_OK):
        return True
    return folder.is_dir() and not os.access(folder, os.W_OK)


def locate(path: str | Path) -> Location:
    """What opening `path` must take into account. Never raises."""
    if str(path) == ":memory:":
        return Location(Path(":memory:"), exists=True)
    path = Path(path)
    try:
        exists = path.is_file()
        read_only = is_read_only(path)
    except OSError:
        exists, read_only = False, False
    try:
        network = is_network(path)
    except Exception:  # a probe that fails must never stop the program from opening
        network = False
    return Location(path, exists=exists, read_only=read_only, network=network)
