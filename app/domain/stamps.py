"""Stored UTC time stamps shown to people: Vietnam time, dd/MM/yyyy HH:mm."""

from __future__ import annotations

import datetime as dt

from app import clock


def parse(stamp: str | None) -> dt.datetime | None:
    """'2026-03-15T02:00:00.000Z' -> an aware datetime (None if unreadable)."""
    if not stamp:
        return None
    try:
        value = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def local(stamp: str | None) -> dt.datetime | None:
    value = parse(stamp)
    return clock.in_vietnam(value) if value else None


def show(stamp: str | None) -> str:
    """dd/MM/yyyy HH:mm in local time, or the text as it is if it is no time stamp."""
    value = local(stamp)
    return value.strftime("%d/%m/%Y %H:%M") if value else (stamp or "")


def show_date(stamp: str | None) -> str:
    value = local(stamp)
    return value.strftime("%d/%m/%Y") if value else (stamp or "")
