"""Workbooks for the import tests, built with openpyxl the way offices build theirs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font


def write_book(path: Path, rows: list[list[Any]], *, merges: list[str] = (),
               fonts: dict[str, str] | None = None, title: str = "Danh sách") -> Path:
    """A workbook with one sheet holding `rows` from A1; `merges` are ranges to merge;
    `fonts` maps a cell (e.g. "B5") to a font name (".VnTime", "VNI-Times")."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    for cell, name in (fonts or {}).items():
        sheet[cell].font = Font(name=name)
    book.save(path)
    return path


def count(ctx, table: str = "registrations") -> int:
    return ctx.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def snapshot(ctx) -> tuple:
    """What any write would change."""
    return (count(ctx), count(ctx, "units"), count(ctx, "persons"), count(ctx, "audit_log"),
            ctx.db.execute("SELECT rev FROM sync_clock").fetchone()[0])
