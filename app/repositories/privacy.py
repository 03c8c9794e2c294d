"""What the data file holds about one person, and the writes of an erasure.

The office that owns a person's record (its origin) erases it (app/services/privacy.py);
every office that imports the erasure erases the person's snapshots in the decisions it
issued itself (`erasures_received`, run in the import's transaction), so the change
travels down from it like any change. Local copies (files of removed evidence, the
review queue, unsaved forms) are removed where the erasure is written.
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from app.domain import privacy
from app.domain.registration import Subject
from app.domain.text import fold
from app.repositories import audit
from app.repositories import decision_signatures as signatures_repo
from app.repositories import settings as settings_repo
from app.repositories.records import RecordWriter
from app.repositories.registrations import search_words

Row = dict[str, Any]
SYNC_ACTOR = "dvk-sync"


def _rows(db: Database, sql: str, params: list[Any]) -> list[Row]:
    cursor = db.execute(sql, params)
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor]


def _json_list(values) -> str:
    return json.dumps(sorted(set(values)))


# -- finding a person ------------------------------------------------------------------
def person(db: Database, person_id: str) -> Row | None:
    found = _rows(db, "SELECT * FROM persons WHERE id = ?", [person_id])
    return found[0] if found else None


def person_of_registration(db: Database, registration_id: str) -> str | None:
    row = db.execute("SELECT person_id FROM registrations WHERE id = ?",
                     [registration_id]).fetchone()
    return row[0] if row else None


def persons_named(db: Database, name: str) -> list[str]:
    """Ids of the persons whose full name is `name` (without case and marks): through
    their registrations' indexed registrant, then the persons table for a person whose
    registrations name them otherwise."""
    folded = fold(name)
    ids = [r[0] for r in db.execute(
        "SELECT DISTINCT person_id FROM registrations WHERE registrant_fold = ?"
        " AND person_id IS NOT NULL ORDER BY person_id", [folded])]
    if not ids:
        ids = [pid for pid, full_name in db.execute("SELECT id, full_name FROM persons")
               if fold(full_name) == folded]
    return ids


def council_rows(db: Database, name: str) -> list[Row]:
    """Council members named `name` (without case and marks), with their sheet."""
    folded = fold(name)
    ids = [mid for mid, member in db.execute("SELECT id, name FROM council_members")
           if fold(member) == folded]
    if not ids:
        return []
    return _rows(db, "SELECT m.id, m.name, m.role, m.removed, m.origin, s.id AS sheet_id,"
                 " s.year, s.level, s.state, r.name AS model_name FROM council_members m"
                 " JOIN score_sheets s ON s.id = m.sheet_id"
                 " LEFT JOIN registrations r ON r.id = s.registration_id"
                 " WHERE m.id IN (SELECT value FROM json_each(?)) ORDER BY s.year, m.id",
                 [_json_list(ids)])


# -- everything held about a person ----------------------------------------------------
def holdings(db: Database, person_id: str) -> dict[str, Any]:
    """The person's record and everything that names them or belongs to their
    registrations: registrations, evidence, score sheets, proposals, decisions,
    requests and erasures, and the local copies (forms not saved, the review queue)."""
    registrations = _rows(db, "SELECT r.id, r.year, r.name, r.registrant, r.contact_phone,"
                          " r.unit_code, u.name AS unit_name, r.status, r.origin,"
                          " r.registered_on FROM registrations r"
                          " LEFT JOIN units u ON u.code = r.unit_code"
                          " WHERE r.person_id = ? ORDER BY r.year, r.id", [person_id])
    ids = _json_list(r["id"] for r in registrations)
    return {
        "person": person(db, person_id),
        "registrations": registrations,
        "evidence": _rows(db, "SELECT id, registration_id, file_name, media_type, size,"
                          " caption, removed, sha256 IN (SELECT sha256 FROM blobs) AS stored"
                          " FROM evidence WHERE registration_id IN (SELECT value FROM"
                          " json_each(?)) ORDER BY registration_id, id", [ids]),
        "score_sheets": _rows(db, "SELECT id, registration_id, year, level, state, edition,"
                              " origin FROM score_sheets WHERE registration_id IN (SELECT"
                              " value FROM json_each(?)) ORDER BY year, level, edition",
                              [ids]),
        "proposals": _rows(db, "SELECT p.id, p.number, p.year, p.state, p.origin"
                           " FROM proposal_items i JOIN proposals p ON p.id = i.proposal_id"
                           " WHERE i.registration_id IN (SELECT value FROM json_each(?))"
                           " AND i.removed = 0 ORDER BY p.year, p.id", [ids]),
        "decision_items": _rows(db, "SELECT i.id, i.decision_id, d.number, d.decided_on,"
                                " d.state, d.issuer, i.model_name, i.registrant, i.detail,"
                                " i.certificate_number, i.origin FROM decision_items i"
                                " JOIN decisions d ON d.id = i.decision_id"
                                " WHERE i.registration_id IN (SELECT value FROM json_each(?))"
                                " AND i.removed = 0 ORDER BY d.year, d.number", [ids]),
        "requests": _rows(db, "SELECT id, action, received_on, note, origin FROM"
                          " privacy_requests WHERE person_id = ? ORDER BY received_on",
                          [person_id]),
        "erasures": _rows(db, "SELECT id, erased_on, reason, request_id, origin FROM"
                          " erasures WHERE record_id = ? ORDER BY erased_on", [person_id]),
        "drafts": db.execute("SELECT count(*) FROM drafts WHERE record_id IN (SELECT value"
                             " FROM json_each(?))", [ids]).fetchone()[0],
        "conflicts": db.execute("SELECT count(*) FROM sync_conflicts WHERE record_key IN"
                                " (SELECT value FROM json_each(?))",
                                [_json_list([person_id, *json.loads(ids)])]).fetchone()[0],
    }


def recipients(db: Database) -> list[Row]:
    """The offices this office sent bundles to: each got what it sends (registrations,
    persons, evidence...), first and last time."""
    return _rows(db, "SELECT o.recipient, u.name, min(o.created_at) AS first,"
                 " max(o.created_at) AS last FROM outbox o LEFT JOIN units u"
                 " ON u.code = o.recipient GROUP BY o.recipient ORDER BY o.recipient", [])


# -- erasing -----------------------------------------------------------------------------
def erase_registration(writer: RecordWriter, registration: Row, name: str) -> None:
    """A registration of the person: the registrant, the contact phone, and the
    person's name wherever the form's texts hold it."""
    db = writer.db
    current = _rows(db, "SELECT r.*, u.name AS subunit_name FROM registrations r LEFT JOIN"
                    " units u ON u.code = r.subunit_code WHERE r.id = ?",
                    [registration["id"]])[0]
    changes: dict[str, Any] = dict(privacy.REGISTRATION_ERASED)
    for column in privacy.REGISTRATION_TEXTS:
        changes[column] = privacy.erase_name(current[column] or "", name)
    changes["name_fold"] = fold(changes["name"])
    changes["registrant_fold"] = fold(changes["registrant"])
    changes["search_words"] = search_words(changes["name"], changes["registrant"],
                                           current["subunit_name"])
    writer.update("registrations", registration["id"], changes)


def erase_evidence(writer: RecordWriter, registration_ids: list[str]) -> int:
    """Every file of the registrations is removed (the removal travels) and its bytes
    deleted here; returns the number of files."""
    db = writer.db
    rows = _rows(db, "SELECT id, sha256, removed FROM evidence WHERE registration_id IN"
                 " (SELECT value FROM json_each(?))", [_json_list(registration_ids)])
    for row in rows:
        if not row["removed"]:
            writer.update("evidence", row["id"], {"removed": 1, "caption": ""})
    delete_unused_files(db, [row["sha256"] for row in rows])
    return len(rows)


def delete_unused_files(db: Database, hashes: list[str]) -> int:
    """The stored bytes of these files, where no evidence still in use points at them."""
    return db.execute(
        "DELETE FROM blobs WHERE sha256 IN (SELECT value FROM json_each(?)) AND sha256 NOT IN"
        " (SELECT sha256 FROM evidence WHERE removed = 0)", [_json_list(hashes)]).rowcount


def erase_issued_snapshots(writer: RecordWriter, registration_ids: list[str]) -> int:
    """The decision items of this office (issued or draft) about these registrations:
    the registrant's name and detail erased, the name inside the model's name replaced
    (the schema's trigger and the rule of authority let exactly this through). Returns
    the number of items changed."""
    db = writer.db
    items = _rows(db, "SELECT id, registrant, model_name, detail, paper FROM decision_items WHERE"
                  " registration_id IN (SELECT value FROM json_each(?)) AND origin = ?"
                  f" AND subject = '{Subject.INDIVIDUAL}'", [_json_list(registration_ids), writer.origin])
    changed = 0
    for item in items:
        changes = privacy.erased_values("decision_items", item)
        if any(item[c] != v for c, v in changes.items()):
            writer.update("decision_items", item["id"], changes)
            changed += 1
    return changed


def forget_local_copies(db: Database, record_ids: list[str]) -> None:
    """What this office keeps only for itself about these records: forms not saved
    and the versions kept in the review queue."""
    ids = _json_list(record_ids)
    db.execute("DELETE FROM drafts WHERE record_id IN (SELECT value FROM json_each(?))", [ids])
    db.execute("DELETE FROM sync_conflicts WHERE record_key IN (SELECT value FROM"
               " json_each(?))", [ids])


def record_erasure(writer: RecordWriter, *, subject: str, record_id: str,
                   registrations: list[str], erased_on: str, reason: str,
                   request_id: str | None, counts: dict[str, int]) -> str:
    """The erasure record (travels) and one audit line that says it happened and how
    much it changed: no erased value."""
    row = writer.insert("erasures", {
        "subject": subject, "record_id": record_id, "registrations": _json_list(registrations),
        "erased_on": erased_on, "reason": reason, "request_id": request_id})
    audit.append(writer.db, actor=writer.actor, action="erase",
                 kind="persons" if subject == "person" else "council_members",
                 record_id=record_id, detail=json.dumps(
                     {"reason": reason, **counts}, sort_keys=True))
    return row["id"]


def restore_erasure(writer: RecordWriter, original: Row, counts: dict[str, int]) -> str:
    """An erasure record written back exactly as it was made (after a restore of an
    older backup), with a new local change number; the audit log says so."""
    from app.repositories.records import next_rev

    row = {**original, "rev": next_rev(writer.db)}
    columns = ", ".join(f"[{c}]" for c in row)
    writer.db.execute(f"INSERT OR IGNORE INTO erasures ({columns}) VALUES"
                      f" ({', '.join('?' for _c in row)})", list(row.values()))
    audit.append(writer.db, actor=writer.actor, action="erase_again",
                 kind="persons" if original["subject"] == "person" else "council_members",
                 record_id=original["record_id"], detail=json.dumps(
                     {"erasure": original["id"], **counts}, sort_keys=True))
    return str(original["id"])


def erasures(db: Database) -> list[Row]:
    """Every erasure this file knows, every column but the local change number."""
    rows = _rows(db, "SELECT * FROM erasures ORDER BY created_at, id", [])
    for row in rows:
        row.pop("rev", None)
    return rows


def erasures_received(db: Database, records: list[Row]) -> None:
    """Run in the transaction of an import that wrote these erasures: this office
    erases the person's snapshots in its own decisions (a change that travels on from
    it), drops files no longer used, withdraws the signed copies of the decisions that
    name the person (app/repositories/decision_signatures.py) and its local copies, and
    logs that it did."""
    office = settings_repo.get(db, "office_code")
    if not office:
        return
    writer = RecordWriter(db, origin=office, actor=SYNC_ACTOR)
    for record in records:
        try:
            registrations = [str(r) for r in json.loads(record.get("registrations") or "[]")]
        except ValueError:
            registrations = []
        changed = erase_issued_snapshots(writer, registrations) if registrations else 0
        hashes = [r[0] for r in db.execute(
            "SELECT sha256 FROM evidence WHERE registration_id IN (SELECT value FROM"
            " json_each(?))", [_json_list(registrations)])]
        files = delete_unused_files(db, hashes)
        withdrawn = signatures_repo.withdraw_for_registrations(db, registrations)
        forget_local_copies(db, [record["record_id"], *registrations])
        audit.append(db, actor=SYNC_ACTOR, action="erase_received",
                     kind="persons" if record.get("subject") == "person" else "council_members",
                     record_id=str(record["record_id"]), detail=json.dumps(
                         {"origin": record.get("origin"), "decision_items": changed,
                          "files": files, "signed_copies": withdrawn}, sort_keys=True))


def requests_open(db: Database, office: str) -> list[Row]:
    """Requests about persons this office owns not acted on yet: an erasure asked and
    not done, a correction asked after the person's record last changed."""
    return _rows(db, "SELECT q.id, q.person_id, q.action, q.received_on, q.note, q.origin"
                 " FROM privacy_requests q JOIN persons p ON p.id = q.person_id"
                 " WHERE p.origin = ? AND q.id NOT IN (SELECT request_id FROM erasures"
                 " WHERE request_id IS NOT NULL) AND NOT (q.action = 'erase'"
                 " AND p.erased_on IS NOT NULL) AND NOT (q.action = 'correct'"
                 " AND p.updated_at > q.created_at) ORDER BY q.received_on", [office])
