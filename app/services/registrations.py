"""Registering models and exemplars: save, edit, replicate, withdraw, list, search."""

from __future__ import annotations

import datetime as dt
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import clock
from app.core.events import DRAFTS_CHANGED, REGISTRATIONS_CHANGED
from app.domain import limits, privacy, stamps
from app.domain.accounts import CLERK
from app.domain.dates import to_iso
from app.domain.listing import LIST_COLUMNS, ListQuery
from app.domain.registration import (
    EvidenceInput,
    Mode,
    RegistrationInput,
    Status,
    Subject,
    TargetInput,
    consent_warning,
    deadline_warning,
    validate,
)
from app.domain.registration_record import Registration, Replication
from app.domain.text import clean, clean_multiline, fold
from app.domain.units import Unit
from app.errors import DvkError, NotFoundError, ValidationError
from app.i18n import _, format_date
from app.repositories import blobs as blobs_repo
from app.repositories import calendar as calendar_repo
from app.repositories import drafts as drafts_repo
from app.repositories import registrations as repo
from app.repositories import units as units_repo
from app.repositories.records import RecordWriter
from app.repositories.storage import storage_errors

if TYPE_CHECKING:
    from app.datafile.office_file import OfficeFile
    from app.services.accounts import AccountService
    from app.services.clock_check import ClockCheck
    from app.services.units import UnitService

MAX_EVIDENCE_BYTES = 25 * 1024 * 1024
EVIDENCE_TYPES = {".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".tif", ".tiff", ".pdf"}

_LOOK_UP = object()

_PLAIN_COLUMNS = (
    "situation", "goals", "content_methods", "area", "target_group", "force_lead",
    "force_coordinating", "force_participating", "resources", "outputs", "sustainability",
    "receiving_body", "contact_phone",
)


class ChangedMeanwhile(DvkError):
    """The registration was saved by someone else after this form loaded it."""

    def __init__(self, version: int, by: str, at: str):
        super().__init__(_(
            "{who} saved this registration at {when}, after you opened it, so your version "
            "was not saved (it would have undone theirs). Your text is kept as a draft: "
            "compare the two versions field by field and choose what to keep, then save "
            "again.").format(who=by or "?", when=stamps.show(at)))
        self.version = version
        self.by = by
        self.at = at


@dataclass(frozen=True)
class Saved:
    """Save on the registration form went through: the registration's id and new
    version, what it now holds as the form's input (the base of the next save) and
    what the clerk should know about it (a late registration, a wrong PC clock)."""
    id: str
    version: int
    base: RegistrationInput
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class Invalid:
    """Not saved: the problems, by field. `at_check` when they were found before the
    write (else by the save's own check: something changed in between)."""
    errors: dict[str, str]
    at_check: bool = True


@dataclass(frozen=True)
class YearToConfirm:
    """Not saved yet: the campaign year is far from this one; saved once the clerk
    says it is meant (`year_confirmed`)."""
    year: int
    question: str


@dataclass(frozen=True)
class Conflict:
    """Not saved: `by` saved the registration at `at` (its version `version`) after
    the form opened it; `theirs` is what they saved, `message` says so."""
    message: str
    by: str
    at: str
    version: int
    theirs: RegistrationInput


@dataclass(frozen=True)
class NotSaved:
    """Not saved: the write failed (and did not go through); `message` says why. The
    text, not the exception: its traceback would keep the failed statement open on
    the connection, and the next write would find "SQL statements in progress"."""
    message: str


FormOutcome = Saved | Invalid | YearToConfirm | Conflict | NotSaved


class RegistrationService:
    def __init__(self, file: OfficeFile, *, accounts: AccountService, units: UnitService,
                 clock_check: Callable[[], ClockCheck]):
        self.file = file
        self.accounts = accounts
        self.units = units
        self._clock_check = clock_check

    # -- reading --------------------------------------------------------------------
    def page(self, query: ListQuery, offset: int, limit: int) -> list[tuple]:
        with storage_errors():
            return repo.page(self.file.db, query, offset, limit)

    def count(self, query: ListQuery) -> int:
        with storage_errors():
            return repo.count(self.file.db, query)

    def get(self, registration_id: str) -> Registration:
        with storage_errors():
            row = repo.get(self.file.db, registration_id)
        if row is None:
            raise NotFoundError(
                _("No registration has the id {id}.").format(id=registration_id))
        return Registration.from_row(row)

    def exists(self, registration_id: str) -> bool:
        with storage_errors():
            return repo.exists(self.file.db, registration_id)

    def years(self) -> list[int]:
        with storage_errors():
            return repo.years(self.file.db)

    def replications(self, registration_id: str) -> list[Replication]:
        with storage_errors():
            rows = repo.replications_of(self.file.db, registration_id)
        return [Replication.from_row(row) for row in rows]

    def registration_deadline(self, year: int) -> dt.date | None:
        with storage_errors():
            return calendar_repo.registration_deadline(self.file.db, year)

    # -- a new form, an existing one, a replication ---------------------------------
    def default_year(self) -> int:
        """The campaign year a registration made today is for: this year until its
        registration deadline has passed, then next year."""
        today = clock.today()
        deadline = self.registration_deadline(today.year)
        return today.year + 1 if deadline and today > deadline else today.year

    def year_note(self) -> str | None:
        """Why new registrations go to next year, when they do (the home screen and
        the form say the same): None while this year's registration is open."""
        today = clock.today()
        year = self.default_year()
        if year == today.year:
            return None
        deadline = self.registration_deadline(today.year)
        return _("This year's registration closed on {deadline}: a registration made "
                 "today is for campaign year {year}.").format(
            deadline=format_date(deadline) if deadline else "?", year=year)

    def unusual_year(self, year: int) -> str | None:
        """A campaign year that is most likely a typing slip (2035 for 2025): the
        question to ask before saving it; None for a plausible year (the last ten
        years, up to the year registrations now go to)."""
        this = clock.today().year
        latest = self.default_year()
        if this - 10 <= year <= latest:
            return None
        return _("Campaign year {year} is {count} years from this year ({this}); "
                 "registrations now go to {latest}. Is {year} really the year?").format(
            year=year, count=abs(year - this), this=this, latest=latest)

    def blank(self, year: int | None = None) -> RegistrationInput:
        reg = RegistrationInput(year=year or self.default_year(), registered_on=clock.today())
        reg.receiving_body = self.units.receiving_body_for(None)
        return reg

    def to_input(self, registration_id: str) -> RegistrationInput:
        return self.get(registration_id).to_input()

    def replicate(self, source_id: str, year: int | None = None) -> RegistrationInput:
        """A new registration that replicates (nhân rộng) an existing model."""
        source = self.get(source_id)
        reg = self.blank(year)
        reg.mode = Mode.REPLICATION
        reg.replicates_id = source_id
        reg.kind = source.kind
        reg.field = source.field
        reg.name = source.name
        for name in ("goals", "content_methods", "target_group", "outputs", "sustainability"):
            setattr(reg, name, getattr(source, name))
        reg.targets = [TargetInput(t.indicator, t.target, t.unit_of_measure)
                       for t in source.targets]
        return reg

    def proposed_receiving_body(self, subject: str, subunit_code: str | None) -> str:
        unit_type = None
        if subject == Subject.COLLECTIVE and subunit_code:
            unit = self.units.get(subunit_code)
            unit_type = unit.type if unit else None
        return self.units.receiving_body_for(unit_type)

    # -- saving ---------------------------------------------------------------------
    def check(self, reg: RegistrationInput, *, subunit: Unit | None | object = _LOOK_UP
              ) -> tuple[RegistrationInput, dict[str, str]]:
        """The cleaned input and every validation problem (nothing is written).
        `subunit`: the sub-unit the caller has just read (the Excel import, row after
        row), instead of reading it again."""
        cleaned = reg.cleaned()
        errors = validate(cleaned, today=clock.today())
        if subunit is _LOOK_UP or subunit is None or subunit.code != cleaned.subunit_code:
            subunit = self.units.get(cleaned.subunit_code) if cleaned.subunit_code \
                else None
        if cleaned.subunit_code and "subunit_code" not in errors and subunit is None:
            errors["subunit_code"] = _("The chosen unit no longer exists; choose another.")
        if cleaned.replicates_id and "replicates_id" not in errors:
            with storage_errors():
                if not repo.exists(self.file.db, cleaned.replicates_id):
                    errors["replicates_id"] = _("The model being replicated was not found.")
        for item in cleaned.evidence:
            with storage_errors():
                if not blobs_repo.has(self.file.db, item.sha256):
                    errors["evidence"] = _(
                        "The file {name} is missing; add it again.").format(name=item.file_name)
        return cleaned, errors

    def warnings(self, reg: RegistrationInput) -> list[str]:
        deadline = self.registration_deadline(reg.year)
        found = [deadline_warning(reg.registered_on, deadline), consent_warning(reg)]
        try:
            found.append(self._clock_check().year_warning())
        except DvkError:
            pass
        return [warning for warning in found if warning]

    def save_form(self, reg: RegistrationInput, registration_id: str | None = None, *,
                  expected_version: int | None = None, draft_id: str | None = None,
                  new_id: str | None = None, form_errors: dict[str, str] | None = None,
                  year_confirmed: int | None = None) -> FormOutcome:
        """What Save on the registration form does, in one call: check (every problem
        at once, with `form_errors`, the fields the form could not read), ask about an
        unusual campaign year unless `year_confirmed` is that year, save (the form's
        draft removed in the same transaction: `save`), then read back the version, the
        saved input and the warnings. A failure reported after the new registration was
        in fact committed counts as saved. A DvkError raised from here came before
        anything was written."""
        cleaned, errors = self.check(reg)
        errors = {**errors, **(form_errors or {})}
        if not errors:
            question = self.unusual_year(reg.year)
            if question is not None and year_confirmed != reg.year:
                return YearToConfirm(reg.year, question)
        if errors:
            return Invalid(errors)
        conflict = None
        try:
            saved_id = self.save(reg, registration_id, expected_version=expected_version,
                                 draft_id=draft_id, new_id=new_id)
        except ValidationError as error:
            return Invalid(error.fields, at_check=False)
        except ChangedMeanwhile as error:
            conflict = (error.message, error.by, error.at, error.version)
        except DvkError as error:
            if not self._went_through(new_id, draft_id):
                return NotSaved(error.message)
            saved_id = new_id  # the failure came after the commit
        if conflict is not None:
            return Conflict(*conflict, theirs=self.to_input(registration_id))
        saved = self.get(saved_id)
        return Saved(saved_id, saved.version, saved.to_input(),
                     tuple(self.warnings(cleaned)))

    def _went_through(self, new_id: str | None, draft_id: str | None) -> bool:
        """After a reported failure: was the new registration committed all the same
        (its id is there and the form's draft, removed with it, is gone)?"""
        if not new_id:
            return False
        try:
            with storage_errors():
                return (repo.exists(self.file.db, new_id)
                        and drafts_repo.get(self.file.db, draft_id) is None)
        except DvkError:
            return False

    def save(self, reg: RegistrationInput, registration_id: str | None = None, *,
             expected_version: int | None = None, draft_id: str | None = None,
             new_id: str | None = None) -> str:
        """Validate and write in one transaction; return the registration id.

        `expected_version` guards against overwriting a change made meanwhile in
        another window: the save is refused (ChangedMeanwhile) and nothing is lost.
        `draft_id`: the form's own draft, removed in the same transaction, so a power
        cut can never leave both the saved record and its draft (offered again and
        saved twice). `new_id`: the id a new registration gets; a save repeated after
        a failure that had in fact been committed finds it and updates it instead of
        adding the registration twice.
        """
        self.accounts.require(CLERK)
        cleaned, errors = self.check(reg)
        if errors:
            raise ValidationError(errors)
        with self.file.transaction():
            if registration_id is None and new_id and repo.exists(self.file.db, new_id):
                registration_id = new_id
            registration_id = self.write_checked(self.file.writer(), cleaned, registration_id,
                                                 expected_version=expected_version,
                                                 new_id=new_id)
            if draft_id:
                drafts_repo.discard(self.file.db, draft_id)
        self.file.events.emit(REGISTRATIONS_CHANGED, id=registration_id)
        if draft_id:
            self.file.events.emit(DRAFTS_CHANGED)
        return registration_id

    def write_checked(self, writer: RecordWriter, cleaned: RegistrationInput,
                      registration_id: str | None = None, *,
                      expected_version: int | None = None, new_id: str | None = None,
                      unit_code: str | None = None) -> str:
        """The writing half of `save()`, for input that `check()` passed, inside the
        caller's transaction and with its writer: the bulk path of the Excel import
        (thousands of rows in one transaction, one event at the end). `new_id`: the id
        of a new registration when the caller derives it. `unit_code`: the unit whose
        registration it is when not this office's (a province importing a commune's
        book); an existing registration keeps its unit."""
        row = repo.get(self.file.db, registration_id) if registration_id else None
        if registration_id and row is None:
            raise NotFoundError(
                _("No registration has the id {id}.").format(id=registration_id))
        current = Registration.from_row(row) if row is not None else None
        if current and expected_version is not None and current.version != expected_version:
            raise ChangedMeanwhile(current.version, current.updated_by, current.updated_at)
        if current and current.status == Status.WITHDRAWN:
            raise DvkError(_("A withdrawn registration cannot be changed."))
        person_id = self._save_person(writer, cleaned, current)
        # The unit that registered a model never changes (app/sync/authority.py): an
        # office above that edits a commune's registration keeps it the commune's.
        unit = current.unit_code if current else (unit_code or writer.origin)
        values = self._columns(cleaned, person_id, unit)
        new = current is None
        if new:
            if new_id:
                values["id"] = new_id
            row = writer.insert(repo.TABLE, {**values, "status": Status.REGISTERED},
                                audit_detail=privacy.log_name_of(cleaned))
            registration_id = row["id"]
        else:
            writer.update(repo.TABLE, registration_id, values,
                          audit_detail=privacy.log_name_of(cleaned))
        self._save_children(writer, registration_id, cleaned, new=new)
        return registration_id

    def insert_checked(self, writer: RecordWriter,
                       items: list[tuple[RegistrationInput, str | None]],
                       unit_code: str | None = None) -> list[str]:
        """Many new registrations that `check()` passed, written at once: the same
        columns, persons, targets and milestones as `write_checked`, the registrations
        themselves through `RecordWriter.insert_many` (the bulk path of the Excel
        import). `items`: (cleaned input, id to give it or None); `unit_code` as in
        `write_checked`."""
        rows = []
        units: dict[str | None, Any] = {}  # sub-units of this block, looked up once
        for cleaned, new_id in items:
            if cleaned.subunit_code not in units:
                units[cleaned.subunit_code] = units_repo.get(self.file.db, cleaned.subunit_code)
            values = self._columns(cleaned, self._save_person(writer, cleaned, None),
                                   unit_code or writer.origin, units[cleaned.subunit_code])
            values["status"] = Status.REGISTERED
            if new_id:
                values["id"] = new_id
            rows.append(values)
        with repo.search_index_deferred(self.file.db):
            ids = writer.insert_many(repo.TABLE, rows, audit_details=[
                privacy.log_name_of(cleaned) for cleaned, _new_id in items])
        for registration_id, (cleaned, _new_id) in zip(ids, items, strict=True):
            if cleaned.targets or cleaned.milestones or cleaned.evidence:
                self._save_children(writer, registration_id, cleaned, new=True)
        return ids

    def _save_children(self, writer, registration_id: str, cleaned: RegistrationInput, *,
                       new: bool) -> None:
        """Targets, milestones and evidence of a registration just written."""
        repo.save_children(writer, "targets", registration_id, [
            {"indicator": t.indicator, "target": t.target,
             "unit_of_measure": t.unit_of_measure} for t in cleaned.targets], new=new)
        repo.save_children(writer, "milestones", registration_id, [
            {"due_on": to_iso(m.due_on), "description": m.description}
            for m in cleaned.milestones], new=new)
        if cleaned.evidence or not new:
            self._save_evidence(writer, registration_id, cleaned.evidence)

    def _save_person(self, writer, reg: RegistrationInput,
                     current: Registration | None) -> str | None:
        if reg.subject != Subject.INDIVIDUAL or reg.person is None:
            return None
        person = reg.person
        values = {"full_name": person.full_name, "birth_year": person.birth_year,
                  "gender": person.gender, "position": person.position,
                  "address": person.address, "phone": person.phone,
                  "consent_on": to_iso(person.consent_on), "consent_how": person.consent_how}
        person_id = person.id or (current.person_id if current else None)
        if person_id and self.file.db.execute("SELECT 1 FROM persons WHERE id = ?",
                                             [person_id]).fetchone():
            writer.update("persons", person_id, values)
            return person_id
        return writer.insert("persons", values)["id"]

    def _columns(self, reg: RegistrationInput, person_id: str | None, office: str,
                 subunit: Unit | None | object = _LOOK_UP) -> dict[str, Any]:
        if subunit is _LOOK_UP:  # the caller did not look the sub-unit up already
            subunit = units_repo.get(self.file.db, reg.subunit_code)
        registrant = reg.person.full_name if reg.subject == Subject.INDIVIDUAL and reg.person \
            else (subunit.name if subunit else "")
        values = {
            "year": reg.year, "kind": reg.kind, "subject": reg.subject, "unit_code": office,
            "subunit_code": reg.subunit_code, "person_id": person_id,
            "registrant": registrant, "name": reg.name, "field": reg.field, "mode": reg.mode,
            "replicates_id": reg.replicates_id if reg.mode == Mode.REPLICATION else None,
            "start_date": to_iso(reg.start_date), "end_date": to_iso(reg.end_date),
            "registered_on": to_iso(reg.registered_on),
            "name_fold": fold(reg.name), "registrant_fold": fold(registrant),
            "search_words": repo.search_words(reg.name, registrant,
                                              subunit.name if subunit else None),
        }
        values.update({name: getattr(reg, name) for name in _PLAIN_COLUMNS})
        return values

    def _save_evidence(self, writer, registration_id: str, items: list[EvidenceInput]) -> None:
        live = {row["id"]: row for row in self.file.db.query(
            "SELECT id, caption FROM evidence WHERE registration_id = ? AND removed = 0",
            [registration_id])}
        kept = set()
        for item in items:
            if item.id and item.id in live:
                kept.add(item.id)
                writer.update("evidence", item.id, {"caption": item.caption})
            else:
                writer.insert("evidence", {
                    "registration_id": registration_id, "file_name": item.file_name,
                    "media_type": item.media_type, "size": item.size, "sha256": item.sha256,
                    "caption": item.caption})
        for evidence_id in set(live) - kept:
            writer.update("evidence", evidence_id, {"removed": 1})

    def withdraw(self, registration_id: str, reason: str) -> None:
        self.accounts.require(CLERK)
        reason = clean_multiline(reason)
        if not reason:
            raise ValidationError({"reason": _("Give the reason for withdrawing.")})
        if len(reason) > limits.REASON:
            raise ValidationError({"reason": limits.too_long(limits.REASON)})
        if self.get(registration_id).status == Status.WITHDRAWN:
            raise DvkError(_("This registration is already withdrawn."))
        with self.file.transaction():
            self.file.writer().update(
                repo.TABLE, registration_id,
                {"status": Status.WITHDRAWN, "withdraw_reason": reason,
                 "withdrawn_on": clock.today().isoformat()},
                audit_detail=reason, action="withdraw")
        self.file.events.emit(REGISTRATIONS_CHANGED, id=registration_id)

    # -- evidence files -------------------------------------------------------------
    def add_evidence_file(self, path: str | Path) -> EvidenceInput:
        """Read a photo or scan into the database now, so the original can vanish."""
        path = Path(path)
        if path.suffix.lower() not in EVIDENCE_TYPES:
            raise DvkError(_(
                "{name}: only photos (JPG, PNG...) and PDF scans can be attached."
            ).format(name=path.name))
        try:
            size = path.stat().st_size
            if size > MAX_EVIDENCE_BYTES:
                raise DvkError(_(
                    "{name} is larger than {limit} MB; scan it at a lower resolution."
                ).format(name=path.name, limit=MAX_EVIDENCE_BYTES // (1024 * 1024)))
            data = path.read_bytes()
        except FileNotFoundError:
            raise DvkError(_(
                "The file {name} is no longer there (moved, deleted or the stick was "
                "pulled). Choose it again.").format(name=path.name)) from None
        except OSError as error:
            raise DvkError(_("The file {name} cannot be read ({detail}).").format(
                name=path.name, detail=error.strerror or error)) from None
        return self.add_evidence_bytes(path.name, data)

    def add_evidence_bytes(self, file_name: str, data: bytes) -> EvidenceInput:
        """Store a file's bytes by hash; the registration points at them when saved."""
        self.accounts.require(CLERK)
        with self.file.transaction():
            digest = blobs_repo.put(self.file.db, data)
        media_type = mimetypes.guess_type(file_name)[0] or "application/octet-stream"
        return EvidenceInput(clean(file_name), media_type, len(data), digest)

    def evidence_bytes(self, sha256: str) -> bytes | None:
        with storage_errors():
            return blobs_repo.get(self.file.db, sha256)

    # -- command line ---------------------------------------------------------------
    def list_json(self, query: ListQuery, limit: int | None = None) -> list[dict[str, Any]]:
        total = limit if limit is not None else self.count(query)
        rows = self.page(query, 0, max(total, 0))
        return [dict(zip(LIST_COLUMNS, row, strict=True)) for row in rows]
