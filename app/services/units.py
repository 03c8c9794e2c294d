"""The office, its parent and its sub-units (thôn, tổ dân phố, chi bộ, chi hội...)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.domain.text import clean
from app.domain.units import (
    PROFILE_TWO_TIER,
    SUBUNIT_TYPES,
    UNIT_TYPES,
    Unit,
    derived_code,
    level_of_type,
    parent_level,
    receiving_body,
)
from app.errors import NotFoundError, ValidationError
from app.i18n import _
from app.repositories import units as units_repo
from app.repositories.storage import storage_errors
from app.services.events import UNITS_CHANGED

if TYPE_CHECKING:
    from app.context import AppContext


class UnitService:
    def __init__(self, ctx: AppContext):
        self.ctx = ctx

    @property
    def profile(self) -> str:
        return self.ctx.setting("profile", PROFILE_TWO_TIER)

    def get(self, code: str | None) -> Unit | None:
        with storage_errors():
            return units_repo.get(self.ctx.db, code)

    def require(self, code: str) -> Unit:
        unit = self.get(code)
        if unit is None:
            raise NotFoundError(_("No unit has the code {code}.").format(code=code))
        return unit

    def office(self) -> Unit:
        return self.require(self.ctx.office_code)

    def parent_office(self) -> Unit | None:
        """The office this one reports to, following the tree to the profile's level."""
        office = self.office()
        wanted = parent_level(self.profile, office.level)
        unit = self.get(office.parent_code)
        while unit is not None and wanted is not None and unit.level != wanted:
            unit = self.get(unit.parent_code)
        return unit

    def children(self, code: str, level: str | None = None) -> list[Unit]:
        with storage_errors():
            return units_repo.children(self.ctx.db, code, level=level)

    def subunits(self) -> list[Unit]:
        """The office's own grassroots units, sorted by name."""
        return self.children(self.ctx.office_code, level="coso")

    def add_subunit(self, name: str, unit_type: str, parent_code: str | None = None) -> Unit:
        name = clean(name)
        errors = {}
        if not name:
            errors["name"] = _("Enter the name of the unit.")
        elif len(name) > 200:
            errors["name"] = _("Too long: at most {limit} characters.").format(limit=200)
        if unit_type not in SUBUNIT_TYPES:
            errors["type"] = _("Choose the kind of unit.")
        if errors:
            raise ValidationError(errors)
        parent = parent_code or self.ctx.office_code
        with self.ctx.transaction():
            existing = units_repo.find_by_name(self.ctx.db, name, parent)
            if existing:
                return existing
            unit = units_repo.add(self.ctx.writer(), code=units_repo.next_child_code(
                self.ctx.db, parent), name=name, unit_type=unit_type, parent_code=parent)
        self.ctx.events.emit(UNITS_CHANGED)
        return unit

    def add_unit(self, name: str, unit_type: str, parent_code: str | None) -> Unit:
        """Any unit (a district for the three-tier profile, a province agency...)."""
        if unit_type not in UNIT_TYPES:
            raise ValidationError({"type": _("Choose the kind of unit.")})
        name = clean(name)
        if not name:
            raise ValidationError({"name": _("Enter the name of the unit.")})
        with self.ctx.transaction():
            existing = units_repo.find_by_name(self.ctx.db, name, parent_code)
            if existing:
                return existing
            if level_of_type(unit_type) == "coso":
                code = units_repo.next_child_code(self.ctx.db, parent_code or self.ctx.office_code)
            else:
                code = derived_code(parent_code or "L", name)
            unit = units_repo.add(self.ctx.writer(), code=code, name=name, unit_type=unit_type,
                                  parent_code=parent_code)
        self.ctx.events.emit(UNITS_CHANGED)
        return unit

    def set_parent(self, code: str, parent_code: str) -> None:
        unit = self.require(code)
        self.require(parent_code)
        with self.ctx.transaction():
            units_repo.set_parent(self.ctx.writer(), unit, parent_code)
        self.ctx.events.emit(UNITS_CHANGED)

    def merge(self, code: str, into_code: str, on: str) -> None:
        """Record that `code` was merged into `into_code` on date `on` (ISO). The old
        unit and everything that points at it stay."""
        unit = self.require(code)
        self.require(into_code)
        if code == into_code:
            raise ValidationError({"into": _("A unit cannot be merged into itself.")})
        with self.ctx.transaction():
            units_repo.merge(self.ctx.writer(), unit, into_code, on)
        self.ctx.events.emit(UNITS_CHANGED)

    def receiving_body_for(self, registrant_type: str | None) -> str:
        return receiving_body(profile=self.profile, office=self.office(),
                              parent=self.parent_office(), registrant_type=registrant_type)
