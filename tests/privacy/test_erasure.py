"""Erasing a person's data (issue 26): the owner erases, the erasure travels up and
down like any change, issued decisions keep their numbers and lose only the name, the
audit log says that it happened and not what was erased."""

from __future__ import annotations

import json
import sqlite3

import pytest

from app.domain.privacy import ERASED
from app.errors import DvkError
from tests.privacy.conftest import COMMUNE, PROVINCE, person_on_province_decision


def _non_personal(ctx, registration_id: str) -> dict:
    """What the erasure must keep: the model's record, its scores, the decisions."""
    db = ctx.db
    return {
        "registration": db.execute(
            "SELECT year, kind, subject, unit_code, subunit_code, field, mode, status,"
            " registered_on, origin FROM registrations WHERE id = ?",
            [registration_id]).fetchone(),
        "sheets": db.execute(
            "SELECT s.id, s.state, s.level, sum(l.self_tenths) FROM score_sheets s LEFT JOIN"
            " sheet_lines l ON l.sheet_id = s.id WHERE s.registration_id = ? GROUP BY s.id"
            " ORDER BY s.id", [registration_id]).fetchall(),
        "items": db.execute(
            "SELECT i.id, d.number, d.decided_on, d.state, i.position, i.certificate_number,"
            " i.certificate_seq, i.rating, i.total_tenths, i.unit_code, i.field"
            " FROM decision_items i JOIN decisions d ON d.id = i.decision_id"
            " WHERE i.registration_id = ? ORDER BY i.id", [registration_id]).fetchall(),
        "numbers": db.execute("SELECT * FROM numbering_entries ORDER BY book_id, scope_key,"
                              " number").fetchall(),
    }


def _everything(ctx) -> str:
    """Every text the data file holds in the tables that name people, as one string."""
    parts = []
    for table in ("persons", "registrations", "decision_items", "sync_conflicts", "drafts",
                  "audit_log", "erasures", "evidence"):
        for row in ctx.db.execute(f"SELECT * FROM [{table}]"):
            parts.append(" ".join(str(v) for v in row))
    return "\n".join(parts)


def test_an_erasure_travels_up_and_down_and_keeps_the_record_and_the_numbers(demo):
    with demo.open(COMMUNE) as commune:
        person_id, name, registration_id = person_on_province_decision(commune)
        before = _non_personal(commune, registration_id)
        photos = commune.db.execute(
            "SELECT sha256 FROM evidence WHERE registration_id = ? AND removed = 0",
            [registration_id]).fetchall()
        result = commune.privacy.erase(person_id)
        assert result.registrations >= 1
        person = commune.db.execute("SELECT * FROM persons WHERE id = ?",
                                    [person_id]).fetchone()
        held = dict(zip([d[0] for d in commune.db.execute(
            "SELECT * FROM persons LIMIT 0").description], person, strict=True))
        assert held["full_name"] == ERASED and held["erased_on"]
        assert (held["phone"], held["address"], held["position"]) == ("", "", "")
        assert held["birth_year"] is None and held["gender"] is None
        registrant, model_name, phone = commune.db.execute(
            "SELECT registrant, name, contact_phone FROM registrations WHERE id = ?",
            [registration_id]).fetchone()
        assert registrant == ERASED and name not in model_name and phone == ""
        # The photos are gone, bytes included; the model's record, scores and the
        # decisions' numbers stay.
        for (digest,) in photos:
            assert commune.db.execute("SELECT 1 FROM blobs WHERE sha256 = ?",
                                      [digest]).fetchone() is None
        after = _non_personal(commune, registration_id)
        assert after == before
        # The audit log says an erasure happened, not what was erased.
        action, detail = commune.db.execute(
            "SELECT action, detail FROM audit_log WHERE kind = 'persons' AND record_id = ?"
            " ORDER BY seq DESC LIMIT 1", [person_id]).fetchone()
        assert action == "erase" and name not in detail
        assert json.loads(detail)["registrations"] == result.registrations
        # The province's decision, as the commune holds it, still names the person.
        assert commune.db.execute(
            "SELECT registrant FROM decision_items WHERE origin = ? AND registration_id = ?",
            [PROVINCE, registration_id]).fetchone()[0] == name

    demo.send(COMMUNE, PROVINCE, "up.dvk")
    with demo.open(PROVINCE) as province:
        # The person's record arrived erased, and the province erased its own decision.
        assert province.db.execute("SELECT full_name FROM persons WHERE id = ?",
                                   [person_id]).fetchone()[0] == ERASED
        registrant, model_name, detail, version = province.db.execute(
            "SELECT registrant, model_name, detail, version FROM decision_items"
            " WHERE origin = ? AND registration_id = ?",
            [PROVINCE, registration_id]).fetchone()
        assert (registrant, detail) == (ERASED, "") and name not in model_name
        assert province.maintenance.check().ok

    demo.send(PROVINCE, COMMUNE, "down.dvk")
    with demo.open(COMMUNE) as commune:
        rows = commune.db.execute(
            "SELECT origin, registrant, model_name FROM decision_items"
            " WHERE registration_id = ?", [registration_id]).fetchall()
        assert {origin for origin, *_rest in rows} >= {PROVINCE, COMMUNE}
        assert all(registrant == ERASED and name not in model_name
                   for _origin, registrant, model_name in rows)
        assert _non_personal(commune, registration_id) == before
        assert commune.maintenance.check().ok


def test_after_one_round_trip_the_name_is_in_no_table_that_names_people(demo):
    with demo.open(COMMUNE) as commune:
        person_id, name, _registration_id = person_on_province_decision(commune)
        commune.privacy.erase(person_id)
    demo.send(COMMUNE, PROVINCE, "up.dvk")
    with demo.open(PROVINCE) as province:
        assert name not in _everything(province)
    demo.send(PROVINCE, COMMUNE, "down.dvk")
    with demo.open(COMMUNE) as commune:
        assert name not in _everything(commune)


def test_only_the_owner_erases_and_the_decision_trigger_lets_only_an_erasure_through(demo):
    with demo.open(PROVINCE) as province:
        person_id = person_on_province_decision(province)[0]
        with pytest.raises(DvkError, match=COMMUNE):
            province.privacy.erase(person_id)
        item = province.db.execute(
            "SELECT i.id FROM decision_items i JOIN decisions d ON d.id = i.decision_id"
            " WHERE d.state = 'ban_hanh' AND i.origin = ? LIMIT 1", [PROVINCE]).fetchone()[0]
        for change in ("rating = 'x'", "certificate_number = '99/GCN'",
                       "registrant = 'Người khác'",
                       f"registrant = '{ERASED}', detail = '', rating = 'x'",
                       f"registrant = '{ERASED}', detail = ''"):  # no newer version
            with pytest.raises(sqlite3.IntegrityError, match="issued decision"):
                province.db.execute(f"UPDATE decision_items SET {change} WHERE id = ?", [item])
        province.db.execute(f"UPDATE decision_items SET registrant = '{ERASED}', detail = '',"
                            " version = version + 1 WHERE id = ?", [item])


def test_the_issued_paper_loses_the_name_and_its_code_and_reprints_with_a_note(demo):
    """The frozen paper of an issued decision (issue 17) is erased like the item's
    columns: the annex line and the certificate lose the name and detail, the signed
    code (which carries the name) is dropped; the decision still reprints, with a note
    that says why the copy is not the paper as issued, and its certificates print."""
    with demo.open(COMMUNE) as commune:
        person_id, name, registration_id = person_on_province_decision(commune)
        commune.privacy.erase(person_id)
    demo.send(COMMUNE, PROVINCE, "up.dvk")
    with demo.open(PROVINCE) as province:
        decision_id, paper = province.db.execute(
            "SELECT decision_id, paper FROM decision_items WHERE origin = ? AND"
            " registration_id = ?", [PROVINCE, registration_id]).fetchone()
        item = json.loads(paper)
        assert item["certificate"]["recipient"] == ERASED
        assert item["certificate"]["recipient_detail"] == ""
        assert item["certificate"]["qr_payload"] == ""
        assert item["certificate"]["number_line"]  # the certificate keeps its number
        assert name not in paper and any(ERASED in str(cell) for cell in item["row"])
        doc = province.recognition_papers.decision_document(decision_id)
        assert doc.frozen.erased
        pdf = province.printing.render(doc)
        assert "erased since" in province.printing.reprint_note(doc, pdf) or \
            "đã bị xóa" in province.printing.reprint_note(doc, pdf)
        certificates = province.recognition_papers.certificate_documents(decision_id)
        erased = [c for c in certificates if c.recipient == ERASED]
        assert len(erased) == 1 and erased[0].qr_payload == ""
        assert province.printing.render_certificates(certificates).startswith(b"%PDF")
        others = [c for c in certificates if c.recipient != ERASED]
        assert all(c.qr_payload for c in others)  # the other certificates keep their codes
