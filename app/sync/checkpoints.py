"""Signed checkpoints of the audit log: the form that is signed, checked and carried in
bundles (docs/audit-log.md).

A checkpoint says, under the office's key: "the first `entries` entries of the audit
log of `office` chain to `head`". It also names the checkpoint made before it at that
office (`follows`) and what the log had stored at that earlier length when this one
was made (`prev_entries`, `prev_head`). The office above holds
the earlier checkpoint, so it sees at once whether the entries that one covered were
changed or cut since, even if the office's own copy of the checkpoints was deleted
(a new chain that does not continue the one it holds shows as a fork).

Nothing here reads the log or unlocks a key: app/sync/checkpoint_service.py does.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import nacl.signing
from sqlite_utils import Database

from app.domain import stamps
from app.domain.units import Unit
from app.i18n import _
from app.signing import canonical, crypto
from app.sync.errors import BundleRefused

if TYPE_CHECKING:
    from app.sync.authority import Judge
    from app.sync.importer import Preview

KIND = "audit_checkpoints"
FORMAT = "dvk-audit-checkpoint"
FORMAT_VERSION = 1
GENESIS = "0" * 64  # the head of an empty log (app/repositories/audit.py)

_HASH = re.compile(r"^[0-9a-f]{64}$")
_KEY_ID = re.compile(r"^[0-9a-f]{16}$")
_SIGNATURE = re.compile(r"^[0-9a-f]{128}$")
_STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
_OCCASION = re.compile(r"^[a-z_]{0,32}$")
# The columns of a row that are the signed body (besides the office, its `origin`).
BODY = ("entries", "head", "follows", "prev_entries", "prev_head", "made_at", "occasion",
        "key_id")


@dataclass(frozen=True)
class Checkpoint:
    office: str
    entries: int
    head: str
    follows: str | None  # the id of the checkpoint made before this one, None for the first
    prev_entries: int
    prev_head: str  # the hash stored at `prev_entries` when this one was made ("": too short)
    made_at: str
    occasion: str
    key_id: str
    signature: str = ""

    def body(self) -> dict[str, Any]:
        return {"format": FORMAT, "format_version": FORMAT_VERSION, "office": self.office,
                **{name: getattr(self, name) for name in BODY}}

    @property
    def id(self) -> str:
        """The SHA-256 of the signed checkpoint: one checkpoint, one id everywhere."""
        return canonical.sha256(canonical.dumps({"body": self.body(),
                                                 "signature": self.signature}))

    @property
    def continues(self) -> bool:
        """When it was made, the log still read at `prev_entries` as the checkpoint it
        follows said (to be compared with that one's head)."""
        return bool(self.prev_head)

    def holds(self, public_key: bytes) -> bool:
        try:
            signature = bytes.fromhex(self.signature)
        except ValueError:
            return False
        return crypto.key_id(public_key) == self.key_id and crypto.verify(
            public_key, canonical.dumps(self.body()), signature)

    def row(self, *, actor: str, rev: int) -> dict[str, Any]:
        return {"id": self.id, **{name: getattr(self, name) for name in BODY},
                "signature": self.signature, "origin": self.office, "version": 1,
                "created_at": self.made_at, "updated_at": self.made_at, "updated_by": actor,
                "rev": rev}

    @classmethod
    def of(cls, row: dict[str, Any]) -> Checkpoint:
        return cls(office=row["origin"], signature=row["signature"],
                   **{name: row[name] for name in BODY})


def sign(signing: nacl.signing.SigningKey, *, office: str, entries: int, head: str,
         follows: Checkpoint | None, prev_head: str, made_at: str,
         occasion: str) -> Checkpoint:
    unsigned = Checkpoint(
        office=office, entries=entries, head=head, follows=follows.id if follows else None,
        prev_entries=follows.entries if follows else 0, prev_head=prev_head,
        made_at=made_at, occasion=occasion,
        key_id=crypto.key_id(signing.verify_key.encode()))
    signature = crypto.sign(signing, canonical.dumps(unsigned.body())).hex()
    return Checkpoint(**{**unsigned.__dict__, "signature": signature})


# -- the record as it travels ----------------------------------------------------------
def shape_problem(row: dict[str, Any]) -> str | None:
    """What makes a checkpoint record malformed."""
    for column in (*BODY, "signature"):
        if column not in row:
            return _("its field {column} is missing").format(column=column)
    checks = {
        "head": lambda v: isinstance(v, str) and bool(_HASH.match(v)),
        "prev_head": lambda v: v == "" or (isinstance(v, str) and bool(_HASH.match(v))),
        "follows": lambda v: v is None or (isinstance(v, str) and bool(_HASH.match(v))),
        "key_id": lambda v: isinstance(v, str) and bool(_KEY_ID.match(v)),
        "signature": lambda v: isinstance(v, str) and bool(_SIGNATURE.match(v)),
        "made_at": lambda v: isinstance(v, str) and bool(_STAMP.match(v)),
        "occasion": lambda v: isinstance(v, str) and bool(_OCCASION.match(v)),
        "entries": lambda v: isinstance(v, int) and 0 <= v < 2**62,
        "prev_entries": lambda v: isinstance(v, int) and 0 <= v < 2**62,
    }
    for column, ok in checks.items():
        if column in row and not ok(row[column]):
            return _("the value {value!r} of {column} is not allowed").format(
                value=row[column], column=column)
    if row.get("follows") is None and (row.get("prev_entries") != 0 or row.get(
            "prev_head") != GENESIS):
        return _("a first checkpoint follows no other and starts from an empty log")
    return None


def claims(judge: Judge, row: dict[str, Any]) -> str | None:
    """The authority rule's claims: a checkpoint travels only in the bundles of the
    office whose log it covers (forwarded whole by the offices in the middle), and the
    record is exactly the signed checkpoint (well formed, its id, one version, its own
    time). A checkpoint that is not is forged: the whole file is refused, as for any
    record its sender may not write (a genuine DVK never writes one)."""
    problem = shape_problem(row)
    if problem:
        return problem
    if row["origin"] != judge.sender:
        return _("it is a checkpoint of the audit log of {origin}, which only {origin} "
                 "sends").format(origin=row["origin"])
    if row.get("version") != 1 or row.get("created_at") != row.get("made_at") or \
            row.get("updated_at") != row.get("made_at"):
        return _("a checkpoint is made once and never changes")
    if row["id"] != Checkpoint.of(row).id:
        return _("its id is not the checkpoint it holds")
    return None


# -- at import -------------------------------------------------------------------------
def check_import(db: Database, preview: Preview, office: Unit, profile: str) -> None:
    """Every checkpoint new at this office is signed by a key of the office whose log it
    covers, and continues the checkpoint it follows: the entries that one covered still
    read the same. Else the whole file is refused (BundleRefused): the sender's log was
    changed or cut below a checkpoint this office holds."""
    incoming: dict[str, tuple[Checkpoint, str]] = {}
    for part in preview.every_preview():
        if part.already_applied:
            continue
        for record, _new in part.writes.get(KIND, []):
            incoming[record["id"]] = (Checkpoint.of(record), part.relayed_by)
    if not incoming:
        return
    wanted = sorted({c.follows for c, _r in incoming.values()
                     if c.follows and c.follows not in incoming})
    held = {row["id"]: Checkpoint.of(row) for row in _rows(db, wanted)}
    accepted = _accepted(db, sorted(incoming))
    keys = _Keys(db, preview, office, profile)
    for checkpoint, relayed_by in incoming.values():
        if not keys.signed(checkpoint):
            raise _forged(checkpoint, relayed_by)
    for checkpoint, relayed_by in incoming.values():
        if checkpoint.follows is None:
            continue
        before = held.get(checkpoint.follows)
        if before is None and checkpoint.follows in incoming:
            before = incoming[checkpoint.follows][0]
        if before is None:
            continue  # refused as a record pointing at nothing (dangling), not written
        if before.office != checkpoint.office:
            raise _forged(checkpoint, relayed_by)
        if (checkpoint.prev_entries != before.entries or checkpoint.prev_head != before.head
                ) and checkpoint.id not in accepted:
            raise rewritten(before, checkpoint, relayed_by)


def _rows(db: Database, ids: list[str]) -> list[dict[str, Any]]:
    if not ids:
        return []
    return list(db.query("SELECT * FROM audit_checkpoints WHERE id IN"
                         " (SELECT value FROM json_each(?))", [json.dumps(ids)]))


def _accepted(db: Database, ids: list[str]) -> set[str]:
    """The checkpoints, among `ids`, whose news of a rewritten log this office accepted
    after looking into it (`dvk audit accept`)."""
    return {row[0] for row in db.execute(
        "SELECT checkpoint_id FROM audit_rewrites_accepted WHERE checkpoint_id IN"
        " (SELECT value FROM json_each(?))", [json.dumps(ids)])}


class LogRewritten(BundleRefused):
    """The refusal of a bundle whose checkpoint shows the sender's log was rewritten;
    it names that checkpoint, so the office above can accept it after looking into it."""

    def __init__(self, message: str, checkpoint: Checkpoint, before: Checkpoint):
        super().__init__("audit_rewritten", message)
        self.checkpoint = checkpoint
        self.before = before


class _Keys:
    """The public keys this office knows for an office below (its trust, with what the
    bundle brings), for any time: a checkpoint stays the office's word after its key
    is retired or revoked, as what the key signed before does."""

    def __init__(self, db: Database, preview: Preview, office: Unit, profile: str):
        self.db, self.preview, self.office, self.profile = db, preview, office, profile
        self._trust = None
        self._units: dict[str, set[str]] = {}

    def signed(self, checkpoint: Checkpoint) -> bool:
        if self._trust is None:
            from app.repositories import unit_tree
            from app.sync import trust_store

            parent = unit_tree.parent_office_of(self.db, self.profile, self.office)
            self._trust = trust_store.load(self.db, self.office.code, parent).extended(
                self.preview.bundle.all_statements())
        key_id = checkpoint.key_id
        if key_id not in self._units:
            self._units[key_id] = self._trust.units_of(key_id)
        public = self._trust.public_key(key_id)
        return checkpoint.office in self._units[key_id] and public is not None and \
            checkpoint.holds(public)


def _forged(checkpoint: Checkpoint, relayed_by: str) -> BundleRefused:
    return BundleRefused("audit_checkpoint", _(
        "The bundle{where} holds a checkpoint of the audit log of {office} (made on "
        "{date}) that is not signed by a key of {office}: it was forged or damaged. The "
        "whole file was refused and nothing was changed. Ask {office} to run the check of "
        "its data file (dvk check) and tell the office above.").format(
        where=_relayed(relayed_by), office=checkpoint.office,
        date=stamps.show(checkpoint.made_at)))


def rewritten(before: Checkpoint, after: Checkpoint, relayed_by: str = "") -> LogRewritten:
    """The sender's log no longer reads, up to a checkpoint this office holds, as that
    checkpoint says."""
    if not after.continues:
        what = _("its log now has fewer than {count} entries: entries were cut off").format(
            count=before.entries)
    else:
        what = _("entries among the first {count} were changed or removed since").format(
            count=before.entries)
    return LogRewritten(_(
        "The audit log of {office} was altered{where}. Its checkpoint of {before}, signed "
        "with its key and held here, covers the first {count} entries of its log; its "
        "checkpoint of {after} finds that {what}. Someone who held the data file of "
        "{office} rewrote who did what there. The whole file was refused and nothing was "
        "changed. Ask {office} to run the check of its data file (dvk check), to restore "
        "a backup made before the change if it has one, and to tell you what happened. "
        "Without such a backup, once you have looked into it, you may accept the log as "
        "it now is: dvk audit accept FILE --reason TEXT, then import the file again."
    ).format(office=before.office, where=_relayed(relayed_by),
             before=stamps.show(before.made_at), count=before.entries,
             after=stamps.show(after.made_at), what=what), after, before)


def _relayed(relayed_by: str) -> str:
    return _(" (in a bundle forwarded by {relay})").format(relay=relayed_by) \
        if relayed_by else ""
