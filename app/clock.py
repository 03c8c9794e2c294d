"""The one place the program reads the time, so tests can set it; and Vietnam's time.

Stored time stamps are UTC. Every date that decides something (a deadline, the day a
merger takes effect, "today" on a paper or in a number book) and every time shown to
a clerk is Vietnam's: UTC+7 all year (no daylight saving), never the PC's own zone,
which on a commune PC is often left at the installer's default, nor UTC's date. A
bundle made at 06:00 on 31/3 in Vietnam (23:00 on 30/3 UTC) is made on 31/3.
"""

from __future__ import annotations

import datetime as dt

VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")

_fixed: dt.datetime | None = None


def now() -> dt.datetime:
    """The current moment (aware)."""
    return _fixed or dt.datetime.now(dt.UTC)


def now_vietnam() -> dt.datetime:
    return now().astimezone(VIETNAM)


def today() -> dt.date:
    """Today's date in Vietnam."""
    return now_vietnam().date()


def in_vietnam(moment: dt.datetime) -> dt.datetime:
    """A moment as Vietnam's wall clock shows it (a naive one already is)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=VIETNAM)
    return moment.astimezone(VIETNAM)


def day_of(moment: dt.datetime) -> dt.date:
    """The date in Vietnam at `moment`."""
    return in_vietnam(moment).date()


def day_of_stamp(stamp: str) -> dt.date:
    """The date in Vietnam of a stored stamp ("2026-03-30T23:00:00.000Z" -> 31/3); a
    stamp without a zone is UTC, as stored."""
    moment = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return day_of(moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC))


def start_of_day(day: dt.date) -> dt.datetime:
    """Midnight opening `day` in Vietnam, as an aware moment."""
    return dt.datetime.combine(day, dt.time(), tzinfo=VIETNAM)


def to_stamp(moment: dt.datetime) -> str:
    """A moment in the stored form: UTC, ISO-8601 with milliseconds."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VIETNAM)
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def stamp() -> str:
    """UTC time as stored in records: ISO-8601 with milliseconds."""
    return to_stamp(now())


def set_fixed(value: dt.datetime | None) -> None:
    """Pin the clock (tests, the demo generator). A naive value is Vietnam time."""
    global _fixed
    _fixed = value.replace(tzinfo=VIETNAM) if value is not None and value.tzinfo is None \
        else value
