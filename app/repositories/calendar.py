"""Campaign periods and the deadlines of each year."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlite_utils import Database


def period_for_year(db: Database, year: int) -> dict[str, Any] | None:
    rows = list(db.query(
        "SELECT * FROM periods WHERE start_year <= ? AND end_year >= ? ORDER BY start_year DESC",
        [year, year]))
    return rows[0] if rows else None


def campaign_year(db: Database, year: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM campaign_years WHERE year = ?", [year]))
    return rows[0] if rows else None


def registration_deadline(db: Database, year: int) -> dt.date | None:
    row = campaign_year(db, year)
    return dt.date.fromisoformat(row["registration_deadline"]) if row else None


def years(db: Database) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM campaign_years ORDER BY year"))
