"""The document font: Times New Roman where the system has it, else the bundled,
metric-compatible Liberation Serif (SIL OFL, resources/fonts/).

A font is only used when every one of its four faces exists and covers every
Vietnamese letter (VIETNAMESE_LETTERS): an old or partial Times New Roman would
otherwise print missing-glyph boxes. Fonts are registered with ReportLab once per
process under fixed family names; ReportLab embeds a subset of each TrueType face it
uses, so the PDF prints the same on a machine without the font.

`DVK_PRINT_FONT=bundled` forces the bundled font (tests and reference images use it
so that they do not depend on the machine), `DVK_PRINT_FONT=system` prefers Times New
Roman (the default).

On Windows Times New Roman is C:\\Windows\\Fonts\\times.ttf, timesbd.ttf, timesi.ttf and
timesbi.ttf (the folder comes from WINDIR; fonts installed for one user sit under
LOCALAPPDATA). File names are matched whatever their case (an old PC may have
TIMES.TTF). Liberation Serif has Times New Roman's widths, so a paper breaks its lines
at the same places with either (tests/windows/test_fonts_on_windows.py).
"""

from __future__ import annotations

import os
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from app.domain import limits
from app.domain.safe_output import for_print, shortened
from app.errors import DvkError
from app.i18n import _
from app.paths import resource

FACES = ("regular", "bold", "italic", "bolditalic")
FAMILY = "DVKSerif"


def _vietnamese_letters() -> str:
    vowels = "aăâeêioôơuưy"
    marks = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
    letters = [unicodedata.normalize("NFC", v + m) for v in vowels + vowels.upper()
               for m in marks]
    return "".join(letters) + "đĐ"


# 12 vowels x 6 tone forms x 2 cases, and đ/Đ: every precomposed Vietnamese letter.
VIETNAMESE_LETTERS = _vietnamese_letters()

_BUNDLED = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bolditalic": "LiberationSerif-BoldItalic.ttf",
}

# File names of Times New Roman per face, in the places Windows, Linux (msttcorefonts)
# and macOS keep them.
_TIMES_NAMES = {
    "regular": ("times.ttf", "Times_New_Roman.ttf", "Times New Roman.ttf"),
    "bold": ("timesbd.ttf", "Times_New_Roman_Bold.ttf", "Times New Roman Bold.ttf"),
    "italic": ("timesi.ttf", "Times_New_Roman_Italic.ttf", "Times New Roman Italic.ttf"),
    "bolditalic": ("timesbi.ttf", "Times_New_Roman_Bold_Italic.ttf",
                   "Times New Roman Bold Italic.ttf"),
}


PLATFORM = sys.platform  # tests stand a Windows PC in


def system_font_dirs(platform: str | None = None, environ=None) -> list[Path]:
    """Where the system keeps fonts (Windows: WINDIR's Fonts, then the user's own)."""
    platform = platform or PLATFORM
    environ = os.environ if environ is None else environ
    if platform.startswith("win"):
        windir = Path(environ.get("WINDIR") or environ.get("SystemRoot") or r"C:\Windows")
        found = [windir / "Fonts"]
        if environ.get("LOCALAPPDATA"):
            found.append(Path(environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
        return found
    if platform == "darwin":
        return [Path("/System/Library/Fonts/Supplemental"), Path("/Library/Fonts"),
                Path.home() / "Library" / "Fonts"]
    return [Path("/usr/share/fonts/truetype/msttcorefonts"),
            Path("/usr/share/fonts/TTF"), Path("/usr/share/fonts/truetype"),
            Path.home() / ".local" / "share" / "fonts", Path.home() / ".fonts"]


@dataclass(frozen=True)
class FontSet:
    """The registered family: ReportLab font names per face, and where they came from."""

    label: str  # "Times New Roman" or "Liberation Serif"
    files: dict[str, Path]

    def name(self, face: str = "regular") -> str:
        return f"{FAMILY}-{face}"

    @property
    def regular(self) -> str:
        return self.name("regular")

    @property
    def bold(self) -> str:
        return self.name("bold")

    @property
    def italic(self) -> str:
        return self.name("italic")

    @property
    def bolditalic(self) -> str:
        return self.name("bolditalic")


def _files_in(folder: Path) -> dict[str, Path]:
    """The files of a folder by their lower-case name ({} when it cannot be read)."""
    try:
        return {entry.name.lower(): entry for entry in folder.iterdir() if entry.is_file()}
    except OSError:
        return {}


def find_times_new_roman(dirs: list[Path] | None = None) -> dict[str, Path] | None:
    """The four faces of Times New Roman, or None when any is missing."""
    listings = [_files_in(folder) for folder in
                (dirs if dirs is not None else system_font_dirs())]
    found: dict[str, Path] = {}
    for face, names in _TIMES_NAMES.items():
        for files in listings:
            hit = next((files[n.lower()] for n in names if n.lower() in files), None)
            if hit:
                found[face] = hit
                break
        else:
            return None
    return found


def missing_letters(path: Path) -> str:
    """The Vietnamese letters a TrueType file has no glyph for ('' when complete)."""
    try:
        cmap = TTFont("_probe", str(path)).face.charToGlyph
    except (TTFError, OSError, ValueError):
        return VIETNAMESE_LETTERS
    return "".join(c for c in VIETNAMESE_LETTERS if ord(c) not in cmap)


def _bundled_files() -> dict[str, Path]:
    return {face: resource("fonts", name) for face, name in _BUNDLED.items()}


def _choose(preference: str) -> tuple[str, dict[str, Path]]:
    if preference != "bundled":
        times = find_times_new_roman()
        if times and not any(missing_letters(p) for p in times.values()):
            return "Times New Roman", times
    return "Liberation Serif", _bundled_files()


def register_family(family: str, files: dict[str, Path]) -> None:
    """Register the four faces of `files` as ReportLab family `family` ("<family>-bold"
    and so on), or say in Vietnamese that the font cannot be loaded."""
    try:
        for face in FACES:
            pdfmetrics.registerFont(TTFont(f"{family}-{face}", str(files[face])))
    except (TTFError, OSError) as error:
        raise DvkError(_(
            "The printing font cannot be loaded ({detail}). Reinstall DVK to restore the "
            "files in resources/fonts."
        ).format(detail=error)) from error
    pdfmetrics.registerFontFamily(family, normal=f"{family}-regular", bold=f"{family}-bold",
                                  italic=f"{family}-italic",
                                  boldItalic=f"{family}-bolditalic")
    for bold, italic, face in ((0, 0, "regular"), (1, 0, "bold"), (0, 1, "italic"),
                               (1, 1, "bolditalic")):
        addMapping(f"{family}-regular", bold, italic, f"{family}-{face}")


@cache
def document_fonts() -> FontSet:
    """Register and return the document font family (once per process)."""
    label, files = _choose(os.environ.get("DVK_PRINT_FONT", "system"))
    register_family(FAMILY, files)
    return FontSet(label, files)


def forget() -> None:
    """Choose and register the font again on next use (tests that switch fonts)."""
    document_fonts.cache_clear()
    _covered.cache_clear()


@cache
def _covered() -> frozenset[int]:
    fonts = document_fonts()
    return frozenset(pdfmetrics.getFont(fonts.regular).face.charToGlyph)


_KEEP = {ord("\n"), ord("\t")}


# No single text laid out is longer than the longest field DVK stores (a part of a
# registration form): the last net under bounds.py, whatever a paper prints.
PRINT_TEXT_MAX = limits.LONG_TEXT


def printable(text: str) -> str:
    """`text` in NFC with every character the document font has no glyph for (an
    emoji, a stray CJK character pasted from the web) replaced by "?": visible, where
    ReportLab would print an empty missing-glyph box. Control characters and the marks
    that reorder text on screen are dropped (they print as nothing, or reverse what a
    line says), and a text longer than PRINT_TEXT_MAX is cut with "…"."""
    text = text or ""
    if len(text) > PRINT_TEXT_MAX:
        text = shortened(text, PRINT_TEXT_MAX)
    text = unicodedata.normalize("NFC", for_print(text))
    covered = _covered()
    if all(ord(c) in covered or ord(c) in _KEEP for c in text):
        return text
    return "".join(c if ord(c) in covered or ord(c) in _KEEP else "?" for c in text)
