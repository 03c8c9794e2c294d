"""Communes by name, above the commune: which communes an office has below it, and
which commune a model, a sub-unit or a decision's line belongs to.

A province (or a district) reads lists of models from many communes; every such list
names the commune, and groups by it (app/domain/text.py `sort_key` gives the order).
A model belongs to the commune it was registered at (`registrations.unit_code`); a
sub-unit (village, Party cell, association) to the unit it was made under; an office
above the communes (a district's or the province's own models) stands for itself.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database

from app.domain.text import sort_key
from app.repositories import figures


@dataclass(frozen=True)
class Commune:
    code: str
    name: str
    parent_code: str | None  # the district, in the three-tier profile; the province

    @property
    def key(self) -> tuple:
        return sort_key(self.name)


def below(db: Database, office: str) -> list[Commune]:
    """The communes of the office's area (figures.AREA: the office, the offices below
    it, units merged into them), not merged away, in Vietnamese order."""
    area = sorted(figures.area_codes(db, office) - {office})
    rows = db.execute(
        "SELECT code, name, parent_code FROM units WHERE level = 'xa' AND merged_into IS NULL"
        " AND code IN (SELECT value FROM json_each(?))", [json.dumps(area)]).fetchall()
    return sorted((Commune(*row) for row in rows), key=lambda c: (c.key, c.code))


def of_units(db: Database, codes: set[str]) -> dict[str, Commune]:
    """unit code -> the commune (or office) it belongs to: itself for a commune or an
    office above, the unit it was made under for a sub-unit (cấp cơ sở)."""
    wanted = sorted(c for c in codes if c)
    if not wanted:
        return {}
    rows = db.execute(
        "SELECT u.code, CASE WHEN u.level = 'coso' AND p.code IS NOT NULL THEN p.code"
        " ELSE u.code END, CASE WHEN u.level = 'coso' AND p.code IS NOT NULL THEN p.name"
        " ELSE u.name END, CASE WHEN u.level = 'coso' AND p.code IS NOT NULL"
        " THEN p.parent_code ELSE u.parent_code END"
        " FROM units u LEFT JOIN units p ON p.code = u.parent_code"
        " WHERE u.code IN (SELECT value FROM json_each(?))", [json.dumps(wanted)])
    found = {code: Commune(commune, name, parent) for code, commune, name, parent in rows}
    # A sub-unit of another commune is not held here (a commune reading the province's
    # decision holds only its own sub-units), but its code says whose it is:
    # `<commune code>-<number>` (docs/records.md), and every commune of the country is
    # held (the shipped list). Without this the commune column showed the sub-unit.
    parents = {code: code.rsplit("-", 1)[0] for code in wanted
               if code not in found and "-" in code and code.rsplit("-", 1)[1].isdigit()}
    if parents:
        held = {code: Commune(code, name, parent) for code, name, parent in db.execute(
            "SELECT code, name, parent_code FROM units WHERE code IN"
            " (SELECT value FROM json_each(?))", [json.dumps(sorted(set(parents.values())))])}
        found.update({child: held[commune] for child, commune in parents.items()
                      if commune in held})
    return found


def of_models(db: Database, registration_ids: list[str]) -> dict[str, Commune]:
    """registration id -> the commune it was registered at (the models this office
    holds)."""
    if not registration_ids:
        return {}
    rows = db.execute(
        "SELECT r.id, u.code, u.name, u.parent_code FROM registrations r"
        " JOIN units u ON u.code = r.unit_code"
        " WHERE r.id IN (SELECT value FROM json_each(?))",
        [json.dumps(sorted(set(registration_ids)))])
    return {rid: Commune(code, name, parent) for rid, code, name, parent in rows}


def names(db: Database, codes: set[str]) -> dict[str, str]:
    wanted = sorted(c for c in codes if c)
    if not wanted:
        return {}
    return dict(db.execute("SELECT code, name FROM units WHERE code IN"
                           " (SELECT value FROM json_each(?))", [json.dumps(wanted)]))
