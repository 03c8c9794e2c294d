"""Text rules shared by every layer: what we store, and how we compare and search.

Everything stored is NFC with tidy spaces; look-alike letters that keyboards and old
registers produce ("Ð" U+00D0, the Icelandic eth, for "Đ" U+0110) become the real
Vietnamese letter. Searching and matching work on a *folded* form: no case, no tone or
vowel marks, "đ" as "d". That makes "Hoà" and "Hòa" (old and new tone-mark placement)
equal, and lets "dan van kheo" find "Dân vận khéo".
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Characters that look like Vietnamese letters but are not.
_LOOKALIKES = str.maketrans(
    {
        "\u00d0": "\u0110",  # Ð (eth) -> Đ
        "\u0189": "\u0110",  # Ɖ (African D) -> Đ
        "\u00f0": "\u0111",  # ð (eth) -> đ
        "\u00a0": " ",  # no-break space
        "\u2007": " ",
        "\u202f": " ",
        "\u200b": "",  # zero-width space
        "\ufeff": "",  # byte order mark pasted from Word
    }
)

# Finding one is ten times faster than translating every character of a text that has
# none (almost every text).
_LOOKALIKE_CHARS = re.compile("[" + "".join(re.escape(chr(code)) for code in _LOOKALIKES)
                              + "]")
_SPACES = re.compile(r"[ \t]+")
# Control characters (C0 but tab and line breaks, DEL, C1) and the invisible marks that
# reorder text on screen (bidi embeddings, overrides and isolates, U+061C): a name that
# holds one prints differently from what it says ("U+202E" turns "gnáhT" into "Tháng"),
# breaks a terminal or an Excel file, and no keyboard makes them on purpose.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
                      "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


# Short texts repeat (unit names, fields, people's names in a register of thousands of
# rows): clean() and fold() remember the last few thousand they worked out.
_REMEMBERED = 256


def clean(value: str | None) -> str:
    """One-line text as we store it: NFC, look-alikes fixed, spaces collapsed, trimmed."""
    if value is None or value == "":
        return ""
    if type(value) is str and len(value) <= _REMEMBERED:
        return _clean_remembered(value)
    return _clean(str(value))


def _without_lookalikes(value: str) -> str:
    return value.translate(_LOOKALIKES) if _LOOKALIKE_CHARS.search(value) else value


def _clean(value: str) -> str:
    text = unicodedata.normalize("NFC", _without_lookalikes(value))
    text = _CONTROL.sub("", text).replace("\r", " ").replace("\n", " ")
    return _SPACES.sub(" ", text).strip()


_clean_remembered = functools.lru_cache(maxsize=8192)(_clean)


def clean_multiline(value: str | None) -> str:
    """Multi-line text as we store it: like clean() per line, blank edges removed."""
    if value is None or value == "":
        return ""
    text = unicodedata.normalize("NFC", _without_lookalikes(str(value)))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def hidden_characters(value: str) -> bool:
    """Does the text hold a control or text-reordering character that clean() and
    clean_multiline() remove (so DVK itself never stores it)?"""
    return _CONTROL.search(value) is not None


def without_hidden(value: str) -> str:
    """The text with those characters removed (for output of text stored before they
    were cleaned: a terminal, a spreadsheet, a printed page)."""
    return _CONTROL.sub("", value) if _CONTROL.search(value) else value


_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "d", "\u00d0": "d", "\u00f0": "d"})


def _fold_slow(text: str) -> str:
    text = unicodedata.normalize("NFD", text.translate(_FOLD_EXTRA).lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


# Every precomposed Latin letter whose folded form is plain ASCII, folded in advance:
# a Vietnamese name folds with one str.translate (imports and search fold a lot).
_FAST_FOLD = {code: _fold_slow(chr(code))
              for block in (range(0xC0, 0x250), range(0x1E00, 0x1F00)) for code in block
              if _fold_slow(chr(code)).isascii()}


def fold(value: str | None) -> str:
    """Search key: lower case, no diacritics, "đ" as "d", one space between words."""
    if not value:
        return ""
    if type(value) is str and len(value) <= _REMEMBERED:
        return _fold_remembered(value)
    return _fold(str(value))


def _fold(text: str) -> str:
    fast = text.translate(_FAST_FOLD)
    text = fast.lower() if fast.isascii() else _fold_slow(text)
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()


_fold_remembered = functools.lru_cache(maxsize=8192)(_fold)


_WORD = re.compile(r"[0-9a-z]+")
# Latin letters that have no marks to strip, as an ASCII keyboard spells them.
_PLAIN_LETTERS = str.maketrans({"ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe",
                                "Œ": "oe", "ß": "ss", "ẞ": "ss", "ł": "l", "Ł": "l", "ı": "i"})


def search_terms(query: str | None) -> list[str]:
    """The folded words of a text, in order, for prefix matching (the words a
    registration is found by, and the words typed to find it).

    Compatibility forms become plain letters and digits first ("m²" -> "m2", full-width
    "ＡＢ" -> "ab", "ﬁ" -> "fi"), and so do ø, æ, ß and their kind; any other character
    outside [0-9a-z] separates words.
    """
    if not query:
        return []
    if type(query) is str and len(query) <= _REMEMBERED:
        return list(_search_terms_remembered(query))  # registrants and units repeat
    return _search_terms(str(query))


def _search_terms(query: str) -> list[str]:
    plain = unicodedata.normalize("NFKC", query).translate(_PLAIN_LETTERS)
    return _WORD.findall(fold(plain))


_search_terms_remembered = functools.lru_cache(maxsize=8192)(
    lambda query: tuple(_search_terms(query)))


def same_name(a: str | None, b: str | None) -> bool:
    """True when two names are the same but for case, marks and spacing."""
    return fold(a) == fold(b)


# -- Vietnamese order -------------------------------------------------------------------
# Lists and papers sort as a Vietnamese reader expects: the alphabet a ă â b c d đ e ê
# g h i k l m n o ô ơ p q r s t u ư v x y (f j w z, in foreign names, where the Latin
# alphabet has them), syllable by syllable, each syllable by its letters first and then
# by its tone, in the dictionaries' order: ngang, huyền, hỏi, ngã, sắc, nặng ("Ma" <
# "Mà" < "Mả" < "Mã" < "Má" < "Mạ" < "Mác"). So "Tạ" comes before "Trịnh" and "Đỗ" after
# "Dương", before "Vũ". Numbers compare by their value ("Tổ 2" before "Tổ 10"). Case
# and spacing do not matter. Code points would put every marked letter after "z".
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: 100 + index for index, letter in enumerate(_ALPHABET)}
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_SYLLABLE = re.compile(r"\d+|[^\W\d_]+")


def _syllable_key(syllable: str) -> tuple:
    if syllable.isdigit():
        digits = syllable.lstrip("0") or "0"
        return ((10, len(digits), *map(int, digits)), 0)
    tone = 0
    letters = []
    for char in syllable:
        parts = unicodedata.normalize("NFD", char)
        kept = "".join(p for p in parts if p not in _TONE_RANK)
        for mark in parts:
            tone = _TONE_RANK.get(mark, tone)
        base = unicodedata.normalize("NFC", kept)
        rank = _LETTER_RANK.get(base)
        if rank is None:  # a letter of another alphabet: after ours, by its base
            stripped = "".join(p for p in unicodedata.normalize("NFD", base)
                               if not unicodedata.combining(p))
            rank = _LETTER_RANK.get(stripped, 200 + ord(base[:1] or " "))
        letters.append(rank)
    return (tuple(letters), tone)


def _sort_key(text: str) -> tuple:
    cleaned = clean(text).lower().translate({0x00F0: "đ"})
    return (tuple(_syllable_key(s) for s in _SYLLABLE.findall(cleaned)), cleaned)


_sort_key_remembered = functools.lru_cache(maxsize=16384)(_sort_key)


def sort_key(value: str | None) -> tuple:
    """The key that puts texts in Vietnamese order (see above): for `sorted(...,
    key=sort_key)`, table models and the papers alike."""
    if not value:
        return ((), "")
    text = str(value)
    return _sort_key_remembered(text) if len(text) <= _REMEMBERED else _sort_key(text)


def compare(a: str | None, b: str | None) -> int:
    """-1, 0 or 1: `a` before, with or after `b` in Vietnamese order (a SQL collation)."""
    left, right = sort_key(a), sort_key(b)
    return (left > right) - (left < right)
