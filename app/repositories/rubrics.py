"""Rubrics, their items, and which rubric applies to a campaign year, level and subject."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from app import clock
from app.domain.rubrics import Rubric, RubricInput, RubricItem, rubric_from_data
from app.domain.scoring import CRITERION, PREREQUISITE, Thresholds
from app.repositories.records import RecordWriter

REFERENCE_ORIGIN = "VN"
_NAMESPACE = uuid.UUID("3c1f6f0e-9a57-4c1b-8d7e-5d2b1e0a9f41")

_RUBRIC_COLUMNS = ("id, family, edition, name, subject, note, suggested, threshold_top,"
                   " threshold_pass, locked, supersedes_id, origin, version, council_total")
_ITEM_COLUMNS = "id, rubric_id, kind, position, code, text, max_tenths, guidance, evidence"


def reference_id(family: str, edition: int) -> str:
    """The id of a shipped rubric edition: the same in every office."""
    return str(uuid.uuid5(_NAMESPACE, f"rubric:{family}:{edition}"))


def assignment_id(year: int, level: str, subject: str) -> str:
    """One record per year, level and subject, whichever office writes it first."""
    return str(uuid.uuid5(_NAMESPACE, f"assignment:{year}:{level}:{subject}"))


# -- reading ---------------------------------------------------------------------------
def _items_of(db: Database, rubric_ids: list[str]) -> dict[str, list[RubricItem]]:
    result: dict[str, list[RubricItem]] = {rid: [] for rid in rubric_ids}
    if not rubric_ids:
        return result
    marks = ", ".join("?" for _ in rubric_ids)
    for row in db.execute(
            f"SELECT {_ITEM_COLUMNS} FROM rubric_items WHERE rubric_id IN ({marks})"
            " AND removed = 0 ORDER BY rubric_id, kind = 'tieu_chi', position", rubric_ids):
        result[row[1]].append(RubricItem(id=row[0], kind=row[2], position=row[3], code=row[4],
                                         text=row[5], max_tenths=row[6], guidance=row[7],
                                         evidence=row[8]))
    return result


def _rubrics(db: Database, where: str = "", params: list | None = None) -> list[Rubric]:
    rows = db.execute(f"SELECT {_RUBRIC_COLUMNS} FROM rubrics {where}"
                      " ORDER BY subject DESC, family, edition", params or []).fetchall()
    items = _items_of(db, [r[0] for r in rows])
    return [Rubric(id=r[0], family=r[1], edition=r[2], name=r[3], subject=r[4], note=r[5],
                   suggested=bool(r[6]), thresholds=Thresholds(r[7], r[8]), locked=bool(r[9]),
                   supersedes_id=r[10], origin=r[11], version=r[12], items=tuple(items[r[0]]),
                   council_total=r[13])
            for r in rows]


def get(db: Database, rubric_id: str) -> Rubric | None:
    found = _rubrics(db, "WHERE id = ?", [rubric_id])
    return found[0] if found else None


def listing(db: Database) -> list[Rubric]:
    return _rubrics(db)


def find(db: Database, key: str) -> list[Rubric]:
    """Rubrics whose id starts with `key`, or the editions of the family `key`."""
    return _rubrics(db, "WHERE id LIKE ? OR family = ?", [key + "%", key])


def latest_of_family(db: Database, family: str) -> Rubric | None:
    found = _rubrics(db, "WHERE family = ?", [family])
    return max(found, key=lambda r: r.edition) if found else None


def max_edition(db: Database, family: str) -> int:
    return db.execute("SELECT coalesce(max(edition), 0) FROM rubrics WHERE family = ?",
                      [family]).fetchone()[0]


def family_exists(db: Database, family: str) -> bool:
    return db.execute("SELECT 1 FROM rubrics WHERE family = ?", [family]).fetchone() is not None


def newer_edition(db: Database, rubric_id: str) -> str | None:
    row = db.execute("SELECT id FROM rubrics WHERE supersedes_id = ? ORDER BY edition DESC"
                     " LIMIT 1", [rubric_id]).fetchone()
    return row[0] if row else None


def sheets_using(db: Database, rubric_id: str) -> int:
    return db.execute("SELECT count(*) FROM score_sheets WHERE rubric_id = ?",
                      [rubric_id]).fetchone()[0]


def default_for(db: Database, subject: str) -> Rubric | None:
    """The newest edition of the shipped (suggested) rubric for a subject."""
    row = db.execute(
        "SELECT family FROM rubrics WHERE subject = ? AND suggested = 1 AND origin = ?"
        " ORDER BY family LIMIT 1", [subject, REFERENCE_ORIGIN]).fetchone()
    return latest_of_family(db, row[0]) if row else None


# -- writing ---------------------------------------------------------------------------
def _item_rows(rubric: RubricInput) -> list[dict[str, Any]]:
    rows = []
    for kind, items in ((PREREQUISITE, rubric.prerequisites), (CRITERION, rubric.criteria)):
        for position, item in enumerate(items, start=1):
            rows.append({"kind": kind, "position": position, "code": item.code,
                         "text": item.text, "max_tenths": item.max_tenths,
                         "guidance": item.guidance, "evidence": item.evidence})
    return rows


def _header(rubric: RubricInput) -> dict[str, Any]:
    return {"name": rubric.name, "subject": rubric.subject, "note": rubric.note,
            "threshold_top": rubric.threshold_top, "threshold_pass": rubric.threshold_pass,
            "council_total": rubric.council_total}


def insert(writer: RecordWriter, rubric: RubricInput, *, family: str, edition: int = 1,
           supersedes_id: str | None = None, suggested: bool = False) -> str:
    row = writer.insert("rubrics", {
        **_header(rubric), "family": family, "edition": edition, "suggested": int(suggested),
        "locked": 0, "supersedes_id": supersedes_id,
    }, audit_detail=f"{rubric.name} ({family} #{edition})")
    for item in _item_rows(rubric):
        writer.insert("rubric_items", {**item, "rubric_id": row["id"]})
    return row["id"]


def update(writer: RecordWriter, rubric_id: str, rubric: RubricInput) -> None:
    """Rewrite an unlocked rubric in place: items matched by kind and position."""
    writer.update("rubrics", rubric_id, _header(rubric), audit_detail=rubric.name)
    existing: dict[tuple[str, int], str] = {
        (kind, position): item_id for item_id, kind, position in writer.db.execute(
            "SELECT id, kind, position FROM rubric_items WHERE rubric_id = ? AND removed = 0",
            [rubric_id])}
    for item in _item_rows(rubric):
        item_id = existing.pop((item["kind"], item["position"]), None)
        if item_id:
            writer.update("rubric_items", item_id, item)
        else:
            writer.insert("rubric_items", {**item, "rubric_id": rubric_id})
    for item_id in existing.values():
        writer.update("rubric_items", item_id, {"removed": 1})


def lock(writer: RecordWriter, rubric_id: str) -> None:
    writer.update("rubrics", rubric_id, {"locked": 1}, audit_detail="locked", action="lock")


def load_reference(db: Database, paths: list[Path]) -> int:
    """Insert the shipped rubrics that are not there yet (rev 0: every office has
    them, so they only travel once an office changes them). Returns how many."""
    now = clock.stamp()
    added = 0
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        family, edition = data["family"], int(data.get("edition", 1))
        rubric_id = reference_id(family, edition)
        if db.execute("SELECT 1 FROM rubrics WHERE id = ?", [rubric_id]).fetchone():
            continue
        rubric = rubric_from_data(data).cleaned()
        stamp = {"origin": REFERENCE_ORIGIN, "created_at": now, "updated_at": now}
        db["rubrics"].insert({
            "id": rubric_id, **_header(rubric), "family": family, "edition": edition,
            "suggested": int(bool(data.get("suggested"))), "locked": 0, **stamp})
        for item in _item_rows(rubric):
            item_id = str(uuid.uuid5(_NAMESPACE, f"{rubric_id}:{item['kind']}:{item['code']}"))
            db["rubric_items"].insert({"id": item_id, "rubric_id": rubric_id, **item, **stamp})
        added += 1
    return added


# -- assignments -----------------------------------------------------------------------
def assigned(db: Database, year: int, level: str, subject: str) -> str | None:
    row = db.execute("SELECT rubric_id FROM rubric_assignments WHERE year = ? AND level = ?"
                     " AND subject = ?", [year, level, subject]).fetchone()
    return row[0] if row else None


def assign(writer: RecordWriter, year: int, level: str, subject: str, rubric_id: str) -> None:
    slot = assignment_id(year, level, subject)
    detail = f"{year} {level} {subject} -> {rubric_id}"
    if writer.db.execute("SELECT 1 FROM rubric_assignments WHERE id = ?", [slot]).fetchone():
        writer.update("rubric_assignments", slot, {"rubric_id": rubric_id}, audit_detail=detail)
    else:
        writer.insert("rubric_assignments", {"id": slot, "year": year, "level": level,
                                             "subject": subject, "rubric_id": rubric_id},
                      audit_detail=detail)


def assignments(db: Database) -> list[dict[str, Any]]:
    return list(db.query(
        "SELECT a.year, a.level, a.subject, a.rubric_id, r.name, r.edition, r.family"
        " FROM rubric_assignments a JOIN rubrics r ON r.id = a.rubric_id"
        " ORDER BY a.year DESC, a.level, a.subject"))
