"""Typography of printed Vietnamese: typographic quotes, and the spaces a line must
never break at.

Decree 30/2020 and Hướng dẫn 36-HD/VPTW want a place name, a date and a number to stay
whole on a line: "TỈNH NINH / BÌNH", "năm / 2025" or "số / 3" split over two lines read
as errors on a signed paper. `nobreak` turns such spaces into no-break spaces
(U+00A0), which ReportLab's line breaking and `render/fit.py` never break at:

- a word and the number after it ("năm 2025", "ngày 05", "số 3", "Điều 1");
- a unit's type and its name ("xã Nam Hồng", "PHƯỜNG LÝ THƯỜNG KIỆT", "Tỉnh ủy Ninh
  Bình"): the type word and up to three capitalised words after it;
- the name of a body that is one noun ("Ủy ban nhân dân", "Hội đồng nhân dân"): "của Ủy
  ban nhân / dân xã Yên Mô" splits the issuer's name in the annex's reference line.

Both run when a paper is rendered (render/styles.text, the certificate painter), so
texts typed by clerks get them too, and the document models keep plain spaces.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
OPEN_QUOTE, CLOSE_QUOTE = "\u201c", "\u201d"

# A straight double quote opens after a space, an opening bracket or at the start.
_OPENING = re.compile(r'(^|[\s(\[{\u2014\u2013-])"')


def quotes(text: str) -> str:
    """Straight double quotes as typographic ones: "Dân vận khéo" -> “Dân vận khéo”."""
    if '"' not in text:
        return text
    text = _OPENING.sub(lambda m: m.group(1) + OPEN_QUOTE, text)
    return text.replace('"', CLOSE_QUOTE)


# Words that name a kind of unit; the capitalised words after one are its name.
_UNIT_WORDS = ("xã", "phường", "tỉnh", "huyện", "quận", "thị xã", "thị trấn", "thành phố",
               "đặc khu", "thôn", "xóm", "bản", "ấp", "làng", "khu phố", "tổ dân phố",
               "ủy", "khu dân cư", "Tỉnh ủy", "Huyện ủy", "Thành ủy", "Quận ủy", "Thị ủy")
# Capitalised words that are never part of a place name after a unit word.
_NOT_NAME = {"năm", "ngày", "tháng", "số", "được", "và", "của", "về", "cấp", "giai",
             "đoạn", "nhiệm", "kỳ", "theo", "kèm", "tại", "trên", "dưới", "công", "nhận"}
_NAME_WORDS = 3
_WORD = re.compile(r"\S+")


def _is_name_word(word: str) -> bool:
    bare = word.strip("“”\"'(),.;:")
    return bool(bare) and bare[0].isupper() and not any(c.isdigit() for c in bare) \
        and bare.lower() not in _NOT_NAME


# The unit words by their first word (lower case), the longest first: every word of
# every printed text is looked up here.
_UNIT_WORDS_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _unit_word in sorted(_UNIT_WORDS, key=lambda w: -w.count(" ")):
    _parts = tuple(_unit_word.lower().split(" "))
    _UNIT_WORDS_BY_FIRST.setdefault(_parts[0], []).append(_parts)


def _unit_word_at(words: list[str], index: int) -> int:
    """How many words starting at `index` form a unit word (0: none)."""
    for parts in _UNIT_WORDS_BY_FIRST.get(words[index].lower(), ()):
        chunk = words[index:index + len(parts)]
        if len(chunk) == len(parts) and all(a.lower() == b
                                            for a, b in zip(chunk, parts, strict=True)):
            return len(parts)
    return 0


def _glue_places(line: str) -> str:
    words = line.split(" ")
    joins = [False] * max(0, len(words) - 1)  # joins[i]: no break between i and i+1
    index = 0
    while index < len(words):
        size = _unit_word_at(words, index)
        if not size:
            index += 1
            continue
        last = index + size - 1
        names = 0
        while last + 1 < len(words) and names < _NAME_WORDS and _is_name_word(words[last + 1]):
            last += 1
            names += 1
            if words[last].endswith((",", ";", ".", ":", ")")):
                break
        if names:
            for position in range(index + size - 1, last):
                joins[position] = True
        index = last + 1
    out = [words[0]] if words else []
    for position, word in enumerate(words[1:]):
        out.append((NBSP if joins[position] else " ") + word)
    return "".join(out)


# Bodies whose name is one noun of several words.
_BODIES = re.compile(r"\b(?:Ủy ban nhân dân|Hội đồng nhân dân|Mặt trận Tổ quốc)\b",
                     re.IGNORECASE)


def _glue_bodies(line: str) -> str:
    return _BODIES.sub(lambda m: m.group(0).replace(" ", NBSP), line)


# A word, then a number ("2025", "05-QĐ/BCĐ", "18/9/2025"); a range of years.
_WORD_NUMBER = re.compile(r"(?<=\S) (?=[0-9])")
_RANGE = re.compile(r"(?<=[0-9]) ([-–]) (?=[0-9])")


def nobreak(text: str) -> str:
    """`text` with no-break spaces where a line must not break (see the module)."""
    if " " not in text:
        return text
    lines = []
    for line in text.split("\n"):
        line = _WORD_NUMBER.sub(NBSP, _RANGE.sub(NBSP + r"\1" + NBSP, line))
        lines.append(_glue_bodies(_glue_places(line)) if " " in line else line)
    return "\n".join(lines)


def printed(text: str) -> str:
    """What every printed text goes through: typographic quotes, then no-break spaces."""
    return nobreak(quotes(text))


_ON_BEHALF = (("T/M ", "TM. "), ("K/T ", "KT. "), ("T/L ", "TL. "), ("T/UQ ", "TUQ. "))


def on_behalf(text: str, system: str) -> str:
    """The signature's first words in the layout's spelling: "TM." in State papers
    (Decree 30/2020), "T/M" in Party papers (Hướng dẫn 36-HD/VPTW)."""
    for party, state in _ON_BEHALF:
        old, new = (party, state) if system == "state" else (state, party)
        if text.startswith(old):
            return new + text[len(old):]
        if text.strip() == old.strip():
            return new.strip()
    return text
