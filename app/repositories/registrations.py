"""Registrations with their persons, targets, milestones and evidence. The paged,
filtered, searchable list is in `registration_list`."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from sqlite_utils import Database

from app.domain.listing import ListQuery
from app.domain.text import fold, search_terms
from app.repositories.records import RecordWriter

# The list lives in its own module; these names stay importable from here.
from app.repositories.registration_list import (  # noqa: F401
    count,
    fts_expression,
    page,
    selection,
)

TABLE = "registrations"


def search_words(name: str, registrant: str, subunit_name: str | None) -> str:
    """The words a registration is found by: folded, ASCII, one space apart.

    Only [0-9a-z] words, so the full-text index and the list's row test agree on every
    row (see registration_list)."""
    return " ".join(term for part in (name, registrant, subunit_name)
                    for term in search_terms(part))


@contextlib.contextmanager
def search_index_deferred(db: Database) -> Iterator[None]:
    """New registrations written inside are put into the search index at once when the
    block ends, in one statement instead of a trigger per row (schema 0009). Must run
    inside the writer's transaction (the flag row never leaves it); the rows written
    before an error are indexed too, so the index never lacks a stored row."""
    if not db.conn.in_transaction:
        raise RuntimeError("search_index_deferred needs a transaction")
    last = db.execute("SELECT coalesce(max(seq), 0) FROM registrations").fetchone()[0]
    db.execute("INSERT INTO search_index_deferred (id) VALUES (1)")
    try:
        yield
    finally:
        db.execute("DELETE FROM search_index_deferred")
        db.execute("INSERT INTO registrations_fts (rowid, search_words, tags)"
                   " SELECT seq, search_words, tags FROM registrations_search WHERE seq > ?",
                   [last])


def ensure_ascii_words(db: Database) -> int:
    """Rewrite `search_words` of rows written before it was kept to ASCII (a letter
    such as "ø" or "²" that folding keeps); return how many changed. Derived data: no
    version bump, nothing to send to other offices."""
    rows = db.execute(
        "SELECT r.seq, r.name, r.registrant, u.name FROM registrations r"
        " LEFT JOIN units u ON u.code = r.subunit_code"
        " WHERE r.search_words GLOB '*[^ -~]*'").fetchall()
    for seq, name, registrant, subunit_name in rows:
        db.execute("UPDATE registrations SET search_words = ? WHERE seq = ?",
                   [search_words(name, registrant, subunit_name), seq])
    return len(rows)


def get(db: Database, registration_id: str) -> dict[str, Any] | None:
    """The registrations row with its live `targets`, `milestones` (by position) and
    `evidence` (oldest first), lists of rows, and its `person` (a row or None): what
    app/domain/registration_record.py::Registration.from_row makes the record of."""
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
    """The years that have registrations, newest first: one index seek per year (a
    DISTINCT would read the whole index, 80 ms at a million rows)."""
    return [r[0] for r in db.execute(
        "WITH RECURSIVE y (year) AS (SELECT max(year) FROM registrations"
        " UNION ALL SELECT (SELECT max(year) FROM registrations WHERE year < y.year)"
        " FROM y WHERE y.year IS NOT NULL) SELECT year FROM y WHERE year IS NOT NULL")]


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
    " r.resources, r.outputs, r.sustainability, r.receiving_body, r.contact_phone,"
    " p.consent_on, p.consent_how, r.id,"
    " r.status, ou.name FROM registrations r"
    " LEFT JOIN units u ON u.code = r.subunit_code"
    " LEFT JOIN persons p ON p.id = r.person_id"
    " LEFT JOIN registrations rep ON rep.id = r.replicates_id"
    " LEFT JOIN units ou ON ou.code = r.unit_code"
)


def export_rows(db: Database, query: ListQuery):
    """Every registration the list shows, whole, for an export (a cursor: streams)."""
    where, params, order = selection(db, query)
    return db.execute(_EXPORT_SQL + where + order, params)
