"""Số liệu: every figure an official reads, defined once.

The home screen, `dvk stats` and the Statistics screen, the Excel statistics sheets,
the printed summary report (báo cáo), the period review (sơ kết / tổng kết, `dvk
recognition review`) and the council's ranking (xếp hạng) all count through this
module, so a figure means the same on every paper and every screen. The rules, in the
words an official uses:

**Địa bàn (the office's own area).** An office counts the models registered in its own
area: at the office itself, at every office below it (a district's communes, a
province's districts and communes) and at every unit merged into one of those (a
commune that absorbed another - sáp nhập - now answers for the old commune's models).
A decision of the level above lists the models of many communes in its annex; it
travels down to every commune, but the other communes' models are never counted here.

**Mô hình được tính (which models count).** A model counts while its registration
stands. A withdrawn registration (đã rút đăng ký) counts nowhere: not as registered,
replicated, scored, waiting for the council, ranked or recognised. It appears only in
its own figure, "Đã rút đăng ký".

**Năm (year).** The campaign year the model was registered for.

**Cấp (level).** The levels of recognition of the hierarchy profile: Xã and Tỉnh (hai
cấp), Cơ sở, Huyện and Tỉnh (ba cấp). A commune scores and recognises at the lowest
level of its profile (cấp xã in hai cấp, cấp cơ sở in ba cấp); a registration is at
the level of the office that received it.

The figures (`MEASURES`, in this order):

- **Số đăng ký (registered)**: models that count.
- **Nhân rộng (replications)**: models that count, registered to replicate (nhân rộng)
  a model that has been recognised - at any level, in any year - by a decision in force
  (see below), as "nhân rộng từ mô hình đã được công nhận" says. A registration that
  replicates a model that was refused, or never recognised, is registered but is no
  replication of a recognised model.
- **Đã chấm điểm (scored)** at a level: models that count whose current score sheet at
  that level (not an old edition replaced by a correction, not the second keying of a
  paper sheet) is approved or locked.
- **Được công nhận (recognised)** at a level: models that count listed (and not taken
  off the list) in an issued decision of that level that no issued correcting decision
  (quyết định sửa đổi, đính chính) replaces. Steps the council took but no decision has
  issued yet are not counted. "Ở cấp bất kỳ" (at any level): each model once, however
  many levels recognised it. Levels are never added together: a model recognised at
  cấp xã and then at cấp tỉnh is one model, recognised at two levels.
- **Đã rút đăng ký (withdrawn)**: registrations withdrawn.

Figures that are no count of models:

- **Phiếu chấm chờ hội đồng (score sheets waiting for the council)**:
  `waiting_for_council`.
- **Xếp hạng (the council's ranking)**: `ranked` and `rank_group`.
- **Tổng điểm hội đồng (the council's total of a sheet)**: a rule of each rubric, as the
  office set it and the sheet prints it (app/domain/scoring.py, `COUNCIL_TOTALS`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from app.domain.recognition import DecisionState, recognition_levels
from app.domain.registration import Mode, Status
from app.domain.units import PROFILE_TWO_TIER
from app.i18n import N_

# -- the ground rules ----------------------------------------------------------------
COUNTED = f"r.status = '{Status.REGISTERED}'"
"""Mô hình được tính: the registration stands (it was not withdrawn)."""

WITHDRAWN = f"r.status = '{Status.WITHDRAWN}'"

# Địa bàn: the office, the offices below it and the units merged into any of them, as
# a subquery with one parameter (the office's code). Sub-units (cấp cơ sở: villages,
# Party cells...) are no offices: registrations name them in `subunit_code`, never in
# `unit_code`, so the walk leaves them out and stays small (a province: ~130 rows).
AREA = ("WITH RECURSIVE area(code) AS (SELECT ?"
        " UNION SELECT u.code FROM units u JOIN area a ON u.parent_code = a.code"
        " AND u.level <> 'coso'"
        " UNION SELECT u.code FROM units u JOIN area a ON u.merged_into = a.code)"
        " SELECT code FROM area")

IN_FORCE = (f"d.state = '{DecisionState.ISSUED}' AND NOT EXISTS (SELECT 1 FROM decisions n"
            f" WHERE n.amends_id = d.id AND n.state = '{DecisionState.ISSUED}')")
"""A decision is in force once issued, until an issued correcting decision names it
(the correction is then in force in its place)."""


def current_sheet(alias: str = "s") -> str:
    """A score sheet counts when it is not the second keying of a paper sheet and no
    later edition (a correction) replaces it."""
    return (f"{alias}.check_of IS NULL AND NOT EXISTS"
            f" (SELECT 1 FROM score_sheets nx WHERE nx.supersedes_id = {alias}.id)")


APPROVED_STATES = ("da_duyet", "khoa")


def recognised_model(model_id: str) -> str:
    """SQL: the model `model_id` (an SQL expression) is recognised at some level by a
    decision in force and was not withdrawn (as far as this data file knows it)."""
    return (f"EXISTS (SELECT 1 FROM decision_items ri JOIN decisions d"
            f" ON d.id = ri.decision_id WHERE ri.registration_id = {model_id}"
            f" AND ri.removed = 0 AND {IN_FORCE})"
            f" AND NOT EXISTS (SELECT 1 FROM registrations rw WHERE rw.id = {model_id}"
            f" AND rw.status = '{Status.WITHDRAWN}')")


# -- the office's scope ----------------------------------------------------------------
@dataclass(frozen=True)
class Scope:
    """Whose figures: the office (its area is walked from its code) and its profile."""

    office: str
    profile: str = PROFILE_TWO_TIER

    @property
    def levels(self) -> list[str]:
        return recognition_levels(self.profile)

    @property
    def lowest(self) -> str:
        """The level a commune scores and recognises at: 'xa' (hai cấp) or 'coso'."""
        return self.levels[0]

    def level_of(self, sql: str) -> str:
        """SQL mapping a unit, sheet or decision level to a level of the profile: a
        commune's level (xã, and the cơ sở its sheets are made at) is the lowest."""
        return f"(CASE WHEN {sql} IN ('xa', 'coso') THEN '{self.lowest}' ELSE {sql} END)"


def scope(db: Database) -> Scope:
    """The scope of the office this data file belongs to."""
    from app.repositories import settings

    return Scope(settings.get(db, "office_code", "") or "",
                 settings.get(db, "profile", PROFILE_TWO_TIER) or PROFILE_TWO_TIER)


def area_codes(db: Database, office: str) -> set[str]:
    """The offices of the area (see AREA), for rules applied outside SQL."""
    return {row[0] for row in db.execute(AREA, [office])}


def in_area(column: str = "r.unit_code") -> str:
    return f"{column} IN ({AREA})"


# -- figures that count models -----------------------------------------------------------
LEVEL = "__level__"  # a key of `count_by`: the measure's level

_UNIT_LEVEL_JOIN = " LEFT JOIN units lu ON lu.code = r.unit_code"


@dataclass(frozen=True)
class Measure:
    """One figure that counts models (distinct registrations): what it joins to
    `registrations r` and the condition a model meets, and what its level is.

    `counted`: only models that count (not withdrawn) - every figure but the withdrawn
    one. `several_levels`: a model may count at more than one level (scored, recognised),
    so rows per level do not add up to the model total.
    """

    name: str
    label: str  # N_() text
    join: str = ""
    where: str = "1"
    level: str = "lu.level"  # SQL; mapped to the profile's levels (Scope.level_of)
    level_join: str = _UNIT_LEVEL_JOIN
    requires: tuple[str, ...] = ()  # tables it reads: left out of files without them
    counted: bool = True
    several_levels: bool = False

    def condition(self) -> str:
        parts = [self.where] + ([COUNTED] if self.counted else [])
        return " AND ".join(f"({p})" for p in parts) + f" AND {in_area()}"

    def level_sql(self, where: Scope) -> str:
        return where.level_of(self.level)


_MEASURES: dict[str, Measure] = {}


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


REGISTERED = register_measure(Measure("registrations", N_("Models registered")))
REPLICATED = register_measure(Measure(
    "replications", N_("Replications of recognised models"),
    where=f"r.mode = '{Mode.REPLICATION}' AND " + recognised_model("r.replicates_id"),
    requires=("decisions", "decision_items")))
SCORED = register_measure(Measure(
    "scored", N_("Scored (approved)"),
    join=" JOIN score_sheets ss ON ss.registration_id = r.id AND ss.state IN"
         f" {APPROVED_STATES} AND " + current_sheet("ss"),
    level="ss.level", level_join="", requires=("score_sheets",), several_levels=True))
RECOGNISED = register_measure(Measure(
    "recognised", N_("Models recognised"),
    join=" JOIN decision_items di ON di.registration_id = r.id AND di.removed = 0"
         f" JOIN decisions d ON d.id = di.decision_id AND {IN_FORCE}",
    level="d.level", level_join="", requires=("decisions", "decision_items"),
    several_levels=True))
WITHDRAWN_MEASURE = register_measure(Measure(
    "withdrawn", N_("Registrations withdrawn"), where=WITHDRAWN, counted=False))


def count_by(db: Database, where: Scope, chosen: Measure, keys: Sequence[str], *,
             condition: str = "1", params: Iterable[Any] = ()) -> dict[tuple, int]:
    """Distinct models the measure counts in the office's area, per combination of
    `keys` (SQL over `registrations r`, or LEVEL for the measure's level), among the
    registrations meeting `condition`."""
    columns = [chosen.level_sql(where) if key == LEVEL else key for key in keys]
    join = chosen.join + (chosen.level_join if LEVEL in keys else "")
    select = ", ".join(columns) if columns else "NULL"
    group = " GROUP BY " + ", ".join(str(i) for i in range(1, len(columns) + 1)) \
        if columns else ""
    sql = (f"SELECT {select}, count(DISTINCT r.id) FROM registrations r{join}"
           f" WHERE {chosen.condition()} AND ({condition}){group}")
    rows = db.execute(sql, [where.office, *params]).fetchall()
    return {tuple(row[:-1]): row[-1] for row in rows if columns or row[-1]}


def total(db: Database, where: Scope, chosen: Measure, *, condition: str = "1",
          params: Iterable[Any] = ()) -> int:
    """Distinct models the measure counts, each once (at any level)."""
    return sum(count_by(db, where, chosen, [], condition=condition, params=params).values())


def model_ids(db: Database, where: Scope, chosen: Measure, *, level: str | None = None,
              condition: str = "1", params: Iterable[Any] = ()) -> set[str]:
    """The models behind a figure (at `level`, or at any level)."""
    join = chosen.join + (chosen.level_join if level else "")
    extra, values = "", []
    if level:
        extra, values = f" AND {chosen.level_sql(where)} = ?", [level]
    return {row[0] for row in db.execute(
        f"SELECT DISTINCT r.id FROM registrations r{join} WHERE {chosen.condition()}"
        f" AND ({condition}){extra}", [where.office, *params, *values])}


def measure_clause(where: Scope, name: str | None, level: str | None
                   ) -> tuple[str, list[Any]]:
    """The registrations list filter for a figure: `r.id IN (...)`, the models the
    measure counts (at `level` when given)."""
    chosen = measure(name)
    sql = f"SELECT r.id FROM registrations r{chosen.join}"
    params: list[Any] = [where.office]
    conditions = [chosen.condition()]
    if level:
        sql += chosen.level_join
        conditions.append(f"{chosen.level_sql(where)} = ?")
        params.append(level)
    return f"r.id IN ({sql} WHERE {' AND '.join(conditions)})", params


# -- figures about score sheets ------------------------------------------------------------
SUBMITTED = "da_nop"


def waiting_for_council(db: Database, where: Scope, year: int, sheet_level: str) -> int:
    """Phiếu chấm chờ hội đồng: score sheets of the year at the office's level that the
    registrant submitted (đã nộp) and the council has not approved or returned yet - the
    current edition, of models that count, in the office's area."""
    return db.execute(
        "SELECT count(*) FROM score_sheets s JOIN registrations r ON r.id = s.registration_id"
        f" WHERE s.year = ? AND s.level = ? AND s.state = ? AND {current_sheet('s')}"
        f" AND {COUNTED} AND {in_area()}",
        [year, sheet_level, SUBMITTED, where.office]).fetchone()[0]


def ranked(state: str, status: str, council_in_area: bool, total_council: int | None,
           ineligible: bool, current: bool) -> bool:
    """Xếp hạng: which score sheets the council ranks. A sheet is ranked when it is
    the current edition and approved or locked (drafts, submitted and returned sheets
    are still being scored, and are not ranked), its model counts, it has the council's
    total, and it passed every prerequisite (a sheet rated "Không đủ điều kiện" has no
    rank). Ranks are shown at the office whose council scored the sheets and at the
    offices above it, which hold all of that council's sheets; a commune that sees the
    province's sheets of its own few models does not rank them (it never sees the rest
    of the province's list)."""
    return (current and state in APPROVED_STATES and status == Status.REGISTERED
            and council_in_area and total_council is not None and not ineligible)


def rank_group(year: int, level: str, council: str, field: int, rubric_id: str) -> tuple:
    """Sheets are ranked against each other within one year, level, council (the
    office whose council scored them: a commune's sheets are never ranked against
    another commune's), field and rubric: collectives and individuals are scored on
    different rubrics, with different criteria, and are never ranked together. Ties
    share a rank and the next rank is skipped (1, 1, 3). A sheet's rank is the same
    whatever list shows it: a filter (a state, a field) only chooses rows, it never
    changes a rank."""
    return (year, level, council, field, rubric_id)
