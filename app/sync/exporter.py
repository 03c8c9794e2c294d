"""Making a bundle for one recipient: everything it has not received yet (by local
change number), restricted to what the recipient accepts from us."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import nacl.signing
from sqlite_utils import Database

import app
from app import clock
from app.sync import canonical, crypto, store, tree
from app.sync import manifest as mf
from app.sync.kinds import DOWN, SyncKind, all_kinds
from app.sync.kinds import get as get_kind
from app.sync.writer import build_zip, pack_files


@dataclass
class ExportPlan:
    recipient: str
    way: str
    line: str
    seq: int
    prev_sha256: str
    max_rev: int
    full: bool
    counts: dict[str, int]
    files: list[tuple[str, bytes]]

    @property
    def records(self) -> int:
        return sum(self.counts.values())


def travelling_columns(db: Database, kind: SyncKind) -> list[str]:
    skipped = kind.skipped()
    return [name for name, _type, _nn in store.columns(db, kind.table) if name not in skipped]


def _select(db: Database, kind: SyncKind, way: str, where: str,
            params: list[Any]) -> list[dict[str, Any]]:
    condition = kind.export_where.get(way)
    if condition is None:
        return []
    columns = travelling_columns(db, kind)
    select = ", ".join(f"[{c}]" for c in columns)
    cursor = db.execute(f"SELECT {select} FROM [{kind.table}] WHERE ({where}) AND ({condition})",
                        params)
    return [dict(zip(columns, row, strict=True)) for row in cursor]


def _with_references(db: Database, way: str, authority: set[str],
                     chosen: dict[str, dict[str, dict[str, Any]]]) -> None:
    """Add the records that chosen records point at (a sub-unit, a person, the
    registration of a target...), even if sent before, so that every bundle can be
    applied on its own: a bundle that overtakes a lost or later one loses nothing."""
    pending = True
    while pending:
        pending = False
        for kind in all_kinds():
            for column, target_name in kind.refs.items():
                target = get_kind(target_name)
                have = chosen.setdefault(target_name, {})
                wanted = {str(r[column]) for r in chosen.get(kind.name, {}).values()
                          if r.get(column) is not None} - set(have)
                if not wanted:
                    continue
                rows = _select(db, target, way, f"[{target.key}] IN (SELECT value FROM"
                               " json_each(?)) AND rev > 0", [json.dumps(sorted(wanted))])
                for row in rows:
                    if target.authority(row) in authority:
                        have[str(row[target.key])] = row
                        pending = True


def plan(db: Database, *, office: str, recipient: str, way: str, line: str,
         full: bool) -> ExportPlan:
    since = 0 if full else store.max_rev_sent(db, recipient)
    max_rev = db.execute("SELECT rev FROM sync_clock WHERE id = 1").fetchone()[0]
    authority = tree.authority_codes(db, office, way)
    chosen: dict[str, dict[str, dict[str, Any]]] = {}
    for kind in all_kinds():
        where, params = "rev > ?", [since]
        if way == DOWN:  # the office and its ancestors: a few units of a national table
            where += f" AND ({kind.authority_sql}) IN (SELECT value FROM json_each(?))"
            params.append(json.dumps(sorted(authority)))
        rows = _select(db, kind, way, where, params)
        chosen[kind.name] = {str(row[kind.key]): row for row in rows
                             if kind.authority(row) in authority}
    _with_references(db, way, authority, chosen)
    counts: dict[str, int] = {}
    files: list[tuple[str, bytes]] = []
    blob_hashes: set[str] = set()
    for kind in all_kinds():
        rows = [chosen[kind.name][key] for key in sorted(chosen.get(kind.name, {}))]
        if not rows:
            continue
        counts[kind.name] = len(rows)
        files.append((f"records/{kind.name}.jsonl",
                      b"".join(canonical.dumps(row) + b"\n" for row in rows)))
        if kind.table == "evidence":
            blob_hashes.update(row["sha256"] for row in rows if not row.get("removed"))
    for digest in sorted(blob_hashes):
        row = db.execute("SELECT data FROM blobs WHERE sha256 = ?", [digest]).fetchone()
        if row is not None:
            files.append((f"blobs/{digest}", bytes(row[0])))
    seq, prev = store.last_sent(db, recipient, line)
    return ExportPlan(recipient=recipient, way=way, line=line, seq=seq + 1, prev_sha256=prev,
                      max_rev=max_rev, full=full, counts=counts, files=files)


def seal(export: ExportPlan, *, sender: str, sender_name: str,
         signing: nacl.signing.SigningKey) -> tuple[bytes, str]:
    """The signed manifest and the zip bytes; returns (zip bytes, manifest hash)."""
    packed = pack_files(export.files)
    manifest = mf.build(
        sender=sender, sender_name=sender_name, recipient=export.recipient,
        key_id=crypto.key_id(signing.verify_key.encode()), line=export.line, seq=export.seq,
        prev_sha256=export.prev_sha256, created_at=clock.stamp(), full=export.full,
        app_version=app.__version__, counts=export.counts,  # read here: costly
        files=[mf.file_entry(name, data, member.body)
               for (name, data), member in zip(export.files, packed, strict=True)])
    manifest_bytes = canonical.dumps(manifest)
    signature = crypto.sign(signing, manifest_bytes)
    return build_zip(manifest_bytes, signature, packed), canonical.sha256(manifest_bytes)


def default_file_name(sender: str, recipient: str, seq: int) -> str:
    return f"dvk-{sender}-to-{recipient}-{seq:04d}.dvk"
