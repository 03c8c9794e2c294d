"""A person's rights over their data (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15): see
everything held, correct it, erase it; requests that reach the office that owns the
record; the purge at the end of a retention period. docs/privacy.md explains it to an
office.

Who acts: the office that owns a person's record (its origin, the office where they
registered) corrects and erases it; the change travels up and down in the next
bundles like any change, and the offices above erase the person's snapshots in the
decisions they issued when the erasure reaches them. An office that does not own the
record (the province, for a commune's exemplar) records the person's request, which
travels down to the owner; the owner's privacy screen lists it until it is done.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app import clock
from app.core.events import REGISTRATIONS_CHANGED, SCORES_CHANGED
from app.domain import privacy
from app.domain.accounts import ADMIN, APPROVER, CLERK
from app.domain.dates import to_iso
from app.domain.registration import PersonInput, validate_person
from app.domain.registration_record import RegisteredPerson
from app.domain.rows import RowRecord
from app.domain.text import clean, fold
from app.errors import DvkError, NotFoundError, ValidationError
from app.i18n import _
from app.repositories import audit
from app.repositories import decision_signatures as signatures_repo
from app.repositories import privacy as repo
from app.repositories import settings as settings_repo
from app.repositories.registrations import search_words
from app.repositories.storage import storage_errors

if TYPE_CHECKING:
    from app.datafile.office_file import OfficeFile
    from app.services.accounts import AccountService
    from app.services.backup import BackupService


PURGE_BACKUP_TAG = "truoc-xoa-du-lieu"
ENCRYPT_AT_START = "atrest.encrypt_at_start"


# -- what the office holds about a person (issue 21, point 3): the records `show`
# (its person is the registration record's RegisteredPerson, the `persons` row),
# `council`, `open_requests` and `erasures` return; `as_json` is the command line's JSON,
# the columns as the queries of app/repositories/privacy.py name them, in their order.
@dataclass(frozen=True)
class HeldRegistration(RowRecord):
    """One of the person's registrations, with its unit's name (None: unknown here)."""

    id: str
    year: int
    name: str
    registrant: str
    contact_phone: str
    unit_code: str
    unit_name: str | None
    status: str
    origin: str
    registered_on: str | None


@dataclass(frozen=True)
class HeldEvidence(RowRecord):
    """An evidence file of the person's registrations; `removed` and `stored` (its bytes
    are here) are 0 or 1 as read."""

    id: str
    registration_id: str
    file_name: str
    media_type: str
    size: int
    caption: str
    removed: int
    stored: int


@dataclass(frozen=True)
class HeldSheet(RowRecord):
    """A score sheet of the person's registrations."""

    id: str
    registration_id: str
    year: int
    level: str
    state: str
    edition: int
    origin: str


@dataclass(frozen=True)
class HeldProposal(RowRecord):
    """A proposal that puts forward one of the person's registrations."""

    id: str
    number: str | None
    year: int
    state: str
    origin: str


@dataclass(frozen=True)
class HeldDecisionItem(RowRecord):
    """A decision's line that names the person: the decision's number, date, state and
    issuer, and the line's model name, registrant, detail and certificate number."""

    id: str
    decision_id: str
    number: str | None
    decided_on: str | None
    state: str
    issuer: str
    model_name: str
    registrant: str
    detail: str
    certificate_number: str
    origin: str


@dataclass(frozen=True)
class HeldRequest(RowRecord):
    """A request the person made (to erase or to correct), and the office it reached."""

    id: str
    action: str
    received_on: str
    note: str
    origin: str


@dataclass(frozen=True)
class HeldErasure(RowRecord):
    """An erasure of the person's data: when, why, the request it answered, by whom."""

    id: str
    erased_on: str
    reason: str
    request_id: str | None
    origin: str


@dataclass(frozen=True)
class Recipient(RowRecord):
    """An office this office sent bundles to (its name; None when unknown here), the
    first and the last time."""

    recipient: str
    name: str | None
    first: str
    last: str


@dataclass(frozen=True)
class Holdings(RowRecord):
    """Everything this office holds about one person (`PrivacyService.show`): the
    record, what names them or belongs to their registrations, how many unsaved forms and
    review-queue versions hold them, the office that owns the record (and whether it is
    this one), and the offices that received it (empty unless this office made one of
    their registrations)."""

    person: RegisteredPerson
    registrations: tuple[HeldRegistration, ...]
    evidence: tuple[HeldEvidence, ...]
    score_sheets: tuple[HeldSheet, ...]
    proposals: tuple[HeldProposal, ...]
    decision_items: tuple[HeldDecisionItem, ...]
    requests: tuple[HeldRequest, ...]
    erasures: tuple[HeldErasure, ...]
    drafts: int
    conflicts: int
    owner: str
    owned_here: bool
    sent_to: tuple[Recipient, ...]


@dataclass(frozen=True)
class CouncilSeat(RowRecord):
    """A council member's place on a score sheet (`PrivacyService.council`): the member
    row, the sheet's id, year, level and state, and the model's name (None: unknown)."""

    id: str
    name: str
    role: str
    removed: int
    origin: str
    sheet_id: str
    year: int
    level: str
    state: str
    model_name: str | None


@dataclass(frozen=True)
class OpenRequest(RowRecord):
    """A request about a person this office owns, not acted on yet."""

    id: str
    person_id: str
    action: str
    received_on: str
    note: str
    origin: str


@dataclass(frozen=True)
class Erasure(RowRecord):
    """An erasure record (`erasures`, every column in the table's order but the local
    change number): which record (`subject` 'person' or 'council_member'), the
    registrations whose snapshots other offices erase (JSON as stored), when, why, the
    request it answered, and its sync columns. `as_row` is the record to write back."""

    id: str
    subject: str
    record_id: str
    registrations: str
    erased_on: str
    reason: str
    request_id: str | None
    origin: str
    version: int
    created_at: str
    updated_at: str
    updated_by: str

    def as_row(self) -> dict[str, Any]:
        return self.as_json()


@dataclass
class ErasureResult:
    person_id: str
    erasure_id: str
    registrations: int = 0
    files: int = 0
    decision_items: int = 0
    signed_copies: int = 0


@dataclass
class PurgeCandidate:
    person_id: str
    full_name: str
    last_year: int
    registrations: int


@dataclass
class PurgePlan:
    before_year: int
    candidates: list[PurgeCandidate] = field(default_factory=list)


class PrivacyService:
    def __init__(self, file: OfficeFile, *, accounts: AccountService,
                 backups: Callable[[], BackupService]):
        self.file = file
        self.accounts = accounts
        self._backups = backups

    # -- finding -----------------------------------------------------------------------
    def find(self, text: str) -> list[str]:
        """The persons a clerk means: a person's id, a registration's id (its person),
        or a full name (without case and marks)."""
        text = clean(text)
        if not text:
            return []
        with storage_errors():
            if repo.person(self.file.db, text) is not None:
                return [text]
            of_registration = repo.person_of_registration(self.file.db, text)
            if of_registration:
                return [of_registration]
            return repo.persons_named(self.file.db, text)

    def show(self, person_id: str) -> Holdings:
        """Everything this office holds about the person, and who received it."""
        with storage_errors():
            held = repo.holdings(self.file.db, person_id)
            if held["person"] is None:
                raise NotFoundError(_("No person has the id {id}.").format(id=person_id))
            owner = held["person"]["origin"]
            sent_to = repo.recipients(self.file.db) if any(
                r["origin"] == self.file.office_code for r in held["registrations"]) else []
        return Holdings(
            person=RegisteredPerson.from_row(held["person"]),
            registrations=tuple(map(HeldRegistration.from_row, held["registrations"])),
            evidence=tuple(map(HeldEvidence.from_row, held["evidence"])),
            score_sheets=tuple(map(HeldSheet.from_row, held["score_sheets"])),
            proposals=tuple(map(HeldProposal.from_row, held["proposals"])),
            decision_items=tuple(map(HeldDecisionItem.from_row, held["decision_items"])),
            requests=tuple(map(HeldRequest.from_row, held["requests"])),
            erasures=tuple(map(HeldErasure.from_row, held["erasures"])),
            drafts=held["drafts"], conflicts=held["conflicts"], owner=owner,
            owned_here=owner == self.file.office_code,
            sent_to=tuple(map(Recipient.from_row, sent_to)))

    def council(self, name: str) -> list[CouncilSeat]:
        """The score sheets on which a council member of that name scored."""
        with storage_errors():
            return [CouncilSeat.from_row(row)
                    for row in repo.council_rows(self.file.db, clean(name))]

    def open_requests(self) -> list[OpenRequest]:
        with storage_errors():
            return [OpenRequest.from_row(row)
                    for row in repo.requests_open(self.file.db, self.file.office_code)]

    def _owned(self, person_id: str) -> dict[str, Any]:
        found = repo.person(self.file.db, person_id)
        if found is None:
            raise NotFoundError(_("No person has the id {id}.").format(id=person_id))
        if found["origin"] != self.file.office_code:
            raise DvkError(_(
                "This person's record belongs to the office {owner}, where they registered: "
                "only that office may correct or erase it. Record the person's request "
                "(dvk privacy request, or Request on the Personal data screen); it travels "
                "to {owner} in the next bundles.").format(owner=found["origin"]))
        return found

    # -- correcting ----------------------------------------------------------------------
    def correct(self, person_id: str, changes: dict[str, Any]) -> list[str]:
        """Correct the person's fields (full name, year of birth, gender, position,
        address, phone) and the name on their registrations. Returns the fields
        changed. An issued decision is not changed: a wrong name in one is corrected
        by an amending decision (dvk decisions amend)."""
        self.accounts.require(CLERK)
        unknown = set(changes) - set(privacy.CORRECTABLE)
        if unknown:
            raise DvkError(_("These fields cannot be corrected here: {fields}.").format(
                fields=", ".join(sorted(unknown))))
        with storage_errors():
            current = self._owned(person_id)
        if current["erased_on"]:
            raise DvkError(_("This person's data was erased; there is nothing to correct."))
        merged = {name: current[name] for name in privacy.CORRECTABLE}
        merged.update(changes)
        person = PersonInput(**merged).cleaned()
        errors: dict[str, str] = {}
        validate_person(person, clock.today(), errors)
        if errors:
            raise ValidationError(errors)
        values = {name: getattr(person, name) for name in privacy.CORRECTABLE}
        changed = [name for name in privacy.CORRECTABLE if values[name] != current[name]]
        if not changed:
            return []
        with self.file.transaction():
            writer = self.file.writer()
            writer.update("persons", person_id, values)
            if "full_name" in changed:
                for registration in repo.holdings(self.file.db, person_id)["registrations"]:
                    if registration["origin"] != self.file.office_code:
                        continue
                    row = self.file.db.execute(
                        "SELECT r.name, u.name FROM registrations r LEFT JOIN units u"
                        " ON u.code = r.subunit_code WHERE r.id = ?",
                        [registration["id"]]).fetchone()
                    writer.update("registrations", registration["id"], {
                        "registrant": person.full_name,
                        "registrant_fold": fold(person.full_name),
                        "search_words": search_words(row[0], person.full_name, row[1])})
            audit.append(self.file.db, actor=self.file.actor, action="correct", kind="persons",
                         record_id=person_id, detail=",".join(changed))
        self.file.events.emit(REGISTRATIONS_CHANGED, id=person_id)
        return changed

    # -- erasing -------------------------------------------------------------------------
    def erase(self, person_id: str, *, reason: str = "yeu_cau",
              request_id: str | None = None) -> ErasureResult:
        """Erase the person's personal fields and files, keeping the model's
        non-personal record (its field, year, unit, scores) and every decision's
        number: the name becomes "[đã xóa]" in the person's record, their
        registrations (also inside the model's name) and this office's decisions (their
        lines and their paper as issued); phone, address, year of birth, gender and
        position are emptied; evidence files are removed and their bytes deleted; the
        digitally signed copies of the decisions that name the person are withdrawn
        (bytes deleted, the record of the signature kept). The erasure travels in the next
        bundles; the audit log says that it happened, not what was erased."""
        self.accounts.require(APPROVER)
        if reason not in privacy.ERASURE_REASONS:
            raise DvkError(_("Unknown reason for an erasure: {reason}.").format(reason=reason))
        with storage_errors(), self.file.transaction():
            result = self._erase(person_id, reason, request_id)
        self.file.events.emit(REGISTRATIONS_CHANGED, id=person_id)
        self.file.events.emit(SCORES_CHANGED)
        return result

    def _erase(self, person_id: str, reason: str, request_id: str | None,
               original: dict[str, Any] | None = None) -> ErasureResult:
        """The erasure's writes in the caller's transaction. `original`: the erasure
        record to write again as it was (a restored backup older than it)."""
        current = self._owned(person_id)
        held = repo.holdings(self.file.db, person_id)
        writer = self.file.writer()
        name = current["full_name"]
        erased_on = original["erased_on"] if original else to_iso(clock.today())
        writer.update("persons", person_id, {**privacy.PERSON_ERASED, "erased_on": erased_on})
        own = [r for r in held["registrations"] if r["origin"] == self.file.office_code]
        for registration in own:
            repo.erase_registration(writer, registration, name)
        registration_ids = [r["id"] for r in own]
        files = repo.erase_evidence(writer, registration_ids)
        items = repo.erase_issued_snapshots(writer, registration_ids)
        repo.forget_local_copies(self.file.db, [person_id, *registration_ids])
        # The digitally signed copies of every decision that names the person (this
        # office's or another's, as held here) cannot be erased inside: withdrawn.
        copies = signatures_repo.withdraw_for_registrations(
            self.file.db, [r["id"] for r in held["registrations"]])
        counts = {"registrations": len(own), "files": files, "decision_items": items,
                  "signed_copies": copies}
        if original:
            erasure_id = repo.restore_erasure(writer, original, counts)
        else:
            erasure_id = repo.record_erasure(
                writer, subject="person", record_id=person_id,
                registrations=registration_ids, erased_on=erased_on, reason=reason,
                request_id=request_id, counts=counts)
        return ErasureResult(person_id, erasure_id, len(own), files, items, copies)

    def erase_council_member(self, name: str, *, reason: str = "yeu_cau") -> int:
        """Erase a council member's name on the score sheets this office made (a
        locked sheet too: the one change the rule lets through); returns how many.
        Sheets other offices made are theirs to erase."""
        self.accounts.require(APPROVER)
        with storage_errors(), self.file.transaction():
            rows = [r for r in repo.council_rows(self.file.db, clean(name))
                    if r["origin"] == self.file.office_code and r["name"] != privacy.ERASED]
            writer = self.file.writer()
            today = to_iso(clock.today())
            for row in rows:
                writer.update("council_members", row["id"], {"name": privacy.ERASED})
                repo.record_erasure(writer, subject="council_member", record_id=row["id"],
                                    registrations=[], erased_on=today, reason=reason,
                                    request_id=None, counts={"council_members": 1})
        self.file.events.emit(SCORES_CHANGED)
        return len(rows)

    # -- requests ------------------------------------------------------------------------
    def request(self, person_id: str, action: str, note: str = "") -> str:
        """Record that the person asked this office to erase or correct their data,
        when another office owns the record: the request travels to the owner."""
        self.accounts.require(CLERK)
        if action not in privacy.REQUEST_ACTIONS:
            raise DvkError(_("A request is to erase or to correct."))
        note = clean(note)
        if len(note) > 2000:
            raise DvkError(_("The note is too long (at most 2,000 characters)."))
        with storage_errors(), self.file.transaction():
            if repo.person(self.file.db, person_id) is None:
                raise NotFoundError(_("No person has the id {id}.").format(id=person_id))
            row = self.file.writer().insert("privacy_requests", {
                "person_id": person_id, "action": action,
                "received_on": to_iso(clock.today()), "note": note},
                audit_detail=action)
        return row["id"]

    # -- retention -----------------------------------------------------------------------
    def purge_plan(self, before_year: int) -> PurgePlan:
        """The individuals of this office whose every registration is of a year before
        `before_year` (their models are no longer active) and whose data is not erased
        yet: what a purge would erase."""
        with storage_errors():
            rows = self.file.db.execute(
                "SELECT p.id, p.full_name, max(r.year), count(r.id) FROM persons p"
                " JOIN registrations r ON r.person_id = p.id WHERE p.origin = ?"
                " AND p.erased_on IS NULL GROUP BY p.id HAVING max(r.year) < ?"
                " ORDER BY max(r.year), p.full_name", [self.file.office_code, before_year]
            ).fetchall()
        return PurgePlan(before_year, [PurgeCandidate(*row) for row in rows])

    def purge(self, before_year: int) -> tuple[PurgePlan, list[ErasureResult]]:
        """Erase the personal data of every individual in `purge_plan`, after a backup
        (made first; a failed backup stops the purge). Returns the plan and what was
        erased."""
        self.accounts.require(APPROVER)
        plan = self.purge_plan(before_year)
        if not plan.candidates:
            return plan, []
        folder = self._backups().folder()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DvkError(_("The backup folder {folder} cannot be made ({detail}); nothing "
                             "was erased.").format(folder=folder, detail=error)) from error
        self._backups().backup_to(folder, tag=PURGE_BACKUP_TAG)
        results = []
        with storage_errors(), self.file.transaction():
            for candidate in plan.candidates:
                results.append(self._erase(candidate.person_id, "het_han", None))
        self.file.events.emit(REGISTRATIONS_CHANGED)
        return plan, results

    # -- backups -------------------------------------------------------------------------
    def erasures(self) -> list[Erasure]:
        with storage_errors():
            return [Erasure.from_row(row) for row in repo.erasures(self.file.db)]

    def reapply(self, erasures: list[Erasure]) -> int:
        """After a restore: the erasures made since the backup (read from the data file
        before it was replaced, every column) done again, each erasure record written
        back as it was (so the offices that have it see no change); returns how many."""
        known = {erasure.id for erasure in self.erasures()}
        done = 0
        with storage_errors(), self.file.transaction():
            writer = self.file.writer()
            for erasure in erasures:
                if erasure.id in known:
                    continue
                found = repo.person(self.file.db, erasure.record_id) \
                    if erasure.subject == "person" else None
                if found is not None and found["origin"] == self.file.office_code \
                        and not found["erased_on"]:
                    self._erase(found["id"], erasure.reason, erasure.request_id,
                                original=erasure.as_row())
                else:
                    if erasure.subject == "council_member" and self.file.db.execute(
                            "SELECT 1 FROM council_members WHERE id = ? AND origin = ?",
                            [erasure.record_id, self.file.office_code]).fetchone():
                        writer.update("council_members", erasure.record_id,
                                      {"name": privacy.ERASED})
                    repo.restore_erasure(writer, erasure.as_row(), {})
                    if erasure.origin != self.file.office_code:
                        repo.erasures_received(self.file.db, [erasure.as_row()])
                done += 1
            if done:
                audit.append(self.file.db, actor=self.file.actor, action="erase_reapplied",
                             kind="database", detail=str(done))
        return done

    # -- encryption at rest (app/atrest.py) -------------------------------------------------
    def encryption_asked(self) -> bool:
        """Did someone ask (Tools > Encrypt the data file...) to encrypt at next start?"""
        return bool(self.file.setting(ENCRYPT_AT_START))

    def ask_encryption_at_start(self) -> None:
        """Encrypting replaces the data file, so the window does it when it starts,
        before the file is open; this records the wish (an administrator's)."""
        self.accounts.require(ADMIN)
        with storage_errors(), self.file.transaction():
            settings_repo.put(self.file.db, ENCRYPT_AT_START, True)
            audit.append(self.file.db, actor=self.file.actor, action="encrypt_asked",
                         kind="database", detail="")

    def encryption_done(self) -> None:
        """The data file was just encrypted (app/atrest.py works on the closed file):
        the audit log says so, and a wish to encrypt at start is fulfilled (whoever
        started DVK next: encrypting only protects)."""
        with storage_errors(), self.file.transaction():
            self.file.db.execute("DELETE FROM settings WHERE key = ?", [ENCRYPT_AT_START])
            audit.append(self.file.db, actor=self.file.actor, action="encrypt",
                         kind="database", detail="")

    def change_data_passphrase(self, new: str, *, old: str | None = None,
                               recovery: str | None = None) -> None:
        """A new passphrase for the encrypted data file (the administrator's), given
        the old one or the recovery key; the audit log says it happened."""
        from app import atrest

        self.accounts.require(ADMIN)
        atrest.change_passphrase(self.file.path, new, old=old, recovery=recovery)
        with storage_errors(), self.file.transaction():
            audit.append(self.file.db, actor=self.file.actor, action="data_passphrase",
                         kind="database", detail="")
