"""Statistics: how many models registered, replicated, scored, recognised and withdrawn
(app/repositories/figures.py says what each figure counts) by year, field, kind, level,
status, sub-unit or child unit; each figure knows the list it stands for
(`StatsTable.query_for`)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.domain.fields import field_name
from app.domain.listing import ListQuery
from app.domain.registration import KINDS, STATUSES, SUBJECTS, label
from app.domain.units import Unit, level_label
from app.errors import DvkError
from app.i18n import _
from app.repositories import figures
from app.repositories import statistics as repo
from app.repositories import units as units_repo
from app.repositories.storage import storage_errors

if TYPE_CHECKING:
    from app.datafile.office_file import OfficeFile

OWN = "__own__"  # the row of records registered at the office itself (unit dimension)
NONE = "__none__"  # records without a value (no sub-unit)


@dataclass
class StatsRow:
    key: Any
    label: str
    counts: dict[str, int]


@dataclass
class StatsTable:
    dimension: str
    title: str
    measures: list[tuple[str, str]]  # (name, translated label)
    rows: list[StatsRow]
    totals: dict[str, int]
    year: int | None = None
    base: ListQuery = field(default_factory=ListQuery)
    base_office: str = ""
    # The label of the totals row, and what a reader must know to read it (by level:
    # a model scored or recognised at two levels is in two rows, once in the total).
    total_label: str = ""
    note: str = ""

    def query_for(self, key: Any, measure: str) -> ListQuery | None:
        """The list behind one figure (None for figures that are no single list)."""
        query = dataclasses.replace(self.base, measure=measure, year=self.year)
        if key is None:  # the totals row
            return query
        if key == NONE:
            return None
        if self.dimension == "unit":
            if key == OWN:
                return dataclasses.replace(query, unit_code=self.base_office,
                                           unit_subtree=False)
            return dataclasses.replace(query, unit_code=key)
        column = {"year": "year", "field": "field", "kind": "kind", "status": "status",
                  "subunit": "subunit_code", "level": "level", "subject": "subject"}
        name = column[self.dimension]
        if name == "level":
            return dataclasses.replace(query, measure=measure, level=key)
        return dataclasses.replace(query, **{name: key})

    def as_json(self) -> dict[str, Any]:
        return {
            "dimension": self.dimension, "title": self.title, "year": self.year,
            "measures": [name for name, _label in self.measures],
            "rows": [{"key": None if r.key in (OWN, NONE) else r.key, "label": r.label,
                      **r.counts} for r in self.rows],
            "total": self.totals, "total_label": self.total_label, "note": self.note,
        }


class StatisticsService:
    def __init__(self, file: OfficeFile):
        self.file = file

    def dimensions(self) -> list[tuple[str, str]]:
        return [(d.name, _(d.label)) for d in repo.DIMENSIONS.values()]

    def measures(self) -> list[tuple[str, str]]:
        with storage_errors():
            return [(m.name, _(m.label)) for m in repo.measures(self.file.db)]

    def measure_label(self, name: str) -> str:
        return _(repo.measure(name).label)

    def units_below(self) -> list[Unit]:
        """The office's child offices (communes of a province or district; districts of
        a three-tier province) that registrations come from, sorted by name."""
        with storage_errors():
            office = self.file.office_code
            return [u for u in units_repo.children(self.file.db, office, include_merged=True)
                    if u.level != "coso"]

    def has_units_below(self) -> bool:
        """Whether the office has child offices (a district or a province)."""
        try:
            return bool(self._child_offices())
        except DvkError:
            return False

    def table(self, by: str, year: int | None = None,
              base: ListQuery | None = None) -> StatsTable:
        if by not in repo.DIMENSIONS:
            raise DvkError(_("Unknown breakdown {name}; choose one of: {names}.").format(
                name=by, names=", ".join(repo.DIMENSIONS)))
        dimension = repo.DIMENSIONS[by]
        condition, params = "1", []
        if year is not None:
            condition, params = "r.year = ?", [year]
        with storage_errors():
            scope = figures.scope(self.file.db)
            chosen = repo.measures(self.file.db)
            per_measure = {m.name: repo.counts(self.file.db, scope, m, dimension,
                                               condition=condition, params=params)
                           for m in chosen}
            totals = {m.name: repo.total(self.file.db, scope, m, condition=condition,
                                         params=params) for m in chosen}
            if by == "unit":
                per_measure = {name: self._roll_up(values)
                               for name, values in per_measure.items()}
            keys = {key for values in per_measure.values() for key in values}
            if by == "level":  # every level of the profile has its row, even at 0
                keys |= set(scope.levels)
            labels = self._labels(by, keys)
        rows = [StatsRow(NONE if key is None else key, labels.get(key, str(key)),
                         {m.name: per_measure[m.name].get(key, 0) for m in chosen})
                for key in self._ordered(by, keys, labels)]
        office = self.file.setting("office_code") or ""
        total_label, note = _("Grand total"), ""
        if by == "level" and any(m.several_levels for m in chosen):
            total_label = _("Models (each counted once)")
            note = _("A model scored or recognised at several levels is counted in the row "
                     "of each of those levels, and once in the last row; so the rows of "
                     "the levels may add up to more than the last row.")
        return StatsTable(by, _(dimension.label), [(m.name, _(m.label)) for m in chosen],
                          rows, totals, year, base or ListQuery(), base_office=office,
                          total_label=total_label, note=note)

    def all_tables(self, year: int | None = None) -> list[StatsTable]:
        names = [name for name, _label in self.dimensions()
                 if name != "unit" or self.has_units_below()]
        return [self.table(name, year) for name in names]

    # -- helpers ------------------------------------------------------------------------
    def _child_offices(self) -> list[str]:
        return [u.code for u in self.units_below()]

    def _roll_up(self, values: dict[Any, int]) -> dict[Any, int]:
        """Counts per unit code -> counts per child office of this office (records
        made at the office itself, or at its sub-units, under OWN)."""
        office = self.file.office_code
        children = set(self._child_offices())
        parents = repo.unit_parents(self.file.db)
        result: dict[Any, int] = {}
        for code, number in values.items():
            key, seen = code, set()
            while key is not None and key not in children and key != office and key not in seen:
                seen.add(key)
                key = parents.get(key)
            bucket = key if key in children else OWN
            result[bucket] = result.get(bucket, 0) + number
        return result

    def _labels(self, by: str, keys: set) -> dict[Any, str]:
        if by == "field":
            return {k: field_name(k) for k in keys}
        if by == "kind":
            return {k: label(KINDS, k) for k in keys}
        if by == "status":
            return {k: label(STATUSES, k) for k in keys}
        if by == "subject":
            return {k: label(SUBJECTS, k) for k in keys}
        if by == "level":
            return {k: level_label(k) if k else _("(none)") for k in keys}
        if by in ("subunit", "unit"):
            names = {}
            for key in keys:
                if key is None:
                    names[key] = _("(no sub-unit)")
                elif key == OWN:
                    names[key] = _("This office itself")
                else:
                    unit = units_repo.get(self.file.db, key)
                    names[key] = self._unit_label(unit) if unit else key
            return names
        return {k: str(k) for k in keys}

    def _unit_label(self, unit: Unit) -> str:
        """A sub-unit of another office carries that office's name: a province has many
        "Chi bộ thôn Bắc"."""
        office = self.file.setting("office_code")
        if unit.level == "coso" and unit.parent_code and unit.parent_code != office:
            parent = units_repo.get(self.file.db, unit.parent_code)
            if parent is not None:
                return f"{unit.name} ({parent.name})"
        return unit.name

    @staticmethod
    def _ordered(by: str, keys: set, labels: dict[Any, str]) -> list[Any]:
        from app.domain.text import fold

        if by in ("year", "field"):
            return sorted(keys, key=lambda k: (k is None, k or 0))
        if by == "level":
            order = ["coso", "xa", "huyen", "tinh"]
            return sorted(keys, key=lambda k: order.index(k) if k in order else 9)
        if by in ("kind", "status", "subject"):
            order = [*KINDS, *STATUSES, *SUBJECTS]
            return sorted(keys, key=lambda k: order.index(k) if k in order else 99)
        return sorted(keys, key=lambda k: (k is None, k == OWN, fold(labels.get(k, ""))))
