"""A score sheet printed as it was scored: the rubric edition it was scored on, each
criterion's self and council score, every council member's own scores, the
prerequisites' verdicts, the totals, the rating and the sheet's state (what a blank
paper sheet leaves empty)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from app.domain import limits
from app.domain.registration import Subject
from app.domain.scoring import PASS, RATINGS, STATES, TOP, SheetResult, to_points
from app.i18n import printed_
from app.printing import builders
from app.printing.bounds import bounded, bounded_text
from app.printing.model import (
    Rubric,
    RubricCondition,
    RubricCriterion,
    RubricRating,
    ScoreLine,
    ScoreSheetDoc,
)

if TYPE_CHECKING:
    from app.domain.rubrics import Rubric as StoredRubric
    from app.domain.sheets import Sheet
    from app.services.printing import PrintService
    from app.services.registrations import RegistrationService
    from app.services.scoring import ScoringService
    from app.services.units import UnitService

EDITION = "{state} (lần {edition})"


def print_rubric(rubric: StoredRubric) -> Rubric:
    """The stored rubric edition as the score sheet prints it."""
    thresholds = rubric.thresholds
    return Rubric(
        code=rubric.family, name=rubric.name, subject=rubric.subject, version=rubric.edition,
        conditions=[RubricCondition(p.code, p.text) for p in rubric.prerequisites],
        criteria=[RubricCriterion(c.code, c.text, c.max_tenths / 10) for c in rubric.criteria],
        ratings=[RubricRating(printed_(RATINGS[TOP]), thresholds.top / 10),
                 RubricRating(printed_(RATINGS[PASS]), thresholds.passing / 10)],
        note=rubric.note, council_total=rubric.council_total)


def _day(sheet: Sheet) -> dt.date | None:
    stamp = sheet.locked_on or sheet.approved_on or sheet.submitted_on
    try:
        return dt.date.fromisoformat(stamp[:10]) if stamp else None
    except ValueError:
        return None


def _rating(result: SheetResult) -> str:
    """The rating the paper states: the council's. A sheet only self-scored leaves it
    to be written (the window's lists rate the self total until the council scores; on
    paper that would read as the council's verdict), unless a prerequisite failed."""
    if result.total_council is None and not result.prerequisites_failed:
        return ""
    return printed_(RATINGS[result.rating]) if result.rating in RATINGS else ""


def scored_sheet(sheet_id: str, *, scoring: ScoringService, registrations: RegistrationService,
                 units: UnitService, printing: PrintService) -> ScoreSheetDoc:
    from app.services.recognition_papers import with_commune

    sheet = scoring.sheet(sheet_id)
    result = sheet.result()
    rubric = sheet.rubric
    criteria = rubric.criteria
    lines = [ScoreLine(to_points(result.self_scores[c.id]),
                       to_points(result.council_scores[c.id]), sheet.line(c.id).remarks)
             for c in criteria]
    record = registrations.get(sheet.registration_id)
    registrant = sheet.registrant
    if sheet.subject != Subject.INDIVIDUAL:
        registrant = with_commune(units, registrant, record.subunit_code
                                  or record.unit_code)
    state = printed_(STATES[sheet.state]) if sheet.state in STATES else sheet.state
    if sheet.edition > 1:
        state = EDITION.format(state=state, edition=sheet.edition)
    cut: list[str] = []  # texts cut to their fields' limits (bounds.py)
    names = bounded("registrations", {"name": sheet.model_name, "registrant": registrant},
                    cut)
    doc = builders.scoresheet(
        print_rubric(rubric), wording=printing.wording("scoresheet"), office=printing.office(),
        model_name=names["name"], registrant=names["registrant"], field=sheet.field,
        year=sheet.year, lines=lines,
        conditions_met=[sheet.line(p.id).passed for p in rubric.prerequisites],
        rating=_rating(result),
        remarks=bounded_text(sheet.remarks, limits.REASON, cut, "score_sheets.remarks"), date=_day(sheet),
        members=[(m.name or printed_("Member {number}").format(number=m.position), m.role)
                 for m in sheet.members],
        member_scores=[[to_points(m.scores.get(c.id)) for m in sheet.members]
                       for c in criteria],
        state=state, council_total=to_points(result.total_council))
    doc.cut = cut
    return doc
