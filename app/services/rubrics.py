"""Rubrics: the shipped defaults, copying and editing (a new edition once a sheet uses
one), and which rubric applies to a campaign year, level and subject."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core.events import RUBRICS_CHANGED
from app.domain.accounts import ADMIN
from app.domain.registration import Subject
from app.domain.rubrics import Rubric, RubricAssignment, RubricInput, validate
from app.domain.text import fold
from app.domain.units import LEVELS
from app.errors import DvkError, NotFoundError, ValidationError
from app.i18n import _
from app.paths import resource
from app.repositories import rubrics as repo
from app.repositories import settings as settings_repo
from app.repositories.storage import storage_errors

if TYPE_CHECKING:
    from app.datafile.office_file import OfficeFile
    from app.services.accounts import AccountService

# Bump when the shipped rubric files change; offices then load the new editions.
RUBRICS_REFERENCE_VERSION = 1
_SETTING = "rubrics_reference_version"


@dataclass(frozen=True)
class SaveOutcome:
    rubric_id: str
    new_edition: bool


class RubricService:
    def __init__(self, file: OfficeFile, *, accounts: AccountService):
        self.file = file
        self.accounts = accounts

    def ensure_defaults(self) -> None:
        db = self.file.db
        with storage_errors():
            if settings_repo.get(db, _SETTING, 0) >= RUBRICS_REFERENCE_VERSION:
                return
        with self.file.transaction():
            repo.load_reference(db, sorted(resource("rubrics").glob("*.json")))
            settings_repo.put(db, _SETTING, RUBRICS_REFERENCE_VERSION)

    # -- reading --------------------------------------------------------------------
    def listing(self) -> list[Rubric]:
        with storage_errors():
            return repo.listing(self.file.db)

    def get(self, rubric_id: str) -> Rubric:
        with storage_errors():
            rubric = repo.get(self.file.db, rubric_id)
        if rubric is None:
            raise NotFoundError(_("No rubric has the id {id}.").format(id=rubric_id))
        return rubric

    def resolve(self, key: str, edition: int | None = None) -> Rubric:
        """A rubric by id (or its first characters) or by family (newest edition)."""
        with storage_errors():
            found = repo.find(self.file.db, key.strip())
        if edition is not None:
            found = [r for r in found if r.edition == edition]
        by_family = [r for r in found if r.family == key.strip()]
        if by_family:
            return max(by_family, key=lambda r: r.edition)
        if len(found) == 1:
            return found[0]
        if not found:
            raise NotFoundError(_("No rubric is called {key}. See: dvk rubrics list").format(
                key=key))
        raise DvkError(_("Several rubrics match {key}; give more characters of the id.")
                       .format(key=key))

    def usage(self, rubric_id: str) -> int:
        with storage_errors():
            return repo.sheets_using(self.file.db, rubric_id)

    def newer_edition(self, rubric_id: str) -> str | None:
        with storage_errors():
            return repo.newer_edition(self.file.db, rubric_id)

    def is_locked(self, rubric: Rubric) -> bool:
        return rubric.locked or self.usage(rubric.id) > 0

    def applicable(self, year: int, level: str, subject: str) -> Rubric | None:
        """The rubric assigned to a year, level and subject; else the newest edition of
        the shipped default for the subject."""
        with storage_errors():
            rubric_id = repo.assigned(self.file.db, year, level, subject)
            if rubric_id:
                return repo.get(self.file.db, rubric_id)
            return repo.default_for(self.file.db, subject)

    def assignments(self) -> list[RubricAssignment]:
        """Which rubric each year, level and subject uses, the latest year first."""
        with storage_errors():
            return [RubricAssignment.from_row(row) for row in repo.assignments(self.file.db)]

    # -- writing --------------------------------------------------------------------
    def check(self, rubric: RubricInput) -> tuple[RubricInput, dict[str, str]]:
        cleaned = rubric.cleaned()
        return cleaned, validate(cleaned)

    def save(self, rubric_id: str, rubric: RubricInput, *,
             expected_version: int | None = None) -> SaveOutcome:
        """Edit a rubric. One that a score sheet uses is locked: the edit is saved as
        a new edition, and the sheets keep the edition they were scored on."""
        self.accounts.require(ADMIN)  # the office's scoring rules
        cleaned, errors = self.check(rubric)
        if errors:
            raise ValidationError(errors)
        current = self.get(rubric_id)
        if expected_version is not None and current.version != expected_version:
            raise DvkError(_("Someone changed this rubric after you opened it. Open it "
                             "again and repeat your change."))
        locked = self.is_locked(current)
        if locked and current.subject != cleaned.subject:
            raise ValidationError({"subject": _(
                "Sheets already use this rubric; a new edition keeps collectives or "
                "individuals as they were. Copy the rubric to make one for the other.")})
        with self.file.transaction():
            writer = self.file.writer()
            if locked:
                new_id = repo.insert(writer, cleaned, family=current.family,
                                     edition=repo.max_edition(self.file.db, current.family) + 1,
                                     supersedes_id=current.id, suggested=False)
            else:
                repo.update(writer, rubric_id, cleaned)
                new_id = rubric_id
        self.file.events.emit(RUBRICS_CHANGED, id=new_id)
        return SaveOutcome(new_id, locked)

    def copy(self, rubric_id: str, name: str | None = None, family: str | None = None) -> str:
        """A new rubric (edition 1 of a new family) with the contents of another."""
        self.accounts.require(ADMIN)
        source = self.get(rubric_id)
        rubric = source.to_input()
        rubric.name = name or _("Copy of {name}").format(name=source.name)
        rubric.note = ""
        cleaned, errors = self.check(rubric)
        if errors:
            raise ValidationError(errors)
        with self.file.transaction():
            family = self._new_family(family or f"{source.family}-ban-sao")
            new_id = repo.insert(self.file.writer(), cleaned, family=family)
        self.file.events.emit(RUBRICS_CHANGED, id=new_id)
        return new_id

    def _new_family(self, wanted: str) -> str:
        base = re.sub(r"[^0-9a-z]+", "-", fold(wanted)).strip("-")[:40].strip("-") or "bo-tieu-chi"
        family, number = base, 1
        while repo.family_exists(self.file.db, family):
            number += 1
            family = f"{base}-{number}"
        return family

    def assign(self, year: int, level: str, subject: str, rubric_id: str) -> None:
        self.accounts.require(ADMIN)
        errors = {}
        if not 2000 <= year <= 2100:
            errors["year"] = _("The year must be between 2000 and 2100.")
        if level not in LEVELS:
            errors["level"] = _("Choose a level: coso, xa, huyen or tinh.")
        rubric = self.get(rubric_id)
        if rubric.subject != subject:
            errors["subject"] = _("This rubric is for {subject}.").format(
                subject=_("collectives") if rubric.subject == Subject.COLLECTIVE else _("individuals"))
        if errors:
            raise ValidationError(errors)
        with self.file.transaction():
            repo.assign(self.file.writer(), year, level, subject, rubric_id)
        self.file.events.emit(RUBRICS_CHANGED, id=rubric_id)

    def pin(self, year: int, level: str, subject: str, rubric: Rubric) -> None:
        """Inside a transaction: the first sheet of a slot records which rubric the
        slot uses, and the rubric is locked from then on."""
        writer = self.file.writer()
        if repo.assigned(self.file.db, year, level, subject) is None:
            repo.assign(writer, year, level, subject, rubric.id)
        if not rubric.locked:
            repo.lock(writer, rubric.id)
