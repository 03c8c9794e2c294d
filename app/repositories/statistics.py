"""Counting for the statistics tables: the figures (measures) are defined once in
app/repositories/figures.py; this module adds the *dimensions* a table splits them by
(year, field, kind, subject, level, status, sub-unit, child unit) and the list filter
behind each figure. A measure registered there (`register_measure`) shows in every
table, chart, export and click-through list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from app.domain.listing import ListQuery
from app.i18n import N_
from app.repositories import figures
from app.repositories.figures import (  # noqa: F401 - the registry, re-exported
    _MEASURES,
    LEVEL,
    Measure,
    Scope,
    measure,
    measures,
    register_measure,
)


@dataclass(frozen=True)
class Dimension:
    name: str
    label: str  # N_() text
    column: str | None  # SQL over `r`; None: the measure's level


DIMENSIONS: dict[str, Dimension] = {d.name: d for d in (
    Dimension("year", N_("Year"), "r.year"),
    Dimension("field", N_("Field"), "r.field"),
    Dimension("kind", N_("Kind"), "r.kind"),
    Dimension("subject", N_("Collective or individual"), "r.subject"),
    Dimension("level", N_("Level"), None),
    Dimension("status", N_("Status"), "r.status"),
    Dimension("subunit", N_("Sub-unit"), "r.subunit_code"),
    Dimension("unit", N_("Unit below"), "r.unit_code"),
)}


def measure_clause(db: Database, query: ListQuery) -> tuple[str, list[Any]]:
    """The list filter for `query.measure` / `query.level`: the registrations the
    measure counts (at that level), as `r.id IN (...)`."""
    return figures.measure_clause(figures.scope(db), query.measure, query.level)


def counts(db: Database, where: Scope, chosen: Measure, dimension: Dimension, *,
           condition: str = "1", params: Iterable[Any] = ()) -> dict[Any, int]:
    """Distinct models per value of the dimension."""
    key = LEVEL if dimension.column is None else dimension.column
    return {k[0]: n for k, n in figures.count_by(db, where, chosen, [key],
                                                 condition=condition, params=params).items()}


def total(db: Database, where: Scope, chosen: Measure, *, condition: str = "1",
          params: Iterable[Any] = ()) -> int:
    return figures.total(db, where, chosen, condition=condition, params=params)


def unit_parents(db: Database) -> dict[str, str | None]:
    """Every unit's parent, to roll records up to the office's child units."""
    return dict(db.execute("SELECT code, parent_code FROM units").fetchall())
