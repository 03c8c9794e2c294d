"""Proposals (tờ trình đề nghị công nhận): the list of models an office proposes to the
level above. Models recognised here and rated "Tiêu biểu" are chosen by default;
including another needs a reason. A draft can change; sending it gives it a number
from the proposals book, freezes each model's rating and total, records a 'propose'
step per model, and makes it travel upward in the next bundle."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app import clock
from app.core.events import RECOGNITION_CHANGED
from app.domain import limits
from app.domain.accounts import APPROVER, CLERK
from app.domain.recognition import (
    PROPOSE,
    ProposalState,
    RecognitionError,
    check_proposal_levels,
    proposal_state_label,
)
from app.domain.scoring import rating_label, to_points
from app.domain.text import clean_multiline
from app.domain.units import level_label
from app.errors import DvkError, NotFoundError, ValidationError
from app.i18n import _
from app.repositories import recognition as repo
from app.repositories.records import next_rev
from app.repositories.storage import immediate_transaction, storage_errors

if TYPE_CHECKING:
    from app.datafile.office_file import OfficeFile
    from app.services.accounts import AccountService
    from app.services.numbering import NumberingService
    from app.services.recognition import ModelRow, RecognitionService
    from app.services.units import UnitService

NOTE_MAX = limits.REASON


@dataclass(frozen=True)
class ProposedModel:
    """One model a proposal puts forward: its rating and total as frozen when it was
    sent (live while this office's draft)."""
    id: str  # the registration's id
    name: str
    registrant: str
    field: int
    subject: str
    rating: str
    total: float | None
    reason: str


@dataclass(frozen=True)
class ProposalRecord:
    """A proposal as recorded, for its paper and the window (the command line's JSON
    is `as_json`, made from this)."""
    id: str
    number: str | None
    year: int
    state: ProposalState
    from_level: str
    to_level: str
    office: str
    addressee: str
    sent_on: str | None
    note: str
    models: tuple[ProposedModel, ...]


@dataclass(frozen=True)
class Proposal:
    """A proposal's own columns (`proposals`, PROPOSAL_COLUMNS of
    app/repositories/recognition.py): the levels it goes from and to, the office that
    made it and the one it is addressed to, its number once sent, its state (a
    ProposalState), when it was sent, the note, the office whose record it is, its version and
    when it was made."""
    id: str
    year: int
    from_level: str
    to_level: str
    office_code: str
    addressee_code: str | None
    addressee: str
    number: str | None
    state: ProposalState
    sent_on: str | None
    note: str
    origin: str
    version: int
    created_at: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Proposal:
        values = {name: row[name] for name in repo.PROPOSAL_COLUMNS}
        return cls(**{**values, "state": ProposalState(row["state"])})

    def as_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in repo.PROPOSAL_COLUMNS}


@dataclass(frozen=True)
class ListedProposal(Proposal):
    """A proposal in the list: with how many models it puts forward and the name of the
    office that made it (its code when unknown)."""
    models: int = 0
    office_name: str = ""

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> ListedProposal:
        values = {name: row[name] for name in repo.PROPOSAL_COLUMNS}
        return cls(**{**values, "state": ProposalState(row["state"])},
                   models=row["models"], office_name=row["office_name"])

    def as_json(self) -> dict[str, Any]:
        """The keys `dvk proposals list --json` has always written, in the same order."""
        return {**super().as_json(), "models": self.models, "office_name": self.office_name}


class ProposalService:
    def __init__(self, file: OfficeFile, *, accounts: AccountService, units: UnitService,
                 recognition: RecognitionService, numbering: NumberingService):
        self.file = file
        self.accounts = accounts
        self.units = units
        self.recognition = recognition
        self.numbering = numbering

    @property
    def workflow(self):
        return self.recognition

    # -- reading --------------------------------------------------------------------
    def resolve(self, key: str) -> str:
        with storage_errors():
            rows = self.file.db.execute(
                "SELECT id FROM proposals WHERE id LIKE ? OR number = ? LIMIT 2",
                [key.strip() + "%", key.strip()]).fetchall()
        if len(rows) == 1:
            return rows[0][0]
        if not rows:
            raise NotFoundError(_("No proposal has the id or number {id}.").format(id=key))
        raise DvkError(_("Several proposals start with {id}; give more characters.").format(
            id=key))

    def get(self, proposal_id: str) -> Proposal:
        with storage_errors():
            record = repo.proposal(self.file.db, proposal_id)
        if record is None:
            raise NotFoundError(_("No proposal has the id or number {id}.").format(
                id=proposal_id))
        return Proposal.from_row(record)

    def listing(self, year: int | None = None, *,
                received: bool = False) -> list[ListedProposal]:
        """This office's own proposals, or (`received`) those its children sent it."""
        office = self.file.office_code
        with storage_errors():
            if received:
                rows = repo.proposals(self.file.db, year=year, received_by=office,
                                      to_level=self.workflow.level())
            else:
                rows = repo.proposals(self.file.db, year=year, origin=office)
        return [ListedProposal.from_row(row) for row in rows]

    def nothing_above(self) -> str | None:
        """Why this office proposes nothing (it recognises at the highest level of its
        profile: there is no level above it), or None when it can propose."""
        level = self.workflow.level()
        if self.workflow.next_level() is not None:
            return None
        return _("This office recognises at the highest level ({level}): there is no level "
                 "above it, so no model is proposed from here.").format(
            level=level_label(level))

    def candidates(self, year: int, rows: list[ModelRow] | None = None) -> list[ModelRow]:
        """Models that may go on a new proposal: recognised here, not proposed yet and
        on no other proposal of the year. `rows`: the year's models at this level, if
        the caller has read them already. None at the highest level (`nothing_above`)."""
        level = self.workflow.level()
        if self.workflow.next_level() is None:
            return []
        if rows is None:
            rows = self.workflow.models(year, level=level)
        with storage_errors():
            taken = repo.proposed_models(self.file.db, year, level)
        return [r for r in self.workflow.eligible(rows, level) if r.id not in taken]

    # -- a new proposal -------------------------------------------------------------
    def create(self, year: int, registration_ids: list[str] | None = None, *,
               reasons: dict[str, str] | None = None, note: str = "") -> str:
        """A draft proposal to the level above. Without ids: every candidate rated
        Tiêu biểu. A model not rated Tiêu biểu needs a reason in `reasons`."""
        self.accounts.require(CLERK)
        level = self.workflow.level()
        try:
            to_level = check_proposal_levels(self.workflow.profile, level, None)
        except RecognitionError as error:
            raise DvkError(str(error)) from None
        candidates = {row.id: row for row in self.candidates(year)}
        if registration_ids is None:
            registration_ids = [r.id for r in candidates.values() if self.workflow.is_top(r)]
        reasons = {k: clean_multiline(v) for k, v in (reasons or {}).items()}
        self._check_reasons(reasons.values())
        note = self._note(note)
        rows = self._check_models(registration_ids, candidates, reasons)
        parent = self.units.parent_office()
        with self.file.transaction():
            writer = self.file.writer()
            proposal = writer.insert("proposals", {
                "year": year, "from_level": level, "to_level": to_level,
                "office_code": self.file.office_code,
                "addressee_code": parent.code if parent else None,
                "addressee": self._addressee(parent), "state": ProposalState.DRAFT, "note": note,
            }, audit_detail=f"{year} {level}->{to_level}")
            for position, row in enumerate(rows, start=1):
                self._insert_item(writer, proposal["id"], row, position, reasons.get(row.id, ""))
        self.file.events.emit(RECOGNITION_CHANGED, id=proposal["id"])
        return proposal["id"]

    def _addressee(self, parent) -> str:
        if parent is None:
            return ""
        from app.domain.units import PROFILE_TWO_TIER, party_committee

        committee = party_committee(parent.name)
        if parent.level == "tinh" and self.workflow.profile == PROFILE_TWO_TIER:
            return f"Ban Tuyên giáo và Dân vận {committee}"
        return f"Ban Dân vận {committee}"

    @staticmethod
    def _check_reasons(reasons) -> None:
        for reason in reasons:
            problem = limits.length_problem(reason, limits.REASON)
            if problem:
                raise ValidationError({"reason": problem})

    def _note(self, note: str) -> str:
        note = clean_multiline(note)
        if len(note) > NOTE_MAX:
            raise ValidationError({"note": _("Too long: at most {limit} characters.").format(
                limit=NOTE_MAX)})
        return note

    def _check_models(self, ids: list[str], candidates: dict[str, ModelRow],
                      reasons: dict[str, str]) -> list[ModelRow]:
        if not ids:
            raise DvkError(_(
                "No model to propose: a proposal lists models recognised at this level and "
                "not proposed yet (rated Outstanding by default)."))
        rows, errors = [], {}
        for registration_id in dict.fromkeys(ids):
            row = candidates.get(registration_id)
            if row is None:
                errors[registration_id] = _(
                    "{id} cannot be proposed: only models recognised at this level and not "
                    "yet on a proposal can be.").format(id=registration_id[:8])
            elif not self.workflow.is_top(row) and not reasons.get(registration_id):
                errors[registration_id] = _(
                    "'{name}' is rated '{rating}', not Outstanding: give the reason for "
                    "proposing it.").format(name=row.name, rating=rating_label(row.rating))
            else:
                rows.append(row)
        if errors:
            raise ValidationError(errors, "; ".join(errors.values()))
        return rows

    def _insert_item(self, writer, proposal_id: str, row: ModelRow, position: int,
                     reason: str) -> None:
        writer.insert("proposal_items", {
            "id": repo.item_id(proposal_id, row.id), "proposal_id": proposal_id,
            "registration_id": row.id, "position": position, "reason": reason,
        })

    def _draft(self, proposal_id: str) -> Proposal:
        record = self.get(proposal_id)
        if record.origin != self.file.office_code:
            raise DvkError(_("This proposal was sent by another office; it cannot be "
                             "changed here."))
        if record.state != ProposalState.DRAFT:
            raise DvkError(_("This proposal was sent as number {number} on {date}; it cannot "
                             "change any more.").format(number=record.number,
                                                        date=record.sent_on))
        return record

    def add(self, proposal_id: str, registration_id: str, reason: str = "") -> None:
        self.accounts.require(CLERK)
        record = self._draft(proposal_id)
        reason = clean_multiline(reason)
        self._check_reasons([reason])
        candidates = {row.id: row for row in self.candidates(record.year)}
        row = self._check_models([registration_id], candidates, {registration_id: reason})[0]
        with self.file.transaction():
            items = repo.proposal_items(self.file.db, proposal_id)
            writer = self.file.writer()
            existing = self.file.db.execute("SELECT id FROM proposal_items WHERE id = ?", [
                repo.item_id(proposal_id, row.id)]).fetchone()
            if existing:
                writer.update("proposal_items", existing[0], {
                    "removed": 0, "reason": clean_multiline(reason),
                    "position": len(items) + 1})
            else:
                self._insert_item(writer, proposal_id, row, len(items) + 1,
                                  clean_multiline(reason))
        self.file.events.emit(RECOGNITION_CHANGED, id=proposal_id)

    def remove(self, proposal_id: str, registration_id: str) -> None:
        self.accounts.require(CLERK)
        self._draft(proposal_id)
        with self.file.transaction():
            item = repo.item_id(proposal_id, registration_id)
            if self.file.db.execute("SELECT 1 FROM proposal_items WHERE id = ? AND removed = 0",
                                   [item]).fetchone() is None:
                raise NotFoundError(_("This model is not on the proposal."))
            self.file.writer().update("proposal_items", item, {"removed": 1},
                                     audit_detail="removed")
        self.file.events.emit(RECOGNITION_CHANGED, id=proposal_id)

    # -- sending ----------------------------------------------------------------------
    def send(self, proposal_id: str) -> str:
        """Number the proposal, freeze its list, record the 'propose' steps: the next
        bundle to the level above carries it. Returns the number. Sending is signing
        the proposal (tờ trình) with an official number: the approver's job."""
        self.accounts.require(APPROVER)
        record = self._draft(proposal_id)
        items = repo.proposal_items(self.file.db, proposal_id)
        if not items:
            raise DvkError(_("The proposal lists no model; add models before sending it."))
        rows = {row.id: row for row in self.workflow.models(record.year,
                                                             level=record.from_level)}
        today = clock.today()
        with immediate_transaction(self.file.db):
            self.numbering.ensure_books()  # in the same transaction as the number
            current = repo.proposal(self.file.db, proposal_id)
            if current["state"] != ProposalState.DRAFT:
                raise DvkError(_("This proposal was sent meanwhile as number {number}.")
                               .format(number=current["number"]))
            _seq, number, _key = self.numbering.take(
                "proposal", on=today, record_kind="proposal", record_id=proposal_id)
            writer = self.file.writer()
            for item in items:
                row = rows.get(item["registration_id"])
                writer.update("proposal_items", item["id"], {
                    "rating": (row.rating or "") if row else "",
                    "total_tenths": row.total if row else None})
                # Items written while the proposal was a draft did not travel then; a
                # new change number makes them travel with the proposal they belong to.
                self.file.db.execute("UPDATE proposal_items SET rev = ? WHERE id = ?",
                                    [next_rev(self.file.db), item["id"]])
                repo.add_step(writer, {
                    "registration_id": item["registration_id"], "year": record.year,
                    "level": record.from_level, "step": PROPOSE,
                    "to_level": record.to_level, "proposal_id": proposal_id,
                    "actor": self.file.actor, "at": clock.stamp(), "reason": item["reason"],
                }, detail=f"propose {record.from_level}->{record.to_level} {number}")
            writer.update("proposals", proposal_id, {
                "state": ProposalState.SENT, "number": number, "sent_on": today.isoformat()},
                audit_detail=f"sent {number}", action="send")
        self.file.events.emit(RECOGNITION_CHANGED, id=proposal_id)
        return number

    # -- JSON -----------------------------------------------------------------------
    def record(self, proposal_id: str) -> ProposalRecord:
        record = self.get(proposal_id)
        with storage_errors():
            items = repo.proposal_items(self.file.db, proposal_id)
        live = {}
        if record.state == ProposalState.DRAFT and record.origin == self.file.office_code:
            live = {row.id: row for row in self.workflow.models(record.year,
                                                                level=record.from_level)}
        models = []
        for item in items:
            row = live.get(item["registration_id"])
            rating = (row.rating or "") if row else item["rating"]
            total = row.total if row else item["total_tenths"]
            models.append(ProposedModel(
                id=item["registration_id"], name=item["name"], registrant=item["registrant"],
                field=item["field"], subject=item["subject"], rating=rating,
                total=to_points(total), reason=item["reason"]))
        return ProposalRecord(
            id=record.id, number=record.number, year=record.year,
            state=record.state, from_level=record.from_level,
            to_level=record.to_level, office=record.office_code,
            addressee=record.addressee, sent_on=record.sent_on, note=record.note,
            models=tuple(models))

    def as_json(self, proposal_id: str) -> dict[str, Any]:
        """The proposal for the command line (`dvk proposal show --json`)."""
        proposal = self.record(proposal_id)
        return {
            "id": proposal.id, "number": proposal.number, "year": proposal.year,
            "state": proposal.state, "state_label": proposal_state_label(proposal.state),
            "from_level": proposal.from_level, "to_level": proposal.to_level,
            "to_level_label": level_label(proposal.to_level),
            "office": proposal.office, "addressee": proposal.addressee,
            "sent_on": proposal.sent_on, "note": proposal.note,
            "models": [{"id": m.id, "name": m.name, "registrant": m.registrant,
                        "field": m.field, "subject": m.subject, "rating": m.rating,
                        "rating_label": rating_label(m.rating), "total": m.total,
                        "reason": m.reason} for m in proposal.models],
        }
