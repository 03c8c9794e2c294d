"""Making a bundle for one recipient: everything it has not received yet (by local
change number), restricted to what the recipient accepts from us.

What an office received from another office is not signed again: the bundle that
brought it is forwarded verbatim (`relayed/`), so the next office checks the signature
of the office that made each record. Going up, the office in the middle forwards its
child offices' bundles; going down, the bundles its parent office sent it. Only what
this office made or changed itself goes in as its own records (and, for bundles
received before this was so, the records themselves going up). What came down from
the parent is not sent back up. Going down, an office that took over merged units gets
their records too, and what is about another office's part of the tree stays out.
Every bundle carries the trust statements the recipient needs (trust.jsonl).
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import nacl.signing
from sqlite_utils import Database

import app
from app import clock
from app.domain.bundles import Way
from app.repositories import sync_tables, table_columns
from app.repositories.unit_tree import TreeView
from app.signing import canonical, crypto
from app.sync import authority as rules
from app.sync import manifest as mf
from app.sync import tree, trust_store
from app.sync.kinds import DOWN, UP, SyncKind, all_kinds
from app.sync.kinds import get as get_kind
from app.sync.trust_statements import INTRODUCTION, Statement
from app.sync.writer import build_zip, pack_files

if TYPE_CHECKING:
    from app.sync.down_batch import DownBatch


@dataclass
class ExportPlan:
    recipient: str
    way: Way
    line: str
    seq: int
    prev_sha256: str
    max_rev: int
    full: bool
    counts: dict[str, int]
    files: list[tuple[str, bytes]]
    relayed: list[str] = field(default_factory=list)  # identities of forwarded bundles
    statements: int = 0

    @property
    def records(self) -> int:
        return sum(self.counts.values())


def travelling_columns(db: Database, kind: SyncKind) -> list[str]:
    skipped = kind.skipped()
    return [name for name, _type, _nn in table_columns.columns(db, kind.table)
            if name not in skipped]


Row = dict[str, Any]


def _select(db: Database, kind: SyncKind, way: str, where: str,
            params: list[Any]) -> list[tuple[Row, int]]:
    """(row as it travels, its local change number)."""
    condition = kind.export_where.get(way)
    if condition is None:
        return []
    columns = travelling_columns(db, kind)
    select = ", ".join(f"[{c}]" for c in [*columns, "rev"])
    cursor = db.execute(f"SELECT {select} FROM [{kind.table}] WHERE ({where}) AND ({condition})",
                        params)
    return [(dict(zip(columns, row[:-1], strict=True)), row[-1]) for row in cursor]


def _rows_of(kind: SyncKind, way: str, since: int,
             units: set[str]) -> tuple[str, list[Any]]:
    """The condition for a kind's rows changed after `since`; down, only those of
    `units` (the office and its ancestors: a few units of a national table), chosen in
    SQL rather than by reading the whole table."""
    where, params = "rev > ?", [since]
    if way == DOWN:
        where += f" AND ({rules.owner_sql(kind)}) IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(sorted(units)))
    return where, params


def _with_references(db: Database, way: str, authority: set[str],
                     chosen: dict[str, dict[str, tuple[Row, int]]]) -> None:
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
                wanted = {str(r[column]) for r, _rev in chosen.get(kind.name, {}).values()
                          if r.get(column) is not None} - set(have)
                if not wanted:
                    continue
                rows = _select(db, target, way, f"[{target.key}] IN (SELECT value FROM"
                               " json_each(?)) AND rev > 0", [json.dumps(sorted(wanted))])
                for row, rev in rows:
                    if rules.owner(target, row) in authority:
                        have[str(row[target.key])] = (row, rev)
                        pending = True


def _about_others(db: Database, recipient: str, authority: set[str],
                  chosen: dict[str, dict[str, tuple[Row, int]]]) -> None:
    """Going down: leave out what points at records of another office's part of the
    tree (the score sheet or recognition of another commune's model): the recipient has
    no use for them and could not store them. What points at the recipient's own
    records, at records of this office or above, or at shipped data, stays."""
    allowed = authority | tree.domain(db, recipient)
    dropped: dict[str, set[str]] = {}
    changed = True
    while changed:
        changed = False
        for kind in all_kinds():
            rows = chosen.get(kind.name, {})
            for column, target_name in kind.refs.items():
                target = get_kind(target_name)
                have = chosen.get(target_name, {})
                wanted = {str(r[column]) for r, _rev in rows.values()
                          if r.get(column) is not None} - set(have)
                if not wanted:
                    continue
                foreign = wanted & dropped.get(target_name, set())
                foreign |= {str(row[target.key]) for row, _rev in _select(
                    db, target, DOWN, f"[{target.key}] IN (SELECT value FROM json_each(?))"
                    " AND rev > 0 AND origin <> 'VN'", [json.dumps(sorted(wanted - foreign))])
                    if rules.owner(target, row) not in allowed}
                for key in [k for k, (r, _rev) in rows.items()
                            if r.get(column) is not None and str(r[column]) in foreign]:
                    del rows[key]
                    dropped.setdefault(kind.name, set()).add(key)
                    changed = True


class _Sources:
    """Which import last wrote a row, by its local change number."""

    def __init__(self, db: Database):
        self.ranges = sync_tables.imported_rev_sources(db)
        self.starts = [r[0] for r in self.ranges]

    def of(self, rev: int) -> tuple[str, str] | None:
        """(bundle identity, way) of the import that wrote `rev`, or None (made here)."""
        index = bisect.bisect_right(self.starts, rev) - 1
        if index >= 0 and rev <= self.ranges[index][1]:
            return self.ranges[index][2], self.ranges[index][3]
        return None


def _forward(db: Database, recipient: str, full: bool,
             chosen: dict[str, dict[str, tuple[Row, int]]]) -> list[str]:
    """Going up: take out of `chosen` what came from the parent (it has it) and what a
    kept child bundle brought that goes up now in that bundle, forwarded; return the
    bundles to forward (each once, again with `full`), in the order this office applied
    them. A record pointed at by a chosen one, whose bundle was forwarded before, goes
    as this office's own record, so the bundle stands on its own."""
    sources = _Sources(db)
    order = trust_store.kept(db, UP)
    kept = set(order)
    forward = kept if full else trust_store.not_yet_relayed(db, recipient, UP)
    for rows in chosen.values():
        for key in list(rows):
            source = sources.of(rows[key][1])
            if source is None:
                continue
            sha, way = source
            if way == DOWN or sha in forward:
                del rows[key]
    return [sha for sha in order if sha in forward]


def _forward_down(db: Database, recipient: str, full: bool) -> list[str]:
    """Going down: the bundles the parent office sent this one, to forward (each once,
    again with `full`), in the order this office applied them."""
    order = trust_store.kept(db, DOWN)
    forward = set(order) if full else trust_store.not_yet_relayed(db, recipient, DOWN)
    return [sha for sha in order if sha in forward]


def _statements_for(db: Database, office: str, recipient: str, way: str) -> list[Statement]:
    """Going up: what is known about the keys of this office's part of the tree. Going
    down: about the recipient's part, this office and the offices above it, and this
    office's introductions of the keys above it."""
    view = TreeView(db)
    above = {office, *view.ancestors(office)}
    result = []
    for statement in trust_store.statements(db):
        if way == UP:
            wanted = statement.type != INTRODUCTION and view.contains(office, statement.unit)
        elif statement.type == INTRODUCTION:
            wanted = statement.issuer == office
        else:
            wanted = statement.unit in above or view.contains(recipient, statement.unit)
        if wanted:
            result.append(statement)
    return result


def _chosen(db: Database, recipient: str, way: str, since: int, authority: set[str],
            taken: set[str], fresh_takeover: bool) -> dict[str, dict[str, tuple[Row, int]]]:
    """kind -> key -> (row, local change number): the records for `recipient`."""
    chosen: dict[str, dict[str, tuple[Row, int]]] = {}
    for kind in all_kinds():
        rows = _select(db, kind, way, *_rows_of(kind, way, since, authority))
        if fresh_takeover:  # the merged units' records, all of them, once
            rows += _select(db, kind, way, *_rows_of(kind, way, 0, taken))
        chosen[kind.name] = {str(row[kind.key]): (row, rev) for row, rev in rows
                             if rules.owner(kind, row) in authority}
    _with_references(db, way, authority, chosen)
    if way == DOWN:
        _about_others(db, recipient, authority, chosen)
    return chosen


def plan(db: Database, *, office: str, recipient: str, way: Way, line: str,
         full: bool, batch: DownBatch | None = None) -> ExportPlan:
    """What goes to `recipient`. `batch`: the records of a send-down to many offices
    below, read once for all of them (app/sync/down_batch.py; the same records)."""
    since = 0 if full else sync_tables.max_rev_sent(db, recipient)
    max_rev = db.execute("SELECT rev FROM sync_clock WHERE id = 1").fetchone()[0]
    authority = tree.authority_codes(db, office, way, recipient=recipient)
    taken = tree.taken_over(db, recipient) if way == DOWN else set()
    fresh_takeover = bool(taken) and (full or db.execute(
        "SELECT count(*) FROM unit_mergers WHERE rev > ? AND unit_code IN"
        " (SELECT value FROM json_each(?))", [since, json.dumps(sorted(taken))]
    ).fetchone()[0] > 0)
    if way == DOWN and batch is not None and batch.covers(since, authority, fresh_takeover):
        chosen = batch.chosen(recipient, since)
    else:
        chosen = _chosen(db, recipient, way, since, authority, taken, fresh_takeover)
    relayed = _forward(db, recipient, full, chosen) if way == UP else _forward_down(
        db, recipient, full)
    counts: dict[str, int] = {}
    files: list[tuple[str, bytes]] = []
    blob_hashes: set[str] = set()
    for kind in all_kinds():
        rows = [chosen[kind.name][key][0] for key in sorted(chosen.get(kind.name, {}))]
        if not rows:
            continue
        counts[kind.name] = len(rows)
        files.append((f"records/{kind.name}.jsonl",
                      b"".join(canonical.dumps(row) + b"\n" for row in rows)))
        if kind.blobs is not None:
            blob_hashes.update(h for row in rows for h in kind.blobs(row) if h)
    for digest in sorted(blob_hashes):
        row = db.execute("SELECT data FROM blobs WHERE sha256 = ?", [digest]).fetchone()
        if row is not None:
            files.append((f"blobs/{digest}", bytes(row[0])))
    statements = _statements_for(db, office, recipient, way)
    if statements:
        files.append((mf.TRUST, b"".join(s.line() for s in statements)))
    files += [(mf.relayed_name(sha), trust_store.relay_data(db, sha)) for sha in relayed]
    seq, prev = sync_tables.last_sent(db, recipient, line)
    return ExportPlan(recipient=recipient, way=way, line=line, seq=seq + 1, prev_sha256=prev,
                      max_rev=max_rev, full=full, counts=counts, files=files, relayed=relayed,
                      statements=len(statements))


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


def default_file_name(sender: str, recipient: str, seq: int, encrypted: bool = False) -> str:
    return f"dvk-{sender}-to-{recipient}-{seq:04d}{'-ma-hoa' if encrypted else ''}.dvk"
