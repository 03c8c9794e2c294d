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

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from app.errors import DvkError
from app.i18n import _
from app.paths import resource
from app.printing.fonts import FACES, FontSet

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
    try:
        for face in FACES:
            pdfmetrics.registerFont(TTFont(f"{FIXED_FAMILY}-{face}", str(files[face])))
    except (TTFError, OSError) as error:
        raise DvkError(_(
            "The printing font cannot be loaded ({detail}). Reinstall DVK to restore the "
            "files in resources/fonts."
        ).format(detail=error)) from error
    pdfmetrics.registerFontFamily(FIXED_FAMILY, normal=f"{FIXED_FAMILY}-regular",
                                  bold=f"{FIXED_FAMILY}-bold",
                                  italic=f"{FIXED_FAMILY}-italic",
                                  boldItalic=f"{FIXED_FAMILY}-bolditalic")
    for bold, italic, face in ((0, 0, "regular"), (1, 0, "bold"), (0, 1, "italic"),
                               (1, 1, "bolditalic")):
        addMapping(f"{FIXED_FAMILY}-regular", bold, italic, f"{FIXED_FAMILY}-{face}")
    return FixedFontSet("Liberation Serif", files)
