"""Dates as Vietnamese clerks type them (d/m/yyyy) and as we store them (ISO)."""

from __future__ import annotations

import datetime as dt
import re

from app.i18n import _

_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


class DateError(ValueError):
    """`str(error)` is a translated message for the user."""


def parse_date(text: str | None) -> dt.date | None:
    """'30/3/2025', '30.03.2025', '2025-03-30' -> date; '' -> None; else DateError."""
    if text is None or not str(text).strip():
        return None
    text = str(text)
    match = _DMY.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _ISO.match(text)
        if not match:
            raise DateError(_("Write the date as day/month/year, for example 30/03/2026."))
        year, month, day = (int(g) for g in match.groups())
    if not 1900 <= year <= 2100:
        raise DateError(_("The year {year} is not plausible.").format(year=year))
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateError(
            _("{day:02d}/{month:02d}/{year} does not exist in the calendar.").format(
                day=day, month=month, year=year
            )
        ) from None


def to_iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def from_iso(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
