"""The standings of a whole year: every score sheet's totals, rating and rank.

The read side of scoring. Sheets are written one at a time through
`app/services/scoring.py::ScoringService`; the lists of the scoring and council
screens, `dvk scores list` and the recognition screen read all of a year's sheets at
once, recomputed from the scores in a few queries (not sheet by sheet), and ranked as
the council ranks them. Nothing here writes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from app.domain.registration import Status
from app.domain.rubrics import Rubric
from app.domain.scoring import (
    INELIGIBLE,
    MEAN_OF_TOTALS,
    Criterion,
    SheetResult,
    competition_ranks,
    compute_sheet,
    mean_from_sum,
    rating_label,
    state_label,
    to_points,
)
from app.domain.sheets import SheetFilter
from app.repositories import communes as communes_repo
from app.repositories import figures
from app.repositories import rubrics as rubrics_repo
from app.repositories import scoring as repo
from app.repositories.storage import storage_errors


@dataclass
class Standing:
    """A sheet's place in the year: who, what state, totals, rating and rank."""

    sheet_id: str
    registration_id: str
    model_name: str
    registrant: str
    year: int
    level: str
    field: int
    subject: str
    state: str
    edition: int
    return_reason: str
    rubric: Rubric
    result: SheetResult
    rank: int | None = None
    # What the ranking needs to know (app/repositories/figures.py, `ranked`).
    origin: str = ""  # the office whose council scored the sheet
    status: str = Status.REGISTERED  # of the model's registration
    current: bool = True
    in_area: bool = True  # scored by a council of the office's area
    commune: str = ""  # the commune the model was registered at (lists above it)


def read_standings(db: Database, where: SheetFilter | None = None) -> list[Standing]:
    """Totals, ratings and ranks of every sheet the filter selects, recomputed from
    the scores (the council's total by each rubric's rule). Ranks are the council's
    ranking as app/repositories/figures.py defines it (`ranked`, `rank_group`):
    approved or locked sheets of models that count, per year, level, council,
    field and rubric - the same rank whatever the filter shows."""
    where = where or SheetFilter()
    standings = _standings(db, where)
    if where.state is None and where.field is None and not where.include_old:
        population = standings  # the filter chose whole groups: rank them here
    else:
        population = _standings(db, SheetFilter(year=where.year, level=where.level))
    ranks = _ranks(population)
    for standing in standings:
        standing.rank = ranks.get(standing.sheet_id)
    return standings


def _standings(db: Database, where: SheetFilter) -> list[Standing]:
    with storage_errors():
        summaries = repo.sheet_summaries(db, where)
        own: dict[str, dict[str, int | None]] = defaultdict(dict)
        failed: set[str] = set()
        for sheet_id, item_id, self_tenths, passed in repo.self_rows(db, where):
            own[sheet_id][item_id] = self_tenths
            if passed == 0:
                failed.add(sheet_id)
        council: dict[str, dict[str, int | None]] = defaultdict(dict)
        for sheet_id, item_id, total, count in repo.council_sums(db, where):
            council[sheet_id][item_id] = mean_from_sum(total, count)
        rubrics = {rid: rubrics_repo.get(db, rid) for rid in {s[5] for s in summaries}}
        members = {sheet_id: (total, count) for sheet_id, total, count
                   in repo.members_totals(db, where)} \
            if any(r.council_total == MEAN_OF_TOTALS for r in rubrics.values()) else {}
        area = figures.area_codes(db, figures.scope(db).office)
        communes = communes_repo.of_units(db, {s[13] for s in summaries})
    criteria = {rid: [Criterion(c.id, c.max_tenths) for c in rubric.criteria]
                for rid, rubric in rubrics.items()}
    standings = []
    for (sheet_id, registration_id, year, level, state, rubric_id, edition, reason,
         name, registrant, field, subject, _kind, _unit, status, origin,
         current) in summaries:
        rubric = rubrics[rubric_id]
        result = compute_sheet(criteria[rubric_id], own.get(sheet_id, {}),
                               council.get(sheet_id, {}),
                               [False] if sheet_id in failed else [], rubric.thresholds,
                               rule=rubric.council_total,
                               members=members.get(sheet_id, (0, 0)))
        standing = Standing(sheet_id, registration_id, name, registrant, year, level,
                            field, subject, state, edition, reason, rubric, result)
        standing.origin, standing.status, standing.current = origin, status, bool(current)
        standing.in_area = origin in area  # the council is this office's or below
        standing.commune = communes[_unit].name if _unit in communes else ""
        standings.append(standing)
    return standings


def _ranks(population: list[Standing]) -> dict[str, int]:
    """sheet id -> rank, for the sheets the council ranks (figures.ranked)."""
    groups: dict[tuple, list[Standing]] = defaultdict(list)
    for s in population:
        if figures.ranked(s.state, s.status, s.in_area, s.result.total_council,
                          s.result.rating == INELIGIBLE, s.current):
            groups[figures.rank_group(s.year, s.level, s.origin, s.field,
                                      s.rubric.id)].append(s)
    ranks: dict[str, int] = {}
    for group in groups.values():
        for standing, rank in zip(group, competition_ranks(
                [s.result.total_council for s in group]), strict=True):
            ranks[standing.sheet_id] = rank
    return ranks


def standing_json(standing: Standing) -> dict[str, Any]:
    result = standing.result
    return {
        "id": standing.sheet_id, "model_id": standing.registration_id,
        "model_name": standing.model_name, "registrant": standing.registrant,
        "year": standing.year, "level": standing.level, "field": standing.field,
        "state": standing.state, "state_label": state_label(standing.state),
        "edition": standing.edition, "return_reason": standing.return_reason,
        "rubric_id": standing.rubric.id,
        "total": to_points(result.total), "total_self": to_points(result.total_self),
        "total_council": to_points(result.total_council), "rating": result.rating,
        "rating_label": rating_label(result.rating), "rank": standing.rank,
        "prerequisites_failed": result.prerequisites_failed,
        "criteria": [{"code": c.code, "max": to_points(c.max_tenths),
                      "self": to_points(result.self_scores[c.id]),
                      "council": to_points(result.council_scores[c.id])}
                     for c in standing.rubric.criteria],
    }
