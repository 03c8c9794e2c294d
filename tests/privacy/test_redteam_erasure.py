"""The one change the rule of authority lets through in a sealed record is the erasure
of its personal fields, exactly: a forged bundle that erases and changes anything else,
erases another text, or claims another office's erasure is refused whole."""

from __future__ import annotations

import pytest

from app.domain.privacy import ERASED, erase_name, erased_values, is_erasure
from app.sync import authority
from app.sync.kinds import get as get_kind
from tests.privacy.conftest import COMMUNE, PROVINCE, person_on_province_decision
from tests.sync.redteam import DemoNet as RedNet
from tests.sync.redteam import forged, newer, put


def _province_item(demo) -> dict:
    with demo.open(COMMUNE) as commune:
        registration_id = person_on_province_decision(commune)[2]
    red = RedNet(demo.folder)
    return red.rows(PROVINCE, "decision_items", "origin = ? AND registration_id = ?",
                    [PROVINCE, registration_id])[0]


ERASE_AND = {
    "the rating too": {"rating": "dat"},
    "the certificate number too": {"certificate_number": "99/GCN"},
    "the position in the annex too": {"position": 99},
}


@pytest.mark.parametrize("extra", list(ERASE_AND.values()), ids=list(ERASE_AND))
def test_an_erasure_that_changes_anything_else_of_an_issued_decision_is_refused(
        demo, tmp_path, extra):
    item = _province_item(demo)
    red = RedNet(demo.folder)
    genuine = red.genuine(PROVINCE, COMMUNE, tmp_path / "down.dvk")
    bundle = forged(genuine, tmp_path / "forged.dvk", red.signing(PROVINCE), lambda records: put(
        records, "decision_items", newer(item, **erased_values("decision_items", item),
                                         **extra)))
    refusal = red.refused(COMMUNE, bundle)
    assert refusal.reason == "authority"


def test_a_name_replaced_that_is_not_the_registrants_or_a_name_kept_is_refused(demo, tmp_path):
    item = _province_item(demo)
    red = RedNet(demo.folder)
    genuine = red.genuine(PROVINCE, COMMUNE, tmp_path / "down.dvk")
    for index, changes in enumerate([
            {"registrant": "Người khác"},
            {"registrant": ERASED, "detail": "", "model_name": erase_name(
                item["model_name"], "liên kết")},
            {"registrant": ERASED, "detail": "Trưởng thôn", "model_name": erase_name(
                item["model_name"], item["registrant"])}]):
        bundle = forged(genuine, tmp_path / f"forged{index}.dvk", red.signing(PROVINCE),
                        lambda records, changes=changes: put(
                            records, "decision_items", newer(item, **changes)))
        assert red.refused(COMMUNE, bundle).reason == "authority"


def test_the_exact_erasure_passes_the_rule_and_an_older_version_does_not(demo):
    item = _province_item(demo)
    erased = newer(item, **erased_values("decision_items", item))
    assert is_erasure("decision_items", item, erased)
    assert authority.erasure(get_kind("decision_items"), item, erased)
    assert not is_erasure("decision_items", item, {**erased, "version": item["version"]})
    assert not authority.erasure(get_kind("decisions"), item, erased)  # no such column
    assert set(authority.RULES["decision_items"].erasable) == set(
        erased_values("decision_items", item))


def test_an_erasure_of_another_offices_person_is_refused(net, tmp_path):
    from tests.sync.builders import register
    from tests.sync.conftest import COMMUNE as A
    from tests.sync.conftest import OTHER as B
    from tests.sync.conftest import PROVINCE as P

    with net.open(A) as commune:
        register(commune, "Bà Nguyễn Thị Hoà - nuôi ong", person=True)
        person_id = commune.db.execute("SELECT id FROM persons").fetchone()[0]
        up = commune.sync.export(P, tmp_path / "a.dvk", passphrase="demo").path
    with net.open(P) as province:
        province.sync.import_bundle(up)
    with net.open(B) as other:
        other_bundle = other.sync.export(P, tmp_path / "b.dvk", passphrase="demo").path
        signing = other.keys.unlock("demo")
    erasure = {"id": "e0000000-0000-4000-8000-000000000001", "subject": "person",
               "record_id": person_id, "registrations": "[]", "erased_on": "2026-12-01",
               "reason": "yeu_cau", "request_id": None, "origin": B, "version": 1,
               "created_at": "2026-12-01T01:00:00.000Z",
               "updated_at": "2026-12-01T01:00:00.000Z", "updated_by": "ke-gian"}
    bundle = forged(other_bundle, tmp_path / "forged.dvk", signing,
                    lambda records: put(records, "erasures", erasure))
    with net.open(P) as province:
        from app.sync.errors import BundleRefused

        with pytest.raises(BundleRefused) as refused:
            province.sync.import_bundle(bundle)
        assert refused.value.reason == "authority"
        assert province.db.execute("SELECT count(*) FROM erasures").fetchone()[0] == 0
        assert province.db.execute("SELECT full_name FROM persons WHERE id = ?",
                                   [person_id]).fetchone()[0] == "Nguyễn Thị Hoà"


def test_a_council_members_name_is_erased_on_a_locked_sheet_and_only_the_name(demo, tmp_path):
    with demo.open(COMMUNE) as commune:
        name, sheet_state = commune.db.execute(
            "SELECT m.name, s.state FROM council_members m JOIN score_sheets s"
            " ON s.id = m.sheet_id WHERE s.state = 'khoa' AND m.origin = ? LIMIT 1",
            [COMMUNE]).fetchone()
        assert sheet_state == "khoa"
        count = commune.privacy.erase_council_member(name)
        assert count >= 1
        assert commune.db.execute("SELECT count(*) FROM council_members WHERE name = ?",
                                  [name]).fetchone()[0] == 0
        assert commune.db.execute("SELECT count(*) FROM erasures WHERE subject ="
                                  " 'council_member'").fetchone()[0] == count
    demo.send(COMMUNE, PROVINCE, "up.dvk")
    with demo.open(PROVINCE) as province:
        rows = province.db.execute("SELECT name FROM council_members WHERE origin = ?",
                                   [COMMUNE]).fetchall()
        assert (name,) not in rows and (ERASED,) in rows
    # A forged change of a locked sheet's member (its role) is still refused.
    red = RedNet(demo.folder)
    member = red.rows(COMMUNE, "council_members", "name = ?", [ERASED])[0]
    genuine = red.genuine(COMMUNE, PROVINCE, tmp_path / "again.dvk")
    bundle = forged(genuine, tmp_path / "forged.dvk", red.signing(COMMUNE), lambda records: put(
        records, "council_members", newer(member, role="Trưởng ban")))
    assert red.refused(PROVINCE, bundle).reason == "authority"


def test_an_erasure_that_changes_the_issued_paper_otherwise_is_refused(demo, tmp_path):
    """The frozen paper may change only into its erased form: keeping the signed code,
    or changing the certificate's number under cover of the erasure, is refused."""
    import json

    item = _province_item(demo)
    assert item["paper"], "the demo's province decision has no frozen paper"
    red = RedNet(demo.folder)
    genuine = red.genuine(PROVINCE, COMMUNE, tmp_path / "down.dvk")
    erased = erased_values("decision_items", item)
    paper = json.loads(erased["paper"])
    kept_code = dict(paper, certificate={**paper["certificate"],
                                         "qr_payload": json.loads(item["paper"])[
                                             "certificate"]["qr_payload"]})
    renumbered = dict(paper, certificate={**paper["certificate"],
                                          "number_line": "Số vào sổ: 99/GCN"})
    for index, tampered in enumerate((kept_code, renumbered)):
        changes = {**erased, "paper": json.dumps(tampered, ensure_ascii=False,
                                                 sort_keys=True, separators=(",", ":"))}
        bundle = forged(genuine, tmp_path / f"forged{index}.dvk", red.signing(PROVINCE),
                        lambda records, changes=changes: put(
                            records, "decision_items", newer(item, **changes)))
        assert red.refused(COMMUNE, bundle).reason == "authority"
