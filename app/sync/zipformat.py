"""The exact zip layout DVK writes, and the check that a file has exactly that layout.

Bundles are ordinary zip files (any zip tool opens them), but written one fixed way:
members one after another from offset 0, no extra fields, no comments, fixed times,
no data descriptors, no zip64. The reader rebuilds every header from the central
directory and compares it byte for byte with the file, and checks that member data
fill the gaps exactly. The manifest is stored uncompressed and signed; it lists the
SHA-256 of every other member's stored bytes as well as of its content. So every byte
of a genuine bundle is either a header that must be exactly so, or signed bytes: a
single bit flipped anywhere in the file is refused (even one that inflating would not
notice, such as a padding bit at the end of a deflate stream).
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from dataclasses import dataclass
from typing import BinaryIO

_LOCAL = struct.Struct("<4sHHHHHLLLHH")
_CENTRAL = struct.Struct("<4sHHHHHHLLLHHHHHLL")
_END = struct.Struct("<4sHHHHLLH")
_TIME, _DATE = 0, (0 << 9) | (1 << 5) | 1  # 1980-01-01 00:00:00
_VERSION = 20
_MADE_BY = (3 << 8) | 20  # Unix, 2.0
_ATTRIBUTES = 0o100644 << 16
STORED, DEFLATED = 0, 8
MAX_SIZE = 0xFFFFFFFF - 1  # no zip64
MAX_ENTRIES = 0xFFFF - 1


class LayoutError(ValueError):
    pass


def _local(name: bytes, method: int, crc: int, csize: int, usize: int) -> bytes:
    return _LOCAL.pack(b"PK\x03\x04", _VERSION, 0, method, _TIME, _DATE, crc, csize, usize,
                       len(name), 0) + name


def _central(name: bytes, method: int, crc: int, csize: int, usize: int, offset: int) -> bytes:
    return _CENTRAL.pack(b"PK\x01\x02", _MADE_BY, _VERSION, 0, method, _TIME, _DATE, crc,
                         csize, usize, len(name), 0, 0, 0, 0, _ATTRIBUTES, offset) + name


def _end(count: int, size: int, offset: int) -> bytes:
    return _END.pack(b"PK\x05\x06", 0, 0, count, count, size, offset, 0)


@dataclass(frozen=True)
class Packed:
    """One member as it will sit in the file: `body` is the stored (maybe deflated)
    bytes, whose SHA-256 the manifest lists beside the content's."""

    name: str
    method: int
    crc: int
    size: int
    body: bytes


def pack(name: str, data: bytes, compress: bool) -> Packed:
    if compress:
        packer = zlib.compressobj(9, zlib.DEFLATED, -15, 9)
        body = packer.compress(data) + packer.flush()
    else:
        body = data
    return Packed(name, DEFLATED if compress else STORED, zlib.crc32(data), len(data), body)


def assemble(members: list[Packed]) -> bytes:
    if len(members) > MAX_ENTRIES:
        raise ValueError("too many entries")
    parts: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for member in members:
        raw = member.name.encode("ascii")
        if member.size > MAX_SIZE or offset > MAX_SIZE:
            raise ValueError("bundle too large for a plain zip")
        header = _local(raw, member.method, member.crc, len(member.body), member.size)
        central.append(_central(raw, member.method, member.crc, len(member.body), member.size,
                                offset))
        parts += [header, member.body]
        offset += len(header) + len(member.body)
    directory = b"".join(central)
    return b"".join(parts) + directory + _end(len(members), len(directory), offset)


def build(entries: list[tuple[str, bytes, bool]]) -> bytes:
    """A zip of (name, data, compress?) in the fixed layout."""
    return assemble([pack(name, data, compress) for name, data, compress in entries])


def check(fp: BinaryIO, size: int, infos: list) -> dict[str, str]:
    """Raise LayoutError unless the file is exactly what `assemble` writes for these
    central-directory entries (`zipfile.ZipInfo` objects, in file order); return the
    SHA-256 of each member's stored bytes."""
    position = 0
    central: list[bytes] = []
    packed: dict[str, str] = {}
    for info in infos:
        try:
            raw = info.orig_filename.encode("ascii")
        except UnicodeEncodeError as error:
            raise LayoutError("non-ASCII name") from error
        if info.header_offset != position:
            raise LayoutError(f"{info.orig_filename}: unexpected offset")
        expected = _local(raw, info.compress_type, info.CRC, info.compress_size,
                          info.file_size)
        fp.seek(position)
        if fp.read(len(expected)) != expected:
            raise LayoutError(f"{info.orig_filename}: local header differs")
        digest = hashlib.sha256()
        remaining = info.compress_size
        while remaining > 0:
            chunk = fp.read(min(remaining, 1 << 20))
            if not chunk:
                raise LayoutError(f"{info.orig_filename}: cut off")
            digest.update(chunk)
            remaining -= len(chunk)
        packed[info.orig_filename] = digest.hexdigest()
        central.append(_central(raw, info.compress_type, info.CRC, info.compress_size,
                                info.file_size, position))
        position += len(expected) + info.compress_size
    directory = b"".join(central) + _end(len(infos), sum(map(len, central)), position)
    if position + len(directory) != size:
        raise LayoutError("unexpected bytes after the members")
    fp.seek(position)
    if fp.read(len(directory)) != directory:
        raise LayoutError("central directory differs")
    return packed
