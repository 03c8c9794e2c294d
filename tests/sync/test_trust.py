"""Trust along the tree (issue 7): a record from a commune through its district to the
province and a decision back down; rotation, revocation, replacement of a lost key,
expiry, scope, mergers and encryption."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest

from app import clock
from app.errors import DvkError
from app.sync.errors import BundleRefused
from tests.sync.builders import manifest_of, register, rename_model, signed_by
from tests.sync.tree_net import C1, C1B, C2, D1, D2, PASSPHRASE, PROVINCE


def at(day: str):
    clock.set_fixed(dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC))


def test_a_record_goes_up_through_the_district_and_a_decision_comes_back_down(tree, tmp_path):
    out = tmp_path / "out"
    with tree.open(C1) as commune:
        model = register(commune, "Mô hình Dân vận khéo xã Yên Mô")
    tree.hop(C1, D1, out)
    tree.hop(D1, PROVINCE, out)
    with tree.open(PROVINCE) as province:  # the province appraises it and moves a deadline
        sheet = province.scoring.create(model, "tinh")
        province.calendar.set_deadlines(2027, registration=dt.date(2027, 4, 15))
    _bundle, down = tree.hop(PROVINCE, D1, out)
    assert down.preview.way == "down"
    _bundle, down = tree.hop(D1, C1, out)
    assert down.preview.combined()["score_sheets"].new == 1
    # the province's records come in the province's own bundle, forwarded verbatim by the
    # district: the commune checked the province's signature (issue 15)
    assert [(p.bundle.sender, p.relayed_by) for p in down.preview.relayed] == [(PROVINCE, D1)]
    assert "score_sheets" not in down.preview.summary
    with tree.open(C1) as commune:
        row = commune.db.execute("SELECT origin, level, registration_id FROM score_sheets"
                                 " WHERE id = ?", [sheet]).fetchone()
        assert row == (PROVINCE, "tinh", model)
        assert commune.registrations.registration_deadline(2027) == dt.date(2027, 4, 15)
        # the province's key reached the commune, introduced by its district
        known = {k.unit_code: k for k in commune.trust.keys()}
        assert known[PROVINCE].via == "introduction" and known[PROVINCE].valid
        # nothing travels back up that came down
        bundle = tree.send(C1, D1, out / "echo.dvk")
        counts = manifest_of(bundle)["counts"]
        assert counts.pop("audit_checkpoints") >= 1  # the commune's own, and nothing else
        # its receipts (issue 25): which bundles of the district's and the province's
        # lines it imported, records of its own
        assert counts.pop("receipts") == 2
        assert counts == {}
        assert {r for r in commune.db.execute(
            "SELECT origin, sender FROM sync_receipts")} == {(C1, D1), (C1, PROVINCE)}
        assert {r[0] for r in commune.db.execute(
            "SELECT DISTINCT origin FROM audit_checkpoints")} == {C1}


def test_rotation_is_accepted_above_and_below_and_retires_the_old_key(tree, tmp_path):
    out = tmp_path / "out"
    with tree.open(D1) as district:
        old = district.keys.unlock(PASSPHRASE)
        rotated = district.trust.rotate(PASSPHRASE, demo=True)
        assert rotated.old_key_id != rotated.key_id
        register(district, "Mô hình của huyện")
    bundle, result = tree.hop(D1, PROVINCE, out)
    assert manifest_of(bundle)["key_id"] == rotated.key_id
    assert result.applied
    tree.hop(D1, C1, out)
    with tree.open(PROVINCE) as province:
        states = {k.key_id: k for k in province.trust.keys()}
        assert states[rotated.key_id].valid
        assert states[rotated.old_key_id].retired_at and \
            not states[rotated.old_key_id].valid
    # a bundle signed afterwards with the old key is refused
    with tree.open(D1) as district:
        assert district.trust.own_problem() is None
        register(district, "Mô hình ký bằng khóa cũ")
        stale = signed_by(district, PROVINCE, old, out / "stale.dvk")
    with tree.open(PROVINCE) as province, pytest.raises(BundleRefused) as refused:
        province.sync.import_bundle(stale)
    assert refused.value.reason == "retired_key"


def test_revocation_travels_up_and_down_and_keeps_what_came_before(tree, tmp_path):
    out = tmp_path / "out"
    at("2026-11-20T08:00:00")
    with tree.open(C1) as commune:
        register(commune, "Mô hình trước khi thu hồi")
        before = commune.sync.export(D1, out / "before.dvk", passphrase=PASSPHRASE).path
    at("2026-11-21T08:00:00")
    with tree.open(D1) as district:
        revoked = district.trust.revoke(C1, reason="Máy tính bị mất", passphrase=PASSPHRASE)
    assert len(revoked) == 1
    at("2026-11-22T08:00:00")
    with tree.open(C1) as commune:
        register(commune, "Mô hình sau khi thu hồi")
        after = commune.sync.export(D1, out / "after.dvk", passphrase=PASSPHRASE).path
    with tree.open(D1) as district:
        assert district.sync.import_bundle(before).applied  # made before: still valid
        with pytest.raises(BundleRefused) as refused:
            district.sync.import_bundle(after)
        assert refused.value.reason == "revoked_key"
        assert "22/11/2026" in refused.value.message and "21/11/2026" in refused.value.message
    # up: the province learns the revocation and still accepts the earlier bundle
    bundle, result = tree.hop(D1, PROVINCE, out)
    assert [p.bundle.sender for p in result.preview.relayed] == [C1]
    with tree.open(PROVINCE) as province:
        state = {k.key_id: k for k in province.trust.keys()}[revoked[0]]
        assert state.revoked_at.startswith("2026-11-21") and state.revoked_by == D1
    # down: the commune learns its key was revoked and cannot sign any more
    tree.hop(D1, C1, out)
    with tree.open(C1) as commune:
        assert "21/11/2026" in commune.trust.own_problem()
        with pytest.raises(DvkError):
            commune.sync.export(D1, out / "again.dvk", passphrase=PASSPHRASE)


def test_a_lost_key_is_replaced_through_the_parent(tree, tmp_path):
    out = tmp_path / "out"
    with tree.open(C1) as commune:
        register(commune, "Mô hình cũ")
    tree.hop(C1, D1, out)
    with tree.open(C1) as commune:  # the computer was replaced: a new key
        commune.keys.create(PASSPHRASE, demo=True, replace=True)
        card = commune.keys.write_card(out / "c1.dvkkey", PASSPHRASE)
        register(commune, "Mô hình sau khi thay máy")
    with tree.open(D1) as district:
        result = district.trust.replace(C1, out / "c1.dvkkey", card.fingerprint,
                                        passphrase=PASSPHRASE)
        assert result.revoked and result.key_id == card.key_id
    _bundle, imported = tree.hop(C1, D1, out)
    assert imported.preview.summary["registrations"].new == 1
    _bundle, up = tree.hop(D1, PROVINCE, out)
    assert sorted(p.bundle.manifest["key_id"] for p in up.preview.relayed) == sorted(
        {p.bundle.manifest["key_id"] for p in up.preview.relayed})
    with tree.open(PROVINCE) as province:
        names = {r[0] for r in province.db.execute("SELECT name FROM registrations")}
        assert names == {"Mô hình cũ", "Mô hình sau khi thay máy"}
        states = {k.key_id: k for k in province.trust.keys()}
        assert states[card.key_id].valid and states[card.key_id].via == "certificate"


def test_an_expired_certificate_is_refused(tree, tmp_path):
    out = tmp_path / "out"
    at("2026-11-20T08:00:00")
    with tree.open(D2) as district:
        district.trust.certify(C2, years=1, passphrase=PASSPHRASE)
    tree.hop(D2, PROVINCE, out)  # the province learns the certificate
    at("2028-01-10T08:00:00")
    with tree.open(C2) as commune:
        register(commune, "Mô hình quá hạn")
        late = commune.sync.export(D2, out / "late.dvk", passphrase=PASSPHRASE).path
    with tree.open(D2) as district, pytest.raises(BundleRefused) as refused:
        district.sync.import_bundle(late)
    assert refused.value.reason == "expired_key"
    assert "20/11/2027" in refused.value.message


def test_scope_a_district_cannot_certify_keys_outside_its_part_of_the_tree(tree, tmp_path):
    from app.sync import trust_statements as tr

    with tree.open(D1) as district:
        signing = district.keys.unlock(PASSPHRASE)
    fake = tr.certificate(signing, issuer=D1, unit=C2, unit_name="Xã Phát Diệm",
                          public_key=b"\x07" * 32, scope=C2, not_before=clock.stamp(),
                          expires_at="2030-01-01T00:00:00.000Z", issued_at=clock.stamp())
    with tree.open(PROVINCE) as province:
        trust = province.trust.load().extended([fake])
        path, problem = trust.check(fake.key_id, C2, clock.stamp())
        assert path is None and problem.reason == "scope"


def test_merged_commune_records_go_to_the_new_office(tree, tmp_path):
    out = tmp_path / "out"
    at("2026-11-20T08:00:00")
    with tree.open(C1B) as old:
        model = register(old, "Mô hình của phường cũ")
        before = old.sync.export(D1, out / "old-before.dvk", passphrase=PASSPHRASE).path
    tree.hop(C1, D1, out)
    at("2026-11-25T08:00:00")
    with tree.open(D1) as district:
        district.units.merge(C1B, C1, "2026-12-01", note="Nghị quyết sáp nhập")
        assert district.sync.import_bundle(before).applied  # made before the merger
    at("2026-12-02T08:00:00")
    with tree.open(C1B) as old:
        register(old, "Mô hình sau sáp nhập")
        late = old.sync.export(D1, out / "old-late.dvk", passphrase=PASSPHRASE).path
    with tree.open(D1) as district, pytest.raises(BundleRefused) as refused:
        district.sync.import_bundle(late)
    assert refused.value.reason == "merged"
    # down: the new office takes over the old unit's records
    _bundle, down = tree.hop(D1, C1, out)
    assert down.preview.summary["unit_mergers"].new == 1
    with tree.open(C1) as new:
        assert new.units.get(C1B).merged_into == C1
        assert new.db.execute("SELECT origin FROM registrations WHERE id = ?",
                              [model]).fetchone() == (C1B,)
        rename_model(new, model, "Mô hình của phường cũ (xã mới quản lý)")
    _bundle, up = tree.hop(C1, D1, out)
    assert up.preview.summary["registrations"].updated == 1
    _bundle, top = tree.hop(D1, PROVINCE, out)
    with tree.open(PROVINCE) as province:
        assert province.units.get(C1B).merged_into == C1
        assert province.db.execute("SELECT name FROM registrations WHERE id = ?",
                                   [model]).fetchone() == ("Mô hình của phường cũ (xã mới quản lý)",)


def test_an_encrypted_bundle_hides_personal_data_and_opens_at_its_recipient(tree, tmp_path):
    out = tmp_path / "out"
    with tree.open(C1) as commune:
        register(commune, "Điển hình Nguyễn Thị Hoà", person=True)
        commune.db.execute("UPDATE persons SET phone = '0912345678', address = 'Thôn Đông'")
        result = commune.sync.export(D1, out / "kin.dvk", passphrase=PASSPHRASE,
                                     encrypt=True)
    data = result.path.read_bytes()
    for secret in ("Nguyễn Thị Hoà", "0912345678", "Thôn Đông", "Hoà"):
        assert secret.encode() not in data
    assert not zipfile.is_zipfile(result.path)
    with tree.open(D1) as district:
        with pytest.raises(DvkError):
            district.sync.import_bundle(result.path)  # no passphrase
        imported = district.sync.import_bundle(result.path, passphrase=PASSPHRASE)
        assert imported.preview.summary["persons"].new == 1
    with tree.open(D2) as other, pytest.raises(BundleRefused) as refused:
        other.sync.import_bundle(result.path, passphrase=PASSPHRASE)
    assert refused.value.reason == "sealed_elsewhere"
    _bundle, up = tree.hop(D1, PROVINCE, out, encrypt=True)
    assert up.preview.relayed[0].summary["persons"].new == 1


def test_an_encrypted_bundle_not_yet_carried_is_never_overwritten(tree, tmp_path):
    out = tmp_path / "out"
    with tree.open(C1) as commune:
        register(commune, "Mô hình gửi lần một")
        first = commune.sync.export(D1, out / "gui.dvk", passphrase=PASSPHRASE, encrypt=True)
        kept = first.path.read_bytes()
        register(commune, "Mô hình gửi lần hai")
        commune.sync.export(D1, out / "gui.dvk", passphrase=PASSPHRASE, encrypt=True)
    assert (out / "gui-2.dvk").read_bytes() == kept
    with tree.open(D1) as district:
        for name in ("gui-2.dvk", "gui.dvk"):
            district.sync.import_bundle(out / name, passphrase=PASSPHRASE)
        assert district.db.execute("SELECT count(*) FROM registrations WHERE name LIKE"
                                   " 'Mô hình gửi lần%'").fetchone()[0] == 2


def test_a_decision_goes_only_to_the_part_of_the_tree_it_is_about(tree, tmp_path):
    out = tmp_path / "out"
    models = {}
    for commune, district in ((C1, D1), (C2, D2)):
        with tree.open(commune) as ctx:
            models[commune] = register(ctx, f"Mô hình của {commune}")
        tree.hop(commune, district, out)
        tree.hop(district, PROVINCE, out)
    with tree.open(PROVINCE) as province:
        sheets = {c: province.scoring.create(m, "tinh") for c, m in models.items()}
    for commune, district in ((C1, D1), (C2, D2)):
        _bundle, down = tree.hop(PROVINCE, district, out)
        assert not down.preview.all_rejections()
        _bundle, down = tree.hop(district, commune, out)
        assert not down.preview.all_rejections()
        with tree.open(commune) as ctx:
            got = {r[0] for r in ctx.db.execute("SELECT id FROM score_sheets WHERE origin = ?",
                                                [PROVINCE])}
            assert got == {sheets[commune]}
