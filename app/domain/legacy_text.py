"""Legacy Vietnamese text (TCVN3 "ABC" and VNI-Windows) found in old spreadsheets:
recognised and turned into Unicode.

Detection never guesses on one character. A text is converted only when
- it could be legacy at all: it has non-ASCII characters and every character exists in
  Windows-1252 (Unicode Vietnamese almost always has letters beyond it: ạ, ơ, ư, đ...);
- as it stands, some of its non-ASCII words are not Vietnamese syllables (so "Thái
  Bình" or "Cà Mau", which are all Windows-1252, are left alone);
- converted, (nearly) all those words become Vietnamese syllables, and more of them
  than before.
Plain ASCII is never touched. The tables are data (app/domain/legacy_tables.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from app.domain import legacy_tables
from app.i18n import N_, _

TCVN3 = "tcvn3"
VNI = "vni"
ENCODINGS = {TCVN3: N_("TCVN3 (ABC)"), VNI: N_("VNI-Windows")}

# How many of a text's non-ASCII words must read as Vietnamese once converted.
_ENOUGH = 0.75


def encoding_label(name: str) -> str:
    return _(ENCODINGS[name]) if name in ENCODINGS else name


# -- tables -----------------------------------------------------------------------------

@cache
def _encode_table(encoding: str) -> dict[str, str]:
    return legacy_tables.rows(legacy_tables.TCVN3 if encoding == TCVN3 else legacy_tables.VNI)


@cache
def _decode_table(encoding: str) -> dict[str, str]:
    """Legacy sequence -> Unicode letter. VNI mark keys are accepted in either case
    ("aÙ" as well as "aù"): the letter's case follows the base letter, as the VNI fonts
    draw it."""
    table: dict[str, str] = {}
    for letter, legacy in _encode_table(encoding).items():
        if legacy.isascii():
            continue
        table.setdefault(legacy, letter)
        if encoding == VNI and len(legacy) == 2:
            base, mark = legacy
            for variant in {mark.lower(), mark.upper()}:
                table.setdefault(base + variant, letter)
    return table


def fits_cp1252(text: str) -> bool:
    """Whether every character exists in Windows-1252 (legacy text always does)."""
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


# -- conversion -------------------------------------------------------------------------

def decode(text: str, encoding: str, *, capitals: bool = False) -> str:
    """Legacy text -> Unicode (NFC). Characters outside the table are kept as they are.
    `capitals`: the text was typed in an "H" (capitals) TCVN3 font such as .VnTimeH."""
    translation = _single_characters(encoding)
    if translation is not None:  # TCVN3: one character for one letter
        result = text.translate(translation)
    else:  # VNI: a letter and its mark; no pair spans a space or ASCII punctuation
        result = "".join(_decode_word(part, encoding) for part in _SEPARATED.split(text))
    return result.upper() if capitals else result


def decode_sequence(text: str, table: dict[str, str]) -> str:
    """The decoding itself: at each position a two-character key first, then one."""
    out: list[str] = []
    index = 0
    length = len(text)
    while index < length:
        pair = text[index:index + 2]
        if len(pair) == 2 and pair in table:
            out.append(table[pair])
            index += 2
            continue
        char = text[index]
        out.append(table.get(char, char))
        index += 1
    return "".join(out)


@cache
def _single_characters(encoding: str) -> dict[int, str] | None:
    """str.translate's table when every key is one character, else None."""
    table = _decode_table(encoding)
    return str.maketrans(table) if all(len(key) == 1 for key in table) else None


@lru_cache(maxsize=65536)
def _decode_word(word: str, encoding: str) -> str:
    return decode_sequence(word, _decode_table(encoding))


_SEPARATED = re.compile(r"([\s!-/:-@\[-`{-~]+)")


def encode(text: str, encoding: str) -> str:
    """Unicode -> legacy text (for tests and demo files). Upper-case letters TCVN3 cannot
    write come out as their lower-case codes, as typists did with the "H" fonts."""
    table = _encode_table(encoding)
    out = []
    for char in unicodedata.normalize("NFC", text):
        if char in table:
            out.append(table[char])
        elif char.lower() in table:
            out.append(table[char.lower()])
        else:
            out.append(char)
    return "".join(out)


# -- is it Vietnamese? ------------------------------------------------------------------

_ONSETS = ("", "ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu",
           "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x")
_NUCLEI = frozenset((
    "a ă â e ê i o ô ơ u ư y "
    "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ôô ua uâ uê ui uô uơ uy ưa ưi "
    "ươ ưu yê "
    "iêu oai oay oao oeo uây uôi ươi ươu uya uyê uyu yêu uêu"
).split())
_CODAS = ("", "ch", "ng", "nh", "c", "m", "n", "p", "t")
# Nuclei that end the syllable (their last vowel is a glide): no final consonant.
_OPEN = frozenset("ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu iêu oai oay oao "
                  "oeo uây uôi ươi ươu uya uyu yêu uêu".split())
# Two-vowel open nuclei whose tone may sit on either vowel (hòa / hoà, thúy / thuý).
_EITHER = frozenset(("oa", "oe", "uy"))
_SHAPED = frozenset("ăâêôơư")
_TONE_MARKS = frozenset(legacy_tables.TONES[1:])
_SHAPE_MARKS = frozenset(("\u0302", "\u0306", "\u031b"))  # circumflex, breve, horn


def _tone_allowed(nucleus: str, coda: str, position: int, tone: str) -> bool:
    """Where the tone mark may sit in a nucleus (old and new placement both accepted)."""
    if nucleus in ("oo", "ôô"):  # loan words only: xoong, soóc, moóc
        return tone == "\u0301" and position == 1
    if len(nucleus) == 1:
        return True
    shaped = [i for i, c in enumerate(nucleus) if c in _SHAPED]
    if shaped:
        return position == shaped[-1]
    if len(nucleus) == 3:
        return position == 1
    if coda:
        return position == len(nucleus) - 1
    return position in (0, 1) if nucleus in _EITHER else position == 0


@lru_cache(maxsize=20000)
def is_vietnamese_word(word: str) -> bool:
    """One syllable of Vietnamese (any case): a known onset, nucleus and final, at most
    one tone mark and that one on the vowel that carries it."""
    letters: list[str] = []
    tone_at: int | None = None
    tone = ""
    for char in unicodedata.normalize("NFD", word.lower()):
        if char in _TONE_MARKS:
            if tone_at is not None or not letters:
                return False
            tone_at, tone = len(letters) - 1, char
        elif unicodedata.combining(char):
            if char not in _SHAPE_MARKS or not letters:
                return False
            letters[-1] = unicodedata.normalize("NFC", letters[-1] + char)
        else:
            letters.append(char)
    bare = "".join(letters)
    for onset in _ONSETS:
        if not bare.startswith(onset):
            continue
        rest = bare[len(onset):]
        for coda in _CODAS:
            if coda and not rest.endswith(coda):
                continue
            nucleus = rest[:len(rest) - len(coda)]
            if nucleus not in _NUCLEI or (coda and nucleus in _OPEN):
                continue
            if tone_at is None:
                return True
            position = tone_at - len(onset)
            if 0 <= position < len(nucleus) and _tone_allowed(nucleus, coda, position, tone):
                return True
    return False


# Words are split at spaces and ASCII punctuation only: legacy letters such as "©" or
# "«" are punctuation in Unicode but letters in TCVN3.
_SPLIT = re.compile(r"[\s!-/:-@\[-`{-~]+")


def _words(text: str) -> list[str]:
    return [w for w in _SPLIT.split(text) if w and not w.isascii()]


# -- detection --------------------------------------------------------------------------

@dataclass(frozen=True)
class Conversion:
    encoding: str
    original: str
    text: str

    def describe(self) -> str:
        return _("{encoding}: \u201c{before}\u201d \u2192 \u201c{after}\u201d").format(
            encoding=encoding_label(self.encoding), before=self.original, after=self.text)


def detect(text: str, *, hint: str | None = None, capitals: bool = False) -> Conversion | None:
    """The conversion of `text` if it is legacy TCVN3 or VNI text, else None.
    `hint`: the encoding the cell's font suggests (.VnTime -> TCVN3, VNI-Times -> VNI),
    which settles a tie."""
    if not text or text.isascii():
        return None
    return _detect(text, hint, capitals)


@lru_cache(maxsize=32768)
def _detect(text: str, hint: str | None, capitals: bool) -> Conversion | None:
    """detect(), remembered: an import asks about every legacy cell twice (once for its
    column's encoding, once to convert it)."""
    if not text or text.isascii() or not fits_cp1252(text):
        return None
    words = _words(text)
    if not words:
        return None
    valid_before = sum(1 for w in words if is_vietnamese_word(w))
    if valid_before == len(words):
        return None
    best: tuple[float, str] | None = None
    for encoding in (TCVN3, VNI):
        valid = sum(1 for w in words if _reads_as_vietnamese(w, encoding))
        if valid <= valid_before or valid < _ENOUGH * len(words):
            continue
        score = valid + (0.5 if encoding == hint else 0)
        if best is None or score > best[0]:
            best = (score, encoding)
    if best is None:
        return None
    encoding = best[1]
    converted = decode(text, encoding, capitals=capitals and encoding == TCVN3)
    return Conversion(encoding, text, unicodedata.normalize("NFC", converted))


@lru_cache(maxsize=65536)
def _reads_as_vietnamese(word: str, encoding: str) -> bool:
    """Whether a legacy word decodes to a Vietnamese syllable. Remembered: a register of
    10,000 rows holds a few thousand different syllables, each decoded once."""
    return is_vietnamese_word(decode(word, encoding))


def font_hint(font_name: str | None) -> tuple[str | None, bool]:
    """(encoding, capitals) suggested by a cell's font name: ".VnTime", ".VnArialH",
    "VNI-Times"..."""
    if not font_name:
        return None, False
    name = font_name.strip()
    if name.startswith(".Vn"):
        return TCVN3, name.endswith("H")
    if name.upper().startswith("VNI"):
        return VNI, False
    return None, False


def convert(text: str, encoding: str, *, capitals: bool = False) -> Conversion | None:
    """The conversion of `text` from an encoding already known for its column (most of
    the column was detected as that encoding): also settles short texts that read as
    Vietnamese either way ("Phãng" is a word, and TCVN3 for "Phỏng"). None when the text
    cannot be in that encoding or would not read as Vietnamese."""
    if not text or text.isascii() or not fits_cp1252(text):
        return None
    converted = unicodedata.normalize(
        "NFC", decode(text, encoding, capitals=capitals and encoding == TCVN3))
    if converted == text:
        return None
    words = _words(text)
    if not words or not all(is_vietnamese_word(w) for w in _words(converted)):
        return None
    return Conversion(encoding, text, converted)
