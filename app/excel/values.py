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
from app.domain.privacy import CONSENT_SHORT
from app.domain.registration import GENDERS, KINDS, MODES, SUBJECTS
from app.domain.text import fold
from app.excel import synonyms
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


_YEAR_WORDS = re.compile(r"^(?:nam|nam sinh|ns)\s*[:.]?\s*(\d{4})$")


def year(value: Any) -> int:
    """A year cell (campaign year, year of birth): a whole number from 1900 to 2100
    ("Năm 2025" too). A stray 1E+300 in the column is refused here, before it meets
    the database."""
    if isinstance(value, str):
        found = _YEAR_WORDS.match(fold(value).strip(" ."))
        if found:
            value = found.group(1)
    if isinstance(value, dt.datetime | dt.date):
        value = value.year  # a year typed into a date-formatted cell
    number = whole_number(value)
    if not 1900 <= number <= 2100:
        raise CellError(_("'{value}' is not a plausible year (1900 to 2100).").format(
            value=text(value)))
    return number


# Excel day numbers of 1954..2119: a date cell that lost its date format.
_SERIAL_RANGE = (20_000, 80_000)


_LONG_DATE = re.compile(r"^(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*(?:nam|/|-)\s*(\d{2,4})$")
_MONTH_ONLY = re.compile(r"^(?:thang|t)?\s*(\d{1,2})\s*(?:/|-|\.|nam)\s*(\d{4})$")
_SHORT_YEAR = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{2})$")
_TIME = re.compile(r"\s+\d{1,2}[:h]\d{2}(?::\d{2})?(?:\s*(?:am|pm|sa|ch))?$")


def _clerks_date(raw: str) -> str:
    """A date as clerks write it, as day/month/year: "ngày 23 tháng 3 năm 2025",
    "tháng 3/2025" and "3/2025" (the first of the month), "22/3/25", "15/3/2025 8:30"."""
    folded = fold(raw).strip(" .,")
    folded = _TIME.sub("", folded)
    found = _LONG_DATE.match(folded)
    if found:
        day, month, year = found.groups()
        return f"{day}/{month}/{_full_year(year)}"
    found = _MONTH_ONLY.match(folded)
    if found:
        return f"1/{found.group(1)}/{found.group(2)}"
    found = _SHORT_YEAR.match(folded)
    if found:
        return f"{found.group(1)}/{found.group(3)}/{_full_year(found.group(4))}"
    return folded if folded != fold(raw).strip(" .,") else raw


def _full_year(digits: str) -> str:
    return digits if len(digits) == 4 else str(2000 + int(digits))


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
        parsed = parse_date(_clerks_date(text(value)))
    except DateError as error:
        raise CellError(_("'{value}': {problem}").format(value=text(value),
                                                         problem=error)) from None
    if parsed is None:
        raise CellError(_("The date is empty."))
    return parsed


def _forms(key: str, label: str) -> tuple[str, ...]:
    return (synonyms.canonical(_(label)), key.replace("_", " "), synonyms.canonical(label))


_LABELS = {"kind": KINDS, "subject": SUBJECTS, "gender": GENDERS, "mode": MODES,
           "consent_how": CONSENT_SHORT}


def _choices(what: str) -> tuple[dict[str, str], list[str]]:
    """(canonical form -> key, the forms to suggest) of a coded column: the labels in
    the language in use and the synonym table's words."""
    return _choices_for(what, i18n.language(), id(synonyms.table()))


@cache
def _choices_for(what: str, language: str, _table: int) -> tuple[dict[str, str], list[str]]:
    table: dict[str, str] = {}
    suggestions = []
    for key, label in _LABELS[what].items():
        suggestions.append(_(label))
        for form in _forms(key, label):
            table.setdefault(form, key)
    for form, key in synonyms.value_forms(what).items():
        if key in _LABELS[what]:
            table.setdefault(form, key)
    return table, suggestions


def choice_or_none(value: Any, what: str) -> str | None:
    """The code a cell names in a coded column, or None."""
    return _choices(what)[0].get(synonyms.canonical(text(value)))


def _choose(value: Any, what: str, name: str) -> str:
    table, suggestions = _choices(what)
    found = table.get(synonyms.canonical(text(value)))
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


def consent_how(value: Any) -> str:
    return _choose(value, "consent_how", _("way of consenting"))


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_FIELD_PREFIX = re.compile(r"^(linh vuc|lv)\b\s*")


def _field_names() -> dict[str, int]:
    return _field_names_for(i18n.language(), id(synonyms.table()))


@cache
def _field_names_for(language: str, _table: int) -> dict[str, int]:
    names: dict[str, int] = {}
    for code, (name, _description) in FIELDS.items():
        for form in (synonyms.canonical(name), synonyms.canonical(_(name))):
            names.setdefault(form, code)
    for form, code in synonyms.value_forms("field").items():
        if code.isdigit() and int(code) in FIELDS:
            names.setdefault(form, int(code))
    return names


def field(value: Any) -> int:
    if isinstance(value, int | float) and not isinstance(value, bool) and value in (1, 2, 3, 4):
        return int(value)
    form = synonyms.canonical(text(value))
    form = _FIELD_PREFIX.sub("", form).strip()
    if form.isdigit() and int(form) in FIELDS:
        return int(form)
    if form in _ROMAN:
        return _ROMAN[form]
    code = _field_names().get(form)
    if code is None:
        raise CellError(_("'{value}' is not one of the four fields; write Kinh tế, Văn hóa - "
                          "xã hội, Quốc phòng - an ninh or Xây dựng hệ thống chính trị (or 1 "
                          "to 4).").format(value=text(value).strip()))
    return code


def field_named_in(words: str) -> int | None:
    """The one field a heading, a sheet name or a title names ("I. LĨNH VỰC KINH TẾ",
    "1. Kinh tế", "Lĩnh vực VH-XH", "DANH SÁCH MÔ HÌNH LĨNH VỰC KINH TẾ NĂM 2025"), or
    None when it names none or several."""
    form = f" {synonyms.canonical(words)} "
    if form.strip() in _field_names():
        return _field_names()[form.strip()]
    found = {code for name, code in _field_names().items()
             if len(name) > 1 and f" {name} " in form}
    return found.pop() if len(found) == 1 else None
