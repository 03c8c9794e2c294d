"""The words offices write in their registers, as data: headers per DVK column, the
values of coded columns (fields, kinds...), and the honorifics that mark a person
("Ông", "Bà"...). Shipped in resources/excel-synonyms.json; an office adds its own in
excel-synonyms.json in DVK's data folder (the same shape: its lists are added to the
shipped ones, a word of its own wins over a shipped one).

Headers are compared in a canonical form: folded (no case, no marks, "đ" as "d") with
punctuation as spaces, so "Ngày, tháng đăng ký", "NGAY THANG DANG KY" and "Ngày tháng
đăng ký" are one header.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from app.domain.text import fold

FILE_NAME = "excel-synonyms.json"
_PUNCTUATION = re.compile(r"[\s,;:/\\\-\u2013\u2014_.()\[\]*+&\"'\u201c\u201d]+")


def canonical(text: str) -> str:
    """A header or value as compared: folded, punctuation as one space."""
    return _PUNCTUATION.sub(" ", fold(text)).strip()


def office_file() -> Path | None:
    """The office's own synonyms file (in DVK's data folder), if it can be located."""
    try:
        from app.paths import user_data_dir

        return user_data_dir() / FILE_NAME
    except Exception:  # a read-only stick: the shipped table alone
        return None


def _read(path: Path | None) -> dict[str, Any]:
    if path is None or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return {}  # a file the office broke must not stop imports
    return data if isinstance(data, dict) else {}


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Lists are joined (the office's first), dictionaries merged key by key."""
    result = dict(base)
    for key, value in extra.items():
        old = result.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            result[key] = _merge(old, value)
        elif isinstance(old, list) and isinstance(value, list):
            result[key] = [v for v in value if isinstance(v, str)] + old
        elif old is None:
            result[key] = value
    return result


def _table(office_path: str | None) -> dict[str, Any]:
    from app.paths import resource

    shipped = _read(resource(FILE_NAME))
    return _merge(shipped, _read(Path(office_path)) if office_path else {})


_current: dict[str, Any] | None = None


def table() -> dict[str, Any]:
    """The shipped table merged with the office's, as last read (`refresh`)."""
    return _current if _current is not None else refresh()


def refresh() -> dict[str, Any]:
    """Read the table again if the office's file changed (once per workbook opened:
    not on every cell)."""
    global _current
    path = office_file()
    try:
        stamp = path.stat().st_mtime_ns if path is not None else None
    except OSError:
        stamp = None
    _current = _table_stamped(str(path) if stamp is not None else None, stamp)
    return _current


@cache
def _table_stamped(path: str | None, _stamp: int | None) -> dict[str, Any]:
    return _table(path)


def column_forms() -> dict[str, str]:
    """Canonical header -> column key (the office's words first)."""
    return _column_forms(id(table()))


@cache
def _column_forms(_key: int) -> dict[str, str]:
    forms: dict[str, str] = {}
    for key, words in table().get("columns", {}).items():
        for word in words if isinstance(words, list) else ():
            forms.setdefault(canonical(word), key)
    return forms


def not_imported() -> frozenset[str]:
    return frozenset(canonical(w) for w in table().get("not_imported", []))


def value_forms(what: str) -> dict[str, str]:
    """Canonical value -> code of a coded column ("field": "1".."4", "kind"...)."""
    return _value_forms(what, id(table()))


@cache
def _value_forms(what: str, _key: int) -> dict[str, str]:
    forms: dict[str, str] = {}
    for code, words in table().get("values", {}).get(what, {}).items():
        for word in words if isinstance(words, list) else ():
            forms.setdefault(canonical(word), code)
    return forms


def honorifics() -> list[tuple[str, str]]:
    """(honorific as written, lower case; the gender it says or "") longest first."""
    return _honorifics(id(table()))


@cache
def _honorifics(_key: int) -> list[tuple[str, str]]:
    found = []
    for gender, words in table().get("honorifics", {}).items():
        for word in words if isinstance(words, list) else ():
            found.append((word.strip().lower(), gender))
    return sorted(found, key=lambda item: -len(item[0]))
