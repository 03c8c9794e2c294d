"""Score sheets, their lines, council members and members' scores; the bulk reads
that totals and ranks of a whole province year are computed from."""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlite_utils import Database

from app import clock
from app.domain.sheets import SheetFilter
from app.repositories import audit
from app.repositories.figures import current_sheet
from app.repositories.records import RecordWriter, next_rev

_NAMESPACE = uuid.UUID("b5f1c0de-3a43-4e0e-9a8e-7c4d2f6a1b27")

SHEET_COLUMNS = (
    "id", "registration_id", "year", "level", "rubric_id", "state", "return_reason",
    "edition", "supersedes_id", "correction_reason", "check_of", "keyed_by", "remarks",
    "submitted_on", "approved_on", "locked_on", "origin", "version", "updated_at",
    "updated_by", "self_from",
)

# A sheet counts when it is not a second keying and no later edition replaces it.
CURRENT = current_sheet("s")


def line_id(sheet_id: str, item_id: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"line:{sheet_id}:{item_id}"))


def score_id(member_id: str, item_id: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"score:{member_id}:{item_id}"))


# -- one sheet -------------------------------------------------------------------------
def get_sheet(db: Database, sheet_id: str) -> dict[str, Any] | None:
    row = db.execute(
        f"SELECT {', '.join('s.' + c for c in SHEET_COLUMNS)}, r.name, r.registrant, r.field,"
        " r.subject, r.kind FROM score_sheets s JOIN registrations r ON r.id = s.registration_id"
        " WHERE s.id = ?", [sheet_id]).fetchone()
    if row is None:
        return None
    record = dict(zip(SHEET_COLUMNS, row, strict=False))
    record.update(zip(("model_name", "registrant", "field", "subject", "kind"),
                      row[len(SHEET_COLUMNS):], strict=True))
    return record


def approved_below(db: Database, registration_id: str, level: str) -> dict[str, Any] | None:
    """The current, approved (or locked) sheet of the model at the nearest level below
    `level` (the commune's sheet, for a province sheet in the two-tier profile)."""
    from app.domain.units import LEVELS

    below = list(LEVELS[LEVELS.index(level) + 1:]) if level in LEVELS else []
    if not below:
        return None
    rows = db.execute(
        "SELECT s.id, s.level, s.rubric_id, s.origin, s.approved_on, s.locked_on"
        " FROM score_sheets s WHERE s.registration_id = ? AND s.state IN ('da_duyet', 'khoa')"
        f" AND s.level IN (SELECT value FROM json_each(?)) AND {CURRENT}",
        [registration_id, json.dumps(below)]).fetchall()
    if not rows:
        return None
    row = min(rows, key=lambda r: below.index(r[1]))
    return dict(zip(("id", "level", "rubric_id", "origin", "approved_on", "locked_on"), row,
                    strict=True))


def lines(db: Database, sheet_id: str) -> list[dict[str, Any]]:
    return list(db.query("SELECT item_id, self_tenths, passed, remarks, evidence"
                         " FROM sheet_lines WHERE sheet_id = ?", [sheet_id]))


def members(db: Database, sheet_id: str) -> list[dict[str, Any]]:
    return list(db.query("SELECT id, position, name, role FROM council_members"
                         " WHERE sheet_id = ? AND removed = 0 ORDER BY position", [sheet_id]))


def council_scores(db: Database, sheet_id: str) -> list[dict[str, Any]]:
    return list(db.query(
        "SELECT c.member_id, c.item_id, c.tenths, c.remark FROM council_scores c"
        " JOIN council_members m ON m.id = c.member_id"
        " WHERE c.sheet_id = ? AND m.removed = 0", [sheet_id]))


def editions(db: Database, registration_id: str, level: str) -> list[dict[str, Any]]:
    """Every edition of the sheet of a model at a level (second keyings excluded)."""
    return list(db.query(
        "SELECT id, edition, state, correction_reason FROM score_sheets"
        " WHERE registration_id = ? AND level = ? AND check_of IS NULL ORDER BY edition",
        [registration_id, level]))


def current_sheet_id(db: Database, registration_id: str, level: str) -> str | None:
    row = db.execute(f"SELECT s.id FROM score_sheets s WHERE s.registration_id = ?"
                     f" AND s.level = ? AND {CURRENT}", [registration_id, level]).fetchone()
    return row[0] if row else None


def check_sheet_id(db: Database, sheet_id: str) -> str | None:
    row = db.execute("SELECT id FROM score_sheets WHERE check_of = ? ORDER BY created_at DESC"
                     " LIMIT 1", [sheet_id]).fetchone()
    return row[0] if row else None


def find_ids(db: Database, prefix: str, limit: int = 2) -> list[str]:
    return [r[0] for r in db.execute("SELECT id FROM score_sheets WHERE id LIKE ? LIMIT ?",
                                     [prefix + "%", limit])]


def years(db: Database) -> list[int]:
    return [r[0] for r in db.execute("SELECT DISTINCT year FROM score_sheets ORDER BY year DESC")]


# -- writing ---------------------------------------------------------------------------
def insert_sheet(writer: RecordWriter, values: dict[str, Any], item_ids: list[str],
                 detail: str) -> str:
    sheet_id = writer.insert("score_sheets", values, audit_detail=detail)["id"]
    for item_id in item_ids:
        writer.insert("sheet_lines", {"id": line_id(sheet_id, item_id), "sheet_id": sheet_id,
                                      "item_id": item_id})
    return sheet_id


def update_sheet(writer: RecordWriter, sheet_id: str, changes: dict[str, Any], *,
                 action: str = "update", detail: str | None = None) -> None:
    writer.update("score_sheets", sheet_id, changes, action=action, audit_detail=detail)


def touch_sheet(writer: RecordWriter, sheet_id: str, detail: str) -> None:
    """Bump the sheet's version after its lines, members or scores changed (so another
    window that opened the older version is told instead of overwriting) and say in
    the audit log what changed."""
    writer.db.execute(
        "UPDATE score_sheets SET version = version + 1, updated_at = ?, updated_by = ?,"
        " rev = ? WHERE id = ?", [clock.stamp(), writer.actor, next_rev(writer.db), sheet_id])
    audit.append(writer.db, actor=writer.actor, action="score", kind="score_sheets",
                 record_id=sheet_id, detail=detail)


def update_line(writer: RecordWriter, sheet_id: str, item_id: str,
                changes: dict[str, Any]) -> None:
    record_id = line_id(sheet_id, item_id)
    if writer.db.execute("SELECT 1 FROM sheet_lines WHERE id = ?", [record_id]).fetchone():
        writer.update("sheet_lines", record_id, changes)
    else:  # a line lost in transit (a partial bundle): write it again
        writer.insert("sheet_lines", {"id": record_id, "sheet_id": sheet_id,
                                      "item_id": item_id, **changes})


def add_member(writer: RecordWriter, sheet_id: str, name: str, role: str = "") -> str:
    position = writer.db.execute(
        "SELECT coalesce(max(position), 0) + 1 FROM council_members WHERE sheet_id = ?",
        [sheet_id]).fetchone()[0]
    return writer.insert("council_members", {"sheet_id": sheet_id, "position": position,
                                             "name": name, "role": role},
                         audit_detail=role)["id"]  # the log names no member (issue 26)


def update_member(writer: RecordWriter, member_id: str, changes: dict[str, Any]) -> None:
    writer.update("council_members", member_id, changes,
                  audit_detail=",".join(sorted(changes)))


def set_council_score(writer: RecordWriter, sheet_id: str, member_id: str, item_id: str,
                      changes: dict[str, Any]) -> None:
    record_id = score_id(member_id, item_id)
    if writer.db.execute("SELECT 1 FROM council_scores WHERE id = ?", [record_id]).fetchone():
        writer.update("council_scores", record_id, changes)
    else:
        writer.insert("council_scores", {"id": record_id, "sheet_id": sheet_id,
                                         "member_id": member_id, "item_id": item_id,
                                         **changes})


def today() -> str:
    return clock.today().isoformat()


# -- many sheets at once ---------------------------------------------------------------
def _where(where: SheetFilter) -> tuple[str, list[Any]]:
    clauses = ["s.check_of IS NULL"] if where.include_old else [CURRENT]
    params: list[Any] = []
    for column, value in (("s.year", where.year), ("s.level", where.level),
                          ("s.state", where.state), ("r.field", where.field),
                          ("s.origin", where.origin)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    return " WHERE " + " AND ".join(clauses), params


SUMMARY_COLUMNS = ("id", "registration_id", "year", "level", "state", "rubric_id",
                   "edition", "return_reason", "model_name", "registrant", "field",
                   "subject", "kind", "unit_code", "status", "origin", "current")


def sheet_summaries(db: Database, where: SheetFilter) -> list[tuple]:
    clause, params = _where(where)
    return db.execute(
        "SELECT s.id, s.registration_id, s.year, s.level, s.state, s.rubric_id, s.edition,"
        " s.return_reason, r.name, r.registrant, r.field, r.subject, r.kind, r.unit_code,"
        f" r.status, s.origin, {CURRENT}"
        " FROM score_sheets s JOIN registrations r ON r.id = s.registration_id"
        f"{clause} ORDER BY r.name_fold, s.edition", params).fetchall()


def _selected(where: SheetFilter) -> tuple[str, list[Any]]:
    clause, params = _where(where)
    return ("SELECT s.id FROM score_sheets s JOIN registrations r ON r.id = s.registration_id"
            + clause), params


def self_rows(db: Database, where: SheetFilter) -> list[tuple]:
    """(sheet id, item id, self tenths, passed) of every line of the chosen sheets."""
    selected, params = _selected(where)
    return db.execute(
        "SELECT l.sheet_id, l.item_id, l.self_tenths, l.passed FROM sheet_lines l"
        f" WHERE l.sheet_id IN ({selected})", params).fetchall()


def members_totals(db: Database, where: SheetFilter) -> list[tuple]:
    """(sheet id, sum of the members' totals, number of members who scored) of the
    chosen sheets whose rubric makes the council's total from the members' totals;
    each score clamped to 0..max, as on the sheet."""
    selected, params = _selected(where)
    return db.execute(
        "SELECT c.sheet_id, sum(min(max(c.tenths, 0), i.max_tenths)),"
        " count(DISTINCT c.member_id) FROM council_scores c"
        " JOIN rubric_items i ON i.id = c.item_id AND i.kind = 'tieu_chi'"
        " AND i.removed = 0"
        f" WHERE c.sheet_id IN ({selected} AND s.rubric_id IN (SELECT id FROM rubrics"
        " WHERE council_total = 'mean_of_totals')) AND c.tenths IS NOT NULL"
        " AND c.member_id NOT IN (SELECT id FROM council_members WHERE removed = 1)"
        " GROUP BY c.sheet_id", params).fetchall()


def council_sums(db: Database, where: SheetFilter) -> list[tuple]:
    """(sheet id, item id, sum of members' tenths, number of members who scored)."""
    selected, params = _selected(where)
    return db.execute(
        "SELECT c.sheet_id, c.item_id, sum(c.tenths), count(c.tenths) FROM council_scores c"
        f" WHERE c.sheet_id IN ({selected})"
        " AND c.member_id NOT IN (SELECT id FROM council_members WHERE removed = 1)"
        " GROUP BY c.sheet_id, c.item_id", params).fetchall()
