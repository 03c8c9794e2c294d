"""Hostile files along the tree (issue 7, bad input): a forwarded bundle altered by the
office that forwards it, revoked, retired and expired keys, keys certified for another
part of the tree, forged statements about keys, downward bundles from an office that is
not the parent, bundles of a merged unit made after the merger, encrypted bundles for
someone else or damaged. Each is refused with a Vietnamese explanation, exit code 4,
and the receiving office's data file byte-for-byte unchanged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app import clock
from app.cli.main import main
from app.repositories import sync_tables
from app.signing import canonical, crypto
from app.sync import exporter, zipformat
from app.sync import manifest as mf
from app.sync import trust_statements as tr
from app.sync.errors import BundleRefused
from tests.sync.builders import (
    compressed,
    members,
    register,
    signed_by,
    signing_key,
    zip_raw,
)
from tests.sync.tree_net import C1, C1B, C2, D1, D2, PASSPHRASE, PROVINCE, Tree


def at(day: str) -> None:
    clock.set_fixed(dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC))


def _identity(data: bytes) -> str:
    with_members = zipformat_members(data)
    return canonical.sha256(with_members[mf.MANIFEST])


def zipformat_members(data: bytes) -> dict[str, bytes]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _commune_bundle(tree: Tree, out: Path, code: str = C1, name: str = "Mô hình gốc",
                    to: str | None = None) -> Path:
    with tree.open(code) as commune:
        register(commune, name)
    return tree.send(code, to or {C1: D1, C1B: D1, C2: D2}[code], out / f"{code}-{name}.dvk")


def _outer(tree: Tree, out: Path, relayed: list[bytes], *, sender: str = D1,
           recipient: str = PROVINCE, statements: list[tr.Statement] = (),
           way: str = "up") -> Path:
    """A bundle of `sender` (signed with its key) that forwards exactly `relayed`."""
    with tree.open(sender) as ctx:
        signing = signing_key(ctx)
        with ctx.transaction():
            ctx.trust.issue_pending(signing)
        plan = exporter.plan(ctx.db, office=sender, recipient=recipient, way=way,
                             line=sync_tables.current_line(ctx.db), full=True)
        files = [(n, d) for n, d in plan.files if not mf.is_relayed(n) and n != mf.TRUST]
        lines = b"".join(s.line() for s in [*exporter._statements_for(
            ctx.db, sender, recipient, way), *statements])
        files.append((mf.TRUST, lines))
        files += [(mf.relayed_name(_identity(data)), data) for data in relayed]
        plan.files = files
        data, _sha = exporter.seal(plan, sender=sender, sender_name=ctx.units.office().name,
                                   signing=signing)
    path = out / "outer.dvk"
    path.write_bytes(data)
    return path


# -- the cases: each returns (receiving office, the file) -----------------------------------
def relay_altered_record(tree, out):
    inner = members(_commune_bundle(tree, out))
    inner["records/registrations.jsonl"] = inner["records/registrations.jsonl"].replace(
        "Mô hình gốc".encode(), "Mô hình giả".encode())
    altered = zip_raw(out / "altered.dvk", list(inner.items())).read_bytes()
    good_identity = canonical.sha256(inner[mf.MANIFEST])
    path = _outer(tree, out, [altered])
    # filed under the identity the commune signed
    entries = members(path)
    name = next(n for n in entries if mf.is_relayed(n))
    assert name == mf.relayed_name(good_identity)
    return PROVINCE, path


def relay_altered_manifest(tree, out):
    inner = members(_commune_bundle(tree, out))
    manifest = canonical.loads(inner[mf.MANIFEST], limit=1 << 20)
    manifest["sender_name"] = "Xã khác"
    inner[mf.MANIFEST] = canonical.dumps(manifest)
    return PROVINCE, _outer(tree, out, [zip_raw(out / "m.dvk", list(inner.items())).read_bytes()])


def relay_records_dropped(tree, out):
    inner = members(_commune_bundle(tree, out))
    del inner["records/targets.jsonl"]
    return PROVINCE, _outer(tree, out, [zip_raw(out / "d.dvk", list(inner.items())).read_bytes()])


def relay_misfiled(tree, out):
    data = _commune_bundle(tree, out).read_bytes()
    path = _outer(tree, out, [data])
    entries = members(path)
    name = next(n for n in entries if mf.is_relayed(n))
    # re-file under another identity, and sign the whole again as the district
    with tree.open(D1) as ctx:
        signing = signing_key(ctx)
    files = {n: d for n, d in entries.items() if n not in (mf.MANIFEST, mf.SIGNATURE)}
    files[mf.relayed_name("0" * 64)] = files.pop(name)
    return PROVINCE, _resign(path, files, signing)


def _resign(path: Path, files: dict[str, bytes], signing) -> Path:
    manifest = canonical.loads(members(path)[mf.MANIFEST], limit=1 << 24)
    manifest["files"] = [mf.file_entry(n, d, zipformat.pack(n, d, compressed(n)).body)
                         for n, d in files.items()]
    data = canonical.dumps(manifest)
    return zip_raw(path, [(mf.MANIFEST, data), (mf.SIGNATURE, crypto.sign(signing, data)),
                          *files.items()])


def relay_forged_by_the_relay(tree, out):
    """The district makes up a bundle "of the commune" and signs it with its own key."""
    with tree.open(C1) as commune:
        register(commune, "Mô hình bịa")
        with tree.open(D1) as district:
            fake = signed_by(commune, D1, signing_key(district), out / "fake.dvk")
    return PROVINCE, _outer(tree, out, [fake.read_bytes()])


def relay_for_another_office(tree, out):
    """A bundle of Phát Diệm to Kim Sơn, forwarded by Yên Mô."""
    tree.hop(D2, PROVINCE, out)  # the province knows Phát Diệm's key through Kim Sơn
    data = _commune_bundle(tree, out, C2).read_bytes()
    return PROVINCE, _outer(tree, out, [data])


def relay_from_outside_the_relay(tree, out):
    """A bundle of Phát Diệm addressed to Yên Mô, which is not its district."""
    tree.hop(D2, PROVINCE, out)
    with tree.open(C2) as commune:
        register(commune, "Mô hình gửi nhầm")
        data = signed_by(commune, D1, signing_key(commune), out / "c2.dvk", way="up")
    return PROVINCE, _outer(tree, out, [data.read_bytes()])


def relay_nested(tree, out):
    data = _commune_bundle(tree, out).read_bytes()
    inner = zipformat_members(data)
    inner[mf.relayed_name(canonical.sha256(inner[mf.MANIFEST]))] = data
    (out / "nested.dvk").write_bytes(data)
    with tree.open(C1) as commune:
        nested = _resign(out / "nested.dvk", {n: d for n, d in inner.items()
                                              if n not in (mf.MANIFEST, mf.SIGNATURE)},
                         signing_key(commune))
    return PROVINCE, _outer(tree, out, [nested.read_bytes()])


def relay_going_down(tree, out):
    data = _commune_bundle(tree, out).read_bytes()
    tree.hop(C1, D1, out)
    return C1B, _outer(tree, out, [data], recipient=C1B, way="down")


def relay_of_a_revoked_key(tree, out):
    """The district forwards a bundle its commune made after the district revoked the
    commune's key (a dishonest or careless district)."""
    at("2026-11-20T08:00:00")
    tree.hop(C1, D1, out)
    at("2026-11-21T08:00:00")
    with tree.open(D1) as district:
        district.trust.revoke(C1, reason="Mất máy", passphrase=PASSPHRASE)
    at("2026-11-22T08:00:00")
    late = _commune_bundle(tree, out, name="Mô hình sau thu hồi").read_bytes()
    return PROVINCE, _outer(tree, out, [late])


def revoked_key_direct(tree, out):
    at("2026-11-21T08:00:00")
    with tree.open(D1) as district:
        district.trust.revoke(C1, reason="Mất máy", passphrase=PASSPHRASE)
    at("2026-11-22T08:00:00")
    return D1, _commune_bundle(tree, out, name="Mô hình sau thu hồi")


def revocation_known_from_above(tree, out):
    """The province revoked Yên Mô's key; a district bundle made later is refused at the
    commune, which learnt the revocation through the replacement's bundle... and at the
    province itself."""
    at("2026-11-21T08:00:00")
    with tree.open(PROVINCE) as province:
        province.trust.revoke(D1, reason="Thu hồi", passphrase=PASSPHRASE)
    at("2026-11-22T08:00:00")
    with tree.open(D1) as district:
        register(district, "Mô hình của huyện")
        path = signed_by(district, PROVINCE, signing_key(district), out / "d1.dvk")
    return PROVINCE, path


def retired_key_after_rotation(tree, out):
    at("2026-11-20T08:00:00")
    with tree.open(D1) as district:
        old = signing_key(district)
        district.trust.rotate(PASSPHRASE, demo=True)
    tree.hop(D1, PROVINCE, out)
    at("2026-11-22T08:00:00")
    with tree.open(D1) as district:
        register(district, "Mô hình ký bằng khóa cũ")
        return PROVINCE, signed_by(district, PROVINCE, old, out / "old.dvk")


def expired_key_direct(tree, out):
    at("2026-11-20T08:00:00")
    with tree.open(D2) as district:
        district.trust.certify(C2, years=1, passphrase=PASSPHRASE)
    at("2028-01-10T08:00:00")
    return D2, _commune_bundle(tree, out, C2)


def expired_key_relayed(tree, out):
    at("2026-11-20T08:00:00")
    with tree.open(D2) as district:
        district.trust.certify(C2, years=1, passphrase=PASSPHRASE)
    tree.hop(D2, PROVINCE, out)
    at("2028-01-10T08:00:00")
    late = _commune_bundle(tree, out, C2).read_bytes()
    return PROVINCE, _outer(tree, out, [late], sender=D2)


def _stranger_signing():
    return crypto.generate("x", opslimit=crypto.DEMO_OPSLIMIT,
                           memlimit=crypto.DEMO_MEMLIMIT)[1]


def certified_for_another_subtree(tree, out):
    """Yên Mô certifies a key for its commune but with Phát Diệm's part of the tree as
    scope; a bundle signed with it is forwarded."""
    key = _stranger_signing()
    with tree.open(D1) as district:
        cert = tr.certificate(signing_key(district), issuer=D1, unit=C1, unit_name="Xã Yên Mô",
                              public_key=key.verify_key.encode(), scope=C2,
                              not_before="2000-01-01T00:00:00.000Z",
                              expires_at="2030-01-01T00:00:00.000Z", issued_at=clock.stamp())
    with tree.open(C1) as commune:
        register(commune, "Mô hình khóa lạ")
        inner = signed_by(commune, D1, key, out / "k.dvk").read_bytes()
    return PROVINCE, _outer(tree, out, [inner], statements=[cert])


def certified_outside_the_issuer(tree, out):
    """Yên Mô certifies a key of its commune for the whole province (a part of the tree
    above itself), and forwards a bundle that key signed."""
    key = _stranger_signing()
    with tree.open(D1) as district:
        cert = tr.certificate(signing_key(district), issuer=D1, unit=C1,
                              unit_name="Xã Yên Mô", public_key=key.verify_key.encode(),
                              scope=PROVINCE, not_before="2000-01-01T00:00:00.000Z",
                              expires_at="2030-01-01T00:00:00.000Z", issued_at=clock.stamp())
    with tree.open(C1) as commune:
        register(commune, "Mô hình khóa lạ")
        inner = signed_by(commune, D1, key, out / "k.dvk", way="up").read_bytes()
    return PROVINCE, _outer(tree, out, [inner], statements=[cert])


def forged_statement(tree, out):
    """A certificate whose signature does not hold (its expiry was pushed back)."""
    key = _stranger_signing()
    with tree.open(D1) as district:
        cert = tr.certificate(signing_key(district), issuer=D1, unit=C1, unit_name="Xã Yên Mô",
                              public_key=key.verify_key.encode(), scope=C1,
                              not_before="2000-01-01T00:00:00.000Z",
                              expires_at="2030-01-01T00:00:00.000Z", issued_at=clock.stamp())
    body = {**cert.body, "expires_at": "2099-01-01T00:00:00.000Z"}
    return PROVINCE, _outer(tree, out, [], statements=[tr.Statement(body, cert.signatures)])


def forged_rotation(tree, out):
    """A stranger's key presented as the district's new key, the old key's signature
    made up."""
    key = _stranger_signing()
    with tree.open(D1) as district:
        real = tr.rotation(signing_key(district), key, unit=D1, issued_at=clock.stamp())
    signatures = {**real.signatures,
                  real.issuer_key_id: crypto.sign(key, b"something else").hex()}
    with tree.open(D1) as district:
        register(district, "Mô hình khóa lạ")
        path = signed_by(district, PROVINCE, key, out / "r.dvk")
    entries = members(path)
    files = {n: d for n, d in entries.items() if n not in (mf.MANIFEST, mf.SIGNATURE)}
    files[mf.TRUST] = files.get(mf.TRUST, b"") + tr.Statement(real.body, signatures).line()
    return PROVINCE, _resign(path, files, key)


def down_from_the_grandparent(tree, out):
    """The province writes straight to a commune of a district (three tiers)."""
    tree.hop(D1, C1, out)  # the commune knows the province's key (introduced)
    with tree.open(PROVINCE) as province:
        register(province, "Quyết định của tỉnh")
        return C1, signed_by(province, C1, signing_key(province), out / "p.dvk", way="down")


def down_from_another_district(tree, out):
    with tree.open(D2) as district:
        register(district, "Văn bản của huyện khác")
        return C1, signed_by(district, C1, signing_key(district), out / "d2.dvk", way="down")


def merged_unit_after_the_merger(tree, out):
    at("2026-11-25T08:00:00")
    with tree.open(D1) as district:
        district.units.merge(C1B, C1, "2026-12-01")
    at("2026-12-02T08:00:00")
    return D1, _commune_bundle(tree, out, C1B, name="Mô hình sau sáp nhập")


def merged_unit_relayed_after_the_merger(tree, out):
    at("2026-11-25T08:00:00")
    with tree.open(D1) as district:
        district.units.merge(C1B, C1, "2026-12-01")
    tree.hop(D1, PROVINCE, out)
    at("2026-12-02T08:00:00")
    late = _commune_bundle(tree, out, C1B, name="Mô hình sau sáp nhập").read_bytes()
    return PROVINCE, _outer(tree, out, [late])


def encrypted_for_another_office(tree, out):
    with tree.open(C1) as commune:
        register(commune, "Mô hình mã hoá")
    bundle = tree.send(C1, D1, out / "kin.dvk", encrypt=True)
    return D2, bundle


def encrypted_for_another_key(tree, out):
    """Addressed to this office, but sealed to a key it does not hold."""
    from app.sync import sealed

    with tree.open(C1) as commune:
        register(commune, "Mô hình mã hoá")
    plain = tree.send(C1, D1, out / "plain.dvk").read_bytes()
    with tree.open(D1) as district:
        own = district.keys.own()
    stranger = _stranger_signing()
    data = sealed.seal(plain, recipient=D1, public_key=stranger.verify_key.encode())
    header_len = int.from_bytes(data[8:12], "big")
    header = canonical.loads(data[12:12 + header_len], limit=4096)
    header["key_id"] = own.key_id
    raw = canonical.dumps(header)
    forged = data[:8] + len(raw).to_bytes(4, "big") + raw + data[12 + header_len:]
    path = out / "forged-seal.dvk"
    path.write_bytes(forged)
    return D1, path


def encrypted_and_damaged(tree, out):
    with tree.open(C1) as commune:
        register(commune, "Mô hình mã hoá")
    bundle = tree.send(C1, D1, out / "kin.dvk", encrypt=True)
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0x04
    bundle.write_bytes(bytes(data))
    return D1, bundle


def encrypted_and_cut(tree, out):
    with tree.open(C1) as commune:
        register(commune, "Mô hình mã hoá")
    bundle = tree.send(C1, D1, out / "kin.dvk", encrypt=True)
    bundle.write_bytes(bundle.read_bytes()[:-100])
    return D1, bundle


CASES = [
    (relay_altered_record, "relay_altered"), (relay_altered_manifest, "relay_altered"),
    (relay_records_dropped, "relay_altered"), (relay_misfiled, "relay_altered"),
    (relay_forged_by_the_relay, "wrong_key"), (relay_for_another_office, "relay_recipient"),
    (relay_from_outside_the_relay, "relay_sender"), (relay_nested, "relay_altered"),
    (relay_going_down, "relay_direction"), (relay_of_a_revoked_key, "revoked_key"),
    (revoked_key_direct, "revoked_key"), (revocation_known_from_above, "revoked_key"),
    (retired_key_after_rotation, "retired_key"), (expired_key_direct, "expired_key"),
    (expired_key_relayed, "expired_key"), (certified_for_another_subtree, "scope"),
    (certified_outside_the_issuer, "scope"), (forged_statement, "trust"),
    (forged_rotation, "trust"), (down_from_the_grandparent, "sender"),
    (down_from_another_district, "unknown_key"), (merged_unit_after_the_merger, "merged"),
    (merged_unit_relayed_after_the_merger, "merged"),
    (encrypted_for_another_office, "sealed_elsewhere"),
    (encrypted_for_another_key, "damaged"), (encrypted_and_damaged, "damaged"),
    (encrypted_and_cut, "damaged"),
]


@pytest.mark.parametrize(("damage", "reason"), CASES, ids=[case.__name__ for case, _r in CASES])
def test_hostile_bundle_along_the_tree_is_refused_and_changes_nothing(
        damage, reason, tree, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DVK_PASSPHRASE", PASSPHRASE)
    receiver, path = damage(tree, tmp_path / "out")
    before = tree.file_hash(receiver)
    for command in (["verify"], ["import"]):
        code = main(["--db", str(tree.path(receiver)), *command, str(path)])
        assert code == 4, (command, capsys.readouterr())
        error = capsys.readouterr().err
        assert "thay đổi" in error and "nothing was changed" not in error, error
        assert tree.file_hash(receiver) == before
    with tree.open(receiver) as office:
        with pytest.raises(BundleRefused) as refused:
            office.sync.import_bundle(path, passphrase=PASSPHRASE)
        assert refused.value.reason == reason, refused.value.message
    assert tree.file_hash(receiver) == before


def test_the_matrix_covers_every_trust_refusal():
    reasons = {reason for _case, reason in CASES}
    assert {"relay_altered", "relay_recipient", "relay_sender", "relay_direction",
            "revoked_key", "retired_key", "expired_key", "scope", "trust", "sender",
            "merged", "sealed_elsewhere"} <= reasons
    assert len(CASES) >= 25


def test_the_same_files_untouched_are_accepted(tree, tmp_path):
    out = tmp_path / "out"
    data = _commune_bundle(tree, out).read_bytes()
    path = _outer(tree, out, [data])
    assert main(["--db", str(tree.path(PROVINCE)), "import", str(path)]) == 0
    with tree.open(PROVINCE) as province:
        assert province.db.execute("SELECT origin FROM registrations").fetchall() == [(C1,)]
    assert C1B  # (the merged commune of the cases above)


def test_a_merger_record_without_its_units_is_rejected_not_a_crash(tree, tmp_path):
    """A signed bundle whose merger record lacks the units is counted as rejected."""
    from tests.sync.builders import forge, manifest_of

    out = tmp_path / "out"
    with tree.open(D1) as district:
        district.units.merge(C1B, C1, "2026-12-01")
    good = tree.send(D1, C1, out / "down.dvk")
    entries = members(good)
    files = {n: d for n, d in entries.items() if n not in (mf.MANIFEST, mf.SIGNATURE)}
    files["records/unit_mergers.jsonl"] = files["records/unit_mergers.jsonl"].replace(
        f'"into_code":"{C1}",'.encode(), b"")
    with tree.open(D1) as district:
        forged = forge(out / "forged.dvk", files, signing_key(district),
                       base=manifest_of(good))
    with tree.open(C1) as commune:
        preview = commune.sync.prepare(forged)
    assert preview.summary["unit_mergers"].rejected == 1


def test_any_flipped_byte_of_a_forwarding_bundle_is_refused(tree, tmp_path):
    out = tmp_path / "out"
    with tree.open(C1) as commune:
        register(commune, "Mô hình chuyển tiếp")
    tree.hop(C1, D1, out)
    bundle = tree.send(D1, PROVINCE, out / "up.dvk")
    assert any(mf.is_relayed(n) for n in members(bundle))
    data = bundle.read_bytes()
    damaged_path = out / "flip.dvk"
    step = max(1, len(data) // 150)
    with tree.open(PROVINCE) as province:
        for position in [*range(0, len(data), step), len(data) - 1]:
            damaged = bytearray(data)
            damaged[position] ^= 0x10
            damaged_path.write_bytes(bytes(damaged))
            with pytest.raises(BundleRefused):
                province.sync.verify(damaged_path)
                pytest.fail(f"byte {position} of {len(data)} flipped unnoticed")
        assert province.sync.verify(bundle).relayed
