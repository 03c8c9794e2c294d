"""The font of issued papers: always the bundled Liberation Serif (metric-compatible with
Times New Roman), registered under its own family name beside the document font.

An issued decision is reprinted byte for byte at every office (app/printing/frozen.py),
and one office has Times New Roman while the next has not; so frozen papers never use
the machine's fonts. The document font (app/printing/fonts.py) is untouched: drafts
and other papers still prefer Times New Roman.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from app.paths import resource
from app.printing.fonts import FontSet, register_family

FIXED_FAMILY = "DVKFixedSerif"
_FILES = {"regular": "LiberationSerif-Regular.ttf", "bold": "LiberationSerif-Bold.ttf",
          "italic": "LiberationSerif-Italic.ttf",
          "bolditalic": "LiberationSerif-BoldItalic.ttf"}


@dataclass(frozen=True)
class FixedFontSet(FontSet):
    def name(self, face: str = "regular") -> str:
        return f"{FIXED_FAMILY}-{face}"


@cache
def fixed_fonts() -> FontSet:
    """Register (once per process) and return the bundled font under FIXED_FAMILY."""
    files = {face: resource("fonts", name) for face, name in _FILES.items()}
    register_family(FIXED_FAMILY, files)
    return FixedFontSet("Liberation Serif", files)
