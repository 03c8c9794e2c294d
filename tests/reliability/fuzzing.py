"""Fuzzing the readers of files that come from outside: bundles now; the Excel
importer and the certificate QR verifier plug in with one `register_target()` call
when they land (see HOOKS below).

A target takes bytes and must either accept them or refuse them with the error it
documents (BundleRefused for bundles); any other exception is a crash. Mutations start
from genuine files, so most cases get past the first checks and reach deep code.
Used by the short Hypothesis runs in the test suite and by bench/fuzz_bundles.py
(100,000+ cases).
"""

from __future__ import annotations

import random
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.signing import canonical, crypto
from app.sync import manifest as mf
from app.sync import zipformat
from app.sync.errors import BundleRefused
from app.sync.reader import read_bundle
from app.sync.trust import Trust


@dataclass
class FuzzTarget:
    """`run(data)` feeds one case; `refusals` are the exceptions that mean "refused
    with a message" (anything else is counted as a crash)."""

    name: str
    run: Callable[[bytes], object]
    refusals: tuple[type[BaseException], ...]
    seeds: list[bytes] = field(default_factory=list)


TARGETS: dict[str, FuzzTarget] = {}

# Readers built on other branches register here when they land, e.g.
#   register_target(FuzzTarget("excel_import", lambda data: ctx.imports.preview_bytes(data),
#                              (DvkError,), seeds=[sample_xlsx]))
#   register_target(FuzzTarget("certificate_qr", verify_qr_payload, (DvkError,),
#                              seeds=[genuine_payload]))
HOOKS = ("excel_import", "certificate_qr")


def register_target(target: FuzzTarget) -> FuzzTarget:
    TARGETS[target.name] = target
    return target


# -- mutations of bytes ------------------------------------------------------------------
def flip_bit(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return b"\x01"
    at = rng.randrange(len(data))
    return data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1:]


def set_byte(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return bytes([rng.randrange(256)])
    at = rng.randrange(len(data))
    value = rng.choice([0, 0xFF, 0x7F, 0x80, rng.randrange(256)])
    return data[:at] + bytes([value]) + data[at + 1:]


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[:rng.randrange(len(data) + 1)]


def insert_bytes(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.randbytes(rng.randint(1, 16)) + data[at:]


def delete_range(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    at = rng.randrange(len(data))
    return data[:at] + data[at + rng.randint(1, 64):]


def duplicate_range(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    at = rng.randrange(len(data))
    chunk = data[at:at + rng.randint(1, 256)]
    to = rng.randrange(len(data) + 1)
    return data[:to] + chunk + data[to:]


def overwrite_int(rng: random.Random, data: bytes) -> bytes:
    """A 2- or 4-byte field (zip sizes, offsets, counts) set to an edge value."""
    if len(data) < 4:
        return data
    at = rng.randrange(len(data) - 3)
    if rng.random() < 0.5:
        value = struct.pack("<H", rng.choice([0, 1, 0xFFFF, 0x7FFF, rng.randrange(65536)]))
    else:
        value = struct.pack("<L", rng.choice([0, 1, 0xFFFFFFFF, 0x7FFFFFFF,
                                              rng.randrange(1 << 32)]))
    return data[:at] + value + data[at + len(value):]


def junk(rng: random.Random, _data: bytes) -> bytes:
    return rng.randbytes(rng.randint(0, 600))


def zip_of_junk(rng: random.Random, _data: bytes) -> bytes:
    """A well-formed zip in DVK's layout with hostile names and contents."""
    names = ["manifest.json", "manifest.sig", "records/registrations.jsonl", "../evil",
             "/etc/passwd", "C:\\x", "records/../../x.jsonl", "blobs/" + "0" * 64,
             "records/units.jsonl", "a" * 300]
    entries = []
    for _ in range(rng.randint(0, 5)):
        name = rng.choice(names)
        try:
            name.encode("ascii")
        except UnicodeEncodeError:
            continue
        entries.append((name, rng.randbytes(rng.randint(0, 100)), rng.random() < 0.5))
    return zipformat.build(entries)


BYTE_MUTATIONS = [flip_bit, set_byte, truncate, insert_bytes, delete_range, duplicate_range,
                  overwrite_int, junk, zip_of_junk]


def mutate(rng: random.Random, data: bytes, rounds: int | None = None) -> bytes:
    for _ in range(rounds or rng.choice([1, 1, 1, 2, 3])):
        data = rng.choice(BYTE_MUTATIONS)(rng, data)
    return data


# -- bundles that are signed correctly but carry hostile content ------------------------
def members_of(bundle: bytes) -> dict[str, bytes]:
    import io

    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def resign(bundle: bytes, signing, *, files: dict[str, bytes] | None = None,
           **changes) -> bytes:
    """The bundle with some files (and manifest fields) replaced, listed and signed
    properly: only the content checks after the signature can refuse it."""
    parts = members_of(bundle)
    manifest = canonical.loads(parts[mf.MANIFEST], limit=1 << 24)
    body = {n: d for n, d in parts.items() if n not in (mf.MANIFEST, mf.SIGNATURE)}
    if files is not None:
        body = files
    manifest.update(changes)
    manifest["files"] = [mf.file_entry(n, d, zipformat.pack(n, d, not n.startswith("blobs/")).body)
                         for n, d in body.items()]
    manifest["key_id"] = crypto.key_id(signing.verify_key.encode())
    data = canonical.dumps(manifest)
    return zipformat.build([(mf.MANIFEST, data, False),
                            (mf.SIGNATURE, crypto.sign(signing, data), False),
                            *[(n, d, not n.startswith("blobs/")) for n, d in body.items()]])


_HOSTILE_VALUES = [None, True, False, 0, -1, 2**63, -(2**63), 1.5, float("1e308"), "",
                   "x" * 5000, "../../etc", "\u0000", "\ud7ff", "Đ" * 50, [], {}, [1, 2],
                   {"a": 1}, "2026-13-45", "9999-99-99T99:99:99.999Z"]


def hostile_record_lines(rng: random.Random, data: bytes) -> bytes:
    """Record lines whose fields are swapped for hostile values, dropped, duplicated or
    added; or lines that are not JSON objects at all."""
    lines = data.split(b"\n")[:-1] or [b"{}"]
    out = []
    for line in lines:
        choice = rng.random()
        if choice < 0.15:
            out.append(rng.choice([b"[]", b"null", b"{", b'{"id":', b"\xff\xfe", b"1e999",
                                   b'{"a":NaN}', b"[" * 5000]))
            continue
        try:
            record = canonical.loads(line, limit=1 << 24)
        except canonical.CanonicalError:
            out.append(line)
            continue
        if isinstance(record, dict) and record:
            for _ in range(rng.randint(1, 3)):
                key = rng.choice(list(record) + ["unknown_column"])
                if rng.random() < 0.2:
                    record.pop(key, None)
                else:
                    record[key] = rng.choice(_HOSTILE_VALUES)
        try:
            out.append(canonical.dumps(record))
        except ValueError:
            out.append(line)
        if rng.random() < 0.05:
            out.append(out[-1])
    return b"\n".join(out) + b"\n"


def signed_variant(rng: random.Random, bundle: bytes, signing) -> bytes:
    """A genuine bundle with one records file made hostile (or a manifest field
    changed), signed again with the sender's real key."""
    parts = members_of(bundle)
    body = {n: d for n, d in parts.items() if n not in (mf.MANIFEST, mf.SIGNATURE)}
    manifest = canonical.loads(parts[mf.MANIFEST], limit=1 << 24)
    records = [n for n in body if n.startswith("records/")]
    choice = rng.random()
    if records and choice < 0.7:
        name = rng.choice(records)
        body[name] = hostile_record_lines(rng, body[name])
        counts = dict(manifest["counts"])
        kind = name[8:-6]
        counts[kind] = body[name].count(b"\n") if rng.random() < 0.8 else rng.randint(0, 9)
        return resign(bundle, signing, files=body, counts=counts)
    if choice < 0.85:
        field_name = rng.choice(["seq", "prev_sha256", "recipient", "sender", "line", "counts",
                                 "created_at", "full"])
        value = rng.choice([0, 1, 2, 10**9, -3, "", "37", "14725", "0" * 64, "abc", True,
                            {"units": 10**9}, {"x": 1}, "2026-01-01T00:00:00.000Z"])
        return resign(bundle, signing, files=body, **{field_name: value})
    extra = rng.choice([("records/made_up.jsonl", b"{}\n"), ("blobs/" + "a" * 64, b"x"),
                        ("records/units.jsonl", b"")])
    body[extra[0]] = extra[1]
    return resign(bundle, signing, files=body)


# -- the bundle reader as a target ----------------------------------------------------------
def bundle_reader(folder: Path, keys: Trust, own: frozenset[str] = frozenset()
                  ) -> Callable[[bytes], object]:
    path = folder / "case.dvk"

    def run(data: bytes) -> object:
        path.write_bytes(data)
        return read_bundle(path, keys, own_key_ids=own)

    return run


REFUSED = (BundleRefused,)


@dataclass
class Stats:
    cases: int = 0
    accepted: int = 0
    refused: int = 0
    crashes: list[tuple[str, bytes]] = field(default_factory=list)
    reasons: dict[str, int] = field(default_factory=dict)
    # accepted although not byte-for-byte one of the seeds (for readers that must
    # refuse any change, such as the bundle reader)
    wrongly_accepted: list[bytes] = field(default_factory=list)


def run_cases(target: FuzzTarget, rng: random.Random, count: int,
              make: Callable[[random.Random], bytes] | None = None, *,
              strict: bool = False) -> Stats:
    """Feed `count` cases (mutated seeds, or `make(rng)`); collect what happened.
    `strict`: only the seeds themselves may be accepted."""
    stats = Stats()
    for _ in range(count):
        data = make(rng) if make else mutate(rng, rng.choice(target.seeds))
        stats.cases += 1
        try:
            target.run(data)
        except target.refusals as error:
            stats.refused += 1
            reason = getattr(error, "reason", type(error).__name__)
            stats.reasons[reason] = stats.reasons.get(reason, 0) + 1
        except Exception as error:  # a crash: keep the case to replay it
            stats.crashes.append((f"{type(error).__name__}: {error}", data))
        else:
            stats.accepted += 1
            if strict and data not in target.seeds:
                stats.wrongly_accepted.append(data)
    return stats
