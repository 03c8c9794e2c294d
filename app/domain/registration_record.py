"""A stored registration as the window, the papers and the command line read it
(issue 21, point 3): `RegistrationService.get` returns a `Registration` (the
`registrations` row with its live targets, milestones and evidence and its person),
`RegistrationService.replications` the `Replication`s of a model. Each record holds
every column of its table (migrations 0001, 0014 and 0020), exactly as stored: a
person's erased fields read "[đã xóa]" here as in the row, and `as_json()` gives the
dict `dvk models show --json` has always written, key for key and in the same order.

What the form edits and saves is a `RegistrationInput` (app/domain/registration.py):
`Registration.to_input()` converts a record into it (`RegistrationService.to_input`),
so a record never goes back into a save as it is."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from app.domain.dates import from_iso
from app.domain.registration import (
    EvidenceInput,
    MilestoneInput,
    PersonInput,
    RegistrationInput,
    TargetInput,
)
from app.domain.rows import RowRecord


class _Columns(RowRecord):
    """A record of one table's row: its fields are the columns, in the table's order."""

    @classmethod
    def from_row(cls, row: dict[str, Any]):
        """The record of a row with exactly these columns (a column it does not know
        is an error, not a value silently left out of `as_json`)."""
        return cls(**row)


@dataclass(frozen=True, kw_only=True)
class Target(_Columns):
    """A target of a registration (`targets`): the indicator, the amount aimed at (None:
    not given) and its unit of measure, at its position on the form."""

    id: str
    registration_id: str
    position: int
    indicator: str
    target: float | None = None
    unit_of_measure: str = ""
    removed: int = 0
    origin: str = ""
    version: int = 1
    created_at: str = ""
    updated_at: str = ""
    updated_by: str = ""
    rev: int = 0


@dataclass(frozen=True, kw_only=True)
class Milestone(_Columns):
    """A step of a registration's timeline (`milestones`): when it is due (ISO date,
    None: not given) and what is done, at its position on the form."""

    id: str
    registration_id: str
    position: int
    due_on: str | None = None
    description: str
    removed: int = 0
    origin: str = ""
    version: int = 1
    created_at: str = ""
    updated_at: str = ""
    updated_by: str = ""
    rev: int = 0


@dataclass(frozen=True, kw_only=True)
class Evidence(_Columns):
    """A photo or scan attached to a registration (`evidence`): its file name, media
    type, size and the SHA-256 of its bytes (kept in `blobs`), and its caption."""

    id: str
    registration_id: str
    file_name: str
    media_type: str
    size: int
    sha256: str
    caption: str = ""
    removed: int = 0
    origin: str = ""
    version: int = 1
    created_at: str = ""
    updated_at: str = ""
    updated_by: str = ""
    rev: int = 0


@dataclass(frozen=True, kw_only=True)
class RegisteredPerson(_Columns):
    """The person an exemplar (an individual's registration) names (`persons`): the
    personal fields as stored (erased ones read "[đã xóa]", `erased_on` says when),
    their consent to DVK holding them (migration 0014) and the row's sync columns."""

    id: str
    full_name: str
    birth_year: int | None = None
    gender: str | None = None
    position: str = ""
    address: str = ""
    phone: str = ""
    origin: str = ""
    version: int = 1
    created_at: str = ""
    updated_at: str = ""
    updated_by: str = ""
    rev: int = 0
    consent_on: str | None = None
    consent_how: str = ""
    erased_on: str | None = None


@dataclass(frozen=True, kw_only=True)
class Registration(_Columns):
    """One registration (`registrations`) with its live targets and milestones (by
    position), its live evidence (oldest first) and its person (None for a
    collective's registration, or when the person's row is not in the file). Dates are
    ISO texts as stored; codes (`kind`, `subject`, `mode`, `status`) the stored codes,
    which compare equal to the StrEnums of app/domain/registration.py."""

    seq: int
    id: str
    year: int
    kind: str
    subject: str
    unit_code: str
    subunit_code: str | None = None
    person_id: str | None = None
    registrant: str
    name: str
    field: int
    mode: str
    replicates_id: str | None = None
    situation: str = ""
    goals: str = ""
    content_methods: str = ""
    area: str = ""
    target_group: str = ""
    force_lead: str = ""
    force_coordinating: str = ""
    force_participating: str = ""
    resources: str = ""
    start_date: str | None = None
    end_date: str | None = None
    outputs: str = ""
    sustainability: str = ""
    registered_on: str
    receiving_body: str = ""
    contact_phone: str = ""
    status: str = "da_dang_ky"
    withdraw_reason: str = ""
    withdrawn_on: str | None = None
    name_fold: str = ""
    registrant_fold: str = ""
    search_words: str = ""
    origin: str = ""
    version: int = 1
    created_at: str = ""
    updated_at: str = ""
    updated_by: str = ""
    rev: int = 0
    subunit_name: str | None = None
    targets: tuple[Target, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    person: RegisteredPerson | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Registration:
        """The record of `app/repositories/registrations.py::get`'s dict: the row's
        columns, `targets`, `milestones` and `evidence` (lists of rows) and `person`
        (a row or None)."""
        person = row["person"]
        return cls(**{
            **row,
            "targets": tuple(Target.from_row(t) for t in row["targets"]),
            "milestones": tuple(Milestone.from_row(m) for m in row["milestones"]),
            "evidence": tuple(Evidence.from_row(e) for e in row["evidence"]),
            "person": RegisteredPerson.from_row(person) if person is not None else None,
        })

    def as_json(self) -> dict[str, Any]:
        """The dict `dvk models show --json` has always written (before its
        `replications`): the row's columns in the table's order, then the lists of
        targets, milestones and evidence, then the person (null without one)."""
        columns = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)
                   if f.name not in _CHILDREN}
        return {**columns,
                "targets": [t.as_json() for t in self.targets],
                "milestones": [m.as_json() for m in self.milestones],
                "evidence": [e.as_json() for e in self.evidence],
                "person": self.person.as_json() if self.person is not None else None}

    def to_input(self) -> RegistrationInput:
        """What the form edits of this registration (the base of its next save): the
        one way a stored record goes back into a save."""
        person = self.person
        return RegistrationInput(
            year=self.year,
            kind=self.kind,
            subject=self.subject,
            subunit_code=self.subunit_code,
            person=PersonInput(
                full_name=person.full_name, birth_year=person.birth_year,
                gender=person.gender, position=person.position,
                address=person.address, phone=person.phone, id=person.id,
                consent_on=from_iso(person.consent_on),
                consent_how=person.consent_how or "",
            ) if person else None,
            name=self.name,
            field=self.field,
            mode=self.mode,
            replicates_id=self.replicates_id,
            targets=[TargetInput(t.indicator, t.target, t.unit_of_measure)
                     for t in self.targets],
            start_date=from_iso(self.start_date),
            end_date=from_iso(self.end_date),
            milestones=[MilestoneInput(from_iso(m.due_on), m.description)
                        for m in self.milestones],
            registered_on=from_iso(self.registered_on),
            evidence=[EvidenceInput(e.file_name, e.media_type, e.size, e.sha256,
                                    e.caption, e.id) for e in self.evidence],
            situation=self.situation, goals=self.goals,
            content_methods=self.content_methods, area=self.area,
            target_group=self.target_group, force_lead=self.force_lead,
            force_coordinating=self.force_coordinating,
            force_participating=self.force_participating, resources=self.resources,
            outputs=self.outputs, sustainability=self.sustainability,
            receiving_body=self.receiving_body, contact_phone=self.contact_phone,
        )


_CHILDREN = ("targets", "milestones", "evidence", "person")


@dataclass(frozen=True, kw_only=True)
class Replication(_Columns):
    """A registration that replicates a model (`RegistrationService.replications`): its
    id, name, registrant, campaign year and the office whose record it is."""

    id: str
    name: str
    registrant: str
    year: int
    origin: str
