"""The one place the program reads the time, so tests can set it."""

from __future__ import annotations

import datetime as dt

_fixed: dt.datetime | None = None


def now() -> dt.datetime:
    return _fixed or dt.datetime.now(dt.UTC)


def today() -> dt.date:
    return (_fixed or dt.datetime.now()).date()


def stamp() -> str:
    """UTC time as stored in records: ISO-8601 with milliseconds."""
    return now().astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def set_fixed(value: dt.datetime | None) -> None:
    global _fixed
    _fixed = value
