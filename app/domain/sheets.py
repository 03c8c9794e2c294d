"""A score sheet as the window and the command line see it: the model, the rubric
edition it is scored on, per item the self score, verdict, remarks and evidence, and
every council member's own scores. Totals and rating are derived, never stored."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.domain.rubrics import Rubric
from app.domain.scoring import (
    Criterion,
    SheetResult,
    council_editable,
    format_score,
    score_members,
    self_editable,
)
from app.i18n import _

SELF = "self"
VERDICT = "passed"
REMARKS = "remarks"
EVIDENCE = "evidence"
MEMBER_PREFIX = "member:"


def member_column(member_id: str) -> str:
    return MEMBER_PREFIX + member_id


def cell_key(column: str, item_id: str) -> str:
    """The key of one cell in error messages: "self:<item id>", "member:<id>:<item id>"."""
    return f"{column}:{item_id}"


@dataclass(frozen=True)
class SheetFilter:
    """Which sheets a list shows; None means any. Old editions replaced by a
    correction are left out unless `include_old`; second keyings always are."""

    year: int | None = None
    level: str | None = None
    state: str | None = None
    field: int | None = None
    include_old: bool = False
    origin: str | None = None  # only the sheets this office's council scored


@dataclass
class Line:
    item_id: str
    self_tenths: int | None = None
    passed: bool | None = None
    remarks: str = ""
    evidence: str = ""


@dataclass
class Member:
    id: str
    position: int
    name: str
    role: str = ""
    scores: dict[str, int | None] = field(default_factory=dict)
    remarks: dict[str, str] = field(default_factory=dict)

    def label(self) -> str:
        return self.name or _("Member {number}").format(number=self.position)


@dataclass
class Sheet:
    id: str
    registration_id: str
    year: int
    level: str
    state: str
    rubric: Rubric
    model_name: str
    registrant: str
    field: int
    subject: str
    edition: int = 1
    return_reason: str = ""
    supersedes_id: str | None = None
    correction_reason: str = ""
    check_of: str | None = None
    keyed_by: str = ""
    remarks: str = ""
    submitted_on: str | None = None
    approved_on: str | None = None
    locked_on: str | None = None
    version: int = 1
    origin: str = ""
    superseded_by: str | None = None
    newer_rubric_id: str | None = None
    self_from: str = ""  # the sheet below whose approved self scores this one started with
    lines: dict[str, Line] = field(default_factory=dict)
    members: list[Member] = field(default_factory=list)

    def line(self, item_id: str) -> Line:
        return self.lines.get(item_id) or Line(item_id)

    def result(self) -> SheetResult:
        criteria = [Criterion(c.id, c.max_tenths) for c in self.rubric.criteria]
        return score_members(
            criteria, {c.id: self.line(c.id).self_tenths for c in criteria},
            [m.scores for m in self.members],
            [self.line(p.id).passed for p in self.rubric.prerequisites],
            self.rubric.thresholds, rule=self.rubric.council_total)

    @property
    def is_current(self) -> bool:
        return self.superseded_by is None

    def self_editable(self) -> bool:
        return self.is_current and self_editable(self.state)

    def council_editable(self) -> bool:
        return self.is_current and council_editable(self.state)

    # -- what still stops a transition ------------------------------------------------
    def missing_self(self) -> dict[str, str]:
        return {cell_key(SELF, c.id): _("Criterion {code}: the self score is missing.")
                .format(code=c.code)
                for c in self.rubric.criteria if self.line(c.id).self_tenths is None}

    def missing_council(self) -> dict[str, str]:
        if not self.members:
            return {"members": _("No council member has scored yet; add the members and "
                                 "their scores.")}
        problems: dict[str, str] = {}
        for member in self.members:
            for criterion in self.rubric.criteria:
                if member.scores.get(criterion.id) is None:
                    problems[cell_key(member_column(member.id), criterion.id)] = _(
                        "Criterion {code}: {member} has not scored it.").format(
                        code=criterion.code, member=member.label())
        for item in self.rubric.prerequisites:
            if self.line(item.id).passed is None:
                problems[cell_key(VERDICT, item.id)] = _(
                    "Prerequisite {code}: decide passed or not passed.").format(code=item.code)
        return problems

    # -- double entry -----------------------------------------------------------------
    def keyed_cells(self) -> tuple[list[tuple[str, str]], dict[tuple[str, str], str]]:
        """The cells a clerk keys from the paper, in order, and what they hold."""
        cells: list[tuple[str, str]] = []
        values: dict[tuple[str, str], str] = {}
        for item in self.rubric.prerequisites:
            cells.append((item.code, VERDICT))
            passed = self.line(item.id).passed
            values[(item.code, VERDICT)] = "" if passed is None else (
                _("passed") if passed else _("not passed"))
        for item in self.rubric.criteria:
            cells.append((item.code, SELF))
            values[(item.code, SELF)] = format_score(self.line(item.id).self_tenths)
            for member in self.members:
                key = (item.code, str(member.position))
                cells.append(key)
                values[key] = format_score(member.scores.get(item.id))
        return cells, values
