"""Printing results: aligned text tables for people, JSON for scripts.

Everything the command line prints goes through here (stdout) or `warn` (stderr), and
is made safe for a terminal first: text stored in a data file before it was cleaned,
or sent by another office, may hold control characters, escape sequences that recolour
or clear the screen, or marks that reorder text (app.domain.safe_output). JSON keeps
every character but writes those as \\u escapes, so a script reads the same data.
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Sequence
from typing import Any

from app import console
from app.domain.safe_output import for_terminal
from app.domain.text import _CONTROL as _HIDDEN

# json.dumps escapes C0 itself; DEL, C1 and the reordering marks it writes as they are.
_RAW_IN_JSON = _HIDDEN
_CELL_BREAKS = str.maketrans({"\n": " ", "\t": " "})


def print_json(value: Any) -> None:
    """JSON for scripts: every character kept (hidden ones as \\u escapes), UTF-8 in a
    file or pipe whatever the code page (app/console.py)."""
    console.write_json(value, escape=lambda text: _RAW_IN_JSON.sub(
        lambda m: f"\\u{ord(m.group()):04x}", text))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *,
                max_width: int = 60) -> None:
    def cell(value: Any) -> str:
        text = "" if value is None else str(value)
        if len(text) > max_width * 4:  # a half-million-character name: cut before cleaning
            text = text[: max_width * 4]
        text = for_terminal(text).translate(_CELL_BREAKS)  # one line per row
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    headers = [cell(h) for h in headers]
    cells = [[cell(v) for v in row] for row in rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in cells]) for i, h in enumerate(headers)]
    lines = ["  ".join(h + " " * (w - _width(h)) for h, w in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        lines.append("  ".join(v + " " * (w - _width(v)) for v, w in zip(row, widths,
                                                                         strict=True)))
    sys.stdout.write("\n".join(line.rstrip() for line in lines) + "\n")


def say(text: str) -> None:
    sys.stdout.write(for_terminal(text) + "\n")


def warn(text: str) -> None:
    """A line on stderr (errors, warnings, progress), made safe like `say`."""
    sys.stderr.write(for_terminal(text) + "\n")
