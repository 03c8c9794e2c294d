"""The office, its parent and its sub-units (thôn, tổ dân phố, chi bộ, chi hội...)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from app.core.events import UNITS_CHANGED
from app.domain import limits
from app.domain.accounts import APPROVER, CLERK
from app.domain.text import clean
from app.domain.units import (
    LEVELS,
    PROFILE_TWO_TIER,
    SUBUNIT_TYPES,
    UNIT_TYPES,
    Unit,
    UnitMerger,
    derived_code,
    level_label,
    level_of_type,
    parent_level,
    receiving_body,
)
from app.errors import NotFoundError, ValidationError
from app.i18n import _, format_date
from app.repositories import units as units_repo
from app.repositories.storage import storage_errors

if TYPE_CHECKING:
    from app.datafile.office_file import OfficeFile
    from app.services.accounts import AccountService

# A merger record's id comes from the merged unit's code: two offices that record the
# same merger write one record.
_MERGER_NAMESPACE = uuid.UUID("5d1f3a2c-9e47-4b8a-8c0e-7a3b6d2f1e90")


class UnitService:
    def __init__(self, file: OfficeFile, *, accounts: AccountService):
        self.file = file
        self.accounts = accounts

    @property
    def profile(self) -> str:
        return self.file.setting("profile", PROFILE_TWO_TIER)

    def get(self, code: str | None) -> Unit | None:
        with storage_errors():
            return units_repo.get(self.file.db, code)

    def require(self, code: str) -> Unit:
        unit = self.get(code)
        if unit is None:
            raise NotFoundError(_("No unit has the code {code}.").format(code=code))
        return unit

    def office(self) -> Unit:
        return self.require(self.file.office_code)

    def parent_office(self) -> Unit | None:
        """The office this one reports to, following the tree to the profile's level."""
        office = self.office()
        wanted = parent_level(self.profile, office.level)
        unit = self.get(office.parent_code)
        while unit is not None and wanted is not None and unit.level != wanted:
            unit = self.get(unit.parent_code)
        return unit

    def ancestor(self, code: str | None, level: str) -> Unit | None:
        """The unit of `level` that `code` lies in (itself when it is of that level):
        the commune of a village, the province of a commune."""
        unit = self.get(code)
        seen = 0
        while unit is not None and unit.level != level and seen < 10:
            unit = self.get(unit.parent_code)
            seen += 1
        return unit if unit is not None and unit.level == level else None

    def province_of(self, code: str | None) -> Unit | None:
        return self.ancestor(code, "tinh")

    def children(self, code: str, level: str | None = None) -> list[Unit]:
        with storage_errors():
            return units_repo.children(self.file.db, code, level=level)

    def subunits(self) -> list[Unit]:
        """The office's own grassroots units, sorted by name."""
        return self.children(self.file.office_code, level="coso")

    def add_subunit(self, name: str, unit_type: str, parent_code: str | None = None) -> Unit:
        self.accounts.require(CLERK)
        name = clean(name)
        errors = {}
        if not name:
            errors["name"] = _("Enter the name of the unit.")
        elif len(name) > limits.UNIT_NAME:
            errors["name"] = limits.too_long(limits.UNIT_NAME)
        if unit_type not in SUBUNIT_TYPES:
            errors["type"] = _("Choose the kind of unit.")
        if errors:
            raise ValidationError(errors)
        parent = parent_code or self.file.office_code
        with self.file.transaction():
            existing = units_repo.find_by_name(self.file.db, name, parent)
            if existing:
                return existing
            unit = units_repo.add(self.file.writer(), code=units_repo.next_child_code(
                self.file.db, parent), name=name, unit_type=unit_type, parent_code=parent)
        self.file.events.emit(UNITS_CHANGED)
        return unit

    def add_unit(self, name: str, unit_type: str, parent_code: str | None) -> Unit:
        """Any unit (a district for the three-tier profile, a province agency...)."""
        self.accounts.require(CLERK)
        if unit_type not in UNIT_TYPES:
            raise ValidationError({"type": _("Choose the kind of unit.")})
        name = clean(name)
        if not name:
            raise ValidationError({"name": _("Enter the name of the unit.")})
        if len(name) > limits.UNIT_NAME:
            raise ValidationError({"name": limits.too_long(limits.UNIT_NAME)})
        with self.file.transaction():
            existing = units_repo.find_by_name(self.file.db, name, parent_code)
            if existing:
                return existing
            if level_of_type(unit_type) == "coso":
                code = units_repo.next_child_code(self.file.db, parent_code or self.file.office_code)
            else:
                code = derived_code(parent_code or "L", name)
            unit = units_repo.add(self.file.writer(), code=code, name=name, unit_type=unit_type,
                                  parent_code=parent_code)
        self.file.events.emit(UNITS_CHANGED)
        return unit

    def set_parent(self, code: str, parent_code: str) -> None:
        self.accounts.require(CLERK)
        unit = self.require(code)
        self.require(parent_code)
        with self.file.transaction():
            units_repo.set_parent(self.file.writer(), unit, parent_code)
        self.file.events.emit(UNITS_CHANGED)

    def merge(self, code: str, into_code: str, on: str, note: str = "") -> None:
        """Record that `code` was merged into `into_code` on date `on` (ISO) (sáp nhập).
        The old unit and everything that points at it stay; the office of the new unit
        takes over its records. Only an office above both units records a merger; it
        travels to the offices below and above with the next bundles."""
        self.accounts.require(APPROVER)
        note = clean(note)
        if len(note) > limits.MAX_LENGTH["unit_mergers"]["note"]:
            raise ValidationError({"note": limits.too_long(
                limits.MAX_LENGTH["unit_mergers"]["note"])})
        unit = self.require(code)
        into = self.require(into_code)
        errors: dict[str, str] = {}
        try:
            day = dt.date.fromisoformat(on) if isinstance(on, str) and len(on) == 10 else None
        except ValueError:
            day = None
        if day is None:
            errors["on"] = _("Give the date of the merger as YYYY-MM-DD.")
        if code == into_code:
            errors["into"] = _("A unit cannot be merged into itself.")
        elif unit.merged_into:
            errors["unit"] = _("{name} was already merged into {into} on {date}.").format(
                name=unit.name, into=unit.merged_into,
                date=format_date(dt.date.fromisoformat(unit.merged_on))
                if unit.merged_on else "?")
        elif into.merged_into:
            errors["into"] = _("{name} was itself merged into {into}; merge into that unit "
                               "instead.").format(name=into.name, into=into.merged_into)
        elif unit.level != into.level:
            errors["into"] = _("Only units of the same level are merged: {name} is a {level}, "
                               "{into} a {into_level}.").format(
                name=unit.name, level=level_label(unit.level), into=into.name,
                into_level=level_label(into.level))
        if errors:
            raise ValidationError(errors)
        office = self.file.office_code
        with storage_errors():
            mine = {row[0] for row in self.file.db.execute(
                "WITH RECURSIVE tree(code) AS (SELECT ? UNION SELECT u.code FROM units u"
                " JOIN tree t ON u.parent_code = t.code OR u.merged_into = t.code)"
                " SELECT code FROM tree", [office])}
            under_old = {row[0] for row in self.file.db.execute(
                "WITH RECURSIVE tree(code) AS (SELECT ? UNION SELECT u.code FROM units u"
                " JOIN tree t ON u.parent_code = t.code OR u.merged_into = t.code)"
                " SELECT code FROM tree", [code])}
        if code == office or code not in mine or into_code not in mine:
            raise ValidationError({"unit": _(
                "Only the office above both units records their merger; {name} and {into} "
                "are not both under this office.").format(name=unit.name, into=into.name)})
        if into_code in under_old:
            raise ValidationError({"into": _("{into} is part of {name}; choose another unit."
                                             ).format(into=into.name, name=unit.name)})
        merger_id = str(uuid.uuid5(_MERGER_NAMESPACE, code))
        with self.file.transaction():
            writer = self.file.writer()
            units_repo.merge(writer, unit, into_code, on)
            values = {"unit_code": code, "into_code": into_code, "merged_on": on,
                      "note": note}
            if self.file.db.execute("SELECT 1 FROM unit_mergers WHERE id = ?",
                                   [merger_id]).fetchone():
                writer.update("unit_mergers", merger_id, values, audit_detail=f"{code}->{into_code}")
            else:
                writer.insert("unit_mergers", {"id": merger_id, **values},
                              audit_detail=f"{code}->{into_code} on {on}")
        self.file.events.emit(UNITS_CHANGED)

    def mergeable(self) -> list[Unit]:
        """Units this office may merge: the offices under it and its own sub-units that
        were not merged yet (for the merge dialog)."""
        with storage_errors():
            rows = self.file.db.execute(
                "WITH RECURSIVE tree(code) AS (SELECT ? UNION SELECT u.code FROM units u"
                " JOIN tree t ON u.parent_code = t.code) SELECT code FROM tree",
                [self.file.office_code]).fetchall()
            result = [units_repo.get(self.file.db, r[0]) for r in rows
                      if r[0] != self.file.office_code]
        return sorted((u for u in result if u is not None and not u.merged_into),
                      key=lambda u: (LEVELS.index(u.level), u.name))

    def child_offices(self) -> list[Unit]:
        """The units of office level directly under this office (communes of a
        district, districts or communes of a province), merged ones included."""
        with storage_errors():
            units = units_repo.children(self.file.db, self.file.office_code,
                                        include_merged=True)
        return [u for u in units if u.level != "coso"]

    def mergers(self) -> list[UnitMerger]:
        """Mergers this office knows of, newest first."""
        with storage_errors():
            return [UnitMerger.from_row(row) for row in self.file.db.query(
                "SELECT m.unit_code, o.name AS unit_name, m.into_code, n.name AS into_name,"
                " m.merged_on, m.origin, m.note FROM unit_mergers m"
                " LEFT JOIN units o ON o.code = m.unit_code"
                " LEFT JOIN units n ON n.code = m.into_code ORDER BY m.merged_on DESC")]

    def receiving_body_for(self, registrant_type: str | None) -> str:
        return receiving_body(profile=self.profile, office=self.office(),
                              parent=self.parent_office(), registrant_type=registrant_type)
