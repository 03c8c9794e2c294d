"""Cell values as offices type them -> the values a registration holds. Each parser
returns the value or raises `CellError` with a message that names what to write."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

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


def _choose(value: Any, choices: dict[str, tuple[str, ...]], what: str) -> str:
    folded = fold(text(value)).strip(" .")
    for key, forms in choices.items():
        if folded in forms:
            return key
    raise CellError(_("'{value}' is not a known {what}; write one of: {choices}.").format(
        value=text(value).strip(), what=what,
        choices=", ".join(forms[0] for forms in choices.values())))


def _forms(key: str, label: str, *extra: str) -> tuple[str, ...]:
    return (fold(_(label)), key.replace("_", " "), fold(label), *extra)


def kind(value: Any) -> str:
    return _choose(value, {k: _forms(k, label, short) for (k, label), short in
                           zip(KINDS.items(), ("mh", "dh"), strict=True)}, _("kind"))


def subject(value: Any) -> str:
    return _choose(value, {k: _forms(k, label, short) for (k, label), short in
                           zip(SUBJECTS.items(), ("tt", "cn"), strict=True)},
                   _("kind of registrant"))


def gender(value: Any) -> str:
    extra = {"nam": ("ong", "m"), "nu": ("ba", "f", "n")}
    return _choose(value, {k: _forms(k, label, *extra[k]) for k, label in GENDERS.items()},
                   _("gender"))


def mode(value: Any) -> str:
    extra = {"moi": ("xay dung moi", "xd moi", "new"), "nhan_rong": ("nr", "replicated")}
    return _choose(value, {k: _forms(k, label, *extra[k]) for k, label in MODES.items()},
                   _("form (new or replication)"))


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


def field(value: Any) -> int:
    if isinstance(value, int | float) and not isinstance(value, bool) and value in (1, 2, 3, 4):
        return int(value)
    folded = fold(text(value)).strip(" .")
    folded = re.sub(r"^(linh vuc|lv)\s*", "", folded).strip(" .:")
    if folded.isdigit() and int(folded) in FIELDS:
        return int(folded)
    if folded in _ROMAN:
        return _ROMAN[folded]
    for code, (name, _description) in FIELDS.items():
        if folded in (fold(name), fold(_(name))) or folded in _FIELD_WORDS[code]:
            return code
    raise CellError(_("'{value}' is not one of the four fields; write Kinh tế, Văn hóa - xã "
                      "hội, Quốc phòng - an ninh or Xây dựng hệ thống chính trị (or 1 to 4)."
                      ).format(value=text(value).strip()))
