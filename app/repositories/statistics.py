"""Counting registrations for the statistics: measures and dimensions as a registry, so
a feature that lands later (recognition) adds its measure with one `register_measure()`
call and every table, chart, export and click-through list picks it up.

A *measure* says which registrations it counts: SQL joined to `registrations r` and a
condition, and what "level" means for it (the level of the unit that received the
registration; the level a score sheet was made at; later the level of a recognition).
A *dimension* says how the counts are split (year, field, kind, status, sub-unit, child
unit, level, subject). Counts are of distinct registrations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from app.domain.listing import ListQuery
from app.i18n import N_

# The level of the unit a registration was made at (its office: commune, district...).
_UNIT_LEVEL_JOIN = " LEFT JOIN units lu ON lu.code = r.unit_code"


@dataclass(frozen=True)
class Measure:
    name: str
    label: str  # N_() text
    join: str = ""
    where: str = "1"
    level: str = "lu.level"
    level_join: str = _UNIT_LEVEL_JOIN
    # Tables the measure reads: a measure whose feature is not in this data file is
    # left out instead of failing.
    requires: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dimension:
    name: str
    label: str  # N_() text
    column: str | None  # SQL over `r`; None: the measure's level


_MEASURES: dict[str, Measure] = {}

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


def register_measure(measure: Measure) -> Measure:
    if measure.name in _MEASURES:
        raise ValueError(f"measure {measure.name} registered twice")
    _MEASURES[measure.name] = measure
    return measure


def measure(name: str | None) -> Measure:
    return _MEASURES[name or "registrations"]


def measures(db: Database) -> list[Measure]:
    """The measures this data file can count, in registration order."""
    tables = set(db.table_names())
    return [m for m in _MEASURES.values() if set(m.requires) <= tables]


register_measure(Measure("registrations", N_("Models registered")))
register_measure(Measure("replications", N_("Replications"), where="r.mode = 'nhan_rong'"))
# A model counts as scored at a level when the current edition of its sheet there (not
# a second keying) is approved or locked.
register_measure(Measure(
    "scored", N_("Scored (approved)"),
    join=" JOIN score_sheets ss ON ss.registration_id = r.id AND ss.check_of IS NULL"
         " AND ss.state IN ('da_duyet', 'khoa') AND NOT EXISTS"
         " (SELECT 1 FROM score_sheets nx WHERE nx.supersedes_id = ss.id)",
    level="ss.level", level_join="", requires=("score_sheets",),
))


def measure_clause(query: ListQuery) -> tuple[str, list[Any]]:
    """The list filter for `query.measure` / `query.level`: the registrations the
    measure counts (at that level), as `r.id IN (...)`."""
    chosen = measure(query.measure)
    sql = f"SELECT r.id FROM registrations r{chosen.join}"
    params: list[Any] = []
    where = [chosen.where]
    if query.level:
        sql += chosen.level_join
        where.append(f"{chosen.level} = ?")
        params.append(query.level)
    return f"r.id IN ({sql} WHERE {' AND '.join(where)})", params


def counts(db: Database, chosen: Measure, dimension: Dimension, *,
           where: str = "1", params: Iterable[Any] = ()) -> dict[Any, int]:
    """Distinct registrations per value of the dimension."""
    column = dimension.column or chosen.level
    join = chosen.join + (chosen.level_join if dimension.column is None else "")
    sql = (f"SELECT {column} AS k, count(DISTINCT r.id) FROM registrations r{join}"
           f" WHERE ({chosen.where}) AND ({where}) GROUP BY k")
    return {key: number for key, number in db.execute(sql, list(params))}


def total(db: Database, chosen: Measure, *, where: str = "1",
          params: Iterable[Any] = ()) -> int:
    sql = (f"SELECT count(DISTINCT r.id) FROM registrations r{chosen.join}"
           f" WHERE ({chosen.where}) AND ({where})")
    return db.execute(sql, list(params)).fetchone()[0]


def unit_parents(db: Database) -> dict[str, str | None]:
    """Every unit's parent, to roll records up to the office's child units."""
    return dict(db.execute("SELECT code, parent_code FROM units").fetchall())
