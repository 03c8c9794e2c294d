"""Importing a bundle: verified first (reader), then every record parsed into memory,
then the preview computed without a single write, then one transaction.

The preview classifies every record of the bundle as new, updated, unchanged,
conflicting or rejected (with a reason), so new + updated + unchanged + conflicting +
rejected = total for each kind. Imported records keep their origin, version and times
and get fresh local change numbers, so an office in the middle can send them on.

A bundle from a child office may carry the bundles of that office's own children,
forwarded verbatim (`relayed`): each is checked as if it came from the office that made
it (addressing, sequence, authority) and has its own preview and inbox row; they are
classified and written first, each seeing what the ones before it will have written,
then the forwarding office's own records.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from app import clock
from app.core.progress import NO_PROGRESS, Progress
from app.domain.bundles import Way
from app.domain.units import Unit
from app.i18n import _
from app.repositories import audit, sync_tables, table_columns, unit_tree
from app.repositories import units as units_repo
from app.signing import canonical
from app.sync import authority, checkpoints, merge, tree, trust_store
from app.sync.errors import BundleRefused
from app.sync.exporter import travelling_columns
from app.sync.kinds import DOWN, UP, SyncKind, all_kinds, text_problem
from app.sync.kinds import get as get_kind
from app.sync.reader import LIMITS, Bundle, Limits, peek_manifest

_REQUIRED = ("origin", "version", "created_at", "updated_at")


@dataclass
class KindSummary:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicting: int = 0
    rejected: int = 0
    total: int = 0

    def add(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)
        self.total += 1

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in (*merge.OUTCOMES, "total")}


@dataclass
class Rejection:
    kind: str
    key: str
    reason: str


@dataclass
class Preview:
    bundle: Bundle
    way: Way
    already_applied: bool = False
    applied_at: str | None = None
    missing_before: list[int] = field(default_factory=list)
    fills_gap: bool = False
    summary: dict[str, KindSummary] = field(default_factory=dict)
    rejections: list[Rejection] = field(default_factory=list)
    files: int = 0
    writes: dict[str, list[tuple[dict[str, Any], bool]]] = field(default_factory=dict)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    blobs: dict[str, bytes] = field(default_factory=dict)
    relayed: list[Preview] = field(default_factory=list)  # bundles forwarded inside this one
    relayed_by: str = ""  # the office that forwarded this bundle

    @property
    def total(self) -> int:
        return sum(s.total for s in self.summary.values())

    def every_preview(self) -> list[Preview]:
        """The forwarded bundles first (the order they are written in), then this one."""
        return [*self.relayed, self]

    def combined(self) -> dict[str, KindSummary]:
        """Per kind, this bundle's records and those of the bundles it forwards."""
        result: dict[str, KindSummary] = {}
        for part in self.every_preview():
            for name, summary in part.summary.items():
                total = result.setdefault(name, KindSummary())
                for outcome in (*merge.OUTCOMES, "total"):
                    setattr(total, outcome, getattr(total, outcome) + getattr(summary, outcome))
        return result

    def all_rejections(self) -> list[Rejection]:
        return [r for part in self.every_preview() for r in part.rejections]

    def write_count(self) -> int:
        return sum(len(rows) for rows in self.writes.values())

    def as_json(self) -> dict[str, Any]:
        m = self.bundle.manifest
        return {
            "sender": m["sender"], "sender_name": m["sender_name"],
            "recipient": m["recipient"], "line": m["line"], "seq": m["seq"],
            "sha256": self.bundle.sha256, "created_at": m["created_at"], "full": m["full"],
            "direction": self.way, "already_applied": self.already_applied,
            "missing_before": self.missing_before, "files": self.files,
            "summary": {name: s.as_dict() for name, s in self.summary.items()},
            "rejections": [{"kind": r.kind, "key": r.key, "reason": r.reason}
                           for r in self.rejections],
            "relayed_by": self.relayed_by,
            "relayed": [part.as_json() for part in self.relayed],
            "trust_statements": len(self.bundle.statements),
        }


# -- checks against this office ---------------------------------------------------------
def check_addressing(db: Database, bundle: Bundle, office: Unit, profile: str) -> Way:
    """The direction the bundle travels (UP from a child, DOWN from the parent)."""
    m = bundle.manifest
    if m["recipient"] != office.code:
        raise BundleRefused("recipient", _(
            "This bundle is addressed to {recipient}, not to this office ({office}). Give "
            "it to the right office; nothing was changed.").format(
            recipient=m["recipient"], office=office.code))
    relation = unit_tree.relation(db, profile, office, m["sender"])
    if relation is None:
        raise BundleRefused("sender", _(
            "The sender {sender} ({name}) is neither a unit under this office nor the office "
            "above it, so its bundles are not accepted here; nothing was changed.").format(
            sender=m["sender"], name=m["sender_name"]))
    return UP if relation == unit_tree.CHILD else DOWN


def check_sequence(db: Database, bundle: Bundle, preview: Preview,
                   earlier: _Earlier | None = None) -> None:
    m = bundle.manifest
    sender, recipient, line, seq = m["sender"], m["recipient"], m["line"], m["seq"]

    def entry(number: int) -> dict[str, Any] | None:
        planned = earlier.inbox.get((sender, recipient, line, number)) if earlier else None
        return planned or sync_tables.inbox_entry(db, sender, recipient, line, number)

    found = entry(seq)
    if found is not None:
        if found["sha256"] == bundle.sha256:
            preview.already_applied = True
            preview.applied_at = found["applied_at"]
            return
        raise _fork(sender, seq)
    before = entry(seq - 1) if seq > 1 else None
    if before is not None and before["sha256"] != m["prev_sha256"]:
        raise _fork(sender, seq)
    after = entry(seq + 1)
    if after is not None and after["prev_sha256"] != bundle.sha256:
        raise _fork(sender, seq)
    applied = set(sync_tables.inbox_seqs(db, sender, recipient, line))
    if earlier:
        applied |= {k[3] for k in earlier.inbox if k[:3] == (sender, recipient, line)}
    preview.missing_before = _missing(seq, applied)
    preview.fills_gap = any(n > seq for n in applied)


# The numbers missing before a bundle that a preview lists, at most (issue 25 red team:
# a bundle numbered 2**62, signed with a genuine commune key, made the import list every
# number before it and never end, filling the memory). A real gap is a few bundles.
MISSING_LISTED = 1000


def _missing(seq: int, applied: set[int]) -> list[int]:
    """The first numbers below `seq` not applied, in order, at most MISSING_LISTED: the
    walk stops after that many, so it costs as little for a number of 2**62."""
    missing: list[int] = []
    number = 1
    while number < seq and len(missing) < MISSING_LISTED:
        if number not in applied:
            missing.append(number)
        number += 1
    return missing


def check_relayed(db: Database, inner: Bundle | dict[str, Any], outer: Bundle, profile: str,
                  way: Way = UP) -> None:
    """A forwarded bundle must have been addressed to the office that forwards it, by one
    of that office's child offices (going up) or by its parent office (going down).
    `inner`: the forwarded bundle, or its manifest before its signature is checked."""
    manifest = inner.manifest if isinstance(inner, Bundle) else inner
    sender, recipient = manifest.get("sender"), manifest.get("recipient")
    relay = outer.sender
    if recipient != relay:
        raise BundleRefused("relay_recipient", _(
            "{relay} forwarded a bundle of {sender} that was addressed to {recipient}, not to "
            "{relay}. The whole file was refused and nothing was changed.").format(
            relay=relay, sender=sender, recipient=recipient))
    relay_unit = units_repo.get(db, relay)
    relation = unit_tree.relation(db, profile, relay_unit, str(sender)) if relay_unit else None
    if (way, relation) in ((UP, unit_tree.CHILD), (DOWN, unit_tree.PARENT)):
        return
    if relation is not None:
        raise BundleRefused("relay_direction", _(
            "{relay} forwarded a bundle of {sender} the wrong way: the bundles of the "
            "offices under {relay} go up, those of the office above it go down. The whole "
            "file was refused and nothing was changed.").format(relay=relay, sender=sender))
    raise BundleRefused("relay_sender", _(
        "{relay} forwarded a bundle of {sender} ({name}), which is neither an office under "
        "{relay} nor the office above it. The whole file was refused and nothing was "
        "changed.").format(relay=relay, sender=sender, name=manifest.get("sender_name")))


def _fork(sender: str, seq: int) -> BundleRefused:
    return BundleRefused("fork", _(
        "Bundle number {seq} from {sender} was already received here with different "
        "content. This happens when the sender went back to an old backup and exported "
        "again, so two different histories now carry the same number. The file was "
        "refused and nothing was changed. Ask {sender} to export again with a new sequence "
        "(dvk export --new-line --full): nothing is lost, records are merged by version."
    ).format(seq=seq, sender=sender))


# -- parsing ------------------------------------------------------------------------------
def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def _malformed(kind: SyncKind, line_no: int, detail: str) -> BundleRefused:
    return BundleRefused("json", _(
        "Record {line} of {kind} in the bundle is not valid ({detail}). The file was refused "
        "and nothing was changed; ask the sender to export again.").format(
        line=line_no, kind=_(kind.label), detail=detail))


# Exact Python types allowed per declared column type (bool is not an int here).
_TYPES = {"TEXT": frozenset({str}), "INTEGER": frozenset({int}),
          "REAL": frozenset({int, float})}
_ANY = frozenset({str, int, float})


def parse_records(db: Database, bundle: Bundle,
                  limits: Limits = LIMITS) -> dict[str, list[dict[str, Any]]]:
    known = {f"records/{kind.name}.jsonl" for kind in all_kinds()}
    unknown = sorted(name for name in bundle.members
                     if name.startswith("records/") and name not in known)
    if unknown:
        raise BundleRefused("newer", _(
            "The bundle holds kinds of records this version of DVK does not know ({names}). "
            "Install the newer version and import it again; nothing was changed.").format(
            names=", ".join(n[8:-6] for n in unknown)))
    result: dict[str, list[dict[str, Any]]] = {}
    counts = bundle.manifest["counts"]
    for kind in all_kinds():
        data = bundle.members.get(f"records/{kind.name}.jsonl")
        if data is None:
            if counts.get(kind.name, 0):
                raise BundleRefused("manifest", _("The bundle is incomplete: {kind} is "
                                                  "missing. Nothing was changed.").format(
                    kind=_(kind.label)))
            continue
        result[kind.name] = _parse_kind(db, kind, data, limits)
        if len(result[kind.name]) != counts.get(kind.name):
            raise _malformed(kind, len(result[kind.name]), "count differs from the manifest")
    return result


def _parse_kind(db: Database, kind: SyncKind, data: bytes,
                limits: Limits) -> list[dict[str, Any]]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BundleRefused("utf8", _(
            "The records of {kind} in the bundle are not UTF-8 text (byte {position}). The "
            "file was refused and nothing was changed.").format(
            kind=_(kind.label), position=error.start)) from error
    if text and not text.endswith("\n"):
        raise _malformed(kind, text.count("\n") + 1, "the last line is cut off")
    types = {name: (_TYPES.get(declared, _ANY), notnull)
             for name, declared, notnull in table_columns.columns(db, kind.table)}
    allowed = set(travelling_columns(db, kind))
    records: list[dict[str, Any]] = []
    for number, line in enumerate(text.split("\n")[:-1], start=1):
        if len(line) > limits.max_line:
            raise BundleRefused("too_large", _(
                "Record {line} of {kind} in the bundle is far larger than any record can be. "
                "The file was refused and nothing was changed.").format(
                line=number, kind=_(kind.label)))
        try:
            record = json.loads(line, parse_constant=_refuse_constant,
                                parse_int=canonical.int64, parse_float=canonical.finite)
        except (ValueError, RecursionError) as error:
            raise _malformed(kind, number, type(error).__name__) from error
        if not isinstance(record, dict):
            raise _malformed(kind, number, "not an object")
        extra = set(record) - allowed
        if extra:
            raise BundleRefused("newer", _(
                "The bundle has fields this version of DVK does not know ({names}). Install "
                "the newer version and import it again; nothing was changed.").format(
                names=", ".join(sorted(extra))))
        for name in (kind.key, *_REQUIRED):
            if record.get(name) is None:
                raise _malformed(kind, number, f"{name} is missing")
        for name, value in record.items():
            wanted, notnull = types[name]
            if value is None:
                if notnull:
                    raise _malformed(kind, number, f"{name} is empty")
            elif type(value) not in wanted:
                raise _malformed(kind, number, f"{name} has the wrong type")
        if record["version"] < 1:
            raise _malformed(kind, number, "version")
        records.append(record)
    return records


# -- the preview ----------------------------------------------------------------------------
# Local rows that stand for a version this office received rather than made: shipped
# data (rev 0) and what an earlier bundle of the same file will write (rev -1).
_SHIPPED, _EARLIER = 0, -1


@dataclass
class _Earlier:
    """What the bundles before this one in the same file will have written, and what
    the file brings at all (a record of a forwarded bundle may point at one the
    forwarding office sends as its own, later in the same transaction)."""

    rows: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    inbox: dict[tuple[str, str, str, int], dict[str, Any]] = field(default_factory=dict)
    in_file: dict[str, set[str]] = field(default_factory=dict)
    blobs_in_file: set[str] = field(default_factory=set)

    def bring(self, bundle: Bundle, records: dict[str, list[dict[str, Any]]]) -> None:
        for name, items in records.items():
            kind = get_kind(name)
            self.in_file.setdefault(name, set()).update(
                str(r[kind.key]) for r in items if r.get(kind.key) is not None)
        self.blobs_in_file.update(n[6:] for n in bundle.members if n.startswith("blobs/"))

    def done(self, records: dict[str, list[dict[str, Any]]]) -> None:
        """A part of the file is classified now: from here on its records count by what
        it will write (`add`), not by being in the file (some are rejected or not for
        this office, and what pointed at them must not be written either)."""
        for name, items in records.items():
            kind = get_kind(name)
            keys = self.in_file.get(name)
            if keys:
                keys.difference_update(str(r[kind.key]) for r in items
                                       if r.get(kind.key) is not None)

    def add(self, preview: Preview) -> None:
        for name, rows in preview.writes.items():
            kind = get_kind(name)
            target = self.rows.setdefault(name, {})
            for record, _new in rows:
                target[str(record[kind.key])] = record
        m = preview.bundle.manifest
        self.inbox[(m["sender"], m["recipient"], m["line"], m["seq"])] = {
            "sha256": preview.bundle.sha256, "prev_sha256": m["prev_sha256"],
            "applied_at": ""}


def _local_rows(db: Database, kind: SyncKind, keys: list[str],
                earlier: _Earlier) -> dict[str, dict[str, Any]]:
    if not keys:
        return {}
    columns = [*travelling_columns(db, kind), "rev"]
    select = ", ".join(f"[{c}]" for c in columns)
    cursor = db.execute(
        f"SELECT {select} FROM [{kind.table}] WHERE [{kind.key}] IN"
        " (SELECT value FROM json_each(?))", [json.dumps(keys)])
    rows = (dict(zip(columns, row, strict=True)) for row in cursor)
    result = {row[kind.key]: row for row in rows}
    planned = earlier.rows.get(kind.name, {})
    for key in keys:
        if key in planned:
            result[key] = {**planned[key], "rev": _EARLIER}
    return result


def _existing(db: Database, kind: SyncKind, keys: set[str], earlier: _Earlier) -> set[str]:
    if not keys:
        return set()
    found = {row[0] for row in db.execute(
        f"SELECT [{kind.key}] FROM [{kind.table}] WHERE [{kind.key}] IN"
        " (SELECT value FROM json_each(?))", [json.dumps(sorted(keys))])}
    return found | (keys & (set(earlier.rows.get(kind.name, {}))
                            | earlier.in_file.get(kind.name, set())))


class _Received:
    """Is a local change number one an import handed out?"""

    def __init__(self, ranges: list[tuple[int, int]]):
        self.starts = [start for start, _end in ranges]
        self.ends = [end for _start, end in ranges]

    def __contains__(self, rev: int) -> bool:
        index = bisect.bisect_right(self.starts, rev) - 1
        return index >= 0 and rev <= self.ends[index]


def prepare(db: Database, bundle: Bundle, *, office: Unit, profile: str,
            limits: Limits = LIMITS,
            open_relayed: Callable[[Bundle], None] | None = None) -> Preview:
    """Everything checked and classified; nothing written. `open_relayed` checks the
    bundles forwarded inside this one (reader.open_relayed with this office's trust)."""
    way = check_addressing(db, bundle, office, profile)
    if bundle.relayed_members and not bundle.relayed:
        if open_relayed is None:
            raise ValueError("forwarded bundles need open_relayed")
        for _name, data in bundle.relayed_members:  # who forwards what, before signatures
            manifest = peek_manifest(data)
            if manifest is not None:
                check_relayed(db, manifest, bundle, profile, way)
        open_relayed(bundle)
    preview = Preview(bundle=bundle, way=way)
    check_sequence(db, bundle, preview)
    if preview.already_applied:
        return preview
    earlier = _Earlier()
    inners = bundle.relayed  # in the order the forwarding office applied them
    parsed = {id(part): parse_records(db, part, limits) for part in [*inners, bundle]}
    if inners:
        for part in [*inners, bundle]:
            earlier.bring(part, parsed[id(part)])
    registrations = {str(r["id"]): r.get("origin") for records in parsed.values()
                     for r in records.get("registrations", [])}
    sheets = {str(r["id"]): r for records in parsed.values()
              for r in records.get("score_sheets", [])}
    mergers = _mergers(db, bundle, way, office.code, profile, parsed.values())
    for inner in inners:
        check_relayed(db, inner, bundle, profile, way)
        part = Preview(bundle=inner, way=way, relayed_by=bundle.sender)
        check_sequence(db, inner, part, earlier)
        earlier.done(parsed[id(inner)])
        if not part.already_applied:
            _classify(db, part, earlier, parsed[id(inner)], mergers, office=office.code,
                      profile=profile, registrations=registrations, sheets=sheets)
            earlier.add(part)
        preview.relayed.append(part)
    earlier.done(parsed[id(bundle)])
    _classify(db, preview, earlier, parsed[id(bundle)], mergers, office=office.code,
              profile=profile, registrations=registrations, sheets=sheets)
    checkpoints.check_import(db, preview, office, profile)
    return preview


def _mergers(db: Database, bundle: Bundle, way: str, office: str, profile: str,
             parsed: Iterable[dict[str, list[dict[str, Any]]]]) -> list[dict[str, Any]]:
    """The mergers the file brings that this office will accept (so records of a merged
    unit sent by its heir's office are judged as the heir's, in the same file)."""
    kind = get_kind("unit_mergers")
    allowed = tree.authority_codes(db, bundle.sender, way, recipient=office
                                   if way == DOWN else None)
    judge = authority.Judge(db, profile=profile, sender=bundle.sender, way=way,
                            recipient=office, authority=allowed)
    rule = authority.rule(kind)
    result = []
    for records in parsed:
        for merger in records.get("unit_mergers", []):
            if rule.owner(merger) in allowed and merger.get("origin") in allowed \
                    and not kind.validate(merger) and not rule.claims(judge, merger):
                result.append(merger)
    return result


def _authority(db: Database, bundle: Bundle, way: str,
               records: dict[str, list[dict[str, Any]]],
               mergers: list[dict[str, Any]]) -> tuple[set[str], dict[str, dict[str, Any]]]:
    """The units whose records the sender may send here (see tree.authority_codes),
    grown by what the file itself may bring: units merged into units of the sender's
    domain (or, going down, into this office) and units new at this office made under
    those units (never an official unit, never a unit this office has: a file cannot
    move a unit into the sender's domain). Also returns those new units."""
    sender = bundle.sender
    recipient = bundle.recipient  # this office, or the office that forwards it down
    authority = tree.authority_codes(db, sender, way,
                                     recipient=recipient if way == DOWN else None)
    heirs = set(authority) if way == UP else tree.domain(db, recipient)
    incoming = {u["code"]: u for u in records.get("units", [])
                if isinstance(u.get("code"), str) and not u.get("official")}
    known = {row[0] for row in db.execute(
        "SELECT code FROM units WHERE code IN (SELECT value FROM json_each(?))",
        [json.dumps(sorted(incoming))])} if incoming else set()
    new_units = {code: u for code, u in incoming.items() if code not in known}
    grown = True
    while grown:
        before = len(authority)
        for merger in mergers:
            if merger["into_code"] in heirs or (way == UP and merger["into_code"] in authority):
                authority |= tree.domain(db, merger["unit_code"])
        authority.update(code for code, u in new_units.items()
                         if u.get("parent_code") in authority)
        grown = len(authority) > before
    return authority, new_units


def _classify(db: Database, preview: Preview, earlier: _Earlier,
              records: dict[str, list[dict[str, Any]]], mergers: list[dict[str, Any]],
              office: str, profile: str, registrations: dict[str, str | None],
              sheets: dict[str, dict[str, Any]] | None = None) -> None:
    bundle, way = preview.bundle, preview.way
    sender = bundle.sender
    allowed, new_units = _authority(db, bundle, way, records, mergers)
    # A bundle of the office above, forwarded down by this office's parent: what in it
    # is for another part of the parent's tree is not for this office (not written, not
    # counted); the rule still holds for all of it.
    elsewhere = way == DOWN and bundle.recipient != office
    mine = tree.authority_codes(db, sender, way, recipient=office) if elsewhere else allowed
    judge = authority.Judge(db, profile=profile, sender=sender, way=way, recipient=office,
                            authority=allowed, new_units=new_units)
    judge.registrations_in_file.update(registrations)
    judge.sheets_in_file.update(sheets or {})

    def breach(kind: SyncKind, key: str, error: authority.Breach) -> BundleRefused:
        return authority.refusal(sender, kind, key, error, preview.relayed_by)

    received = _Received(sync_tables.imported_rev_ranges(db))
    planned: dict[str, dict[str, tuple[dict[str, Any], bool, str, dict | None]]] = {}
    local_keys: dict[str, set[str]] = {}
    for kind in all_kinds():
        items = records.get(kind.name)
        if items is None:
            continue
        if items:
            try:
                judge.direction(kind)
            except authority.Breach as error:
                raise breach(kind, str(items[0][kind.key]), error) from None
        summary = preview.summary.setdefault(kind.name, KindSummary())
        locals_ = _local_rows(db, kind, [str(r[kind.key]) for r in items], earlier)
        local_keys[kind.name] = set(locals_)
        chosen: dict[str, tuple[dict[str, Any], bool, str, dict | None]] = {}
        seen: set[str] = set()
        for record in items:
            key = str(record[kind.key])
            if key in seen:
                _reject(preview, summary, kind, key, _("listed twice in the bundle"))
                continue
            seen.add(key)
            try:
                judge.incoming(kind, record)
            except authority.Breach as error:
                raise breach(kind, key, error) from None
            problem = text_problem(kind.table, record) or kind.validate(record)
            if problem:
                _reject(preview, summary, kind, key, problem)
                continue
            try:
                judge.claims(kind, record)
            except authority.Breach as error:
                raise breach(kind, key, error) from None
            if elsewhere and authority.owner(kind, record) not in mine:
                continue
            local = locals_.get(key)
            local_rev = local.pop("rev") if local else None
            was_received = local_rev is not None and (local_rev <= _SHIPPED
                                                      or local_rev in received)
            outcome, write = merge.classify(record, local, was_received)
            try:
                judge.stored(kind, record, local, wins=write)
            except authority.Breach as error:
                raise breach(kind, key, error) from None
            if write:
                chosen[key] = (record, local is None, outcome, local)
            else:
                summary.add(outcome)
                if outcome == merge.CONFLICTING:
                    preview.conflicts.append(_conflict(kind, key, sender, bundle, "incoming",
                                                       record, local))
        planned[kind.name] = chosen

    def parent_breach(kind: SyncKind, key: str, error: authority.Breach) -> None:
        raise breach(kind, key, error)

    authority.check_parents(db, planned, judge, parent_breach)
    _drop_dangling(db, preview, planned, local_keys, bundle, earlier, quiet=elsewhere)
    for kind in all_kinds():
        chosen = planned.get(kind.name)
        if chosen is None:
            continue
        summary = preview.summary[kind.name]
        rows = preview.writes.setdefault(kind.name, [])
        for key, (record, is_new, outcome, local) in chosen.items():
            summary.add(outcome)
            rows.append((record, is_new))
            if outcome == merge.CONFLICTING:
                preview.conflicts.append(_conflict(kind, key, sender, bundle, "local", local,
                                                   record))
    preview.files = sum(1 for name in bundle.members if name.startswith("blobs/"))


def _reject(preview: Preview, summary: KindSummary, kind: SyncKind, key: str,
            reason: str) -> None:
    summary.add(merge.REJECTED)
    preview.rejections.append(Rejection(kind.name, key, reason))


def _conflict(kind: SyncKind, key: str, sender: str, bundle: Bundle, loser_side: str,
              loser: dict[str, Any], winner: dict[str, Any]) -> dict[str, Any]:
    loser_json = canonical.dumps(loser)
    return {"kind": kind.name, "record_key": key, "sender": sender,
            "bundle_sha256": bundle.sha256, "loser_side": loser_side,
            "loser_sha256": canonical.sha256(loser_json), "loser_version": loser["version"],
            "loser_json": loser_json.decode("utf-8"),
            "winner_sha256": canonical.record_sha256(winner),
            "winner_version": winner["version"], "reason": "",
            "created_at": clock.stamp()}


def _drop_dangling(db: Database, preview: Preview, planned: dict[str, dict],
                   local_keys: dict[str, set[str]], bundle: Bundle, earlier: _Earlier,
                   quiet: bool = False) -> None:
    """Reject records that point at records this office will not have (and, in turn,
    what pointed at those), and evidence whose file is neither here nor in the bundle.
    `quiet`: leave them out uncounted (a bundle forwarded down, about the rest of the
    parent's part of the tree: the score sheet of another commune's model)."""
    wanted: dict[str, set[str]] = {}
    for kind in all_kinds():
        for record, _new, _outcome, _local in planned.get(kind.name, {}).values():
            for column, target in kind.refs.items():
                if record.get(column) is not None:
                    wanted.setdefault(target, set()).add(str(record[column]))
    present: dict[str, set[str]] = {}
    for target, keys in wanted.items():
        target_kind = get_kind(target)
        known = local_keys.get(target, set())
        present[target] = known | _existing(db, target_kind, keys - known, earlier)
    blobs_here = _existing_blobs(db, planned, bundle) | earlier.blobs_in_file
    changed = True
    while changed:
        changed = False
        for kind in all_kinds():
            chosen = planned.get(kind.name)
            if not chosen:
                continue
            for key in list(chosen):
                record = chosen[key][0]
                reason = None
                for column, target in kind.refs.items():
                    value = record.get(column)
                    if value is None:
                        continue
                    value = str(value)
                    if value not in present.get(target, set()) and value not in planned.get(
                            target, {}):
                        reason = _("it refers to {kind} {key}, which this office does not "
                                   "have and the bundle does not bring").format(
                            kind=_(get_kind(target).label).lower(), key=value)
                        break
                if reason is None and kind.blobs is not None and any(
                        h not in blobs_here for h in kind.blobs(record)) and not (
                        kind.blobs_withdrawn is not None
                        and kind.blobs_withdrawn(db, planned, record)):
                    reason = _("its file is neither in the bundle nor at this office")
                if reason is not None:
                    del chosen[key]
                    if not quiet:
                        _reject(preview, preview.summary[kind.name], kind, key, reason)
                    changed = True


def _existing_blobs(db: Database, planned: dict, bundle: Bundle) -> set[str]:
    hashes = {h for kind in all_kinds() if kind.blobs is not None
              for record, *_rest in planned.get(kind.name, {}).values()
              for h in kind.blobs(record)}
    in_bundle = {h for h in hashes if f"blobs/{h}" in bundle.members}
    rest = sorted(h for h in hashes - in_bundle if isinstance(h, str))
    local = {row[0] for row in db.execute(
        "SELECT sha256 FROM blobs WHERE sha256 IN (SELECT value FROM json_each(?))",
        [json.dumps(rest)])} if rest else set()
    return in_bundle | local


# -- applying -------------------------------------------------------------------------------
def _unit_names(db: Database, preview: Preview):
    incoming = {record["code"]: record["name"] for record, _new in preview.writes.get("units", [])}
    cache: dict[str, str | None] = {}

    def name(code: str | None) -> str | None:
        if not code:
            return None
        if code in incoming:
            return incoming[code]
        if code not in cache:
            row = db.execute("SELECT name FROM units WHERE code = ?", [code]).fetchone()
            cache[code] = row[0] if row else None
        return cache[code]

    return name


def apply(db: Database, preview: Preview, *, actor: str, progress: Progress = NO_PROGRESS,
          keep_for_relay: frozenset[str] = frozenset()) -> None:
    """Write the preview in the caller's transaction (all or nothing): the trust
    statements, the forwarded bundles, then the bundle's own records. `keep_for_relay`:
    the directions in which this office forwards what it receives (an office in the
    middle: a child's bundle goes on up, the parent's bundle on down)."""
    bundle = preview.bundle
    trust_store.add_statements(db, bundle.all_statements(), received_from=bundle.sender)
    parts = [p for p in preview.every_preview() if not p.already_applied]
    _store_blobs(db, parts)
    for part in parts:
        _apply_one(db, part, actor=actor, progress=progress)
    if preview.way in keep_for_relay:
        m = bundle.manifest
        trust_store.keep_for_relay(db, sha256=bundle.sha256, sender=m["sender"],
                                   line=m["line"], seq=m["seq"], data=bundle.raw,
                                   way=preview.way)


def _store_blobs(db: Database, parts: list[Preview]) -> None:
    """The files the records written need (evidence photos, the emblems of decisions),
    from whichever bundle of the file has them."""
    needed = {h for part in parts for kind in all_kinds() if kind.blobs is not None
              for record, _new in part.writes.get(kind.name, []) for h in kind.blobs(record)}
    found: dict[str, bytes] = {}
    for part in parts:
        for digest in needed - set(found):
            data = part.bundle.members.get(f"blobs/{digest}")
            if data is not None:
                found[digest] = data
    if found:
        db.conn.executemany("INSERT OR IGNORE INTO blobs (sha256, size, data) VALUES (?, ?, ?)",
                            [(d, len(found[d]), found[d]) for d in sorted(found)])


def _apply_one(db: Database, preview: Preview, *, actor: str, progress: Progress) -> None:
    bundle = preview.bundle
    m = bundle.manifest
    count = preview.write_count()
    first_rev = sync_tables.take_revs(db, count) if count else 0
    rev = first_rev
    names = _unit_names(db, preview)
    kinds = [kind for kind in all_kinds() if preview.writes.get(kind.name)]
    # The review queue first: what a kind's `applied` step does may concern it (an
    # erasure of personal data removes the versions kept of the records it erased).
    if preview.conflicts:
        sync_tables.add_conflicts(db, preview.conflicts)
    for index, kind in enumerate(kinds):
        progress.report(index, len(kinds), _(kind.label))
        inserts: dict[tuple[str, ...], list[list[Any]]] = {}
        updates: dict[tuple[str, ...], list[list[Any]]] = {}
        for record, is_new in preview.writes[kind.name]:
            row = dict(record)
            if kind.derive is not None:
                row.update(kind.derive(record, names))
            row["rev"] = rev
            rev += 1
            columns = tuple(row)
            (inserts if is_new else updates).setdefault(columns, []).append(list(row.values()))
        for columns, values in inserts.items():
            names_sql = ", ".join(f"[{c}]" for c in columns)
            marks = ", ".join("?" for _c in columns)
            db.conn.executemany(f"INSERT INTO [{kind.table}] ({names_sql}) VALUES ({marks})",
                                values)
        for columns, values in updates.items():
            assignments = ", ".join(f"[{c}] = ?" for c in columns)
            key_at = columns.index(kind.key)
            db.conn.executemany(
                f"UPDATE [{kind.table}] SET {assignments} WHERE [{kind.key}] = ?",
                [[*row, row[key_at]] for row in values])
        if kind.applied is not None:
            kind.applied(db, [record for record, _new in preview.writes[kind.name]])
    now = clock.stamp()
    summary = {name: s.as_dict() for name, s in preview.summary.items()}
    sync_tables.add_inbox(db, sender=m["sender"], recipient=m["recipient"], line=m["line"],
                    seq=m["seq"], sha256=bundle.sha256, prev_sha256=m["prev_sha256"],
                    key_id=m["key_id"], way=preview.way, relayed_by=preview.relayed_by,
                    summary=summary, rev_from=first_rev, rev_to=rev - 1 if count else 0,
                    created_at=m["created_at"], applied_at=now)
    totals = {outcome: sum(getattr(s, outcome) for s in preview.summary.values())
              for outcome in merge.OUTCOMES}
    detail = {"sender": m["sender"], "seq": m["seq"], **totals}
    if preview.relayed_by:
        detail["relayed_by"] = preview.relayed_by
    audit.append(db, actor=actor, action="import", kind="bundle", record_id=bundle.sha256,
                 detail=json.dumps(detail, sort_keys=True))
    progress.report(len(kinds), len(kinds), "")
