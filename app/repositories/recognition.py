"""Recognition records: workflow steps, proposals and their items, decisions and
their items; the bulk reads a year's workflow states are derived from."""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlite_utils import Database

from app.domain.recognition import Decided, DecisionState, ProposalState, Step
from app.repositories.records import RecordWriter

_NAMESPACE = uuid.UUID("0c6b8a52-5d0e-4f7f-93a4-6f1c2b9d7e15")

# A decision counts while no issued decision corrects it.
ISSUED, DRAFT = DecisionState.ISSUED, DecisionState.DRAFT
IN_FORCE = (f"d.state = '{ISSUED}' AND NOT EXISTS (SELECT 1 FROM decisions n"
            f" WHERE n.amends_id = d.id AND n.state = '{ISSUED}')")


def item_id(parent_id: str, registration_id: str) -> str:
    """One item per document and model, the same in every office."""
    return str(uuid.uuid5(_NAMESPACE, f"{parent_id}:{registration_id}"))


def _rows(db: Database, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = db.execute(sql, params)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


# -- steps --------------------------------------------------------------------------------
STEP_COLUMNS = ("id", "registration_id", "year", "level", "step", "to_level", "proposal_id",
                "actor", "at", "reason", "step_no", "origin")


def _step(row: dict[str, Any]) -> Step:
    return Step(level=row["level"], step=row["step"], at=row["at"], step_no=row["step_no"],
                to_level=row["to_level"], actor=row["actor"], reason=row["reason"],
                origin=row["origin"], id=row["id"])


def steps_by_model(db: Database, year: int | None = None,
                   registration_ids: list[str] | None = None) -> dict[str, list[Step]]:
    where, params = ["1"], []
    if year is not None:
        where.append("year = ?")
        params.append(year)
    if registration_ids is not None:
        where.append("registration_id IN (SELECT value FROM json_each(?))")
        params.append(_json(registration_ids))
    result: dict[str, list[Step]] = {}
    for row in _rows(db, f"SELECT {', '.join(STEP_COLUMNS)} FROM recognition_steps"
                     f" WHERE {' AND '.join(where)} ORDER BY at, step_no, id", params):
        result.setdefault(row["registration_id"], []).append(_step(row))
    return result


def step_rows(db: Database, registration_id: str) -> list[dict[str, Any]]:
    return _rows(db, f"SELECT {', '.join(STEP_COLUMNS)} FROM recognition_steps"
                 " WHERE registration_id = ? ORDER BY at, step_no, id", [registration_id])


def next_step_no(db: Database, registration_id: str, year: int) -> int:
    row = db.execute("SELECT MAX(step_no) FROM recognition_steps WHERE registration_id = ?"
                     " AND year = ?", [registration_id, year]).fetchone()
    return (row[0] or 0) + 1


def add_step(writer: RecordWriter, values: dict[str, Any], detail: str) -> str:
    values = {**values, "step_no": next_step_no(writer.db, values["registration_id"],
                                                 values["year"])}
    return writer.insert("recognition_steps", values, audit_detail=detail)["id"]


def _json(values: list[str]) -> str:
    import json

    return json.dumps(list(values))


# -- what the states are derived from -------------------------------------------------------
def sheet_states(db: Database, year: int,
                 registration_ids: list[str] | None = None) -> dict[str, dict[str, str]]:
    """registration id -> sheet level -> state of the current edition."""
    where, params = "s.year = ?", [year]
    if registration_ids is not None:
        where += " AND s.registration_id IN (SELECT value FROM json_each(?))"
        params.append(_json(registration_ids))
    result: dict[str, dict[str, str]] = {}
    for registration_id, level, state in db.execute(
            f"SELECT s.registration_id, s.level, s.state FROM score_sheets s WHERE {where}"
            " AND s.check_of IS NULL AND NOT EXISTS (SELECT 1 FROM score_sheets n"
            " WHERE n.supersedes_id = s.id)", params):
        result.setdefault(registration_id, {})[level] = state
    return result


def decided_by_model(db: Database, year: int | None = None,
                     registration_ids: list[str] | None = None
                     ) -> dict[str, dict[str, Decided]]:
    """registration id -> level -> the decision in force that lists it."""
    where, params = "", []
    if year is not None:
        where, params = " AND d.year = ?", [year]
    if registration_ids is not None:
        where += " AND i.registration_id IN (SELECT value FROM json_each(?))"
        params.append(_json(registration_ids))
    result: dict[str, dict[str, Decided]] = {}
    for row in _rows(db, "SELECT i.registration_id, d.level, d.number, d.decided_on,"
                     " i.certificate_number, d.issuer FROM decision_items i"
                     " JOIN decisions d ON d.id = i.decision_id"
                     f" WHERE i.removed = 0 AND {IN_FORCE}{where}"
                     " ORDER BY d.decided_on, d.number_seq", params):
        result.setdefault(row["registration_id"], {})[row["level"]] = Decided(
            row["level"], row["number"], row["decided_on"], row["certificate_number"],
            row["issuer"])
    return result


def registrations_of_year(db: Database, year: int, *, ids: list[str] | None = None,
                          beyond_for: tuple[str, str] | None = None) -> list[dict[str, Any]]:
    """The registrations of a year; only those in `ids` if given. `beyond_for` (office
    code, lowest level): only the models that can have gone beyond the lowest level -
    those proposed upward or in a decision above the lowest level - and the models
    registered by that office; at a national-size office that is a few thousand rows of
    a year's hundred thousand."""
    source, where, params = "registrations r", "r.year = ?", [year]
    if ids is not None:
        where += " AND r.id IN (SELECT value FROM json_each(?))"
        params.append(_json(ids))
    if beyond_for is not None:
        # CROSS JOIN: SQLite walks the few wanted ids, not the year's registrations.
        source = ("(SELECT registration_id AS id FROM recognition_steps"
                  " WHERE year = ? AND step = 'propose'"
                  " UNION SELECT i.registration_id FROM decision_items i"
                  " JOIN decisions d ON d.id = i.decision_id"
                  " WHERE i.removed = 0 AND d.level <> ?"
                  " UNION SELECT id FROM registrations WHERE unit_code = ? AND year = ?) w"
                  " CROSS JOIN registrations r ON r.id = w.id")
        params = [year, beyond_for[1], beyond_for[0], year, *params]
    return _rows(db, "SELECT r.id, r.year, r.kind, r.subject, r.unit_code, r.subunit_code,"
                 " r.person_id, r.registrant, r.name, r.field, r.mode, r.replicates_id,"
                 " r.start_date, r.status, r.origin, r.registered_on,"
                 " COALESCE(s.name, u.name, '') AS unit_name"
                 f" FROM {source} LEFT JOIN units s ON s.code = r.subunit_code"
                 " LEFT JOIN units u ON u.code = r.unit_code"
                 f" WHERE {where} ORDER BY r.field, r.name", params)


# -- proposals -------------------------------------------------------------------------------
PROPOSAL_COLUMNS = ("id", "year", "from_level", "to_level", "office_code", "addressee_code",
                    "addressee", "number", "state", "sent_on", "note", "origin", "version",
                    "created_at")


def proposal(db: Database, proposal_id: str) -> dict[str, Any] | None:
    rows = _rows(db, f"SELECT {', '.join(PROPOSAL_COLUMNS)} FROM proposals WHERE id = ?",
                 [proposal_id])
    return rows[0] if rows else None


def proposals(db: Database, *, year: int | None = None, origin: str | None = None,
              to_level: str | None = None, received_by: str | None = None
              ) -> list[dict[str, Any]]:
    where, params = ["1"], []
    if year is not None:
        where.append("p.year = ?")
        params.append(year)
    if origin is not None:
        where.append("p.origin = ?")
        params.append(origin)
    if to_level is not None:
        where.append("p.to_level = ?")
        params.append(to_level)
    if received_by is not None:
        where.append(f"p.origin <> ? AND p.state = '{ProposalState.SENT}'")
        params.append(received_by)
    columns = ", ".join("p." + c for c in PROPOSAL_COLUMNS)
    return _rows(db, f"SELECT {columns}, (SELECT COUNT(*) FROM proposal_items i"
                 " WHERE i.proposal_id = p.id AND i.removed = 0) AS models,"
                 " COALESCE(u.name, p.office_code) AS office_name"
                 " FROM proposals p LEFT JOIN units u ON u.code = p.office_code"
                 f" WHERE {' AND '.join(where)} ORDER BY p.year DESC, p.created_at DESC",
                 params)


def proposal_items(db: Database, proposal_id: str) -> list[dict[str, Any]]:
    return _rows(db, "SELECT i.id, i.registration_id, i.position, i.reason, i.rating,"
                 " i.total_tenths, r.name, r.registrant, r.field, r.subject, r.kind"
                 " FROM proposal_items i JOIN registrations r ON r.id = i.registration_id"
                 " WHERE i.proposal_id = ? AND i.removed = 0 ORDER BY i.position",
                 [proposal_id])


def proposed_models(db: Database, year: int, from_level: str) -> dict[str, str]:
    """registration id -> proposal id, for models on a live proposal from a level."""
    return {row[0]: row[1] for row in db.execute(
        "SELECT i.registration_id, p.id FROM proposal_items i"
        " JOIN proposals p ON p.id = i.proposal_id WHERE p.year = ? AND p.from_level = ?"
        " AND i.removed = 0", [year, from_level])}


# -- decisions -------------------------------------------------------------------------------
DECISION_COLUMNS = ("id", "year", "level", "issuer_code", "issuer", "system", "number",
                    "number_seq", "number_scope", "decided_on", "state", "amends_id",
                    "amend_reason", "period", "signer_on_behalf", "signer_title",
                    "signer_name", "origin", "version", "created_at")
ITEM_COLUMNS = ("id", "registration_id", "position", "model_name", "registrant",
                "unit_code", "unit_name", "field", "subject", "detail", "rating",
                "total_tenths", "certificate_number", "certificate_seq")


def decision(db: Database, decision_id: str) -> dict[str, Any] | None:
    rows = _rows(db, f"SELECT {', '.join(DECISION_COLUMNS)} FROM decisions WHERE id = ?",
                 [decision_id])
    return rows[0] if rows else None


def decisions(db: Database, *, year: int | None = None, state: str | None = None,
              level: str | None = None) -> list[dict[str, Any]]:
    where, params = ["1"], []
    for column, value in (("d.year", year), ("d.state", state), ("d.level", level)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    columns = ", ".join("d." + c for c in DECISION_COLUMNS)
    return _rows(db, f"SELECT {columns}, (SELECT COUNT(*) FROM decision_items i"
                 " WHERE i.decision_id = d.id AND i.removed = 0) AS models,"
                 " (SELECT n.number FROM decisions n WHERE n.amends_id = d.id"
                 f" AND n.state = '{ISSUED}' LIMIT 1) AS amended_by"
                 f" FROM decisions d WHERE {' AND '.join(where)}"
                 f" ORDER BY d.state = '{DRAFT}' DESC, d.decided_on DESC, d.number_seq DESC,"
                 " d.created_at DESC", params)


def decision_items(db: Database, decision_id: str) -> list[dict[str, Any]]:
    return _rows(db, f"SELECT {', '.join(ITEM_COLUMNS)} FROM decision_items"
                 " WHERE decision_id = ? AND removed = 0 ORDER BY position", [decision_id])


def decided_or_drafted(db: Database, year: int, level: str) -> set[str]:
    """Models on a draft decision, or on an issued one in force, at a level."""
    return {row[0] for row in db.execute(
        "SELECT i.registration_id FROM decision_items i JOIN decisions d"
        " ON d.id = i.decision_id WHERE d.year = ? AND d.level = ? AND i.removed = 0"
        f" AND (d.state = '{DRAFT}' OR ({IN_FORCE}))", [year, level])}


def decision_lists(db: Database, *, issuer: str, number: str, decided_on: str | None,
                   registration_id: str) -> bool | None:
    """Does the issued decision `number` of `issuer` (of that date, when given) list the
    registration? None when this office holds no such decision."""
    from app.domain.recognition import number_key

    wanted = number_key(number)
    found = [row[0] for row in db.execute(
        f"SELECT id, number FROM decisions WHERE state = '{ISSUED}' AND issuer_code = ?"
        " AND (? IS NULL OR decided_on = ?)", [issuer, decided_on, decided_on])
        if number_key(row[1]) == wanted]
    if not found:
        return None
    return db.execute(
        "SELECT 1 FROM decision_items WHERE registration_id = ? AND removed = 0 AND"
        " decision_id IN (SELECT value FROM json_each(?)) LIMIT 1",
        [registration_id, json.dumps(found)]).fetchone() is not None


def first_issued_item(db: Database, issuer: str) -> tuple | None:
    """(registration id, model name, registrant, unit code, decision number, decided
    on, level, year) of the first model an issued decision of `issuer` recognises, as
    this office holds it (the decision item's snapshot), or None."""
    return db.execute(
        "SELECT i.registration_id, i.model_name, i.registrant, i.unit_code, d.number,"
        " d.decided_on, d.level, d.year FROM decision_items i JOIN decisions d"
        f" ON d.id = i.decision_id WHERE d.origin = ? AND d.state = '{ISSUED}'"
        " AND i.removed = 0 ORDER BY d.decided_on, i.position, i.id LIMIT 1",
        [issuer]).fetchone()


def numbered_decisions(db: Database) -> list[tuple[str, str, str, str]]:
    """(id, number, issuer code, date) of every issued decision."""
    return [tuple(row) for row in db.execute(
        f"SELECT id, number, issuer_code, decided_on FROM decisions WHERE state = '{ISSUED}'")]


def frozen_paper(db: Database, decision_id: str) -> dict[str, Any] | None:
    """The paper a decision was issued as (schema 0015), or None (a draft, or issued
    before DVK froze papers)."""
    row = db.execute("SELECT paper, paper_sha256, emblem_sha256 FROM decisions WHERE id = ?",
                     [decision_id]).fetchone()
    if row is None or not row[0]:
        return None
    items = [r[0] for r in db.execute(
        "SELECT paper FROM decision_items WHERE decision_id = ? AND removed = 0"
        " ORDER BY position", [decision_id])]
    return {"paper": row[0], "sha256": row[1], "emblem_sha256": row[2], "items": items}
