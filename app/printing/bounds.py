"""Texts laid out on paper are never longer than their fields allow.

A data file can hold text stored before the limits of app/domain/limits.py existed, or
written by another tool: a model name of half a million characters took ReportLab
minutes to lay out. Each text is cut to its field's limit with "…", and the paper
says that something was cut (`Document.cut`), so a printed paper never pretends to be
whole. (The renderer has a last net of its own: no single text beyond the longest
field, app.printing.fonts.printable.)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, TypeVar

from app.domain.limits import MAX_LENGTH
from app.domain.safe_output import shortened


def bounded(table: str, row: Mapping[str, Any] | None, cut: list[str]) -> dict[str, Any]:
    """`row` (a record of `table`) with every text longer than its column allows cut
    to the limit; the names of the columns cut are added to `cut`."""
    result = dict(row or {})
    for column, most in MAX_LENGTH.get(table, {}).items():
        value = result.get(column)
        if isinstance(value, str) and len(value) > most:
            result[column] = shortened(value, most)
            cut.append(f"{table}.{column}")
    return result


Record = TypeVar("Record")


def bounded_record(table: str, record: Record, cut: list[str]) -> Record:
    """`record` (a frozen dataclass of a row of `table`, such as
    app/domain/registration_record.py's) with every text longer than its column allows
    cut to the limit (`dataclasses.replace`); the names of the columns cut are added to
    `cut`."""
    changes = {}
    for column, most in MAX_LENGTH.get(table, {}).items():
        value = getattr(record, column, None)
        if isinstance(value, str) and len(value) > most:
            changes[column] = shortened(value, most)
            cut.append(f"{table}.{column}")
    return dataclasses.replace(record, **changes) if changes else record


def bounded_text(value: str | None, most: int, cut: list[str], name: str = "") -> str:
    """One text cut to `most` characters (its name added to `cut` when it was)."""
    value = value or ""
    if len(value) <= most:
        return value
    cut.append(name or "text")
    return shortened(value, most)
