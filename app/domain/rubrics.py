"""Rubrics (bộ tiêu chí chấm điểm) as data: prerequisites (pass/fail), criteria with a
maximum of points, scoring guidance and the evidence asked for, and the rating
thresholds. No official point table exists, so rubrics are versioned data an
administrator copies and edits; the shipped ones are labelled as suggestions.

Points are tenths (see app/domain/scoring.py). Data files and `--json` write points
as plain numbers (15, 7.5); `rubric_from_data` converts them exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.domain import limits
from app.domain.rows import RowRecord
from app.domain.scoring import (
    COUNCIL_TOTALS,
    CRITERION,
    DEFAULT_COUNCIL_TOTAL,
    PREREQUISITE,
    ScoreError,
    Thresholds,
    format_score,
    from_points,
    to_points,
)
from app.domain.text import clean, clean_multiline, fold
from app.i18n import N_, _

SUBJECTS = {"tap_the": N_("Collectives"), "ca_nhan": N_("Individuals")}
SUGGESTED_NOTE = "Mẫu gợi ý - chỉnh theo hướng dẫn của địa phương"
NAME_MAX = limits.NAME
TEXT_MAX = limits.REASON
CODE_MAX = limits.CODE


def subject_label(subject: str) -> str:
    return _(SUBJECTS[subject]) if subject in SUBJECTS else subject


@dataclass
class ItemInput:
    """A prerequisite (max_tenths 0) or a criterion, as typed."""

    code: str = ""
    text: str = ""
    max_tenths: int = 0
    guidance: str = ""
    evidence: str = ""


@dataclass
class RubricInput:
    name: str = ""
    subject: str = "tap_the"
    note: str = ""
    threshold_top: int = 900
    threshold_pass: int = 700
    prerequisites: list[ItemInput] = field(default_factory=list)
    criteria: list[ItemInput] = field(default_factory=list)
    council_total: str = DEFAULT_COUNCIL_TOTAL  # how the council's total is made

    def cleaned(self) -> RubricInput:
        def item(value: ItemInput, kind: str) -> ItemInput:
            return ItemInput(clean(value.code), clean_multiline(value.text),
                             value.max_tenths if kind == CRITERION else 0,
                             clean_multiline(value.guidance), clean_multiline(value.evidence))

        return RubricInput(
            name=clean(self.name), subject=self.subject, note=clean(self.note),
            threshold_top=self.threshold_top, threshold_pass=self.threshold_pass,
            prerequisites=[item(p, PREREQUISITE) for p in self.prerequisites
                           if clean(p.code) or clean(p.text)],
            criteria=[item(c, CRITERION) for c in self.criteria
                      if clean(c.code) or clean(c.text) or c.max_tenths],
            council_total=self.council_total,
        )

    @property
    def total_max(self) -> int:
        return sum(c.max_tenths for c in self.criteria)


@dataclass(frozen=True)
class RubricItem:
    id: str
    kind: str
    position: int
    code: str
    text: str
    max_tenths: int
    guidance: str = ""
    evidence: str = ""


@dataclass(frozen=True)
class Rubric:
    """One stored edition of a rubric."""

    id: str
    family: str
    edition: int
    name: str
    subject: str
    note: str
    suggested: bool
    thresholds: Thresholds
    locked: bool
    supersedes_id: str | None
    items: tuple[RubricItem, ...]
    origin: str = ""
    version: int = 1
    # The council's total: the sum of the criteria's council scores (the default) or
    # the mean of the members' totals (app/domain/scoring.py, COUNCIL_TOTALS).
    council_total: str = DEFAULT_COUNCIL_TOTAL

    @property
    def prerequisites(self) -> list[RubricItem]:
        return [i for i in self.items if i.kind == PREREQUISITE]

    @property
    def criteria(self) -> list[RubricItem]:
        return [i for i in self.items if i.kind == CRITERION]

    @property
    def total_max(self) -> int:
        return sum(c.max_tenths for c in self.criteria)

    def item(self, item_id: str) -> RubricItem | None:
        return next((i for i in self.items if i.id == item_id), None)

    def find(self, code: str) -> RubricItem | None:
        """An item by its code ("1", "ĐK1" or "dk1") or, for criteria, its number."""
        wanted = fold(code).replace(" ", "")
        for item in self.items:
            if fold(item.code).replace(" ", "") == wanted:
                return item
        return None

    def title(self) -> str:
        return _("{name} (edition {edition})").format(name=self.name, edition=self.edition)

    def to_input(self) -> RubricInput:
        def item(i: RubricItem) -> ItemInput:
            return ItemInput(i.code, i.text, i.max_tenths, i.guidance, i.evidence)

        return RubricInput(
            name=self.name, subject=self.subject, note=self.note,
            threshold_top=self.thresholds.top, threshold_pass=self.thresholds.passing,
            prerequisites=[item(i) for i in self.prerequisites],
            criteria=[item(i) for i in self.criteria], council_total=self.council_total)


def validate(rubric: RubricInput) -> dict[str, str]:
    """Every problem of a cleaned rubric, keyed by field ("name", "criteria", ...)."""
    errors: dict[str, str] = {}
    if not rubric.name:
        errors["name"] = _("Enter the name of the rubric.")
    elif len(rubric.name) > NAME_MAX:
        errors["name"] = limits.too_long(NAME_MAX)
    if len(rubric.note) > TEXT_MAX:
        errors["note"] = limits.too_long(TEXT_MAX)
    if rubric.subject not in SUBJECTS:
        errors["subject"] = _("Choose collectives or individuals.")
    if rubric.council_total not in COUNCIL_TOTALS:
        errors["council_total"] = _(
            "Choose how the council's total is made: {choices}.").format(
            choices=", ".join(COUNCIL_TOTALS))
    if not rubric.criteria:
        errors["criteria"] = _("A rubric needs at least one criterion.")
    seen: set[str] = set()
    for kind, items in (("prerequisites", rubric.prerequisites), ("criteria", rubric.criteria)):
        for row, item in enumerate(items, start=1):
            problem = _item_problem(item, kind == "criteria", seen)
            if problem and kind not in errors:
                errors[kind] = _("Row {row}: {problem}").format(row=row, problem=problem)
    total = rubric.total_max
    if rubric.threshold_pass < 0 or rubric.threshold_top < rubric.threshold_pass:
        errors["thresholds"] = _("The threshold for \"Outstanding\" must be at least the "
                                 "threshold for \"Passed\".")
    elif rubric.criteria and "criteria" not in errors and rubric.threshold_top > total:
        errors["thresholds"] = _("The threshold {threshold} is above the total of the "
                                 "criteria ({total} points).").format(
            threshold=format_score(rubric.threshold_top), total=format_score(total))
    return errors


def _item_problem(item: ItemInput, criterion: bool, seen: set[str]) -> str | None:
    key = fold(item.code).replace(" ", "")
    if not item.code:
        return _("enter the code (for example 1 or ĐK1).")
    if len(item.code) > CODE_MAX:
        return _("the code is too long.")
    if key in seen:
        return _("the code {code} is used twice.").format(code=item.code)
    seen.add(key)
    if not item.text:
        return _("enter the text.")
    if max(len(item.text), len(item.guidance), len(item.evidence)) > TEXT_MAX:
        return _("the text is too long.")
    if criterion and item.max_tenths <= 0:
        return _("the maximum must be more than 0 points.")
    return None


# -- data files and JSON ---------------------------------------------------------------
@dataclass(frozen=True)
class RubricAssignment(RowRecord):
    """Which rubric scores a year's sheets at a level for collectives or individuals
    (`rubric_assignments`), with the rubric's name, edition and family."""

    year: int
    level: str
    subject: str
    rubric_id: str
    name: str
    edition: int
    family: str


class RubricDataError(ValueError):
    """A rubric file that cannot be read; the message is translated."""


def rubric_from_data(data: Any) -> RubricInput:
    """A rubric from JSON data (the files in resources/rubrics/, `rubrics show --json`)."""
    if not isinstance(data, dict):
        raise RubricDataError(_("A rubric must be a JSON object."))
    try:
        ratings = data.get("ratings") or {}
        rubric = RubricInput(
            name=str(data.get("name") or ""),
            subject=str(data.get("subject") or "tap_the"),
            note=str(data.get("note") or ""),
            threshold_top=from_points(ratings.get("tieu_bieu", 90)),
            threshold_pass=from_points(ratings.get("dat", 70)),
            prerequisites=[ItemInput(str(p.get("code") or ""), str(p.get("text") or ""))
                           for p in data.get("prerequisites") or []],
            criteria=[ItemInput(str(c.get("code") or ""), str(c.get("text") or ""),
                                from_points(c.get("max", 0)), str(c.get("guidance") or ""),
                                str(c.get("evidence") or ""))
                      for c in data.get("criteria") or []],
            council_total=str(data.get("council_total") or DEFAULT_COUNCIL_TOTAL),
        )
    except (AttributeError, TypeError, ScoreError) as error:
        raise RubricDataError(_("The rubric data is not valid: {detail}").format(
            detail=error)) from error
    return rubric


def rubric_to_data(rubric: Rubric) -> dict[str, Any]:
    """JSON-ready; `rubric_from_data` reads it back."""
    return {
        "id": rubric.id,
        "family": rubric.family,
        "edition": rubric.edition,
        "name": rubric.name,
        "subject": rubric.subject,
        "note": rubric.note,
        "suggested": rubric.suggested,
        "locked": rubric.locked,
        "supersedes_id": rubric.supersedes_id,
        "total_max": to_points(rubric.total_max),
        "ratings": {"tieu_bieu": to_points(rubric.thresholds.top),
                    "dat": to_points(rubric.thresholds.passing)},
        "council_total": rubric.council_total,
        "prerequisites": [{"id": i.id, "code": i.code, "text": i.text}
                          for i in rubric.prerequisites],
        "criteria": [{"id": i.id, "code": i.code, "text": i.text,
                      "max": to_points(i.max_tenths), "guidance": i.guidance,
                      "evidence": i.evidence} for i in rubric.criteria],
    }
