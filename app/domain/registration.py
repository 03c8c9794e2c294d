"""A registration of a model or exemplar (Bản đăng ký xây dựng mô hình), as entered.

`RegistrationInput` is what the form or the command line hands to the service: plain
values, already cleaned. `validate()` returns every problem at once, keyed by field,
so the form can show each message beside its field.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from app.domain import limits
from app.domain.privacy import CONSENT_METHODS
from app.domain.text import clean, clean_multiline
from app.i18n import N_, _


# The codes a registration's fields hold. A StrEnum is equal to its code and hashes
# like it, is stored in SQLite and written into JSON (drafts, bundles) as that code:
# the data files and bundles keep their bytes (tests/unit/test_domain_codes.py).
class Kind(StrEnum):
    """What is registered: a model (mô hình) or an exemplar (điển hình)."""
    MODEL = "mo_hinh"
    EXEMPLAR = "dien_hinh"


class Subject(StrEnum):
    """Whose it is: a collective (tập thể) or one person (cá nhân)."""
    COLLECTIVE = "tap_the"
    INDIVIDUAL = "ca_nhan"


class Mode(StrEnum):
    """Newly built (mới), or the replication of a model recognised before (nhân rộng)."""
    NEW = "moi"
    REPLICATION = "nhan_rong"


class Status(StrEnum):
    """A registration stands (đã đăng ký) or was withdrawn (rút)."""
    REGISTERED = "da_dang_ky"
    WITHDRAWN = "rut"


class Gender(StrEnum):
    MALE = "nam"
    FEMALE = "nu"


# Code -> label; the keys are the plain codes (argparse and Qt show and keep them).
KINDS = {Kind.MODEL.value: N_("Model"), Kind.EXEMPLAR.value: N_("Exemplar")}
SUBJECTS = {Subject.COLLECTIVE.value: N_("Collective"),
            Subject.INDIVIDUAL.value: N_("Individual")}
MODES = {Mode.NEW.value: N_("Newly built"), Mode.REPLICATION.value: N_("Replication")}
STATUSES = {Status.REGISTERED.value: N_("Registered"), Status.WITHDRAWN.value: N_("Withdrawn")}
GENDERS = {Gender.MALE.value: N_("Male"), Gender.FEMALE.value: N_("Female")}

# Longest text we accept per kind of field: one table for every layer
# (app/domain/limits.py), these names kept for the code that used them.
SHORT_TEXT_MAX = limits.NAME
LONG_TEXT_MAX = limits.LONG_TEXT
PHONE_MAX = limits.PHONE
PERSON_NAME_MAX = limits.PERSON_NAME

LONG_TEXT_FIELDS = limits.REGISTRATION_LONG_TEXTS


def label(mapping: dict[str, str], key: str | None) -> str:
    return _(mapping[key]) if key in mapping else ""


@dataclass
class PersonInput:
    full_name: str = ""
    birth_year: int | None = None
    gender: str | None = None
    position: str = ""
    address: str = ""
    phone: str = ""
    id: str | None = None
    # The person's consent to DVK holding their data (Luật Bảo vệ dữ liệu cá nhân
    # 2025): the day and how ('phieu_dang_ky': the signed line of the paper form).
    consent_on: dt.date | None = None
    consent_how: str = ""

    def cleaned(self) -> PersonInput:
        return PersonInput(
            full_name=clean(self.full_name),
            birth_year=self.birth_year,
            gender=self.gender or None,
            position=clean(self.position),
            address=clean(self.address),
            phone=clean(self.phone),
            id=self.id,
            consent_on=self.consent_on,
            consent_how=self.consent_how or "",
        )


@dataclass
class TargetInput:
    indicator: str = ""
    target: float | None = None
    unit_of_measure: str = ""

    def is_blank(self) -> bool:
        return not clean(self.indicator) and self.target is None and not clean(self.unit_of_measure)


@dataclass
class MilestoneInput:
    due_on: dt.date | None = None
    description: str = ""

    def is_blank(self) -> bool:
        return self.due_on is None and not clean(self.description)


@dataclass
class EvidenceInput:
    """A file attached to a registration; its bytes are already stored by hash."""

    file_name: str
    media_type: str
    size: int
    sha256: str
    caption: str = ""
    id: str | None = None


@dataclass
class RegistrationInput:
    year: int
    kind: str = Kind.MODEL
    subject: str = Subject.COLLECTIVE
    subunit_code: str | None = None
    person: PersonInput | None = None
    name: str = ""
    field: int | None = None
    mode: str = Mode.NEW
    replicates_id: str | None = None
    situation: str = ""
    goals: str = ""
    targets: list[TargetInput] = dataclasses.field(default_factory=list)
    content_methods: str = ""
    area: str = ""
    target_group: str = ""
    force_lead: str = ""
    force_coordinating: str = ""
    force_participating: str = ""
    resources: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    milestones: list[MilestoneInput] = dataclasses.field(default_factory=list)
    outputs: str = ""
    sustainability: str = ""
    registered_on: dt.date | None = None
    receiving_body: str = ""
    contact_phone: str = ""
    evidence: list[EvidenceInput] = dataclasses.field(default_factory=list)

    def cleaned(self) -> RegistrationInput:
        """A copy with every text NFC, tidy, and empty table rows dropped."""
        result = copy.copy(self)  # the lists are replaced below; 3x faster than replace()
        result.name = clean(self.name)
        result.receiving_body = clean(self.receiving_body)
        result.contact_phone = clean(self.contact_phone)
        for name in LONG_TEXT_FIELDS:
            setattr(result, name, clean_multiline(getattr(self, name)))
        result.person = self.person.cleaned() if self.person else None
        result.targets = [
            TargetInput(clean(t.indicator), t.target, clean(t.unit_of_measure))
            for t in self.targets
            if not t.is_blank()
        ]
        result.milestones = [
            MilestoneInput(m.due_on, clean_multiline(m.description))
            for m in self.milestones
            if not m.is_blank()
        ]
        result.evidence = [
            EvidenceInput(e.file_name, e.media_type, e.size, e.sha256, clean(e.caption), e.id)
            for e in self.evidence
        ]
        return result


_too_long = limits.too_long


def validate(reg: RegistrationInput, *, today: dt.date) -> dict[str, str]:
    """Every problem of a cleaned registration, keyed by field name."""
    errors: dict[str, str] = {}
    if reg.kind not in KINDS:
        errors["kind"] = _("Choose model or exemplar.")
    if reg.subject not in SUBJECTS:
        errors["subject"] = _("Choose collective or individual.")
    if not reg.name:
        errors["name"] = _("Enter the name of the model.")
    elif len(reg.name) > SHORT_TEXT_MAX:
        errors["name"] = _too_long(SHORT_TEXT_MAX)
    if reg.field not in (1, 2, 3, 4):
        errors["field"] = _("Choose one of the four fields.")
    if reg.mode not in MODES:
        errors["mode"] = _("Choose new or replication.")
    elif reg.mode == "nhan_rong" and not reg.replicates_id:
        errors["replicates_id"] = _("Choose the model this one replicates.")
    if reg.subject == Subject.COLLECTIVE and not reg.subunit_code:
        errors["subunit_code"] = _("Choose the collective (village, cell, branch...) that registers.")
    if reg.subject == Subject.INDIVIDUAL:
        validate_person(reg.person, today, errors)
    if not 2000 <= int(reg.year or 0) <= 2100:
        errors["year"] = _("The year must be between 2000 and 2100.")
    for name in LONG_TEXT_FIELDS:
        if len(getattr(reg, name)) > LONG_TEXT_MAX:
            errors[name] = _too_long(LONG_TEXT_MAX)
    if len(reg.receiving_body) > SHORT_TEXT_MAX:
        errors["receiving_body"] = _too_long(SHORT_TEXT_MAX)
    if len(reg.contact_phone) > PHONE_MAX or (
        reg.contact_phone and not _looks_like_phone(reg.contact_phone)
    ):
        errors["contact_phone"] = _("Enter a phone number of digits, for example 0912 345 678.")
    if reg.registered_on is None:
        errors["registered_on"] = _("Enter the registration date.")
    elif reg.registered_on > today:
        errors["registered_on"] = _("The registration date is in the future.")
    if reg.start_date and reg.end_date and reg.end_date < reg.start_date:
        errors["end_date"] = _("The end date is before the start date.")
    for index, target in enumerate(reg.targets, start=1):
        if not target.indicator:
            errors["targets"] = _("Row {row}: enter the indicator.").format(row=index)
        elif target.target is not None and target.target < 0:
            errors["targets"] = _("Row {row}: a target cannot be negative.").format(row=index)
        elif len(target.indicator) > SHORT_TEXT_MAX or \
                len(target.unit_of_measure) > limits.UNIT_OF_MEASURE:
            errors["targets"] = _("Row {row}: the text is too long.").format(row=index)
    for index, milestone in enumerate(reg.milestones, start=1):
        if not milestone.description:
            errors["milestones"] = _("Row {row}: describe the milestone.").format(row=index)
        elif len(milestone.description) > LONG_TEXT_MAX:
            errors["milestones"] = _too_long(LONG_TEXT_MAX)
    for evidence in reg.evidence:
        if len(evidence.caption) > limits.NAME or len(evidence.file_name) > limits.FILE_NAME:
            errors["evidence"] = _("{name}: the file name or the caption is too long "
                                   "(at most {limit} characters).").format(
                name=evidence.file_name[:40], limit=limits.NAME)
    return errors


def validate_person(person: PersonInput | None, today: dt.date, errors: dict[str, str]) -> None:
    """Every problem of a cleaned person's fields, into `errors` (keyed "person.*")."""
    if person is None or not person.full_name:
        errors["person.full_name"] = _("Enter the full name of the person.")
        return
    if len(person.full_name) > PERSON_NAME_MAX:
        errors["person.full_name"] = _too_long(PERSON_NAME_MAX)
    if person.birth_year is not None and not (1900 <= person.birth_year <= today.year - 10):
        errors["person.birth_year"] = _("Enter a year of birth between 1900 and {year}.").format(
            year=today.year - 10
        )
    if person.gender not in (None, "nam", "nu"):
        errors["person.gender"] = _("Choose male or female.")
    for name in ("position", "address"):
        if len(getattr(person, name)) > SHORT_TEXT_MAX:
            errors[f"person.{name}"] = _too_long(SHORT_TEXT_MAX)
    if len(person.phone) > PHONE_MAX:
        errors["person.phone"] = _too_long(PHONE_MAX)
    if person.consent_how not in ("", *CONSENT_METHODS):
        errors["person.consent_how"] = _("Choose how the person gave their consent.")
    elif person.consent_how and person.consent_on is None:
        errors["person.consent_on"] = _("Enter the day the person signed their consent.")
    elif person.consent_on and not person.consent_how:
        errors["person.consent_how"] = _("Say how the person gave their consent (the signed "
                                         "registration form).")
    elif person.consent_on and person.consent_on > today:
        errors["person.consent_on"] = _("The day of the consent is in the future.")


def consent_warning(reg: RegistrationInput) -> str | None:
    """A warning (never a block: registers kept before 2026 hold none) when an
    individual's registration records no consent."""
    if reg.subject == Subject.INDIVIDUAL and reg.person is not None and not reg.person.consent_how:
        return _("No consent of {name} is recorded: the law on personal data (2025) asks "
                 "for it. Have the person sign the consent line of the registration form "
                 "and record the day.").format(name=reg.person.full_name or _("the person"))
    return None


def _looks_like_phone(text: str) -> bool:
    digits = [c for c in text if c.isdigit()]
    return 8 <= len(digits) <= 15 and all(c.isdigit() or c in " .+-()" for c in text)


def deadline_warning(registered_on: dt.date | None, deadline: dt.date | None) -> str | None:
    """A warning (never a block) for a registration after the campaign deadline."""
    if registered_on and deadline and registered_on > deadline:
        return _(
            "Registered after the deadline of {deadline}; it is saved, but the receiving "
            "body may not accept it."
        ).format(deadline=deadline.strftime("%d/%m/%Y"))
    return None


def parse_target(text: str) -> float | None:
    """'1.200' and '1.200,5' (Vietnamese) as well as '1200.5' -> float; '' -> None."""
    raw = clean(text).replace(" ", "")
    if not raw:
        return None
    if "," in raw:
        raw = raw.replace(".", "").replace(",", ".")
    elif raw.count(".") > 1 or (raw.count(".") == 1 and len(raw.split(".")[1]) == 3):
        raw = raw.replace(".", "")
    try:
        return float(raw)
    except ValueError:
        raise ValueError(_("'{text}' is not a number.").format(text=text)) from None


# -- plain dictionaries (drafts, command-line JSON) -----------------------------------

def to_plain(reg: RegistrationInput) -> dict:
    """JSON-ready form contents: dates as ISO strings."""
    data = dataclasses.asdict(reg)
    for key in ("start_date", "end_date", "registered_on"):
        data[key] = data[key].isoformat() if data[key] else None
    data["milestones"] = [
        {"due_on": m.due_on.isoformat() if m.due_on else None, "description": m.description}
        for m in reg.milestones
    ]
    if reg.person is not None:
        data["person"]["consent_on"] = reg.person.consent_on.isoformat() \
            if reg.person.consent_on else None
    return data


def from_plain(data: dict, *, year: int) -> RegistrationInput:
    """Best effort back from `to_plain` (or older, partial drafts): bad values become
    blanks instead of errors, so a draft always opens."""

    def date(value):
        try:
            return dt.date.fromisoformat(value) if value else None
        except (TypeError, ValueError):
            return None

    def number(value):
        try:
            return float(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            return None

    def integer(value):
        try:
            return int(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            return None

    text_fields = {f.name for f in dataclasses.fields(RegistrationInput)
                   if f.type in ("str", "str | None")}
    reg = RegistrationInput(year=integer(data.get("year")) or year)
    for name in text_fields:
        value = data.get(name)
        if isinstance(value, str):
            setattr(reg, name, value)
    reg.field = integer(data.get("field"))
    for name in ("start_date", "end_date", "registered_on"):
        setattr(reg, name, date(data.get(name)))
    person = data.get("person")
    if isinstance(person, dict):
        reg.person = PersonInput(
            full_name=str(person.get("full_name") or ""),
            birth_year=integer(person.get("birth_year")),
            gender=person.get("gender") if person.get("gender") in GENDERS else None,
            position=str(person.get("position") or ""), address=str(person.get("address") or ""),
            phone=str(person.get("phone") or ""), id=person.get("id"),
            consent_on=date(person.get("consent_on")),
            consent_how=person.get("consent_how")
            if person.get("consent_how") in CONSENT_METHODS else "",
        )
    reg.targets = [TargetInput(str(t.get("indicator") or ""), number(t.get("target")),
                               str(t.get("unit_of_measure") or ""))
                   for t in data.get("targets") or [] if isinstance(t, dict)]
    reg.milestones = [MilestoneInput(date(m.get("due_on")), str(m.get("description") or ""))
                      for m in data.get("milestones") or [] if isinstance(m, dict)]
    reg.evidence = [EvidenceInput(str(e["file_name"]), str(e.get("media_type") or ""),
                                  int(e.get("size") or 0), str(e["sha256"]),
                                  str(e.get("caption") or ""), e.get("id"))
                    for e in data.get("evidence") or []
                    if isinstance(e, dict) and e.get("sha256") and e.get("file_name")]
    return reg
