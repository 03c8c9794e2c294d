"""Recognition (công nhận) across levels, as plain rules without I/O.

Levels of recognition are not the levels of offices. The hierarchy profile decides
which exist:

- "hai cấp" (since 07/2025): the commune office recognises at cấp xã ('xa', what the
  guideline called cấp cơ sở) and proposes to the province ('tinh').
- "ba cấp" (the 2021 guideline): the commune recognises at cấp cơ sở ('coso'), the
  district at cấp huyện ('huyen'), the province at cấp tỉnh ('tinh').

A model's workflow per year: registered -> in progress -> self-assessed -> scored ->
recognised at a level (or refused, with the reason) -> proposed to the next level ->
... up to the province. The state is DERIVED (`derive_state`) from the model's steps
(recognition_steps), its score sheets and the issued decisions that list it; it is
never stored, so it cannot disagree with them.

A 'return' step at a level (with its reason) sends the model back: it voids the
earlier steps taken at that level and the proposal that brought the model there.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum

from app.domain.scoring import APPROVED, LOCKED, SUBMITTED
from app.domain.units import PROFILE_THREE_TIER
from app.i18n import N_, _

# -- steps ------------------------------------------------------------------------------
RECOGNISE, REFUSE, PROPOSE, RETURN = "recognise", "refuse", "propose", "return"
STEPS = {
    RECOGNISE: N_("Recognised"),
    REFUSE: N_("Not recognised"),
    PROPOSE: N_("Proposed"),
    RETURN: N_("Sent back"),
}
REASON_REQUIRED = {REFUSE, RETURN}

# -- derived stages ---------------------------------------------------------------------
WITHDRAWN = "withdrawn"
REGISTERED = "registered"
IN_PROGRESS = "in_progress"
SELF_ASSESSED = "self_assessed"
SCORED = "scored"
RECOGNISED = "recognised"
REFUSED = "refused"
PROPOSED = "proposed"
STAGES = {
    WITHDRAWN: N_("Withdrawn"),
    REGISTERED: N_("Registered"),
    IN_PROGRESS: N_("In progress"),
    SELF_ASSESSED: N_("Self-assessed"),
    SCORED: N_("Scored"),
    RECOGNISED: N_("Recognised"),
    REFUSED: N_("Not recognised"),
    PROPOSED: N_("Proposed"),
}

# The sheet whose approval supports recognition at a level: a commune office scores
# grassroots models ('coso' sheets, see ScoringService.default_level) whether it
# recognises them at cấp cơ sở (ba cấp) or at cấp xã (hai cấp).
SHEET_LEVEL = {"coso": "coso", "xa": "coso", "huyen": "huyen", "tinh": "tinh"}

# Proposal and decision states. A StrEnum is equal to its code and hashes like it, is
# stored in SQLite and written into JSON and bundles as that code (the data files and
# bundles keep their bytes; tests/unit/test_domain_codes.py).
class ProposalState(StrEnum):
    """A proposal is a draft (nháp) until it is sent (đã gửi) to the level above."""
    DRAFT = "nhap"
    SENT = "da_gui"


class DecisionState(StrEnum):
    """A decision is a draft (nháp) until it is issued (ban hành); then it never changes."""
    DRAFT = "nhap"
    ISSUED = "ban_hanh"


# Code -> label; the keys are the plain codes (argparse shows and keeps them).
PROPOSAL_STATES = {ProposalState.DRAFT.value: N_("Draft"), ProposalState.SENT.value: N_("Sent")}
DECISION_STATES = {DecisionState.DRAFT.value: N_("Draft"),
                   DecisionState.ISSUED.value: N_("Issued")}

PARTY, STATE = "party", "state"


class RecognitionError(ValueError):
    """A step the rules refuse; the message is translated and says why."""


def recognition_levels(profile: str) -> list[str]:
    """The levels of recognition from the bottom up."""
    if profile == PROFILE_THREE_TIER:
        return ["coso", "huyen", "tinh"]
    return ["xa", "tinh"]


def office_recognition_level(profile: str, office_level: str) -> str | None:
    """The level at which an office of `office_level` recognises models."""
    if profile == PROFILE_THREE_TIER:
        return {"xa": "coso", "huyen": "huyen", "tinh": "tinh"}.get(office_level)
    return {"xa": "xa", "tinh": "tinh"}.get(office_level)


def next_level(profile: str, level: str) -> str | None:
    levels = recognition_levels(profile)
    if level not in levels:
        return None
    index = levels.index(level)
    return levels[index + 1] if index + 1 < len(levels) else None


def previous_level(profile: str, level: str) -> str | None:
    levels = recognition_levels(profile)
    if level not in levels:
        return None
    index = levels.index(level)
    return levels[index - 1] if index > 0 else None


def check_proposal_levels(profile: str, from_level: str, to_level: str | None) -> str:
    """The level a proposal from `from_level` goes to; refuses a level the profile does
    not have, or one that is not the next level up."""
    levels = recognition_levels(profile)
    if from_level not in levels:
        raise RecognitionError(_(
            "The hierarchy profile has no recognition level '{level}'; its levels are: "
            "{levels}.").format(level=from_level, levels=", ".join(levels)))
    above = next_level(profile, from_level)
    if above is None:
        raise RecognitionError(_(
            "Level '{level}' is the highest level of this hierarchy profile; there is no "
            "level above it to propose to.").format(level=from_level))
    if to_level is not None and to_level != above:
        if to_level not in levels:
            raise RecognitionError(_(
                "The hierarchy profile has no recognition level '{level}'; its levels "
                "are: {levels}.").format(level=to_level, levels=", ".join(levels)))
        raise RecognitionError(_(
            "A proposal from level '{source}' goes to the next level, '{above}', not to "
            "'{level}'.").format(source=from_level, above=above, level=to_level))
    return above


def step_label(step: str) -> str:
    return _(STEPS[step]) if step in STEPS else step


def stage_label(stage: str) -> str:
    return _(STAGES[stage]) if stage in STAGES else stage


def proposal_state_label(state: str) -> str:
    return _(PROPOSAL_STATES[state]) if state in PROPOSAL_STATES else state


def decision_state_label(state: str) -> str:
    return _(DECISION_STATES[state]) if state in DECISION_STATES else state


# -- derived state ----------------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    level: str
    step: str
    at: str
    step_no: int = 1
    to_level: str | None = None
    actor: str = ""
    reason: str = ""
    origin: str = ""
    id: str = ""


@dataclass(frozen=True)
class Decided:
    """A model listed in an issued decision that no issued correction replaced."""

    level: str
    number: str
    decided_on: str
    certificate_number: str = ""
    issuer: str = ""


@dataclass
class ModelState:
    stage: str
    level: str | None = None  # the level the stage is at
    reason: str = ""
    decision: Decided | None = None
    recognised: dict[str, Decided | None] = field(default_factory=dict)
    proposed_to: str | None = None

    def label(self) -> str:
        from app.domain.units import level_label

        text = stage_label(self.stage)
        if self.stage in (RECOGNISED, REFUSED, PROPOSED, SCORED, SELF_ASSESSED) and self.level:
            text = _("{stage} ({level})").format(stage=text, level=level_label(self.level))
        if self.decision is not None:
            text = _("{state}, decision {number}").format(state=text, number=self.decision.number)
        return text


def effective_steps(steps: list[Step], profile: str) -> dict[str, list[Step]]:
    """Per level, the steps still in force after the returns: a return at a level voids
    the level's earlier steps and the proposal that brought the model there."""
    current: dict[str, list[Step]] = {}
    for step in sorted(steps, key=lambda s: (s.at, s.step_no, s.id)):
        if step.step == RETURN:
            current[step.level] = []
            below = previous_level(profile, step.level)
            if below is not None:
                current[below] = [s for s in current.get(below, [])
                                  if not (s.step == PROPOSE and s.to_level == step.level)]
            continue
        current.setdefault(step.level, []).append(step)
    return current


def derive_state(*, profile: str, withdrawn: bool, started: bool,
                 sheets: dict[str, str], steps: list[Step],
                 decided: dict[str, Decided]) -> ModelState:
    """The workflow state of one model in one year.

    `sheets`: sheet level -> state of the current sheet edition; `decided`: level ->
    the issued decision listing the model at that level.
    """
    if withdrawn:
        return ModelState(WITHDRAWN)
    current = effective_steps(steps, profile)
    levels = recognition_levels(profile)
    state = ModelState(IN_PROGRESS if started else REGISTERED, levels[0])
    for index, level in enumerate(levels):
        at_level = current.get(level, [])
        if index > 0:
            below = current.get(levels[index - 1], [])
            proposed = any(s.step == PROPOSE and s.to_level == level for s in below)
            if not proposed and level not in decided:
                return state
            state = ModelState(PROPOSED, level, recognised=state.recognised, proposed_to=level)
        verdicts = [s for s in at_level if s.step in (RECOGNISE, REFUSE)]
        verdict = verdicts[-1] if verdicts else None
        if level in decided or (verdict is not None and verdict.step == RECOGNISE):
            decision = decided.get(level)
            state.recognised[level] = decision
            state = ModelState(RECOGNISED, level, decision=decision,
                               recognised=state.recognised)
            if any(s.step == PROPOSE for s in at_level):
                above = next_level(profile, level)
                state.proposed_to = above
                continue
            if index + 1 < len(levels) and levels[index + 1] in decided:
                continue
            return state
        if verdict is not None:  # refused at this level
            return ModelState(REFUSED, level, reason=verdict.reason,
                              recognised=state.recognised)
        sheet = sheets.get(SHEET_LEVEL[level])
        if sheet in (APPROVED, LOCKED):
            return ModelState(SCORED, level, recognised=state.recognised,
                              proposed_to=state.proposed_to)
        if sheet == SUBMITTED:
            return ModelState(SELF_ASSESSED, level, recognised=state.recognised,
                              proposed_to=state.proposed_to)
        return state
    return state


# -- numbering --------------------------------------------------------------------------
_PATTERN_FIELD = re.compile(r"\{n(?::0?\d*d)?\}")


def check_pattern(pattern: str) -> str:
    """A number pattern such as '{n:02d}-QĐ/BCĐ' or '{n}/QĐ-UBND'."""
    pattern = (pattern or "").strip()
    if len(_PATTERN_FIELD.findall(pattern)) != 1 or pattern.count("{") != 1 \
            or pattern.count("}") != 1:
        raise RecognitionError(_(
            "A number pattern holds the number exactly once, as {{n}} or {{n:02d}} "
            "(two digits), for example {{n:02d}}-QĐ/BCĐ or {{n}}/QĐ-UBND."))
    if len(pattern) > 60:
        raise RecognitionError(_("Too long: at most {limit} characters.").format(limit=60))
    return pattern


def format_number(pattern: str, number: int) -> str:
    return pattern.format(n=number)


def scope_key(scope: str, term: str, on: dt.date) -> str:
    """Numbers run per Party term ('term': the book's current term, e.g. 2025-2030) or
    per calendar year ('year', State documents under Decree 30/2020)."""
    return term if scope == "term" else str(on.year)


def party_term(on: dt.date) -> str:
    """The Party term (nhiệm kỳ) a date falls in: congresses meet every five years,
    the 2025-2030 term began with the 2025 congresses."""
    start = 2025 + 5 * ((on.year - 2025) // 5)
    return f"{start}-{start + 5}"


def number_key(text: str) -> str:
    """A decision number as typed ("Số 05-QĐ/BCĐ", "số: 15/qđ-ubnd") compared with the
    stored one: without the "Số" prefix, spaces and case."""
    from app.domain.text import fold

    folded = fold(text or "").replace(" ", "")
    for prefix in ("so:", "so"):
        if folded.startswith(prefix):
            folded = folded[len(prefix):]
            break
    return folded
