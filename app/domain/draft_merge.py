"""A draft restored over a record saved since: what changed on each side, field by
field, and the form that results from the clerk's choices.

Three versions of the form take part: `base` (the record as the draft's window loaded
it), `mine` (the draft) and `theirs` (the record as saved now). A field only one side
changed goes to that side by default; a field both changed differently is a conflict
and defaults to the saved version (restoring a draft never undoes someone's saved work
unless the clerk says so). A draft from before drafts kept their base (schema 0011)
has none: every difference is then a conflict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.domain.registration import KINDS, MODES, SUBJECTS, from_plain, label, to_plain
from app.i18n import N_, _

MINE = "mine"
THEIRS = "theirs"

# The fields of a registration in the order of the form, with their labels there.
FIELDS: tuple[tuple[str, str], ...] = (
    ("year", N_("Campaign year")),
    ("kind", N_("Kind")),
    ("subject", N_("Registrant is")),
    ("subunit_code", N_("Collective / sub-unit")),
    ("person", N_("The person")),
    ("name", N_("Name of the model")),
    ("field", N_("Field")),
    ("mode", N_("Form")),
    ("replicates_id", N_("Replicates")),
    ("registered_on", N_("Registration date")),
    ("receiving_body", N_("Receiving body")),
    ("contact_phone", N_("Contact phone")),
    ("situation", N_("Situation and reason")),
    ("goals", N_("Goals")),
    ("targets", N_("Target indicators")),
    ("content_methods", N_("Content and methods")),
    ("area", N_("Area")),
    ("target_group", N_("Target group")),
    ("force_lead", N_("Lead force")),
    ("force_coordinating", N_("Coordinating forces")),
    ("force_participating", N_("Participating forces")),
    ("resources", N_("Resources")),
    ("start_date", N_("Start date")),
    ("end_date", N_("End date")),
    ("milestones", N_("Milestones")),
    ("outputs", N_("Verifiable outputs")),
    ("sustainability", N_("Sustainability and replication")),
    ("evidence", N_("Evidence")),
)


_CHOICES = {"kind": KINDS, "subject": SUBJECTS, "mode": MODES}


@dataclass
class FieldChoice:
    key: str
    label: str
    mine: Any
    theirs: Any
    conflict: bool  # both sides changed it (or the draft has no base)
    default: str    # MINE or THEIRS


def normalise(plain: dict[str, Any] | None, year: int) -> dict[str, Any] | None:
    """The form as its cleaned values, so spaces and empty rows are no difference."""
    if plain is None:
        return None
    normal = to_plain(from_plain(plain, year=year).cleaned())
    person = normal.get("person")
    if isinstance(person, dict):
        person.pop("id", None)  # which row holds the person is no change to the form
    for item in normal.get("evidence") or []:
        item.pop("id", None)
    if normal.get("subject") != "ca_nhan":
        normal["person"] = None
    return normal


def differences(base: dict[str, Any] | None, mine: dict[str, Any],
                theirs: dict[str, Any]) -> list[FieldChoice]:
    year = int(theirs.get("year") or mine.get("year") or 2000)
    base, mine_n, theirs_n = (normalise(base, year), normalise(mine, year),
                              normalise(theirs, year))
    found = []
    for key, caption in FIELDS:
        ours, saved = mine_n.get(key), theirs_n.get(key)
        if ours == saved:
            continue
        if base is None:
            conflict, default = True, THEIRS
        elif ours == base.get(key):
            conflict, default = False, THEIRS   # only the saved version changed it
        elif saved == base.get(key):
            conflict, default = False, MINE     # only this draft changed it
        else:
            conflict, default = True, THEIRS
        found.append(FieldChoice(key, _(caption), mine.get(key), theirs.get(key), conflict,
                                 default))
    return found


def merge(mine: dict[str, Any], theirs: dict[str, Any],
          choices: dict[str, str]) -> dict[str, Any]:
    """The saved version with the fields chosen from the draft (`choices`: key ->
    MINE or THEIRS; a field not named keeps the saved value)."""
    result = dict(theirs)
    for key, side in choices.items():
        if side == MINE and key in mine:
            result[key] = mine[key]
    return result


def describe(key: str, value: Any, names: dict[str, dict] | None = None) -> str:
    """A field's value in a few words for the comparison. `names`: what codes stand
    for, by field (sub-units and fields of work, which the caller looks up)."""
    if value in (None, "", []):
        return _("(empty)")
    lookup = (names or {}).get(key)
    if lookup and value in lookup:
        return str(lookup[value])
    if key in _CHOICES:
        return label(_CHOICES[key], value) or str(value)
    if key == "person" and isinstance(value, dict):
        parts = [value.get("full_name") or ""]
        if value.get("birth_year"):
            parts.append(str(value["birth_year"]))
        return ", ".join(p for p in parts if p)
    if key == "targets":
        return "; ".join(f"{t.get('indicator', '')}: {_number(t.get('target'))} "
                         f"{t.get('unit_of_measure', '')}".strip() for t in value)
    if key == "milestones":
        return "; ".join(f"{_date(m.get('due_on'))} {m.get('description', '')}".strip()
                         for m in value)
    if key == "evidence":
        return ", ".join(e.get("file_name", "") for e in value)
    if key in ("registered_on", "start_date", "end_date"):
        return _date(value)
    return str(value)


def _number(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}".replace(",", "X").replace(".", ",").replace("X", ".")


def _date(value: Any) -> str:
    text = str(value or "")
    if len(text) == 10 and text[4] == "-":
        return f"{text[8:10]}/{text[5:7]}/{text[:4]}"
    return text
