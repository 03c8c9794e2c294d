"""Text on its way out of the program: a terminal, a spreadsheet, a printed page.

What DVK stores today is cleaned (app.domain.text), but a data file can hold text
stored before that cleaning, or written by another tool: control characters, terminal
escape sequences, marks that reorder text on screen (U+202E), characters an XML file
cannot hold, or a name of half a million characters. Each way out keeps what it can
show and drops the rest, so such a text never breaks a file, a terminal or a page, and
never shows something other than what it says.
"""

from __future__ import annotations

import re

from app.domain.text import _CONTROL as _HIDDEN  # what clean() never stores
from app.domain.text import without_hidden

ELLIPSIS = "…"
# Characters XML 1.0 cannot hold at all (besides the C0 controls without_hidden drops):
# lone surrogates and the two non-characters U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
# Both in one search: a spreadsheet export checks every text it writes.
_HIDDEN_OR_NOT_XML = re.compile(f"{_HIDDEN.pattern}|{_NOT_XML.pattern}")
_LINE_BREAKS = re.compile(r"\r\n?")
# A spreadsheet cell holds at most 32,767 characters; Excel calls a longer one damage.
SPREADSHEET_CELL_MAX = 32_767


def shortened(text: str, limit: int) -> str:
    """At most `limit` characters, the last one "…" when something was cut."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + ELLIPSIS


def for_terminal(text: str) -> str:
    """What a terminal may be sent: no control character but tab and line break (so
    no escape sequence: ESC and the one-character CSI are gone), no mark that reorders
    text, and a carriage return made a line break (it would let a text overwrite the
    line it is on)."""
    text = without_hidden(text)
    return _LINE_BREAKS.sub("\n", text) if "\r" in text else text


def for_spreadsheet(text: str) -> str:
    """What a spreadsheet cell may hold: no hidden or control character but tab and
    line breaks, nothing XML cannot hold, at most 32,767 characters."""
    if len(text) <= SPREADSHEET_CELL_MAX and _HIDDEN_OR_NOT_XML.search(text) is None:
        return text  # almost every text: one search
    return shortened(_HIDDEN_OR_NOT_XML.sub("", text), SPREADSHEET_CELL_MAX)


def for_print(text: str) -> str:
    """What a printed page may show: no hidden or control character (line breaks stay
    for the fields that have lines), nothing a PDF font cannot map."""
    if _HIDDEN_OR_NOT_XML.search(text) is not None:
        text = _HIDDEN_OR_NOT_XML.sub("", text)
    return _LINE_BREAKS.sub("\n", text) if "\r" in text else text
