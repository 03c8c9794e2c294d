"""A request made at another office reaches the owner; a restored backup older than an
erasure re-applies it; the purge at the end of a retention period."""

from __future__ import annotations

import sqlite3

import pytest

from app.domain.privacy import ERASED
from app.errors import DvkError
from tests.privacy.conftest import COMMUNE, PROVINCE, person_on_province_decision


def test_a_request_recorded_at_the_province_reaches_the_commune_that_erases(demo):
    with demo.open(COMMUNE) as commune:
        person_id = person_on_province_decision(commune)[0]
    with demo.open(PROVINCE) as province:
        with pytest.raises(DvkError, match="dvk privacy request"):
            province.privacy.erase(person_id)
        request_id = province.privacy.request(person_id, "erase", "Đơn ngày 01/12/2026")
        assert province.privacy.open_requests() == []  # not the province's to act on
    demo.send(PROVINCE, COMMUNE, "down.dvk")
    with demo.open(COMMUNE) as commune:
        waiting = commune.privacy.open_requests()
        assert [(r.id, r.person_id, r.action) for r in waiting] == [
            (request_id, person_id, "erase")]
        commune.privacy.erase(person_id, request_id=request_id)
        assert commune.privacy.open_requests() == []
    demo.send(COMMUNE, PROVINCE, "up.dvk")
    with demo.open(PROVINCE) as province:
        assert province.db.execute("SELECT request_id FROM erasures WHERE record_id = ?",
                                   [person_id]).fetchone()[0] == request_id
        assert province.db.execute("SELECT full_name FROM persons WHERE id = ?",
                                   [person_id]).fetchone()[0] == ERASED


def test_correcting_changes_the_person_and_the_name_on_their_registrations(demo):
    with demo.open(COMMUNE) as commune:
        person_id, name, registration_id = person_on_province_decision(commune)
        changed = commune.privacy.correct(person_id, {"phone": "0912 345 678",
                                                      "full_name": name + " Anh"})
        assert changed == ["full_name", "phone"]
        assert commune.db.execute("SELECT registrant FROM registrations WHERE id = ?",
                                  [registration_id]).fetchone()[0] == name + " Anh"
        assert commune.privacy.find(name + " anh") == [person_id]
        detail = commune.db.execute("SELECT detail FROM audit_log WHERE action = 'correct'"
                                    ).fetchone()[0]
        assert detail == "full_name,phone"  # which fields, not their values
        from app.errors import ValidationError

        with pytest.raises(ValidationError):
            commune.privacy.correct(person_id, {"birth_year": 1800})
        with pytest.raises(DvkError):
            commune.privacy.correct(person_id, {"year": 2020})


def test_restoring_a_backup_older_than_an_erasure_warns_and_erases_again(demo, tmp_path):
    folder = tmp_path / "saved"
    folder.mkdir()
    with demo.open(COMMUNE) as commune:
        person_id, name, registration_id = person_on_province_decision(commune)
        old = commune.backups.backup_to(folder / "old.sqlite")
        assert commune.backups.preview(old).erasures == []
        commune.privacy.erase(person_id)
        erasure = commune.privacy.erasures()[-1]
        preview = commune.backups.preview(old)
        assert [e.id for e in preview.erasures] == [erasure.id]
        assert any("xóa" in line for line in preview.lines())
        commune.backups.restore(old)
        assert commune.db.execute("SELECT full_name, erased_on FROM persons WHERE id = ?",
                                  [person_id]).fetchone() == (ERASED, erasure.erased_on)
        assert commune.db.execute("SELECT registrant FROM registrations WHERE id = ?",
                                  [registration_id]).fetchone()[0] == ERASED
        again = commune.privacy.erasures()
        assert [e for e in again if e.id == erasure.id] == [erasure]
        assert commune.db.execute("SELECT count(*) FROM audit_log WHERE action ="
                                  " 'erase_again'").fetchone()[0] == 1
    # The backup itself still holds the data: that is what the mark says.
    conn = sqlite3.connect(old)
    assert conn.execute("SELECT full_name FROM persons WHERE id = ?",
                        [person_id]).fetchone()[0] == name
    conn.close()
    # The same erasure sent again after the restore changes nothing at the province.
    demo.send(COMMUNE, PROVINCE, "up.dvk", full=True)
    with demo.open(PROVINCE) as province:
        assert province.db.execute("SELECT count(*) FROM erasures").fetchone()[0] == 1


def test_the_purge_previews_then_backs_up_then_erases_only_inactive_individuals(demo):
    with demo.open(COMMUNE) as commune:
        years = dict(commune.db.execute(
            "SELECT p.id, max(r.year) FROM persons p JOIN registrations r"
            " ON r.person_id = p.id GROUP BY p.id").fetchall())
        cutoff = max(years.values())
        plan = commune.privacy.purge_plan(cutoff)
        expected = {pid for pid, year in years.items() if year < cutoff}
        assert {c.person_id for c in plan.candidates} == expected and expected
        assert commune.db.execute("SELECT count(*) FROM persons WHERE erased_on IS NOT NULL"
                                  ).fetchone()[0] == 0  # a preview changes nothing
        before = set(commune.backups.all_backups())
        plan, results = commune.privacy.purge(cutoff)
        made = set(commune.backups.all_backups()) - before
        assert len(made) == 1 and "truoc-xoa-du-lieu" in next(iter(made)).name
        assert {r.person_id for r in results} == expected
        erased = {r[0] for r in commune.db.execute(
            "SELECT id FROM persons WHERE erased_on IS NOT NULL")}
        assert erased == expected
        assert {r[0] for r in commune.db.execute("SELECT reason FROM erasures")} == {"het_han"}
        assert commune.privacy.purge_plan(cutoff).candidates == []


def test_a_purge_whose_backup_fails_erases_nothing(demo, monkeypatch):
    with demo.open(COMMUNE) as commune:
        cutoff = commune.db.execute("SELECT max(year) FROM registrations").fetchone()[0]

        def no_room(*_args, **_kwargs):
            raise DvkError("Ổ đĩa đầy")

        monkeypatch.setattr(type(commune.backups), "backup_to", no_room)
        with pytest.raises(DvkError, match="đầy"):
            commune.privacy.purge(cutoff)
        assert commune.db.execute("SELECT count(*) FROM persons WHERE erased_on IS NOT NULL"
                                  ).fetchone()[0] == 0
