"""Individuals in a registrant column: registers list collectives and people in one
column ("Đơn vị/cá nhân đăng ký"), a person with an honorific - "Ông Nguyễn Văn
Hưởng", "Bà Trần Thị Thuỷ", "Đ/c Lê Văn Tám" - sometimes followed by where they live
("Bà Trần Thị Thuỷ - thôn Đông"). The honorifics are data (app.excel.synonyms)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from app.excel import synonyms

_SPLIT = re.compile(r"\s*(?:\s[-\u2013\u2014]\s|[,;(])\s*")


@dataclass(frozen=True)
class Person:
    name: str  # "Nguyễn Văn Hưởng"
    gender: str | None  # "nam", "nu" or None when the honorific does not say
    rest: str = ""  # what follows the name: where they live, or their position


def _is_name(words: list[str]) -> bool:
    return 2 <= len(words) <= 6 and all(w[:1].isupper() and w.replace("-", "").isalpha()
                                        for w in words)


def person(text: str | None) -> Person | None:
    """The person a registrant cell names with an honorific, or None."""
    if not isinstance(text, str):
        return None
    return _person(text, id(synonyms.table()))


@lru_cache(maxsize=4096)
def _person(text: str, _table: int) -> Person | None:
    text = unicodedata.normalize("NFC", text).strip()
    lowered = text.lower()
    for honorific, gender in synonyms.honorifics():
        if not lowered.startswith(honorific):
            continue
        after = text[len(honorific):]
        if not after[:1].isspace() and not honorific.endswith((".", "/")):
            continue
        parts = _SPLIT.split(after.strip(), maxsplit=1)
        name = parts[0].strip(" .)")
        if not _is_name(name.split()):
            return None
        rest = parts[1].strip(" .)") if len(parts) > 1 else ""
        return Person(name, gender or None, rest)
    return None
