"""The unit tree."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from sqlite_utils import Database

from app import clock
from app.domain.text import fold
from app.domain.units import Unit, level_of_type
from app.repositories.records import RecordWriter

# Official units get the same id in every office: uuid5 of their code.
_OFFICIAL_NAMESPACE = uuid.UUID("6f7c1d52-2a1e-4c39-9b35-3f0f4f3c2d10")
REFERENCE_ORIGIN = "VN"

_COLUMNS = "id, code, name, type, level, parent_code, official, merged_into, merged_on"


def official_id(code: str) -> str:
    return str(uuid.uuid5(_OFFICIAL_NAMESPACE, code))


def _unit(row) -> Unit:
    return Unit(
        id=row[0], code=row[1], name=row[2], type=row[3], level=row[4], parent_code=row[5],
        official=bool(row[6]), merged_into=row[7], merged_on=row[8],
    )


def load_reference(db: Database, path: Path, valid_from: str = "2025-07-01") -> int:
    """Insert the shipped official units that are not there yet (rev 0: they never
    travel in bundles; every office has them)."""
    items = json.loads(path.read_text(encoding="utf-8"))
    now = clock.stamp()
    rows = [
        (official_id(u["code"]), u["code"], u["name"], u["type"], level_of_type(u["type"]),
         u["parent"], 1, valid_from, fold(u["name"]), REFERENCE_ORIGIN, now, now)
        for u in items
    ]
    before = db.execute("SELECT count(*) FROM units").fetchone()[0]
    db.conn.executemany(
        "INSERT OR IGNORE INTO units (id, code, name, type, level, parent_code, official,"
        " valid_from, name_fold, origin, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    return db.execute("SELECT count(*) FROM units").fetchone()[0] - before


def get(db: Database, code: str | None) -> Unit | None:
    if not code:
        return None
    row = db.execute(f"SELECT {_COLUMNS} FROM units WHERE code = ?", [code]).fetchone()
    return _unit(row) if row else None


def children(db: Database, parent_code: str, *, level: str | None = None,
             include_merged: bool = False) -> list[Unit]:
    sql = f"SELECT {_COLUMNS} FROM units WHERE parent_code = ?"
    params: list = [parent_code]
    if level:
        sql += " AND level = ?"
        params.append(level)
    if not include_merged:
        sql += " AND merged_into IS NULL"
    sql += " ORDER BY name_fold, code"
    return [_unit(r) for r in db.execute(sql, params)]


def by_level(db: Database, level: str) -> list[Unit]:
    return [_unit(r) for r in db.execute(
        f"SELECT {_COLUMNS} FROM units WHERE level = ? AND merged_into IS NULL"
        " ORDER BY name_fold", [level])]


def descendants_codes(db: Database, code: str) -> list[str]:
    rows = db.execute(
        "WITH RECURSIVE tree(code) AS (SELECT ? UNION ALL"
        " SELECT u.code FROM units u JOIN tree t ON u.parent_code = t.code)"
        " SELECT code FROM tree", [code])
    return [r[0] for r in rows]


def find_by_name(db: Database, name: str, parent_code: str | None = None) -> Unit | None:
    sql = f"SELECT {_COLUMNS} FROM units WHERE name_fold = ?"
    params: list = [fold(name)]
    if parent_code:
        sql += " AND parent_code = ?"
        params.append(parent_code)
    row = db.execute(sql + " ORDER BY merged_into IS NOT NULL, code LIMIT 1", params).fetchone()
    return _unit(row) if row else None


def next_child_code(db: Database, parent_code: str) -> str:
    rows = db.execute(
        "SELECT code FROM units WHERE parent_code = ? AND code LIKE ?", [parent_code,
                                                                          parent_code + "-%"])
    numbers = [int(c[len(parent_code) + 1:]) for (c,) in rows
               if c[len(parent_code) + 1:].isdigit()]
    return f"{parent_code}-{max(numbers, default=0) + 1:03d}"


def add(writer: RecordWriter, *, code: str, name: str, unit_type: str,
        parent_code: str | None) -> Unit:
    writer.insert("units", {"code": code, "name": name, "type": unit_type,
                            "level": level_of_type(unit_type), "parent_code": parent_code,
                            "official": 0, "name_fold": fold(name)}, audit_detail=name)
    return get(writer.db, code)


def set_parent(writer: RecordWriter, unit: Unit, parent_code: str) -> None:
    if unit.parent_code != parent_code:
        writer.update("units", unit.id, {"parent_code": parent_code},
                      audit_detail=f"parent_code={parent_code}")


def merge(writer: RecordWriter, unit: Unit, into_code: str, on: str) -> None:
    writer.update("units", unit.id, {"merged_into": into_code, "merged_on": on, "valid_to": on},
                  audit_detail=f"merged_into={into_code} on {on}")
