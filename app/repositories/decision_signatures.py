"""The digitally signed copies of issued decisions (schema 0019): one row per signed
PDF, the PDF itself a blob."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database


def of_decision(db: Database, decision_id: str) -> list[dict[str, Any]]:
    """Every signed copy of a decision, first signed first."""
    cursor = db.execute("SELECT * FROM decision_signatures WHERE decision_id = ?"
                        " ORDER BY signed_at, created_at, id", [decision_id])
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor]


def latest(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The copy no later copy adds a signature to (the one with every signature)."""
    followed = {row["previous_sha256"] for row in rows if row["previous_sha256"]}
    ends = [row for row in rows if row["pdf_sha256"] not in followed]
    return ends[-1] if ends else None


def signed_counts(db: Database) -> dict[str, int]:
    """decision id -> how many signed copies this office holds."""
    return {row[0]: row[1] for row in db.execute(
        "SELECT decision_id, count(*) FROM decision_signatures GROUP BY decision_id")}
