"""Writing a bundle: the zip itself, and the safe write to a USB stick.

The safe write checks the name (Windows' rules), free space and the FAT32 file size
limit first, writes under a temporary name, flushes and fsyncs, renames (patient with a
program that holds an older file of that name for a moment: app/fileops.py), then reads
the file back and compares its hash: a stick pulled at any moment leaves either the
complete bundle under its final name or nothing there.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
from pathlib import Path

from app import filenames, fileops, volumes
from app.sync import manifest as mf
from app.sync import zipformat

SPACE_MARGIN = 256 * 1024


class NotEnoughSpace(OSError):
    def __init__(self, needed: int, free: int):
        super().__init__(f"needs {needed} bytes, {free} free")
        self.needed = needed
        self.free = free


class ReadBackMismatch(OSError):
    pass


def pack_files(files: list[tuple[str, bytes]]) -> list[zipformat.Packed]:
    # Evidence photos and scans are compressed already; forwarded bundles are kept
    # byte for byte (their records are deflated inside).
    return [zipformat.pack(name, data, not (name.startswith("blobs/") or mf.is_relayed(name)))
            for name, data in files]


def build_zip(manifest_bytes: bytes, signature: bytes, packed: list[zipformat.Packed]) -> bytes:
    head = [zipformat.pack(mf.MANIFEST, manifest_bytes, False),
            zipformat.pack(mf.SIGNATURE, signature, False)]
    return zipformat.assemble(head + packed)


def _fsync_folder(folder: Path) -> None:
    if os.name == "nt":  # folders cannot be opened for fsync on Windows
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_safely(target: Path, data: bytes) -> None:
    """Put `data` at `target` completely or not at all (see the module docstring).
    Raises DvkError for a name Windows refuses, OSError (NotEnoughSpace,
    ReadBackMismatch, TooLargeForFat, FileInUse, or the system's own)."""
    filenames.check_name(target)
    folder = target.parent
    free = shutil.disk_usage(folder).free
    needed = len(data) + SPACE_MARGIN
    if free < needed:
        raise NotEnoughSpace(needed, free)
    volumes.check_fits(folder, len(data))
    temporary = folder / f".{target.name}.{secrets.token_hex(4)}.part"
    try:
        with open(temporary, "xb") as fp:
            fp.write(data)
            fp.flush()
            os.fsync(fp.fileno())
        fileops.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_folder(folder)
    with open(target, "rb") as fp:
        back = fp.read(len(data) + 1)
    if hashlib.sha256(back).digest() != hashlib.sha256(data).digest():
        target.unlink(missing_ok=True)
        raise ReadBackMismatch(str(target))
