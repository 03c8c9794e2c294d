"""The unit tree walked upwards: which unit lies under which, what merged into what,
and which office is this office's parent or child (`relation`).

A reader over `units` that keeps every row it read, for the checks that walk the tree
many times in one go: whose key is trusted for which unit (`app/sync/trust.py`), what a
bundle may carry (`app/sync/exporter.py`), and whether a certificate's issuer may speak
for the unit it names (`app/certificates/verify.py`).
"""

from __future__ import annotations

from sqlite_utils import Database

from app.domain.units import Unit, parent_level
from app.repositories import units as units_repo


class TreeView:
    """The unit tree as the trust rules and the certificate check need it, read once
    per unit."""

    def __init__(self, db: Database):
        self.db = db
        self._rows: dict[str, tuple[str | None, str | None, str | None] | None] = {}

    def _row(self, code: str) -> tuple[str | None, str | None, str | None] | None:
        if code not in self._rows:
            row = self.db.execute("SELECT parent_code, merged_into, merged_on FROM units"
                                  " WHERE code = ?", [code]).fetchone()
            self._rows[code] = tuple(row) if row else None
        return self._rows[code]

    def contains(self, scope: str, code: str) -> bool:
        seen: set[str] = set()
        todo = [code]
        while todo:
            current = todo.pop()
            if current == scope:
                return True
            if current in seen:
                continue
            seen.add(current)
            row = self._row(current)
            if row is not None:
                todo.extend(link for link in row[:2] if link)
        return False

    def ancestors(self, code: str) -> list[str]:
        result: list[str] = []
        row = self._row(code)
        while row is not None and row[0] and row[0] not in result:
            result.append(row[0])
            row = self._row(row[0])
        return result

    def merged(self, code: str) -> tuple[str, str] | None:
        row = self._row(code)
        if row is None or not row[1] or not row[2]:
            return None
        return row[1], row[2]


def ancestors(db: Database, code: str) -> list[str]:
    result: list[str] = []
    unit = units_repo.get(db, code)
    while unit is not None and unit.parent_code and unit.parent_code not in result:
        result.append(unit.parent_code)
        unit = units_repo.get(db, unit.parent_code)
    return result


def parent_office_of(db: Database, profile: str, unit: Unit) -> str | None:
    """The office `unit` reports to (skipping levels the profile does not use)."""
    wanted = parent_level(profile, unit.level)
    current = units_repo.get(db, unit.parent_code)
    while current is not None and wanted is not None and current.level != wanted:
        current = units_repo.get(db, current.parent_code)
    return current.code if current is not None and wanted is not None else None


PARENT = "parent"
CHILD = "child"


def relation(db: Database, profile: str, office: Unit, other_code: str) -> str | None:
    """PARENT when `other_code` is the office this office reports to, CHILD when it is
    an office that reports to this one, None otherwise."""
    other = units_repo.get(db, other_code)
    if other is None or other.code == office.code:
        return None
    if parent_office_of(db, profile, office) == other.code:
        return PARENT
    if parent_office_of(db, profile, other) == office.code:
        return CHILD
    return None
