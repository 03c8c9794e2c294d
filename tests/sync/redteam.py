"""An attacker's tools against a real demo network: the attacker holds one genuine
office key (passphrase "demo") and nothing else, takes a bundle that office really
wrote, edits its records (adds, replaces, re-parents, claims another origin, level or
issuer), and signs it again with that key, so only the authority rule can tell.

Every import of a forged file is expected to be refused whole, with the refusal named
in Vietnamese, and the recipient's data file byte for byte unchanged."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.context import AppContext
from app.signing import canonical
from app.sync import exporter
from app.sync import manifest as mf
from app.sync.errors import BundleRefused
from app.sync.kinds import get as get_kind
from tests.sync.builders import forge, members

PASSPHRASE = "demo"
Row = dict[str, Any]


@dataclass
class DemoNet:
    """The offices of a `dvk demo` network (network.json) in one folder."""

    folder: Path

    def __post_init__(self) -> None:
        network = json.loads((self.folder / "network.json").read_text(encoding="utf-8"))
        self.offices = {o["code"]: o for o in network["offices"]}
        self.story = network.get("trust", {})

    def path(self, code: str) -> Path:
        return self.folder / self.offices[code]["db"]

    def open(self, code: str) -> AppContext:
        return AppContext.open(self.path(code), actor="redteam")

    def of_level(self, level: str) -> list[str]:
        return [c for c, o in self.offices.items() if o["level"] == level]

    def parent(self, code: str) -> str:
        return self.offices[code]["parent"]

    def fingerprint(self, code: str) -> str:
        """The data file and its write-ahead log, as bytes on disk."""
        digest = hashlib.sha256()
        for suffix in ("", "-wal"):
            path = Path(str(self.path(code)) + suffix)
            digest.update(path.read_bytes() if path.exists() else b"")
        return digest.hexdigest()

    # -- bundles ------------------------------------------------------------------------
    def genuine(self, sender: str, recipient: str, out: Path, *, full: bool = True) -> Path:
        with self.open(sender) as ctx:
            return ctx.sync.export(recipient, out, passphrase=PASSPHRASE, full=full).path

    def signing(self, code: str):
        with self.open(code) as ctx:
            return ctx.keys.unlock(PASSPHRASE)

    def rows(self, code: str, kind_name: str, where: str = "1",
             params: list[Any] | None = None) -> list[Row]:
        """Rows of a kind at an office, as they travel."""
        kind = get_kind(kind_name)
        with self.open(code) as ctx:
            columns = exporter.travelling_columns(ctx.db, kind)
            select = ", ".join(f"[{c}]" for c in columns)
            return [dict(zip(columns, row, strict=True)) for row in ctx.db.execute(
                f"SELECT {select} FROM [{kind.table}] WHERE {where} ORDER BY rowid",
                params or [])]

    def refused(self, code: str, bundle: Path) -> BundleRefused:
        """Import `bundle` at `code`: it must be refused and change nothing."""
        before = self.fingerprint(code)
        with self.open(code) as ctx, pytest.raises(BundleRefused) as refused:
            ctx.sync.import_bundle(bundle)
        assert self.fingerprint(code) == before, "a refused bundle changed the data file"
        return refused.value

    def forwarded_anyway(self, district: str, bundle: Path, out: Path) -> Path:
        """What the office above gets if `district` (an older DVK, or one fooled) had
        kept `bundle` of one of its communes to forward it: its genuine bundle up."""
        from app.sync import trust_store
        from app.sync.reader import read_bytes

        with self.open(district) as ctx:
            data = bundle.read_bytes()
            inner = read_bytes(data, path=bundle, trust=ctx.trust.load())
            with ctx.transaction():
                trust_store.keep_for_relay(ctx.db, sha256=inner.sha256, sender=inner.sender,
                                           line=inner.line, seq=inner.seq, data=data)
        return self.genuine(district, self.parent(district), out, full=False)

    def imported(self, code: str, bundle: Path):
        with self.open(code) as ctx:
            return ctx.sync.import_bundle(bundle)


def forged(genuine: Path, out: Path, signing, edit: Callable[[dict[str, list[Row]]], None]
           ) -> Path:
    """`genuine` with its records edited by `edit` (kind -> list of records, changed in
    place), the manifest's counts and hashes made right, signed again with `signing`."""
    entries = members(genuine)
    records: dict[str, list[Row]] = {}
    for name, data in entries.items():
        if name.startswith("records/"):
            records[name[8:-6]] = [json.loads(line) for line in data.decode().splitlines()]
    edit(records)
    files = {n: d for n, d in entries.items()
             if n not in (mf.MANIFEST, mf.SIGNATURE) and not n.startswith("records/")}
    counts = {}
    for name, rows in records.items():
        if rows:
            files[f"records/{name}.jsonl"] = b"".join(canonical.dumps(r) + b"\n" for r in rows)
            counts[name] = len(rows)
    ordered = dict(sorted(files.items(), key=lambda item: _member_order(item[0])))
    manifest = canonical.loads(entries[mf.MANIFEST], limit=1 << 24)
    manifest["counts"] = counts
    return forge(out, ordered, signing, base=manifest)


def _member_order(name: str) -> tuple[int, str]:
    for rank, prefix in enumerate(("records/", "blobs/", "trust.jsonl", "relayed/")):
        if name.startswith(prefix):
            return rank, name
    return 9, name


def put(records: dict[str, list[Row]], kind: str, row: Row) -> None:
    """Add `row` to the bundle's records of `kind`, replacing one with the same key."""
    key = get_kind(kind).key
    rows = records.setdefault(kind, [])
    rows[:] = [r for r in rows if r[key] != row[key]] + [row]


def newer(row: Row, **changes: Any) -> Row:
    """The row as a later version (so it would win the conflict rule)."""
    return {**row, **changes, "version": row["version"] + 5,
            "updated_at": "2026-12-06T23:00:00.000Z", "updated_by": "ke-gian"}
