"""The unit tree walked upwards: which unit lies under which, and what merged into what.

A reader over `units` that keeps every row it read, for the checks that walk the tree
many times in one go: whose key is trusted for which unit (`app/sync/trust.py`), what a
bundle may carry (`app/sync/exporter.py`), and whether a certificate's issuer may speak
for the unit it names (`app/certificates/verify.py`).
"""

from __future__ import annotations

from sqlite_utils import Database


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
