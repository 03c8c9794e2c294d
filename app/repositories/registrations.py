"""Registrations with their persons, targets, milestones and evidence; the paged,
filtered, searchable list."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from app.domain.listing import ListQuery
from app.domain.text import fold, search_terms
from app.repositories import statistics
from app.repositories.records import RecordWriter

TABLE = "registrations"

_SORT_EXPRESSIONS = {
    "year": "r.year",
    "name": "r.name_fold",
    "registrant": "r.registrant_fold",
    "field": "r.field",
    "kind": "r.kind",
    "subject": "r.subject",
    "mode": "r.mode",
    "status": "r.status",
    "subunit_name": "u.name_fold",
    "registered_on": "r.registered_on",
    "origin": "r.origin",
}


def _where(query: ListQuery) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    for column in ("year", "field", "kind", "status", "subunit_code", "subject", "mode"):
        value = getattr(query, column)
        if value is not None and value != "":
            clauses.append(f"r.{column} = ?")
            params.append(value)
    if query.unit_code:
        if query.unit_subtree:
            clauses.append("r.unit_code IN (WITH RECURSIVE tree(code) AS (SELECT ? UNION"
                           " SELECT t.code FROM units t JOIN tree ON t.parent_code = tree.code)"
                           " SELECT code FROM tree)")
        else:
            clauses.append("r.unit_code = ?")
        params.append(query.unit_code)
    if query.measure or query.level:
        clause, extra = statistics.measure_clause(query)
        clauses.append(clause)
        params.extend(extra)
    match = fts_expression(query.search)
    if match:
        clauses.append(
            "r.seq IN (SELECT rowid FROM registrations_fts WHERE registrations_fts MATCH ?)")
        params.append(match)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _order_by(query: ListQuery) -> str:
    expression = _SORT_EXPRESSIONS.get(query.sort, "r.registered_on")
    direction = "DESC" if query.descending else "ASC"
    return f" ORDER BY {expression} {direction}, r.seq {direction}"


def fts_expression(text: str) -> str:
    """'Dân vận khé' -> '"dan"* AND "van"* AND "khe"*' (word prefixes, folded)."""
    return " AND ".join(f'"{term}"*' for term in search_terms(text))


def search_words(name: str, registrant: str, subunit_name: str | None) -> str:
    return " ".join(part for part in (fold(name), fold(registrant), fold(subunit_name)) if part)


_LIST_SQL = (
    "SELECT r.id, r.year, r.name, r.registrant, r.field, r.kind, r.subject, r.mode, r.status,"
    " u.name, r.registered_on, r.origin FROM registrations r"
    " LEFT JOIN units u ON u.code = r.subunit_code"
)


def page(db: Database, query: ListQuery, offset: int, limit: int) -> list[tuple]:
    where, params = _where(query)
    sql = _LIST_SQL + where + _order_by(query) + " LIMIT ? OFFSET ?"
    return db.execute(sql, [*params, limit, offset]).fetchall()


def count(db: Database, query: ListQuery) -> int:
    where, params = _where(query)
    join = " LEFT JOIN units u ON u.code = r.subunit_code" if " u." in where else ""
    return db.execute(f"SELECT count(*) FROM registrations r{join}{where}", params).fetchone()[0]


def get(db: Database, registration_id: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM registrations WHERE id = ?", [registration_id]))
    if not rows:
        return None
    record = rows[0]
    record["targets"] = list(db.query(
        "SELECT * FROM targets WHERE registration_id = ? AND removed = 0 ORDER BY position",
        [registration_id]))
    record["milestones"] = list(db.query(
        "SELECT * FROM milestones WHERE registration_id = ? AND removed = 0 ORDER BY position",
        [registration_id]))
    record["evidence"] = list(db.query(
        "SELECT * FROM evidence WHERE registration_id = ? AND removed = 0 ORDER BY created_at",
        [registration_id]))
    person_rows = list(db.query("SELECT * FROM persons WHERE id = ?", [record["person_id"]]))
    record["person"] = person_rows[0] if person_rows else None
    return record


def exists(db: Database, registration_id: str) -> bool:
    return db.execute("SELECT 1 FROM registrations WHERE id = ?", [registration_id]).fetchone() \
        is not None


def save_children(writer: RecordWriter, table: str, registration_id: str,
                  rows: list[dict[str, Any]], *, new: bool = False) -> None:
    """Make the live child rows equal `rows` (by position): update in place, add new,
    mark the surplus removed. Unchanged rows keep their version. `new`: the
    registration was just inserted, so it has no child rows to look up."""
    existing = [] if new else list(writer.db.query(
        f"SELECT id FROM [{table}] WHERE registration_id = ? AND removed = 0 ORDER BY position",
        [registration_id]))
    for position, values in enumerate(rows, start=1):
        if position <= len(existing):
            writer.update(table, existing[position - 1]["id"], {**values, "position": position})
        else:
            writer.insert(table, {**values, "registration_id": registration_id,
                                  "position": position})
    for row in existing[len(rows):]:
        writer.update(table, row["id"], {"removed": 1})


def replications_of(db: Database, registration_id: str) -> list[dict[str, Any]]:
    return list(db.query(
        "SELECT id, name, registrant, year, origin FROM registrations WHERE replicates_id = ?"
        " ORDER BY year, registered_on", [registration_id]))


def years(db: Database) -> list[int]:
    return [r[0] for r in db.execute("SELECT DISTINCT year FROM registrations ORDER BY year DESC")]


def identities(db: Database, year: int) -> list[tuple[str, int, str, str, str]]:
    """(id, version, status, name_fold, registrant_fold) of every registration of a
    year: what an imported row is matched against."""
    return db.execute("SELECT id, version, status, name_fold, registrant_fold"
                      " FROM registrations WHERE year = ? ORDER BY created_at",
                      [year]).fetchall()


def find_by_name(db: Database, name: str) -> list[tuple[str, int]]:
    """(id, year) of the registrations with this model name (folded), oldest first."""
    return db.execute("SELECT id, year FROM registrations WHERE name_fold = ?"
                      " ORDER BY year, created_at", [fold(name)]).fetchall()


def version_of(db: Database, registration_id: str) -> tuple[int, str] | None:
    row = db.execute("SELECT version, status FROM registrations WHERE id = ?",
                     [registration_id]).fetchone()
    return (row[0], row[1]) if row else None


# The columns of an exported list, in the order of app/excel/columns.py, then status
# and the unit the registration was made at.
_EXPORT_SQL = (
    "SELECT r.year, r.name, r.kind, r.subject, u.name, p.full_name, p.birth_year, p.gender,"
    " p.position, p.address, p.phone, r.field, r.mode, rep.name, r.registered_on,"
    " r.start_date, r.end_date, r.situation, r.goals, r.content_methods, r.area,"
    " r.target_group, r.force_lead, r.force_coordinating, r.force_participating,"
    " r.resources, r.outputs, r.sustainability, r.receiving_body, r.contact_phone, r.id,"
    " r.status, ou.name FROM registrations r"
    " LEFT JOIN units u ON u.code = r.subunit_code"
    " LEFT JOIN persons p ON p.id = r.person_id"
    " LEFT JOIN registrations rep ON rep.id = r.replicates_id"
    " LEFT JOIN units ou ON ou.code = r.unit_code"
)


def export_rows(db: Database, query: ListQuery):
    """Every registration the list shows, whole, for an export (a cursor: streams)."""
    where, params = _where(query)
    return db.execute(_EXPORT_SQL + where + _order_by(query), params)
