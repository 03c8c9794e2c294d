"""The details of an audit entry in the reader's language.

Services write short, stable, language-free details into the hash-chained log ("sent
1/TTr-UBND", "recognise xa: ...", "2026 xa->tinh", a bundle's totals as JSON); they
cannot be rewritten once chained, and old files hold them too. This module turns the
known shapes into sentences for the screen, the printed log and the command line; free
text (names, reasons) passes unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable

from app.domain.recognition import step_label
from app.domain.rubrics import subject_label
from app.domain.scoring import state_label
from app.domain.sheets import EVIDENCE, REMARKS, SELF, VERDICT
from app.domain.units import level_label, profile_label
from app.i18n import N_, _, format_date

_LEVEL = r"(xa|huyen|tinh|coso)"


def _level(level: str) -> str:
    """A level inside a sentence: "xã", "tỉnh"."""
    return level_label(level).lower()


def _levels(source: str, target: str) -> str:
    return _("{source} to {target}").format(source=_level(source), target=_level(target))


def _day(text: str) -> str:
    """An ISO day as dd/mm/yyyy; anything else unchanged."""
    try:
        return format_date(dt.date.fromisoformat(text))
    except ValueError:
        return text


def _bundle(detail: str) -> str | None:
    try:
        totals = json.loads(detail)
    except ValueError:
        return None
    if not isinstance(totals, dict) or "sender" not in totals:
        return None
    text = _("from {sender}, bundle no. {seq}: {new} new, {updated} changed, {unchanged} "
             "unchanged, {conflicting} conflicts, {rejected} refused").format(
        sender=totals.get("sender"), seq=totals.get("seq"), new=totals.get("new", 0),
        updated=totals.get("updated", 0), unchanged=totals.get("unchanged", 0),
        conflicting=totals.get("conflicting", 0), rejected=totals.get("rejected", 0))
    if totals.get("relayed_by"):
        text += _(" (forwarded by {office})").format(office=totals["relayed_by"])
    return text


def _score_part(part: str) -> str:
    """One part of a score sheet save: "1.2 self=8,5", "ĐK1 passed=True", "+ Name"."""
    match = re.fullmatch(r"(\S+) (self|passed|remarks|evidence)=(.*)", part, re.S)
    if match:
        code, column, value = match.groups()
        if column == VERDICT:
            value = _("met") if value == "True" else _("not met")
        who = {SELF: _("self score"), REMARKS: _("remarks"), EVIDENCE: _("evidence"),
               VERDICT: _("condition")}[column]
        return f"{code} {who}: {value}"
    if part == REMARKS:
        return _("remarks")
    if part.startswith("+ "):
        return _("council member added: {name}").format(name=part[2:])
    if part.startswith("- "):
        return _("council member removed: {name}").format(name=part[2:])
    return part


def _scores(detail: str) -> str | None:
    parts = detail.split("; ")
    if not any(re.fullmatch(r"\S+ (self|passed|remarks|evidence)=.*", p, re.S)
               or p.startswith(("+ ", "- ")) or p == REMARKS for p in parts):
        return None
    return "; ".join(_score_part(p) for p in parts)


_DEADLINES = {"registration_deadline": N_("registration deadline"),
              "proposal_deadline": N_("proposal deadline"),
              "recognition_deadline": N_("recognition deadline")}


def _calendar(detail: str) -> str | None:
    parts = [part.partition("=") for part in detail.split(", ")]
    if not all(sep and key in _DEADLINES for key, sep, _value in parts):
        return None
    return "; ".join(f"{_(_DEADLINES[key])}: {_day(value)}" for key, _sep, value in parts)


# (action or "", kind or "", pattern, sentence from the match); first match wins.
_Shape = tuple[str, str, str, Callable[[re.Match], str]]
_SHAPES: list[_Shape] = [
    ("create", "proposals", rf"(\d{{4}}) {_LEVEL}->{_LEVEL}",
     lambda m: _("year {year}, from {levels}").format(
         year=m[1], levels=_levels(m[2], m[3]))),
    ("create", "recognition_steps", rf"propose {_LEVEL}->{_LEVEL} (.+)",
     lambda m: _("proposed from {levels}, proposal {number}").format(
         levels=_levels(m[1], m[2]), number=m[3])),
    ("create", "recognition_steps", rf"(recognise|refuse|return|propose) {_LEVEL}: (.*)",
     lambda m: f"{step_label(m[1])} ({_level(m[2])}): {m[3]}"),
    ("create", "decisions", rf"draft (\d{{4}}) {_LEVEL}",
     lambda m: _("draft for {year}, {level}").format(year=m[1], level=_level(m[2]))),
    ("issue", "", r"issued (.+)", lambda m: _("number {number}").format(number=m[1])),
    ("send", "", r"sent (.+)", lambda m: _("number {number}").format(number=m[1])),
    ("", "decisions", r"amends (.+?): (.*)",
     lambda m: _("corrects decision {number}: {reason}").format(number=m[1], reason=m[2])),
    ("", "", r"removed", lambda m: _("taken off the list")),
    ("lock", "rubrics", r"locked", lambda m: _("locked: in use by score sheets")),
    ("", "score_sheets", r"double entry accepted",
     lambda m: _("the two entries agree; the sheet is locked")),
    ("", "score_sheets", r"double entry",
     lambda m: _("second entry of the paper sheet, to compare")),
    ("", "score_sheets", r"nhap|da_nop|tra_lai|da_duyet|khoa", lambda m: state_label(m[0])),
    ("setup", "", r"office=(\S+) profile=(\S+)",
     lambda m: _("office {code}, {profile}").format(code=m[1], profile=profile_label(m[2]))),
    ("", "rubric_assignments", rf"(\d{{4}}) {_LEVEL} (tap_the|ca_nhan) -> (\S+)",
     lambda m: _("year {year}, {level}, {subject}: rubric {rubric}").format(
         year=m[1], level=_level(m[2]), subject=subject_label(m[3]).lower(),
         rubric=m[4][:8])),
    ("", "unit_mergers", r"(\S+)->(\S+) on (\S+)",
     lambda m: _("{unit} merged into {into} from {day}").format(
         unit=m[1], into=m[2], day=_day(m[3]))),
    ("", "unit_mergers", r"(\S+)->(\S+)",
     lambda m: _("{unit} merged into {into}").format(unit=m[1], into=m[2])),
    ("", "units", r"merged_into=(\S+) on (\S+)",
     lambda m: _("merged into {into} from {day}").format(into=m[1], day=_day(m[2]))),
    ("", "units", r"parent_code=(\S*)",
     lambda m: _("now under {parent}").format(parent=m[1] or "-")),
    ("certify", "", r"(\S+) until (\S+)",
     lambda m: _("key of {unit} certified until {day}").format(unit=m[1], day=_day(m[2]))),
    ("rotate", "", r"replaces (\S+)",
     lambda m: _("replaces key {key}").format(key=m[1])),
]


def readable(action: str, kind: str, detail: str) -> str:
    """The detail as a reader wants it; unknown shapes are returned unchanged."""
    if not detail:
        return detail
    if action == "import" and kind == "bundle":
        return _bundle(detail) or detail
    if action == "score" and kind == "score_sheets":
        return _scores(detail) or detail
    if kind == "campaign_years":
        return _calendar(detail) or detail
    for shape_action, shape_kind, pattern, sentence in _SHAPES:
        if shape_action and shape_action != action or shape_kind and shape_kind != kind:
            continue
        match = re.fullmatch(pattern, detail, re.S)
        if match:
            return sentence(match)
    return detail
