"""What a clerk chose for a register's columns, remembered for the next book like it:
the mapping is kept in the office's settings under the book's headers (in canonical
form), so next year's register, or the next commune's, opens with the same choices."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from app.excel.synonyms import canonical
from app.repositories import settings as settings_repo

if TYPE_CHECKING:
    from app.datafile.office_file import OfficeFile

SETTING = "excel.layouts"
_KEEP = 200  # layouts remembered at most (the oldest go first)


def signature(headers: list[str]) -> str:
    """The key of a layout: its headers, canonical, in order."""
    text = "\x1f".join(canonical(h or "") for h in headers)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def remembered(file: OfficeFile, headers: list[str]) -> list[str | None] | None:
    """The mapping chosen the last time a book had these headers, or None."""
    stored = settings_repo.get(file.db, SETTING, {}) or {}
    found = stored.get(signature(headers))
    if not isinstance(found, dict) or len(found.get("mapping", [])) != len(headers):
        return None
    return [key if isinstance(key, str) else None for key in found["mapping"]]


def remember(file: OfficeFile, headers: list[str], mapping: list[str | None]) -> None:
    stored = dict(settings_repo.get(file.db, SETTING, {}) or {})
    key = signature(headers)
    stored.pop(key, None)
    stored[key] = {"mapping": list(mapping)[:len(headers)], "headers": list(headers)}
    while len(stored) > _KEEP:
        stored.pop(next(iter(stored)))
    with file.transaction():
        settings_repo.put(file.db, SETTING, stored)
