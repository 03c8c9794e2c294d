"""Cell values as offices type them -> the values a registration holds. Each parser
returns the value or raises `CellError` with a message that names what to write."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any

from app import i18n
from app.domain.dates import DateError, parse_date
from app.domain.fields import FIELDS
from app.domain.registration import GENDERS, KINDS, MODES, SUBJECTS
from app.domain.text import fold
from app.i18n import _


class CellError(ValueError):
    """`str(error)` is a translated message."""


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    return str(value)


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def whole_number(value: Any) -> int:
    if isinstance(value, bool):
        raise CellError(_("'{value}' is not a whole number.").format(value=value))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raw = text(value).strip().replace(".", "").replace(" ", "")
    if raw.isdigit():
        return int(raw)
    raise CellError(_("'{value}' is not a whole number.").format(value=text(value)))


def year(value: Any) -> int:
    """A year cell (campaign year, year of birth): a whole number from 1900 to 2100.
    A stray 1E+300 in the column is refused here, before it meets the database."""
    number = whole_number(value)
    if not 1900 <= number <= 2100:
        raise CellError(_("'{value}' is not a plausible year (1900 to 2100).").format(
            value=text(value)))
    return number


# Excel day numbers of 1954..2119: a date cell that lost its date format.
_SERIAL_RANGE = (20_000, 80_000)


def date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]:
            from openpyxl.utils.datetime import from_excel

            return from_excel(value).date()
        raise CellError(_("{value} is not a date; write it as day/month/year, for example "
                          "30/03/2026.").format(value=text(value)))
    try:
        parsed = parse_date(text(value))
    except DateError as error:
        raise CellError(_("'{value}': {problem}").format(value=text(value),
                                                         problem=error)) from None
    if parsed is None:
        raise CellError(_("The date is empty."))
    return parsed


def _forms(key: str, label: str, *extra: str) -> tuple[str, ...]:
    return (fold(_(label)), key.replace("_", " "), fold(label), *extra)


_EXTRA = {
    "kind": {"mo_hinh": ("mh",), "dien_hinh": ("dh",)},
    "subject": {"tap_the": ("tt",), "ca_nhan": ("cn",)},
    "gender": {"nam": ("ong", "m"), "nu": ("ba", "f", "n")},
    "mode": {"moi": ("xay dung moi", "xd moi", "new"), "nhan_rong": ("nr", "replicated")},
}
_LABELS = {"kind": KINDS, "subject": SUBJECTS, "gender": GENDERS, "mode": MODES}


@cache
def _choices(what: str, language: str) -> tuple[dict[str, str], list[str]]:
    """(folded form -> key, the forms to suggest) of a coded column, per language."""
    table: dict[str, str] = {}
    suggestions = []
    for key, label in _LABELS[what].items():
        forms = _forms(key, label, *_EXTRA[what][key])
        suggestions.append(_(label))
        for form in forms:
            table.setdefault(form, key)
    return table, suggestions


def _choose(value: Any, what: str, name: str) -> str:
    table, suggestions = _choices(what, i18n.language())
    found = table.get(fold(text(value)).strip(" ."))
    if found is None:
        raise CellError(_("'{value}' is not a known {what}; write one of: {choices}.").format(
            value=text(value).strip(), what=name, choices=", ".join(suggestions)))
    return found


def kind(value: Any) -> str:
    return _choose(value, "kind", _("kind"))


def subject(value: Any) -> str:
    return _choose(value, "subject", _("kind of registrant"))


def gender(value: Any) -> str:
    return _choose(value, "gender", _("gender"))


def mode(value: Any) -> str:
    return _choose(value, "mode", _("form (new or replication)"))


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
# Short forms offices write for the four fields.
_FIELD_WORDS = {
    1: ("kinh te", "kt", "economy"),
    2: ("van hoa", "xa hoi", "van hoa xa hoi", "van hoa - xa hoi", "vh-xh", "vhxh", "vh - xh"),
    3: ("quoc phong", "an ninh", "quoc phong an ninh", "quoc phong - an ninh", "qp-an",
        "qpan", "qp - an"),
    4: ("xay dung he thong chinh tri", "he thong chinh tri", "chinh tri", "xd htct", "htct",
        "xay dung htct"),
}


@cache
def _field_names(language: str) -> dict[str, int]:
    names = {}
    for code, (name, _description) in FIELDS.items():
        for form in (fold(name), fold(_(name)), *_FIELD_WORDS[code]):
            names.setdefault(form, code)
    return names


def field(value: Any) -> int:
    if isinstance(value, int | float) and not isinstance(value, bool) and value in (1, 2, 3, 4):
        return int(value)
    folded = fold(text(value)).strip(" .")
    folded = re.sub(r"^(linh vuc|lv)\s*", "", folded).strip(" .:")
    if folded.isdigit() and int(folded) in FIELDS:
        return int(folded)
    if folded in _ROMAN:
        return _ROMAN[folded]
    code = _field_names(i18n.language()).get(folded)
    if code is None:
        raise CellError(_("'{value}' is not one of the four fields; write Kinh tế, Văn hóa - "
                          "xã hội, Quốc phòng - an ninh or Xây dựng hệ thống chính trị (or 1 "
                          "to 4).").format(value=text(value).strip()))
    return code
