"""Scoring rules (tự đánh giá, chấm điểm), as plain functions without I/O.

Points are handled as integer *tenths* everywhere (85 = 8.5 points): a score has at
most one decimal, so sums, council means and ranks are exact and never depend on
float rounding. `parse_score` turns what a clerk types ("8,5" or "8.5") into tenths,
`format_score` turns tenths back into Vietnamese text.

The council score of a criterion is the mean of the members' scores rounded to one
decimal with round-half-up (8.25 -> 8.3), never banker's rounding (which would give
8.2). The council's total follows the rubric's rule (`COUNCIL_TOTALS`, a column of the
rubric, printed on the sheet): by default - the guideline's usual reading - the sum of
those rounded criterion scores; or the mean of the members' own totals, rounded the
same way (the two differ by 0.1-0.2 on many sheets, which can move a rating near a
threshold, so an office says which one it uses). The decisive total of a sheet is the
council total once any council member has scored, else the self total; a failed
prerequisite rates the sheet "Không đủ điều kiện" whatever its points.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.domain.text import clean, fold
from app.i18n import N_, _

# -- states of a sheet -----------------------------------------------------------------
DRAFT, SUBMITTED, RETURNED, APPROVED, LOCKED = "nhap", "da_nop", "tra_lai", "da_duyet", "khoa"
STATES = {
    DRAFT: N_("Draft"),
    SUBMITTED: N_("Submitted"),
    RETURNED: N_("Returned"),
    APPROVED: N_("Approved"),
    LOCKED: N_("Locked"),
}

SUBMIT, RETURN, APPROVE, LOCK = "submit", "return", "approve", "lock"
# action -> (states it starts from, state it leads to)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    SUBMIT: ((DRAFT, RETURNED), SUBMITTED),
    RETURN: ((SUBMITTED, APPROVED), RETURNED),
    APPROVE: ((SUBMITTED,), APPROVED),
    LOCK: ((APPROVED,), LOCKED),
}

# -- ratings ---------------------------------------------------------------------------
TOP, PASS, FAIL, INELIGIBLE = "tieu_bieu", "dat", "chua_dat", "khong_du_dk"
RATINGS = {
    TOP: N_("Outstanding"),
    PASS: N_("Passed"),
    FAIL: N_("Not passed"),
    INELIGIBLE: N_("Not eligible"),
}

PREREQUISITE, CRITERION = "dieu_kien", "tieu_chi"

# -- the council's total (a rule of the rubric) ------------------------------------------
SUM_OF_MEANS, MEAN_OF_TOTALS = "sum_of_means", "mean_of_totals"
COUNCIL_TOTALS = {
    SUM_OF_MEANS: N_("The sum of the criteria's council scores (each the mean of the "
                     "members' scores, rounded to one decimal)"),
    MEAN_OF_TOTALS: N_("The mean of the members' totals, rounded to one decimal"),
}
# The same rules in a few words, for a choice box (the rubric editor).
COUNCIL_TOTAL_NAMES = {
    SUM_OF_MEANS: N_("The sum of the criteria's council scores"),
    MEAN_OF_TOTALS: N_("The mean of the members' totals"),
}
DEFAULT_COUNCIL_TOTAL = SUM_OF_MEANS  # the guideline's usual reading (rubric-defaults.md)


def council_total_label(rule: str) -> str:
    return _(COUNCIL_TOTALS[rule]) if rule in COUNCIL_TOTALS else rule


def council_total_name(rule: str) -> str:
    return _(COUNCIL_TOTAL_NAMES[rule]) if rule in COUNCIL_TOTAL_NAMES else rule

MAX_POINTS_TENTHS = 10_000  # 1000 points: far above any rubric, catches typos


def state_label(state: str) -> str:
    return _(STATES[state]) if state in STATES else state


def rating_label(rating: str | None) -> str:
    return _(RATINGS[rating]) if rating in RATINGS else ""


# -- numbers ---------------------------------------------------------------------------
class ScoreError(ValueError):
    """Input that is not a score; the message is translated and says what to type."""


_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")


def parse_score(text: str | None, max_tenths: int | None = None) -> int | None:
    """What a clerk typed -> tenths; blank -> None (not scored yet).

    Accepts the Vietnamese decimal comma ("8,5") and the point ("8.5"); trailing
    zeros are fine ("8,50"), a second decimal digit is not ("8,25"). Refuses letters,
    negative numbers and scores above `max_tenths`, naming the maximum.
    """
    raw = clean(text).replace(" ", "")
    if not raw:
        return None
    if raw.startswith("-") and _NUMBER.match(raw[1:]):
        raise ScoreError(_("A score cannot be negative; type a number from 0 to {max}.")
                         .format(max=format_score(max_tenths) if max_tenths is not None
                                 else "..."))
    if not _NUMBER.match(raw):
        raise ScoreError(_("'{text}' is not a score; type a number such as 8 or 8,5.")
                         .format(text=clean(text)))
    whole, _sep, decimals = raw.replace(",", ".").partition(".")
    decimals = decimals.rstrip("0")
    if len(decimals) > 1:
        raise ScoreError(_("A score has at most one decimal, such as 8,5; '{text}' has more.")
                         .format(text=clean(text)))
    if len(whole) > 6:
        raise ScoreError(_("'{text}' is far too large for a score.").format(text=clean(text)))
    tenths = int(whole) * 10 + (int(decimals) if decimals else 0)
    if max_tenths is not None and tenths > max_tenths:
        raise ScoreError(_("The maximum for this criterion is {max} points; '{text}' is "
                           "more.").format(max=format_score(max_tenths), text=clean(text)))
    return tenths


def parse_points(text: str | None) -> int | None:
    """A maximum or threshold typed by an administrator -> tenths (blank -> None)."""
    return parse_score(text, MAX_POINTS_TENTHS)


def format_score(tenths: int | None, *, decimal: str = ",") -> str:
    """85 -> '8,5'; 90 -> '9'; None -> ''. `decimal="."` for machine output."""
    if tenths is None:
        return ""
    sign = "-" if tenths < 0 else ""
    whole, tenth = divmod(abs(tenths), 10)
    return f"{sign}{whole}{decimal}{tenth}" if tenth else f"{sign}{whole}"


def to_points(tenths: int | None) -> float | None:
    """Tenths as a number for JSON (85 -> 8.5); exact for one decimal."""
    return None if tenths is None else tenths / 10


def from_points(value: float | int | str) -> int:
    """A number of points from data files (15, 7.5, "8,5") -> tenths, exactly."""
    tenths = parse_score(str(value), MAX_POINTS_TENTHS)
    if tenths is None:
        raise ScoreError(_("A number of points is missing."))
    return tenths


def divide_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded to an integer, halves away from zero."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    quotient, remainder = divmod(abs(numerator), denominator)
    if remainder * 2 >= denominator:
        quotient += 1
    return quotient if numerator >= 0 else -quotient


def mean_tenths(values: Iterable[int | None]) -> int | None:
    """The council mean of members' scores (tenths), rounded half up to one decimal;
    blanks are not counted; no score at all -> None."""
    scored = [v for v in values if v is not None]
    if not scored:
        return None
    return divide_half_up(sum(scored), len(scored))


def mean_from_sum(total: int, count: int) -> int | None:
    """The same rule from a sum and a count (as an SQL aggregate gives them)."""
    return divide_half_up(total, count) if count else None


def clamp(tenths: int | None, max_tenths: int) -> int | None:
    """A score kept within 0..maximum (for data that did not come through a form)."""
    if tenths is None:
        return None
    return min(max(tenths, 0), max_tenths)


@dataclass(frozen=True)
class Thresholds:
    """Rating thresholds of a rubric, in tenths: >= top "Tiêu biểu", >= passing
    "Đạt", below "Chưa đạt"."""

    top: int = 900
    passing: int = 700


def rate(total: int | None, thresholds: Thresholds, *, prerequisites_failed: bool) -> str | None:
    if prerequisites_failed:
        return INELIGIBLE
    if total is None:
        return None
    if total >= thresholds.top:
        return TOP
    if total >= thresholds.passing:
        return PASS
    return FAIL


# -- one sheet -------------------------------------------------------------------------
@dataclass(frozen=True)
class Criterion:
    id: str
    max_tenths: int


@dataclass
class SheetResult:
    """Everything derived from one sheet's scores (criterion id -> tenths)."""

    self_scores: dict[str, int | None]
    council_scores: dict[str, int | None]
    total_self: int | None
    total_council: int | None
    total: int | None
    rating: str | None
    prerequisites_failed: bool


def _sum(values: Iterable[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def _bounded(scores: dict[str, int | None], criteria: Sequence[Criterion]
             ) -> dict[str, int | None]:
    """Criterion id -> score clamped to 0..max (a whole year is computed at once, so
    scores already in range skip the call)."""
    result: dict[str, int | None] = {}
    for criterion in criteria:
        value = scores.get(criterion.id)
        result[criterion.id] = value if value is None or 0 <= value <= criterion.max_tenths \
            else clamp(value, criterion.max_tenths)
    return result


def council_means(criteria: Sequence[Criterion],
                  member_scores: Sequence[dict[str, int | None]]) -> dict[str, int | None]:
    """Criterion id -> the mean of the members' scores (see `mean_tenths`)."""
    return {c.id: mean_tenths(scores.get(c.id) for scores in member_scores) for c in criteria}


def members_total(criteria: Sequence[Criterion],
                  member_scores: Sequence[dict[str, int | None]]) -> tuple[int, int]:
    """(the sum of the members' totals, how many members scored anything): each
    member's total is the sum of their scores, each clamped to 0..max."""
    total = scored = 0
    for scores in member_scores:
        present = [v for v in _bounded(scores, criteria).values() if v is not None]
        if present:
            total += sum(present)
            scored += 1
    return total, scored


def compute_sheet(criteria: Sequence[Criterion], self_scores: dict[str, int | None],
                  council: dict[str, int | None], verdicts: Iterable[bool | None],
                  thresholds: Thresholds, *, rule: str = DEFAULT_COUNCIL_TOTAL,
                  members: tuple[int, int] | None = None) -> SheetResult:
    """Totals and rating of a sheet from its self scores, council means and the
    prerequisite verdicts (None = not decided yet). Scores are clamped to 0..max.
    `rule`: the rubric's council total (`COUNCIL_TOTALS`); MEAN_OF_TOTALS needs
    `members` (`members_total`)."""
    own = _bounded(self_scores, criteria)
    means = _bounded(council, criteria)
    failed = any(v is False for v in verdicts)
    total_self = _sum(own.values())
    total_council = _sum(means.values())
    if rule == MEAN_OF_TOTALS and total_council is not None:
        if members is None:
            raise ValueError("the mean of the members' totals needs the members' totals")
        total_council = mean_from_sum(*members)
    total = total_council if total_council is not None else total_self
    return SheetResult(
        self_scores=own, council_scores=means, total_self=total_self,
        total_council=total_council, total=total,
        rating=rate(total, thresholds, prerequisites_failed=failed),
        prerequisites_failed=failed)


def score_members(criteria: Sequence[Criterion], self_scores: dict[str, int | None],
                  member_scores: Sequence[dict[str, int | None]],
                  verdicts: Iterable[bool | None], thresholds: Thresholds, *,
                  rule: str = DEFAULT_COUNCIL_TOTAL) -> SheetResult:
    """`compute_sheet` from each member's own scores (one sheet on the screen)."""
    return compute_sheet(criteria, self_scores, council_means(criteria, member_scores),
                         verdicts, thresholds, rule=rule,
                         members=members_total(criteria, member_scores))


def competition_ranks(totals: Sequence[int | None]) -> list[int | None]:
    """Ranks "1, 2, 2, 4" by total, highest first; a None total gets no rank."""
    order = sorted((t for t in totals if t is not None), reverse=True)
    first: dict[int, int] = {}
    for position, total in enumerate(order, start=1):
        first.setdefault(total, position)
    return [first[t] if t is not None else None for t in totals]


# -- what may change in which state ----------------------------------------------------
def self_editable(state: str) -> bool:
    """The registrant's self-assessment can change until it is submitted."""
    return state in (DRAFT, RETURNED)


def council_editable(state: str) -> bool:
    """Council scores, verdicts and remarks can change until the sheet is approved."""
    return state in (DRAFT, SUBMITTED, RETURNED)


def refusal(state: str) -> str | None:
    """Why nothing on a sheet in `state` can be changed, or None when something can."""
    if state == LOCKED:
        return _("This sheet is locked and cannot change. To correct it, make a corrected "
                 "edition (the locked one stays visible).")
    if state == APPROVED:
        return _("This sheet is approved and cannot change. Return it (with a reason) to "
                 "change it.")
    return None


def self_refusal(state: str) -> str | None:
    """Why the self score cannot be typed in `state`, or None when it can."""
    if self_editable(state):
        return None
    return refusal(state) or _(
        "The self-assessment was submitted and cannot change; return the sheet to the "
        "registrant to change it.")


def transition(state: str, action: str) -> str:
    """The state after `action`, or ScoreError with the reason it is not allowed."""
    sources, target = TRANSITIONS[action]
    if state in sources:
        return target
    if state == LOCKED:
        raise ScoreError(refusal(LOCKED))
    names = ", ".join(state_label(s) for s in sources)
    raise ScoreError(_("Not possible for a sheet that is {state}; only for: {allowed}.")
                     .format(state=state_label(state).lower(), allowed=names.lower()))


# -- prerequisites ---------------------------------------------------------------------
_YES = {"1", "x", "co", "dat", "d", "yes", "y", "pass", "true"}
_NO = {"0", "khong", "k", "khong dat", "kd", "no", "n", "fail", "false"}


def parse_verdict(text: str | bool | None) -> bool | None:
    """'đạt' / 'có' / 'x' / '1' -> True; 'không' / 'không đạt' / '0' -> False; blank -> None."""
    if text is None or isinstance(text, bool):
        return text
    folded = fold(text)
    if not folded:
        return None
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise ScoreError(_("'{text}' is not a verdict; type đạt or không đạt.").format(
        text=clean(text)))


# -- double entry ----------------------------------------------------------------------
@dataclass(frozen=True)
class Difference:
    """One cell where the second keying of a paper sheet differs from the first."""

    item_code: str
    column: str  # "self", "verdict" or the member's position "1", "2"...
    column_label: str
    first: str
    second: str


def compare_keyings(cells: Sequence[tuple[str, str]], first: dict[tuple[str, str], str],
                    second: dict[tuple[str, str], str],
                    labels: dict[str, str]) -> list[Difference]:
    """Every cell (item code, column), in the order of `cells`, whose shown value
    differs between two keyings; a cell missing from one keying counts as blank."""
    differences = []
    for key in cells:
        a, b = first.get(key, ""), second.get(key, "")
        if a != b:
            differences.append(Difference(key[0], key[1], labels.get(key[1], key[1]), a, b))
    return differences
