"""Writing a bundle: the zip itself, and the safe write to a USB stick.

The safe write checks the name (Windows' rules), free space and the FAT32 file size
limit first, writes under a temporary name, flushes and fsyncs, renames (patient with a
program that holds an older file of that name for a moment: app/fileops.py), then reads
the file back and compares its hash: a stick pulled at any moment leaves either the
complete bundle under its final name or nothing there.

An export does it in two halves around its database commit (`write_part` before,
`finish` after): the bundle waits complete under `.NAME.XXXXXXXX.part` (named after
its hash, `part_name`) while the outbox row that numbers it commits, and takes its
name only then. Cut off between the two, the next export finds the half-way file and
finishes it (SyncService.finish_pending) instead of numbering a new bundle the same.
"""

from __future__ import annotations

import hashlib
import os
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


def part_name(target: Path, sha256: str) -> Path:
    """Where the bundle with manifest hash `sha256` waits before it takes `target`'s
    name."""
    return target.parent / f".{target.name}.{sha256[:8]}.part"


def write_part(target: Path, data: bytes, sha256: str) -> Path:
    """Write `data` completely (flushed to the medium) under its waiting name; return
    it. Raises DvkError for a name Windows refuses, OSError (NotEnoughSpace,
    TooLargeForFat, or the system's own); nothing is left then."""
    filenames.check_name(target)
    folder = target.parent
    free = shutil.disk_usage(folder).free
    needed = len(data) + SPACE_MARGIN
    if free < needed:
        raise NotEnoughSpace(needed, free)
    volumes.check_fits(folder, len(data))
    part = part_name(target, sha256)
    part.unlink(missing_ok=True)  # the same bundle, from a try that failed before
    try:
        with open(part, "xb") as fp:
            fp.write(data)
            fp.flush()
            os.fsync(fp.fileno())
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return part


def finish(part: Path, target: Path, data: bytes | None = None) -> None:
    """Give a waiting bundle its name, then read it back. Raises OSError
    (ReadBackMismatch: the file reads back differently and was removed; FileInUse:
    another program holds an older file of that name)."""
    if data is None:
        data = part.read_bytes()
    fileops.replace(part, target)
    _fsync_folder(target.parent)
    with open(target, "rb") as fp:
        back = fp.read(len(data) + 1)
    if hashlib.sha256(back).digest() != hashlib.sha256(data).digest():
        target.unlink(missing_ok=True)
        raise ReadBackMismatch(str(target))


def write_safely(target: Path, data: bytes) -> None:
    """Put `data` at `target` completely or not at all (see the module docstring).
    Raises DvkError for a name Windows refuses, OSError (NotEnoughSpace,
    ReadBackMismatch, TooLargeForFat, FileInUse, or the system's own)."""
    part = write_part(target, data, hashlib.sha256(data).hexdigest())
    try:
        finish(part, target, data)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
