"""The one change the rule of authority lets through in a sealed record is the erasure
of its personal fields, exactly: a forged bundle that erases and changes anything else,
erases another text, or claims another office's erasure is refused whole."""

from __future__ import annotations

import pytest

from app.domain.privacy import ERASED, erase_name, erased_values, is_erasure
from app.sync import authority
from app.sync.kinds import get as get_kind
from tests.privacy.conftest import COMMUNE, PROVINCE, person_on_province_decision
from tests.sync.redteam import PASSPHRASE, forged, newer, put
from tests.sync.redteam import DemoNet as RedNet


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


# -- issue 22: the signed copies of a decision go only by a genuine erasure -------------
def _signed_copy_at_commune(demo) -> tuple[str, bytes, dict]:
    """The decision of the province that names the commune's person, its signed copy as
    the commune holds it, and the copy's record as it travels."""
    with demo.open(COMMUNE) as commune:
        registration_id = person_on_province_decision(commune)[2]
        decision_id = commune.db.execute(
            "SELECT decision_id FROM decision_items WHERE origin = ? AND registration_id = ?",
            [PROVINCE, registration_id]).fetchone()[0]
        signed = commune.pdf_signatures.signed_copy(decision_id)
    assert signed is not None, "the demo's province signs its issued decisions"
    row = RedNet(demo.folder).rows(PROVINCE, "decision_signatures", "decision_id = ?",
                                   [decision_id])[0]
    return decision_id, signed, row


def _still_held(demo, decision_id: str, signed: bytes) -> None:
    with demo.open(COMMUNE) as commune:
        assert commune.pdf_signatures.signed_copy(decision_id) == signed
        assert not any(c.withdrawn for c in
                       commune.pdf_signatures.signed_copies(decision_id))


def test_a_forged_bundle_cannot_withdraw_or_change_a_signed_copy(demo, tmp_path):
    """With the province's own key: a copy's record changed (another PDF, as if signed
    from other texts, withdrawn under another hash), a copy of an 'erased' paper while
    no erasure reached the decision, or an erasure of the commune's person claimed by the
    province are refused whole; the commune's signed copy stays, bytes and all."""
    import hashlib

    decision_id, signed, row = _signed_copy_at_commune(demo)
    with demo.open(COMMUNE) as commune:
        person_id, _name, registration_id = person_on_province_decision(commune)
    red = RedNet(demo.folder)
    genuine = red.genuine(PROVINCE, COMMUNE, tmp_path / "down.dvk")
    other = hashlib.sha256(b"another pdf").hexdigest()
    tampered = [
        ("decision_signatures", newer(row, pdf_sha256=other)),
        ("decision_signatures", newer(row, texts_sha256=other)),
        ("decision_signatures", {**row, "id": "forged-erased-paper", "paper_sha256": other,
                                 "pdf_sha256": row["pdf_sha256"]}),
        ("erasures", {"id": "e0000000-0000-4000-8000-000000000022", "subject": "person",
                      "record_id": person_id, "registrations": f'["{registration_id}"]',
                      "erased_on": "2026-12-01", "reason": "yeu_cau", "request_id": None,
                      "origin": PROVINCE, "version": 1,
                      "created_at": "2026-12-01T01:00:00.000Z",
                      "updated_at": "2026-12-01T01:00:00.000Z", "updated_by": "ke-gian"}),
    ]
    for index, (kind, record) in enumerate(tampered):
        bundle = forged(genuine, tmp_path / f"forged{index}.dvk", red.signing(PROVINCE),
                        lambda records, kind=kind, record=record: put(records, kind, record))
        assert red.refused(COMMUNE, bundle).reason == "authority", (kind, record)
    _still_held(demo, decision_id, signed)


def test_a_copy_without_its_pdf_is_taken_only_where_an_erasure_reached_it(demo, tmp_path):
    """A bundle whose copy comes without its PDF (as a withdrawn copy travels) while no
    erasure reached the decision: the bundle is imported, that record is rejected as
    missing its file (not taken as withdrawn), so the next bundle that brings the PDF
    brings the copy whole."""
    from app.signing import canonical
    from app.sync import manifest as mf
    from tests.sync.builders import forge, members

    decision_id, signed, row = _signed_copy_at_commune(demo)
    red = RedNet(demo.folder)
    genuine = red.genuine(PROVINCE, COMMUNE, tmp_path / "down.dvk")
    with demo.open(COMMUNE) as commune, commune.transaction():
        # An office that never had this copy.
        commune.db.execute("DELETE FROM decision_signatures WHERE decision_id = ?",
                           [decision_id])
        commune.db.execute("DELETE FROM blobs WHERE sha256 = ?", [row["pdf_sha256"]])
    entries = members(genuine)
    files = {n: d for n, d in entries.items()
             if n not in (mf.MANIFEST, mf.SIGNATURE, f"blobs/{row['pdf_sha256']}")}
    bundle = forge(tmp_path / "without-pdf.dvk", files, red.signing(PROVINCE),
                   base=canonical.loads(entries[mf.MANIFEST], limit=1 << 24))
    result = red.imported(COMMUNE, bundle)
    assert result.preview.combined()["decision_signatures"].rejected >= 1
    with demo.open(COMMUNE) as commune:
        assert commune.db.execute("SELECT 1 FROM decision_signatures WHERE id = ?",
                                  [row["id"]]).fetchone() is None
    # The province's next bundle follows the one the commune took (a new line: the
    # commune holds a bundle of that number different from the province's own).
    with demo.open(PROVINCE) as province:
        again = province.sync.export(COMMUNE, tmp_path / "again.dvk", passphrase=PASSPHRASE,
                                     full=True, new_line=True).path
    red.imported(COMMUNE, again)
    _still_held(demo, decision_id, signed)


def test_a_commune_key_cannot_withdraw_or_swap_the_provinces_signed_copy(demo, tmp_path):
    """An attacker holding the commune's genuine key, up to the province: the
    province's lines of its decision sent erased, its copy's record withdrawn under
    another hash, a copy of an 'erased paper' made by the commune or claimed as the
    province's, the erasure of the commune's person claimed as the province's, or the
    copy's PDF swapped for other bytes under its name: each bundle is refused whole and
    the province keeps its signed copy, bytes and all. Only the commune's own erasure
    of its own person withdraws it (tests/privacy/test_signed_copies.py)."""
    import hashlib
    import json

    from app.signing import canonical
    from app.sync import manifest as mf
    from tests.sync.builders import forge, members

    decision_id, signed, row = _signed_copy_at_commune(demo)
    item = _province_item(demo)
    with demo.open(COMMUNE) as commune:
        person_id, _name, registration_id = person_on_province_decision(commune)
    red = RedNet(demo.folder)
    genuine = red.genuine(COMMUNE, PROVINCE, tmp_path / "up.dvk")
    other = hashlib.sha256(b"another pdf").hexdigest()
    erasure = {"id": "e0000000-0000-4000-8000-000000000023", "subject": "person",
               "record_id": person_id, "registrations": json.dumps([registration_id]),
               "erased_on": "2026-12-01", "reason": "yeu_cau", "request_id": None,
               "version": 1, "created_at": "2026-12-01T01:00:00.000Z",
               "updated_at": "2026-12-01T01:00:00.000Z", "updated_by": "ke-gian"}
    tampered = [
        ("decision_items", newer(item, **erased_values("decision_items", item))),
        ("decision_signatures", newer(row, pdf_sha256=other)),
        ("decision_signatures", {**row, "id": "forged-by-commune", "origin": COMMUNE,
                                 "paper_sha256": other, "texts_sha256": other}),
        ("decision_signatures", {**row, "id": "forged-as-province", "paper_sha256": other,
                                 "texts_sha256": other}),
        ("erasures", {**erasure, "origin": PROVINCE}),
    ]
    signing = red.signing(COMMUNE)
    for index, (kind, record) in enumerate(tampered):
        bundle = forged(genuine, tmp_path / f"forged{index}.dvk", signing,
                        lambda records, kind=kind, record=record: put(records, kind, record))
        assert red.refused(PROVINCE, bundle).reason == "authority", (kind, record)
    # The PDF's bytes swapped under its name, the manifest made right and signed.
    entries = members(genuine)
    files = {n: d for n, d in entries.items() if n not in (mf.MANIFEST, mf.SIGNATURE)}
    files[f"blobs/{row['pdf_sha256']}"] = signed.replace(b"%%EOF", b"%%EOF\n% swapped")
    bundle = forge(tmp_path / "swapped.dvk", files, signing,
                   base=canonical.loads(entries[mf.MANIFEST], limit=1 << 24))
    assert red.refused(PROVINCE, bundle).reason == "manifest"  # a file not its name's
    with demo.open(PROVINCE) as province:
        assert province.pdf_signatures.signed_copy(decision_id) == signed
        assert not any(c.withdrawn for c in
                       province.pdf_signatures.signed_copies(decision_id))
    _still_held(demo, decision_id, signed)


def test_a_damaged_bundle_with_a_signed_copy_changes_nothing(demo, tmp_path):
    """The province's genuine bundle with a byte of the signed PDF changed, or the PDF
    left out while the manifest still lists it: refused as damaged, nothing written."""
    from tests.sync.builders import members, zip_raw

    decision_id, signed, row = _signed_copy_at_commune(demo)
    with demo.open(COMMUNE) as commune, commune.transaction():
        # An office that never had this copy: the bundle would bring it.
        commune.db.execute("DELETE FROM decision_signatures WHERE decision_id = ?",
                           [decision_id])
        commune.db.execute("DELETE FROM blobs WHERE sha256 = ?", [row["pdf_sha256"]])
    red = RedNet(demo.folder)
    genuine = red.genuine(PROVINCE, COMMUNE, tmp_path / "down.dvk")
    entries = members(genuine)
    name = f"blobs/{row['pdf_sha256']}"
    assert entries[name] == signed
    changed = dict(entries)
    changed[name] = signed[:-40] + bytes([signed[-40] ^ 0x01]) + signed[-39:]
    left_out = {n: d for n, d in entries.items() if n != name}
    for index, files in enumerate((changed, left_out)):
        bundle = zip_raw(tmp_path / f"damaged{index}.dvk", list(files.items()))
        assert red.refused(COMMUNE, bundle).reason == "damaged"
    with demo.open(COMMUNE) as commune:
        assert commune.pdf_signatures.signed_copies(decision_id) == []


def test_an_erasure_record_alone_withdraws_nothing(demo):
    """An office that holds an erasure naming a registration (from wherever it came),
    while the registration is not erased here and the issuer's lines are not erased:
    the decision's signed copy stays, as its frozen paper does; only the owner's erased
    registration or the issuer's erased lines withdraw it."""
    from app.repositories import decision_signatures as signatures_repo

    decision_id, signed, _row = _signed_copy_at_commune(demo)
    with demo.open(COMMUNE) as commune, commune.transaction():
        person_id, _name, registration_id = person_on_province_decision(commune)
        commune.db.execute(
            "INSERT INTO erasures (id, subject, record_id, registrations, erased_on, reason,"
            " origin, version, created_at, updated_at, updated_by, rev) VALUES (?, 'person',"
            " ?, ?, '2026-12-01', 'yeu_cau', ?, 1, '2026-12-01T01:00:00.000Z',"
            " '2026-12-01T01:00:00.000Z', 'ke-gian', 0)",
            ["e0000000-0000-4000-8000-000000000024", person_id, f'["{registration_id}"]',
             COMMUNE])
        assert signatures_repo.withdraw_for_registrations(commune.db, [registration_id]) == 0
    _still_held(demo, decision_id, signed)
