"""Printing results: aligned text tables for people, JSON for scripts."""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Sequence
from typing import Any

from app import console


def print_json(value: Any) -> None:
    """JSON for scripts: UTF-8 in a file or pipe whatever the code page (app/console.py)."""
    console.write_json(value)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *,
                max_width: int = 60) -> None:
    def cell(value: Any) -> str:
        text = "" if value is None else str(value)
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[cell(v) for v in row] for row in rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in cells]) for i, h in enumerate(headers)]
    lines = ["  ".join(h + " " * (w - _width(h)) for h, w in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        lines.append("  ".join(v + " " * (w - _width(v)) for v, w in zip(row, widths,
                                                                         strict=True)))
    sys.stdout.write("\n".join(line.rstrip() for line in lines) + "\n")


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
