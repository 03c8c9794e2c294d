"""Whose registrations a sheet holds, when a province or a district imports the books
of its communes: a sheet named after a unit below the office ("Xã Gia Vân", "Gia
Vân", "3. Gia Vân") holds that unit's registrations; the clerk names the unit of any
other sheet (the window asks; `dvk import-excel --sheet-unit "Sheet=CODE"`)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from app.domain.units import Unit
from app.excel.synonyms import canonical
from app.repositories import units as units_repo

if TYPE_CHECKING:
    from app.datafile.office_file import OfficeFile

_PREFIXES = ("thi tran", "thi xa", "thanh pho", "dac khu", "phuong", "huyen", "quan", "xa",
             "tp")
_NUMBERING = re.compile(r"^(?:\d{1,3}|[ivx]+)\s+")


def units_below(file: OfficeFile, office: Unit) -> list[Unit]:
    """The communes (and districts) below an office above commune level; empty for a
    commune office."""
    if office.level in ("xa", "coso"):
        return []
    found: list[Unit] = []
    queue = [office.code]
    while queue:
        code = queue.pop()
        for unit in units_repo.children(file.db, code):
            if unit.level in ("huyen", "xa"):
                found.append(unit)
                if unit.level == "huyen":
                    queue.append(unit.code)
    return found


def bare(name: str) -> str:
    """A unit's or a sheet's name without numbering and kind: "3. Xã Gia Vân" -> "gia
    van"."""
    form = _NUMBERING.sub("", canonical(name))
    for prefix in _PREFIXES:
        if form.startswith(prefix + " "):
            return form[len(prefix) + 1:]
    return form


def unit_of_sheet(sheet_name: str, below: list[Unit]) -> Unit | None:
    """The one unit below the office a sheet is named after, or None."""
    form = bare(sheet_name)
    if not form:
        return None
    exact = [u for u in below if canonical(u.name) == canonical(sheet_name)]
    if len(exact) == 1:
        return exact[0]
    found = [u for u in below if bare(u.name) == form]
    communes = [u for u in found if u.level == "xa"]
    if len(communes) == 1:
        return communes[0]
    return found[0] if len(found) == 1 else None


def unit_named(text: str, below: list[Unit]) -> Unit | None:
    """The unit a clerk named for a sheet: its code or its name."""
    text = text.strip()
    for unit in below:
        if unit.code == text:
            return unit
    return unit_of_sheet(text, below)
