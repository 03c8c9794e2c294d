"""What kind of disk a path is on: its file system (a FAT32 stick holds no file of 4 GB
or more) and whether it is a removable drive (a USB stick or a memory card).

Windows answers through GetVolumeInformationW and GetDriveTypeW; Linux through
/proc/mounts and /sys. Elsewhere, or when the system cannot say, the answer is None or
False and the write goes ahead (its own failure is then explained). Callers use the
module's functions (`volumes.filesystem(...)`), so tests can stand in a FAT32 stick or a
removable drive for a temporary folder.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

FAT_LIMIT = 4 * 1024 ** 3 - 1  # the largest file FAT32 can hold
FAT_NAMES = frozenset({"FAT", "FAT12", "FAT16", "FAT32", "VFAT", "MSDOS"})
_LINUX_NAMES = {"vfat": "FAT32", "msdos": "FAT", "exfat": "exFAT", "ntfs": "NTFS",
                "ntfs3": "NTFS", "fuseblk": None}


class TooLargeForFat(OSError):
    """The file would be 4 GB or more and the disk is FAT32."""

    def __init__(self, path: Path, size: int):
        super().__init__(errno.EFBIG, "file too large for FAT32", str(path))
        self.size = size


def _existing(path: Path) -> Path:
    path = Path(os.path.abspath(path))
    while not path.exists() and path.parent != path:
        path = path.parent
    return path


def _windows_root(path: Path) -> str | None:
    import ctypes

    buffer = ctypes.create_unicode_buffer(1024)
    if not ctypes.windll.kernel32.GetVolumePathNameW(str(_existing(path)), buffer, 1024):
        return None
    return buffer.value


def _windows_filesystem(path: Path) -> str | None:
    import ctypes

    root = _windows_root(path)
    if root is None:
        return None
    name = ctypes.create_unicode_buffer(64)
    ok = ctypes.windll.kernel32.GetVolumeInformationW(root, None, 0, None, None, None,
                                                       name, 64)
    return (name.value or None) if ok else None


def _linux_mount(path: Path) -> tuple[str, str] | None:
    """(device, type) of the mount holding `path`."""
    target = str(_existing(path).resolve())
    best: tuple[int, str, str] | None = None
    try:
        with open("/proc/mounts", encoding="utf-8", errors="replace") as mounts:
            for line in mounts:
                parts = line.split()
                if len(parts) < 3:
                    continue
                point = parts[1].replace("\\040", " ")
                if (target == point or target.startswith(point.rstrip("/") + "/")) and \
                        (best is None or len(point) >= best[0]):
                    best = (len(point), parts[0], parts[2])
    except OSError:
        return None
    return (best[1], best[2]) if best else None


def filesystem(path: str | Path) -> str | None:
    """"FAT32", "exFAT", "NTFS"... of the disk holding `path` (None: unknown)."""
    try:
        if sys.platform == "win32":
            return _windows_filesystem(Path(path))
        if sys.platform.startswith("linux"):
            mount = _linux_mount(Path(path))
            if mount is None:
                return None
            return _LINUX_NAMES.get(mount[1], mount[1].upper())
    except (OSError, AttributeError, ValueError):
        return None
    return None


def is_fat(path: str | Path) -> bool:
    name = filesystem(path)
    return bool(name) and name.upper() in FAT_NAMES


def check_fits(folder: str | Path, size: int) -> None:
    """Raise TooLargeForFat when a file of `size` bytes cannot go on that disk."""
    if size > FAT_LIMIT and is_fat(folder):
        raise TooLargeForFat(Path(folder), size)


def is_removable(path: str | Path) -> bool:
    """Is `path` on a USB stick or a memory card?"""
    try:
        if sys.platform == "win32":
            import ctypes

            root = _windows_root(Path(path))
            return root is not None and ctypes.windll.kernel32.GetDriveTypeW(root) == 2
        if sys.platform.startswith("linux"):
            mount = _linux_mount(Path(path))
            if mount is None or not mount[0].startswith("/dev/"):
                return False
            device = Path(mount[0]).resolve().name
            block = Path("/sys/class/block") / device
            flag = block / "removable"
            if not flag.exists():  # a partition: the flag is on its disk
                flag = block.resolve().parent / "removable"
            return flag.read_text(encoding="ascii").strip() == "1"
    except (OSError, AttributeError, ValueError):
        return False
    return False
