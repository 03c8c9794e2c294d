"""Decisions (quyết định công nhận): a draft lists the models recognised at this
office's level; issuing it takes the next number of the decisions book and a
certificate number (số vào sổ) per model, inside one BEGIN IMMEDIATE transaction, so
numbers are never reused or skipped and two clerks issuing at once get consecutive
numbers. An issued decision never changes; a correction is a new decision that
names the one it amends (and replaces it once issued)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self

from app import clock
from app.core.events import RECOGNITION_CHANGED
from app.domain import limits
from app.domain.accounts import APPROVER, CLERK
from app.domain.recognition import (
    RECOGNISED,
    DecisionState,
    decision_state_label,
    number_key,
)
from app.domain.registration import Subject
from app.domain.scoring import rating_label, to_points
from app.domain.text import clean_multiline, sort_key
from app.domain.units import level_label
from app.errors import DvkError, NotFoundError, ValidationError
from app.i18n import _
from app.repositories import calendar as calendar_repo
from app.repositories import communes as communes_repo
from app.repositories import recognition as repo
from app.repositories.storage import immediate_transaction, storage_errors

if TYPE_CHECKING:
    from app.certificates.service import CertificateCodeService
    from app.certificates.signer import CertificateSigner
    from app.datafile.office_file import OfficeFile
    from app.services.accounts import AccountService
    from app.services.numbering import NumberingService
    from app.services.printing import PrintService
    from app.services.recognition import ModelRow, RecognitionService
    from app.services.recognition_papers import RecognitionPapers
    from app.services.registrations import RegistrationService

REASON_MAX = limits.REASON


def immutable(record: Decision) -> DvkError:
    return DvkError(_(
        "Decision {number} was issued on {date} and cannot change. To correct it, make a "
        "correcting decision: dvk decisions amend {number} --reason TEXT (or Decisions > "
        "Correct...).").format(number=record.number, date=record.decided_on))


def shown(iso: str | None) -> str:
    from app.i18n import format_date

    return format_date(dt.date.fromisoformat(iso)) if iso else ""


@dataclass(frozen=True)
class RecognisedItem:
    """One model a decision recognises, as its papers print it."""
    id: str  # the registration's id
    name: str
    registrant: str
    unit: str
    unit_code: str | None
    field: int
    subject: str
    rating: str
    total: float | None
    certificate_number: str
    detail: str
    commune: str = ""  # the commune the unit lies in (the unit's own name at a commune)
    commune_code: str | None = None


@dataclass(frozen=True)
class DecisionSigner:
    on_behalf: str
    title: str
    name: str


@dataclass(frozen=True)
class DecisionRecord:
    """A decision as recorded, for its papers (the decision and its certificates):
    what `recognition_papers` prints from, instead of the command line's JSON."""
    id: str
    number: str | None
    date: str | None  # ISO, None for a draft
    issuer: str
    issuer_code: str
    level: str
    year: int
    state: DecisionState
    system: str
    period: str
    signer: DecisionSigner
    items: tuple[RecognisedItem, ...]
    amends: str | None = None  # the number of the decision it corrects
    amend_reason: str | None = None


@dataclass(frozen=True)
class DecisionItem:
    """A model a decision lists (`decision_items`, ITEM_COLUMNS of
    app/repositories/recognition.py), as copied when it was put on the list: the
    registration, its place, name, registrant, unit, field and subject, the detail,
    rating and total, and the certificate's number once issued."""
    id: str
    registration_id: str
    position: int
    model_name: str
    registrant: str
    unit_code: str
    unit_name: str
    field: int
    subject: Subject
    detail: str
    rating: str
    total_tenths: int | None
    certificate_number: str  # '' until the decision is issued
    certificate_seq: int | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> DecisionItem:
        values = {name: row[name] for name in cls.__dataclass_fields__}
        return cls(**{**values, "subject": Subject(row["subject"])})


@dataclass(frozen=True)
class Decision:
    """A decision as stored (`decisions`, DECISION_COLUMNS of
    app/repositories/recognition.py): its level, issuer, number and how it was numbered,
    the day it was decided (None for a draft), its state (a DecisionState), the decision
    it corrects and why, the period, who signs, the office whose record it is, its
    version and when it was made."""
    id: str
    year: int
    level: str
    issuer_code: str
    issuer: str
    system: str
    number: str | None
    number_seq: int | None
    number_scope: str | None
    decided_on: str | None
    state: DecisionState
    amends_id: str | None
    amend_reason: str | None
    period: str | None
    signer_on_behalf: str | None
    signer_title: str | None
    signer_name: str | None
    origin: str
    version: int
    created_at: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Self:
        values = {name: row[name] for name in cls.__dataclass_fields__}
        return cls(**{**values, "state": DecisionState(row["state"])})


@dataclass(frozen=True)
class ListedDecision(Decision):
    """A decision in the list (`Decision`), with how many models it lists and the
    number of the issued decision that corrects it (None: none does)."""
    models: int
    amended_by: str | None


@dataclass(frozen=True)
class Issued:
    """Issue went through: the decision's id, its number as printed and what its
    issued paper keeps blank for good (said as warnings)."""
    id: str
    number: str
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class ToConfirm:
    """Not issued yet: issuing cannot be undone, so the clerk confirms it first, knowing
    the number it would take (`number`, for today), the earliest day it may carry
    (`earliest`, None: any day up to today), how many models it recognises and what
    the issued paper would keep blank for good (`blanks`)."""
    number: str
    earliest: dt.date | None
    models: int
    blanks: tuple[str, ...]


@dataclass(frozen=True)
class BlanksLeft:
    """Not issued: the issued paper would keep these blanks for good, and they were not
    allowed (fill them in, or issue allowing them)."""
    blanks: tuple[str, ...]


class DecisionService:
    def __init__(self, file: OfficeFile, *, accounts: AccountService,
                 registrations: RegistrationService, recognition: RecognitionService,
                 numbering: NumberingService, printing: Callable[[], PrintService],
                 certificate_codes: Callable[[], CertificateCodeService],
                 papers: Callable[[], RecognitionPapers]):
        self.file = file
        self.accounts = accounts
        self.registrations = registrations
        self.recognition = recognition
        self.numbering = numbering
        self._printing = printing
        self._certificate_codes = certificate_codes
        self._papers = papers

    @property
    def workflow(self):
        return self.recognition

    # -- finding --------------------------------------------------------------------
    def resolve(self, key: str, issuer: str | None = None, year: int | None = None) -> str:
        """A decision from its number as printed ("05-QĐ/BCĐ", "Số 05-QĐ/BCĐ") or the
        first characters of its id. Several decisions may share a number (other
        offices' decisions; State numbers restart every year): this office's own
        comes first, `issuer` (a unit code) and `year` (of the decision's date)
        choose among the rest."""
        key = (key or "").strip()
        if not key:
            raise NotFoundError(_("Give a decision number, such as 05-QĐ/BCĐ."))
        with storage_errors():
            numbered = repo.numbered_decisions(self.file.db)
            by_id = [row[0] for row in self.file.db.execute(
                "SELECT id FROM decisions WHERE id LIKE ? LIMIT 2", [key + "%"])]
        wanted = number_key(key)
        found = [row for row in numbered if number_key(row[1]) == wanted
                 and (issuer is None or row[2] == issuer)
                 and (year is None or (row[3] or "").startswith(str(year)))]
        if len(found) > 1:
            own = [row for row in found if row[2] == self.file.office_code]
            if len(own) == 1:
                return own[0][0]
            choices = own or found
            raise DvkError(_(
                "Several decisions are numbered {number}: {choices}. Choose one with --issuer "
                "CODE and/or --year YEAR.").format(number=key, choices="; ".join(
                    f"{row[2]} {shown(row[3])}" for row in choices)))
        if found:
            return found[0][0]
        if len(by_id) == 1 and len(key) >= 4:
            return by_id[0]
        raise NotFoundError(_("No decision has the number {number}.").format(number=key))

    def get(self, decision_id: str) -> Decision:
        with storage_errors():
            row = repo.decision(self.file.db, decision_id)
        if row is None:
            raise NotFoundError(_("No decision has the number {number}.").format(
                number=decision_id))
        return Decision.from_row(row)

    def listing(self, *, year: int | None = None, state: str | None = None,
                level: str | None = None) -> list[ListedDecision]:
        with storage_errors():
            rows = repo.decisions(self.file.db, year=year, state=state, level=level)
        return [ListedDecision.from_row(row) for row in rows]

    def items(self, decision_id: str) -> list[DecisionItem]:
        with storage_errors():
            rows = repo.decision_items(self.file.db, decision_id)
        return [DecisionItem.from_row(row) for row in rows]

    def to_decide(self, year: int, rows: list[ModelRow] | None = None) -> list[ModelRow]:
        """Models recognised at this level and on no draft or issued decision yet.
        `rows`: the year's models at this level, if the caller has read them already."""
        level = self.workflow.level()
        if rows is None:
            rows = self.workflow.models(year, level=level)
        with storage_errors():
            taken = repo.decided_or_drafted(self.file.db, year, level)
        return [r for r in rows if r.state.stage == RECOGNISED and r.state.level == level
                and r.state.decision is None and r.id not in taken]

    # -- drafts ---------------------------------------------------------------------
    def draft(self, year: int, registration_ids: list[str] | None = None, *,
              amends: str | None = None, reason: str = "") -> str:
        """A draft decision recognising models at this office's level. Without ids:
        every model recognised here and not decided yet."""
        self.accounts.require(CLERK)
        level = self.workflow.level()
        reason = clean_multiline(reason)
        if len(reason) > REASON_MAX:
            raise ValidationError({"reason": _("Too long: at most {limit} characters.").format(
                limit=REASON_MAX)})
        candidates = {r.id: r for r in self.to_decide(year)}
        if registration_ids is None:
            registration_ids = list(candidates)
        rows = self._check_models(registration_ids, candidates)
        if not rows and amends is None:
            raise DvkError(_("No model to decide on: recognise models first (Recognition), "
                             "then make the decision."))
        rows = self._in_order(rows)
        with self.file.transaction():
            writer = self.file.writer()
            decision = writer.insert("decisions", {
                "year": year, "level": level, "issuer_code": self.file.office_code,
                "state": DecisionState.DRAFT, "amends_id": amends, "amend_reason": reason,
            }, audit_detail=f"draft {year} {level}")
            for position, row in enumerate(rows, start=1):
                self._insert_item(writer, decision["id"], self._snapshot(row), position)
        self.file.events.emit(RECOGNITION_CHANGED, id=decision["id"])
        return decision["id"]

    def _check_models(self, ids: list[str], candidates: dict[str, ModelRow]) -> list[ModelRow]:
        rows, errors = [], {}
        for registration_id in dict.fromkeys(ids):
            row = candidates.get(registration_id)
            if row is None:
                errors[registration_id] = _(
                    "{id} cannot be on this decision: only models recognised at this level "
                    "and on no other decision can be.").format(id=registration_id[:8])
            else:
                rows.append(row)
        if errors:
            raise ValidationError(errors, "; ".join(errors.values()))
        return rows

    @staticmethod
    def _in_order(rows: list[ModelRow]) -> list[ModelRow]:
        """The order of a decision's list: by commune, then by name, in Vietnamese order
        (annexes and certificates go into one envelope per commune)."""
        return sorted(rows, key=lambda r: (sort_key(r.commune), sort_key(r.name), r.id))

    def _renumber(self, decision_id: str) -> None:
        """A draft's list back in order (by commune, then name) after a change; in the
        caller's transaction."""
        items = repo.decision_items(self.file.db, decision_id)
        communes = communes_repo.of_models(self.file.db, [i["registration_id"] for i in items])
        ordered = sorted(items, key=lambda i: (
            sort_key(communes[i["registration_id"]].name
                     if i["registration_id"] in communes else ""),
            sort_key(i["model_name"]), i["registration_id"]))
        writer = self.file.writer()
        for position, item in enumerate(ordered, start=1):
            if item["position"] != position:
                writer.update("decision_items", item["id"], {"position": position})

    def _snapshot(self, row: ModelRow) -> dict[str, Any]:
        record = self.registrations.get(row.id)
        position = record.person.position if record.person else ""
        detail = ", ".join(p for p in (position, row.unit_name) if p) \
            if row.subject == Subject.INDIVIDUAL else ""
        return {"registration_id": row.id, "model_name": row.name,
                "registrant": row.registrant, "unit_code": record.subunit_code or
                record.unit_code, "unit_name": row.unit_name, "field": row.field,
                "subject": row.subject, "detail": detail, "rating": row.rating or "",
                "total_tenths": row.total}

    def _insert_item(self, writer, decision_id: str, values: dict[str, Any],
                     position: int) -> None:
        writer.insert("decision_items", {
            "id": repo.item_id(decision_id, values["registration_id"]),
            "decision_id": decision_id, "position": position, **values})

    def _draft_record(self, decision_id: str) -> Decision:
        record = self.get(decision_id)
        if record.state == DecisionState.ISSUED:
            raise immutable(record)
        if record.origin != self.file.office_code:
            raise DvkError(_("This decision belongs to another office; it cannot be "
                             "changed here."))
        return record

    def add(self, decision_id: str, registration_id: str) -> None:
        self.accounts.require(CLERK)
        record = self._draft_record(decision_id)
        candidates = {r.id: r for r in self.to_decide(record.year)}
        row = self._check_models([registration_id], candidates)[0]
        with self.file.transaction():
            count = len(repo.decision_items(self.file.db, decision_id))
            writer = self.file.writer()
            item = repo.item_id(decision_id, row.id)
            if self.file.db.execute("SELECT 1 FROM decision_items WHERE id = ?",
                                   [item]).fetchone():
                writer.update("decision_items", item, {**self._snapshot(row), "removed": 0,
                                                       "position": count + 1})
            else:
                self._insert_item(writer, decision_id, self._snapshot(row), count + 1)
            self._renumber(decision_id)
        self.file.events.emit(RECOGNITION_CHANGED, id=decision_id)

    def add_many(self, decision_id: str, registration_ids: list[str]) -> None:
        """Add several models to a draft at once (each must be recognised here and on
        no other decision), in one transaction."""
        record = self._draft_record(decision_id)
        candidates = {r.id: r for r in self.to_decide(record.year)}
        rows = self._check_models(registration_ids, candidates)
        with self.file.transaction():
            writer = self.file.writer()
            count = len(repo.decision_items(self.file.db, decision_id))
            for row in rows:
                count += 1
                item = repo.item_id(decision_id, row.id)
                if self.file.db.execute("SELECT 1 FROM decision_items WHERE id = ?",
                                       [item]).fetchone():
                    writer.update("decision_items", item, {**self._snapshot(row),
                                                           "removed": 0, "position": count})
                else:
                    self._insert_item(writer, decision_id, self._snapshot(row), count)
            self._renumber(decision_id)
        self.file.events.emit(RECOGNITION_CHANGED, id=decision_id)

    def remove_many(self, decision_id: str, registration_ids: list[str]) -> None:
        """Take several models off a draft at once."""
        self._draft_record(decision_id)
        with self.file.transaction():
            writer = self.file.writer()
            for registration_id in dict.fromkeys(registration_ids):
                item = repo.item_id(decision_id, registration_id)
                if self.file.db.execute("SELECT 1 FROM decision_items WHERE id = ? AND"
                                       " removed = 0", [item]).fetchone() is None:
                    raise NotFoundError(_("This model is not on the decision."))
                writer.update("decision_items", item, {"removed": 1}, audit_detail="removed")
            self._renumber(decision_id)
        self.file.events.emit(RECOGNITION_CHANGED, id=decision_id)

    def remove(self, decision_id: str, registration_id: str) -> None:
        self.accounts.require(CLERK)
        self._draft_record(decision_id)
        item = repo.item_id(decision_id, registration_id)
        with self.file.transaction():
            if self.file.db.execute("SELECT 1 FROM decision_items WHERE id = ? AND removed = 0",
                                   [item]).fetchone() is None:
                raise NotFoundError(_("This model is not on the decision."))
            self.file.writer().update("decision_items", item, {"removed": 1},
                                     audit_detail="removed")
            self._renumber(decision_id)
        self.file.events.emit(RECOGNITION_CHANGED, id=decision_id)

    def amend(self, key: str, reason: str) -> str:
        """A draft correcting decision with the same list; once issued, it replaces the
        decision it names."""
        self.accounts.require(APPROVER)
        reason = clean_multiline(reason)
        if not reason:
            raise ValidationError({"reason": _("Give the reason for the correction.")})
        original = self.get(self.resolve(key))
        if original.state != DecisionState.ISSUED:
            raise DvkError(_("Only an issued decision is corrected by a new decision; this "
                             "draft can still be changed."))
        if original.origin != self.file.office_code:
            raise DvkError(_("Only the office that issued a decision can correct it."))
        with storage_errors():
            pending = self.file.db.execute("SELECT id FROM decisions WHERE amends_id = ?",
                                          [original.id]).fetchone()
        if pending:
            raise DvkError(_("Decision {number} already has a correcting decision; "
                             "open that one.").format(number=original.number))
        with self.file.transaction():
            writer = self.file.writer()
            decision = writer.insert("decisions", {
                "year": original.year, "level": original.level,
                "issuer_code": self.file.office_code, "state": DecisionState.DRAFT,
                "amends_id": original.id, "amend_reason": reason,
            }, audit_detail=f"amends {original.number}: {reason}"[:500])
            for item in repo.decision_items(self.file.db, original.id):
                values = {k: item[k] for k in ("registration_id", "model_name", "registrant",
                                               "unit_code", "unit_name", "field", "subject",
                                               "detail", "rating", "total_tenths")}
                self._insert_item(writer, decision["id"], values, item["position"])
        self.file.events.emit(RECOGNITION_CHANGED, id=decision["id"])
        return decision["id"]

    # -- issuing --------------------------------------------------------------------
    def earliest_date(self) -> dt.date | None:
        """The earliest day a new decision may carry: numbers follow dates, so not before
        the last decision this office issued (None: no decision yet)."""
        with storage_errors():
            row = self.file.db.execute(
                "SELECT max(decided_on) FROM decisions WHERE origin = ? AND state = ?",
                [self.file.office_code, DecisionState.ISSUED]).fetchone()
        return dt.date.fromisoformat(row[0]) if row and row[0] else None

    def check_date(self, on: dt.date) -> dt.date:
        """The date a decision is issued with: the day it is signed, chosen by the clerk;
        never a day still to come, nor before the last decision issued (its number would
        come after a later-dated one)."""
        today = clock.today()
        if on > today:
            raise ValidationError({"date": _(
                "A decision is dated the day it is signed; {date} has not come yet.").format(
                date=shown(on.isoformat()))})
        earliest = self.earliest_date()
        if earliest is not None and on < earliest:
            raise ValidationError({"date": _(
                "The last decision of this office is dated {last}; a new one cannot be dated "
                "before it (its number comes after).").format(last=shown(earliest.isoformat()))})
        return on

    def blanks(self, decision_id: str, signer: CertificateSigner | None = None) -> list[str]:
        """What this draft would be issued with as blanks for ever (a signer without a
        name, a basis without its guideline's number, certificates without a code),
        to say before issuing; [] when nothing."""
        record = self._draft_record(decision_id)
        return self._papers().blanks(record, self._signer(signer) is not None)

    def _signer(self, signer: CertificateSigner | None) -> CertificateSigner | None:
        """The key that signs the certificates' codes: the one given, else the one this
        session unlocked, else none (the certificates get no code)."""
        if signer is not None:
            return signer
        from app.certificates.service import READY

        codes = self._certificate_codes()
        return codes.signer() if codes.status() == READY else None

    def issue_form(self, decision_id: str, signer: CertificateSigner | None = None,
                   on: dt.date | None = None, *, confirmed: bool = False,
                   allow_blanks: bool = False) -> Issued | ToConfirm | BlanksLeft:
        """What Issue does, in one call: the date checked (never a day to come, nor
        before the last decision); then, until it is `confirmed`, what to confirm
        (`ToConfirm`); `BlanksLeft` when the issued paper would keep blanks (no signer's
        name, no guideline number, certificates without a code) and they are not
        allowed; else the decision issued (`issue`: its certificates' codes signed by
        `signer`, or by the key this session unlocked), with the blanks it kept."""
        if on is not None:
            self.check_date(on)
        blanks = tuple(self.blanks(decision_id, signer))
        if not confirmed:
            with storage_errors():
                models = len(repo.decision_items(self.file.db, decision_id))
            return ToConfirm(number=self.numbering.next_preview("decision"),
                             earliest=self.earliest_date(), models=models, blanks=blanks)
        if blanks and not allow_blanks:
            return BlanksLeft(blanks)
        return Issued(decision_id, self.issue(decision_id, signer, on), blanks)

    def issue(self, decision_id: str, signer: CertificateSigner | None = None,
              on: dt.date | None = None) -> str:
        """Number the decision and its certificates (commune by commune), freeze the
        paper it is issued as (app/printing/frozen.py; with each certificate's code
        signed by `signer`, or by the key this session unlocked) and make it final, dated
        `on` (the day it is signed; today by default). Returns the number as printed.
        Issuing is signing: it needs the approver (when the office uses accounts)."""
        self.accounts.require(APPROVER)
        record = self._draft_record(decision_id)
        today = self.check_date(on) if on is not None else clock.today()
        items = self.items(decision_id)
        if not items:
            raise DvkError(_("The decision lists no model; a decision recognises at least "
                             "one model. Add models before issuing it."))
        if record.amends_id is None:
            self._still_recognised(record, items)
        signer = self._signer(signer)
        office = self._printing().office()
        with storage_errors():
            period = calendar_repo.period_for_year(self.file.db, record.year)
        with immediate_transaction(self.file.db):
            # The first books, if any, are made in the same transaction: an issue that
            # fails leaves no trace, and its retry numbers exactly as the first try would.
            self.numbering.ensure_books()
            current = Decision.from_row(repo.decision(self.file.db, decision_id))
            if current.state == DecisionState.ISSUED:
                raise DvkError(_("This decision was issued meanwhile, as number {number}; "
                                 "it was not issued twice.").format(number=current.number))
            if record.amends_id is None:
                self._renumber(decision_id)  # certificates numbered commune by commune
            items = repo.decision_items(self.file.db, decision_id)
            if not items:
                raise DvkError(_("The decision lists no model; a decision recognises at "
                                 "least one model. Add models before issuing it."))
            seq, number, key = self.numbering.take(
                "decision", on=today, record_kind="decision", record_id=decision_id)
            for item in items:
                item["certificate_seq"], item["certificate_number"], _key = \
                    self.numbering.take("certificate", on=today,
                                            record_kind="decision_item", record_id=item["id"])
            paper = self._papers().freeze_issued(
                current, items, number=number, date=today,
                period=period["name"] if period else "", signer=signer)
            self._check_size(paper)
            writer = self.file.writer()
            for item in items:
                writer.update("decision_items", item["id"], {
                    "certificate_number": item["certificate_number"],
                    "certificate_seq": item["certificate_seq"],
                    "paper": paper.items[item["id"]]})
            writer.update("decisions", decision_id, {
                "state": DecisionState.ISSUED, "number": number, "number_seq": seq, "number_scope": key,
                "decided_on": today.isoformat(), "issuer": office.authority,
                "system": office.system, "period": period["name"] if period else "",
                "signer_on_behalf": office.signer.on_behalf,
                "signer_title": office.signer.title, "signer_name": office.signer.name,
                "paper": paper.frame, "paper_sha256": paper.sha256,
                "emblem_sha256": paper.emblem_sha256,
            }, audit_detail=f"issued {number}", action="issue")
        self.file.events.emit(RECOGNITION_CHANGED, id=decision_id)
        return number

    @staticmethod
    def _check_size(paper) -> None:
        """A frozen paper travels in bundles, where no text is longer than its field's
        limit (app/domain/limits.py)."""
        from app.domain.limits import FROZEN_PAPER

        if len(paper.frame) > FROZEN_PAPER or \
                any(len(p) > FROZEN_PAPER for p in paper.items.values()):
            raise DvkError(_(
                "Not issued: the wording of the decision is too long to travel to the other "
                "offices (at most {limit} characters). Shorten the texts changed in Print "
                "settings > wording.").format(limit=FROZEN_PAPER))

    def _still_recognised(self, record: Decision, items: list[DecisionItem]) -> None:
        rows = {r.id: r for r in self.workflow.models(record.year, level=record.level)}
        wrong = [item.model_name for item in items
                 if (row := rows.get(item.registration_id)) is None
                 or row.state.stage != RECOGNISED or row.state.level != record.level
                 or (row.state.decision is not None)]
        if wrong:
            raise DvkError(_("Not issued: these models are no longer recognised at this level "
                             "(sent back or refused meanwhile): {names}. Remove them from "
                             "the decision.").format(names="; ".join(wrong[:5])))

    def update_issued(self, key: str) -> None:
        """Any change to an issued decision is refused, with what to do instead."""
        record = self.get(self.resolve(key))
        if record.state == DecisionState.ISSUED:
            raise immutable(record)

    # -- JSON -----------------------------------------------------------------------
    def record(self, decision_id: str) -> DecisionRecord:
        """The decision and the models it recognises, typed: for its papers and the
        window (the command line's JSON is `as_json`)."""
        record = self.get(decision_id)
        items = self.items(decision_id)
        with storage_errors():
            amends = repo.decision(self.file.db, record.amends_id) \
                if record.amends_id else None
            communes = communes_repo.of_units(self.file.db, {i.unit_code for i in items})
        return DecisionRecord(
            id=record.id, number=record.number, date=record.decided_on,
            issuer=record.issuer, issuer_code=record.issuer_code,
            level=record.level, year=record.year, state=record.state,
            system=record.system, period=record.period,
            signer=DecisionSigner(on_behalf=record.signer_on_behalf,
                                  title=record.signer_title, name=record.signer_name),
            items=tuple(RecognisedItem(
                id=item.registration_id, name=item.model_name,
                registrant=item.registrant, unit=item.unit_name,
                unit_code=item.unit_code, field=item.field, subject=item.subject,
                rating=item.rating, total=to_points(item.total_tenths),
                certificate_number=item.certificate_number, detail=item.detail,
                commune=communes[item.unit_code].name
                if item.unit_code in communes else item.unit_name,
                commune_code=communes[item.unit_code].code
                if item.unit_code in communes else item.unit_code)
                for item in items),
            amends=amends["number"] if amends else None, amend_reason=record.amend_reason)

    def as_json(self, decision_id: str) -> dict[str, Any]:
        record = self.get(decision_id)
        items = self.items(decision_id)
        with storage_errors():
            amended_by = self.file.db.execute(
                "SELECT number FROM decisions WHERE amends_id = ? AND state = ?",
                [decision_id, DecisionState.ISSUED]).fetchone()
            amends = repo.decision(self.file.db, record.amends_id) \
                if record.amends_id else None
        with storage_errors():
            communes = communes_repo.of_units(self.file.db, {i.unit_code for i in items})
        return {
            "id": record.id, "number": record.number, "date": record.decided_on,
            "issuer": record.issuer, "issuer_code": record.issuer_code,
            "level": record.level, "level_label": level_label(record.level),
            "year": record.year, "state": record.state,
            "state_label": decision_state_label(record.state),
            "system": record.system, "period": record.period,
            "amends": amends["number"] if amends else None,
            "amend_reason": record.amend_reason,
            "amended_by": amended_by[0] if amended_by else None,
            "signer": {"on_behalf": record.signer_on_behalf,
                       "title": record.signer_title, "name": record.signer_name},
            "models": [item.registration_id for item in items],
            "entries": [{
                "id": item.registration_id, "name": item.model_name,
                "registrant": item.registrant, "unit": item.unit_name,
                "unit_code": item.unit_code,
                "commune": communes[item.unit_code].name
                if item.unit_code in communes else item.unit_name,
                "commune_code": communes[item.unit_code].code
                if item.unit_code in communes else item.unit_code,
                "field": item.field, "subject": item.subject,
                "rating": item.rating, "rating_label": rating_label(item.rating),
                "total": to_points(item.total_tenths),
                "certificate_number": item.certificate_number,
            } for item in items],
        }
