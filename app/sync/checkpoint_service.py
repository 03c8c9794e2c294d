"""Keying the audit log (`ctx.audit_checkpoints`): signed checkpoints made with the
office key, checked against the log, and the checkpoints of the offices below.

The log's own hash chain proves nothing to someone who holds the data file: they can
drop the triggers, change or delete entries and compute the chain again. A checkpoint
is the office key signing the head of the chain after the first n entries
(app/sync/checkpoints.py). It is made inside every job that already has the key
unlocked (a bundle, a batch of certificate codes, the key card, a key job) and on
demand; it never asks for the passphrase by itself. It travels up in the next bundle,
so the level above holds a copy the office cannot take back.

What it protects, and what not (the README and the Audit log screen say the same):
entries up to the latest checkpoint cannot be changed, removed or cut off without
the check of the data file saying so, and the office above refusing the next bundle.
Entries after it can. Someone who also deletes the checkpoints from the file is seen
only by the office above, as a log that went back (`children()`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nacl.signing

from app import clock
from app.domain import stamps
from app.domain.accounts import APPROVER
from app.domain.text import clean
from app.errors import DvkError, ValidationError
from app.i18n import N_, _
from app.repositories import audit, sync_tables
from app.repositories import audit_checkpoints as repo
from app.repositories.records import next_rev
from app.repositories.storage import storage_errors
from app.sync.checkpoints import GENESIS, Checkpoint, sign

if TYPE_CHECKING:
    from app.datafile.office_file import OfficeFile
    from app.ports import Accounts, Units
    from app.sync.service import KeyService, SyncService

# Why a checkpoint was made: the job that had the key unlocked.
OCCASIONS = {
    "export": N_("with a bundle"),
    "certificates": N_("with certificate codes"),
    "key": N_("with a new office key"),
    "key_card": N_("with the key card"),
    "certify": N_("when certifying a key"),
    "rotate": N_("when changing the office key"),
    "revoke": N_("when revoking a key"),
    "replace": N_("when replacing a lost key"),
    "on_demand": N_("on demand"),
}

LIMITS = N_(
    "What protects this log: checkpoints signed with the office key, made with every "
    "bundle, every batch of certificate codes and every key job, or on demand. Entries up to the latest checkpoint cannot be changed, removed or cut off "
    "unnoticed: the check of the data file says so, and the office above, which receives "
    "every checkpoint in the bundles and keeps them, refuses the next bundle. What it "
    "does not protect: the entries after the latest checkpoint. Someone who holds the "
    "data file can change or cut those and compute the chain again without anyone "
    "seeing it. Someone who also deletes the checkpoints from the file is seen only by "
    "the office above, as a log that went back; at the top office only backups and "
    "printed logs remain.")


def occasion_label(occasion: str) -> str:
    return _(OCCASIONS[occasion]) if occasion in OCCASIONS else occasion


@dataclass
class LogState:
    """This office's log against its own checkpoints."""

    count: int  # entries in the log
    broken_at: int | None  # the first entry whose stored hash does not follow
    checkpoints: int  # checkpoints signed by this office's key
    latest: Checkpoint | None  # the newest checkpoint the log still matches
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and self.broken_at is None

    def text(self) -> str:
        """One paragraph for the Audit log screen, the printed log and `dvk audit`."""
        if self.problems:
            return " ".join(self.problems)
        if self.latest is None:
            return _("No checkpoint signed with the office key yet: anyone who holds the "
                     "data file could rewrite this log unnoticed. The next bundle, batch of "
                     "certificate codes or key job signs one, or sign one now.")
        after = self.count - self.latest.entries
        return _("Latest checkpoint: {date} ({occasion}), signed with the office key "
                 "{key_id}: entries 1 to {entries} are protected; the {after} entries made "
                 "after it are not protected yet.").format(
            date=stamps.show(self.latest.made_at), occasion=occasion_label(
                self.latest.occasion), key_id=self.latest.key_id,
            entries=self.latest.entries, after=after)


@dataclass
class OfficeBelow:
    """What this office holds of the checkpoints of one office below."""

    code: str
    name: str
    checkpoints: int
    latest: Checkpoint
    went_back: list[str] = field(default_factory=list)  # forks: the log went back
    accepted: list[str] = field(default_factory=list)  # rewrites this office accepted

    @property
    def notes(self) -> list[str]:
        return [*self.went_back, *self.accepted]

    def as_json(self) -> dict[str, Any]:
        return {"office": self.code, "name": self.name, "checkpoints": self.checkpoints,
                "latest": {"id": self.latest.id, "made_at": self.latest.made_at,
                           "entries": self.latest.entries, "key_id": self.latest.key_id,
                           "occasion": self.latest.occasion},
                "went_back": self.went_back, "accepted": self.accepted}


class CheckpointService:
    def __init__(self, file: OfficeFile, *, accounts: Accounts, units: Units,
                 keys: Callable[[], KeyService], sync: Callable[[], SyncService]):
        self.file = file
        self.accounts = accounts
        self.units = units
        self._keys = keys
        self._sync = sync

    # -- making ------------------------------------------------------------------------
    def take(self, signing: nacl.signing.SigningKey, occasion: str, *,
             even_unchanged: bool = False) -> Checkpoint | None:
        """Sign a checkpoint of the whole log now, with a key the caller unlocked for
        its own job (inside or outside its transaction). None when the log has not
        grown since the latest checkpoint, unless `even_unchanged` (a bundle up: the
        office above then sees that the log still reads so now, which shows a log cut
        back to an older checkpoint whose newer ones were deleted). The new one follows
        the latest valid one and records what the log has stored at that one's length
        (`_heads`), so the office above, which holds that one, sees a rewrite below it."""
        db = self.file.db
        office = self.file.office_code
        with self.file.transaction():
            tip = self._tip(office)
            count, last_hash = audit.last(db)
            if not even_unchanged and tip is not None and tip.entries == count and \
                    tip.head == last_hash:
                return None  # nothing new to sign (the log did not grow)
            prev_head, head = self._heads(tip, count)
            if not even_unchanged and tip is not None and tip.entries == count and \
                    tip.head == head:
                return None
            checkpoint = sign(signing, office=office, entries=count, head=head,
                              follows=tip, prev_head=prev_head, made_at=clock.stamp(),
                              occasion=occasion)
            repo.add(db, checkpoint.row(actor=self.file.actor, rev=next_rev(db)))
        return checkpoint

    def _heads(self, tip: Checkpoint | None, count: int) -> tuple[str, str]:
        """(what the log reads at the latest checkpoint's length now, its head after
        `count` entries). Only the entries after that checkpoint are read and hashed,
        continuing from the hash stored at its length: so a checkpoint costs the work
        since the last one, not the whole log. Whoever rewrites an entry it covered
        must either compute the chain again through it, which changes that stored
        hash (the office above, holding the checkpoint, refuses the bundle), or leave
        the chain broken, which the office's own check reports (it reads every entry)."""
        db = self.file.db
        if tip is None:
            return GENESIS, audit.scan(db, [count]).heads.get(count, GENESIS)
        found = audit.anchor(db, tip.entries)
        if found is None:  # the log is shorter than the checkpoint: cut
            return "", audit.scan(db, [count]).heads.get(count, GENESIS)
        seq, stored = found
        scan = audit.scan(db, [count], after=tip.entries, head=stored, after_seq=seq)
        return stored, scan.heads.get(scan.count, stored)

    def take_now(self, passphrase: str | None) -> Checkpoint | None:
        """`dvk audit checkpoint` and the Audit log screen's button."""
        self.accounts.require(APPROVER)  # signing with the office key
        signing = self._keys().unlock(passphrase)
        return self.take(signing, "on_demand")

    def _tip(self, office: str) -> Checkpoint | None:
        """The newest checkpoint of this office that its key really signed."""
        keys = self._own_keys()
        for row in reversed(repo.own(self.file.db, office)):
            checkpoint = Checkpoint.of(row)
            if self._genuine(row, checkpoint, keys):
                return checkpoint
        return None

    def _own_keys(self) -> dict[str, bytes]:
        return {row["key_id"]: bytes.fromhex(row["public_key"])
                for row in sync_tables.office_keys(self.file.db)}

    @staticmethod
    def _genuine(row: dict[str, Any], checkpoint: Checkpoint, keys: dict[str, bytes]) -> bool:
        public = keys.get(checkpoint.key_id)
        return public is not None and row["id"] == checkpoint.id and checkpoint.holds(public)

    # -- checking this office's log ------------------------------------------------------
    def state(self) -> LogState:
        """The log read once against every checkpoint of this office: signed by one of
        its keys (current or retired), the log at least as long, and the chain, computed
        again from the entries, equal to the signed head at each checkpoint's length."""
        with storage_errors():
            office = self.file.setting("office_code")
            rows = repo.own(self.file.db, office) if office else []
            keys = self._own_keys()
            genuine, forged = [], []
            for row in rows:
                checkpoint = Checkpoint.of(row)
                (genuine if self._genuine(row, checkpoint, keys) else forged).append(
                    checkpoint)
            positions = {c.entries for c in genuine} | {c.prev_entries for c in genuine}
            scan = audit.scan(self.file.db, positions)
        problems = []
        if forged:
            problems.append(_(
                "{count} checkpoints of this log are not signed by a key of this office "
                "(forged or damaged), the first dated {date}.").format(
                count=len(forged), date=stamps.show(forged[0].made_at)))
        cut = [c for c in genuine if c.entries > scan.count]
        if cut:
            longest = max(cut, key=lambda c: c.entries)
            problems.append(_(
                "The audit log was cut: the checkpoint of {date}, signed with the office "
                "key, covers {entries} entries, but the log now has only {count}. Entries "
                "were deleted from its end.").format(
                date=stamps.show(longest.made_at), entries=longest.entries,
                count=scan.count))
        within = [c for c in genuine if c.entries <= scan.count]
        matching = [c for c in within if scan.heads.get(c.entries) == c.head]
        changed = [c for c in within if scan.heads.get(c.entries) != c.head]
        if changed:
            first = min(changed, key=lambda c: c.entries)
            text = _("The audit log was changed: entries among the first {entries} no "
                     "longer read as when the checkpoint of {date} was signed with the "
                     "office key (entries were changed, removed or inserted).").format(
                entries=first.entries, date=stamps.show(first.made_at))
            good = [c for c in matching if c.entries < first.entries]
            if good:
                last_good = max(good, key=lambda c: c.entries)
                text += " " + _("The first {entries} entries still match the checkpoint "
                                "of {date}.").format(entries=last_good.entries,
                                                     date=stamps.show(last_good.made_at))
            problems.append(text)
        problems += self._chain_problems(genuine, {c.id for c in forged})
        latest = max(matching, key=lambda c: (c.entries, c.made_at), default=None)
        if changed or cut:
            latest = None
        return LogState(count=scan.count, broken_at=scan.broken_at,
                        checkpoints=len(genuine), latest=latest, problems=problems)

    @staticmethod
    def _chain_problems(genuine: list[Checkpoint], forged: set[str]) -> list[str]:
        """Each checkpoint continues the one before it, as it said when it was made."""
        by_id = {c.id: c for c in genuine}
        problems = []
        for checkpoint in genuine:
            if checkpoint.follows is None or checkpoint.follows in forged:
                continue
            before = by_id.get(checkpoint.follows)
            if before is None:
                problems.append(_(
                    "The checkpoint of {date} follows one that is no longer in the data "
                    "file: checkpoints were deleted.").format(
                    date=stamps.show(checkpoint.made_at)))
            elif checkpoint.prev_entries != before.entries or \
                    checkpoint.prev_head != before.head:
                problems.append(_(
                    "When the checkpoint of {date} was made, the log no longer matched the "
                    "checkpoint of {before}: it had been changed between the two.").format(
                    date=stamps.show(checkpoint.made_at),
                    before=stamps.show(before.made_at)))
        return problems

    @staticmethod
    def limits() -> str:
        return _(LIMITS)

    # -- the offices below ---------------------------------------------------------------
    def children(self) -> list[OfficeBelow]:
        """Per office below, the checkpoints this office holds: how many, the latest,
        and where its log went back (two checkpoints continue the same one: a backup
        was restored there, or its checkpoints were deleted and entries cut off)."""
        with storage_errors():
            office = self.file.setting("office_code")
            rows = repo.received(self.file.db, office) if office else []
            accepted = repo.accepted(self.file.db)
        grouped: dict[str, list[Checkpoint]] = defaultdict(list)
        for row in rows:
            grouped[row["origin"]].append(Checkpoint.of(row))
        result = []
        for code, chain in sorted(grouped.items()):
            unit = self.units.get(code)
            latest = max(chain, key=lambda c: (c.made_at, c.entries))
            result.append(OfficeBelow(
                code=code, name=unit.name if unit else code, checkpoints=len(chain),
                latest=latest, went_back=_went_back(chain, latest),
                accepted=[_("On {date} {user} accepted that its log had been rewritten "
                            "among its first {entries} entries: {reason}").format(
                    date=stamps.show(row["accepted_at"]), user=row["accepted_by"],
                    entries=row["entries"], reason=row["reason"])
                    for row in accepted if row["office"] == code]))
        return result

    def accept(self, bundle: str | Path, reason: str,
               passphrase: str | None = None) -> list[Checkpoint]:
        """After looking into it, accept the rewritten log a bundle from below shows
        (each checkpoint that does not continue the one this office holds), so the
        office below can send again; the reason is kept, the audit log says who. Only
        for that refusal: any other one stands, and nothing is accepted."""
        from app.sync.checkpoints import LogRewritten

        self.accounts.require(APPROVER)
        reason = clean(reason or "").strip()[:500]
        if not reason:
            raise ValidationError({"reason": _(
                "Say why the rewritten log is accepted (what the office below explained).")})
        found: list[Checkpoint] = []
        with self.file.transaction():
            for _attempt in range(100):
                try:
                    self._sync().prepare(bundle, passphrase)
                    break
                except LogRewritten as refusal:
                    checkpoint = refusal.checkpoint
                    if checkpoint.id in {c.id for c in found}:
                        raise
                    repo.accept(self.file.db, checkpoint_id=checkpoint.id,
                                office=checkpoint.office, entries=refusal.before.entries,
                                accepted_at=clock.stamp(), accepted_by=self.file.actor,
                                reason=reason)
                    audit.append(self.file.db, actor=self.file.actor, action="accept_rewrite",
                                 kind="audit_checkpoints", record_id=checkpoint.id,
                                 detail=f"{checkpoint.office}: {reason}")
                    found.append(checkpoint)
            if not found:
                raise DvkError(_("This bundle shows no rewritten audit log: there is nothing "
                                 "to accept. Import it as usual."))
        return found


def _went_back(chain: list[Checkpoint], latest: Checkpoint) -> list[str]:
    """A sentence for every branch of the chain that the latest checkpoint does not
    continue: the log it covered is no longer the office's log."""
    by_id = {c.id: c for c in chain}
    after: dict[str | None, list[Checkpoint]] = defaultdict(list)
    for checkpoint in chain:
        after[checkpoint.follows if checkpoint.follows in by_id else None].append(checkpoint)
    current, step = set(), latest
    while step is not None:
        current.add(step.id)
        step = by_id.get(step.follows) if step.follows else None
    result = []
    for parent_id, branches in after.items():
        if len(branches) < 2:
            continue
        fork = by_id.get(parent_id) if parent_id else None
        for branch in branches:
            if branch.id in current:
                continue
            tip = _tip_of(branch, after)
            if fork is None:
                back = _("the latest one does not continue it but starts a chain of its own")
            else:
                back = _("the latest one does not continue it but goes back to the "
                         "checkpoint of {date} ({entries} entries)").format(
                    date=stamps.show(fork.made_at), entries=fork.entries)
            result.append(_(
                "Its checkpoint of {date} covered {entries} entries; {back}. A backup was "
                "restored there, or its checkpoints were deleted and entries cut off the "
                "end of its log.").format(date=stamps.show(tip.made_at),
                                          entries=tip.entries, back=back))
    return result


def _tip_of(start: Checkpoint, after: dict[str | None, list[Checkpoint]]) -> Checkpoint:
    best, pending = start, [start]
    while pending:
        step = pending.pop()
        if step.entries > best.entries:
            best = step
        pending += after.get(step.id, [])
    return best
