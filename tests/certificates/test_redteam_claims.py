"""Red team, certificates (issue 15, points 4 and 5; issue 20, point 4): checking a
certificate applies the trust this office has learnt from bundles (revocations,
rotations, expiry), and what a code claims must fit the office that signed it."""

from __future__ import annotations

import dataclasses

import pytest

from app.certificates import codec, verify
from tests.sync.redteam import PASSPHRASE, DemoNet


@pytest.fixture
def net(ba_cap) -> DemoNet:
    return DemoNet(ba_cap)


def _code(net: DemoNet, signer: str, **claims) -> str:
    """A code signed by `signer`'s genuine key, for a model of `signer` (or claims)."""
    with net.open(signer) as ctx:
        row = ctx.db.execute(
            "SELECT i.registration_id, i.model_name, i.registrant, i.unit_code, d.number,"
            " d.decided_on, d.level, d.year FROM decision_items i JOIN decisions d"
            " ON d.id = i.decision_id WHERE d.origin = ? AND d.state = 'ban_hanh'"
            " AND i.removed = 0 LIMIT 1", [signer]).fetchone()
        unit = ctx.units.get(row[3])
        import datetime as dt

        summary = verify.CertificateSummary(
            unit_code=row[3], unit_name=unit.name if unit else "", model_id=row[0],
            model_name=row[1], registrant=row[2], level=row[6], year=row[7],
            decision_number=row[4], decision_date=dt.date.fromisoformat(row[5]),
            certificate_number="01/GCN")
        summary = dataclasses.replace(summary, **claims)
        signer_key = ctx.certificate_codes.signer(PASSPHRASE)
        return ctx.certificate_codes.payload(summary, signer_key)


def _check(net: DemoNet, code: str, text: str) -> verify.Verdict:
    before = net.fingerprint(code)
    with net.open(code) as ctx:
        verdict = ctx.certificate_codes.verify_text(text)
    assert net.fingerprint(code) == before
    return verdict


def _first_commune(net: DemoNet) -> str:
    with net.open(net.of_level("tinh")[0]) as ctx:
        merged = {r[0] for r in ctx.db.execute(
            "SELECT code FROM units WHERE merged_into IS NOT NULL")}
    return next(c for c in net.of_level("xa") if c not in merged and c not in
                net.story.get("replaced", {}).get("unit", ""))


def test_a_revocation_received_in_a_bundle_reaches_certificate_checks(net, tmp_path):
    """Point 4: once the district has imported the province's revocation of a commune's
    key, it refuses the commune's bundles and no longer calls its certificates genuine."""
    commune = _first_commune(net)
    district, province = net.parent(commune), net.of_level("tinh")[0]
    code = _code(net, commune)
    assert _check(net, district, code).outcome == verify.GENUINE
    with net.open(province) as ctx:
        ctx.trust.revoke(commune, reason="Bị lấy cắp khóa", passphrase=PASSPHRASE)
    net.imported(district, net.genuine(province, district, tmp_path / "down.dvk",
                                       full=False))
    verdict = _check(net, district, code)
    assert (verdict.outcome, verdict.reason) == (verify.CANNOT_CONFIRM, verify.REVOKED_KEY)
    assert verdict.explanation and not verdict.confirmed


def test_a_commune_cannot_vouch_for_a_province_recognition(net):
    """Point 5: a code signed by a commune that says "recognised at province level,
    decision 02-QĐ/BCĐ" for another commune's unit."""
    commune = _first_commune(net)
    province = net.of_level("tinh")[0]
    other = next(c for c in net.of_level("xa") if net.parent(c) != net.parent(commune))
    with net.open(province) as ctx:
        number = ctx.db.execute("SELECT number FROM decisions WHERE origin = ? AND"
                                " state = 'ban_hanh' LIMIT 1", [province]).fetchone()[0]
    for checker in (province, net.parent(commune), commune):
        verdict = _check(net, checker, _code(net, commune, level="tinh",
                                             decision_number=number, unit_code=other))
        assert verdict.outcome == verify.NOT_GENUINE, (checker, verdict.reason)
        assert verdict.reason == verify.WRONG_LEVEL


def test_a_code_for_another_offices_unit_is_not_genuine(net):
    commune = _first_commune(net)
    other = next(c for c in net.of_level("xa") if net.parent(c) != net.parent(commune))
    verdict = _check(net, net.of_level("tinh")[0], _code(net, commune, unit_code=other))
    assert (verdict.outcome, verdict.reason) == (verify.NOT_GENUINE, verify.WRONG_UNIT)


def test_a_decision_that_does_not_list_the_model_is_not_genuine(net):
    commune = _first_commune(net)
    with net.open(commune) as ctx:
        other_model = ctx.db.execute(
            "SELECT id FROM registrations WHERE origin = ? AND id NOT IN"
            " (SELECT registration_id FROM decision_items) LIMIT 1", [commune]).fetchone()[0]
    verdict = _check(net, net.parent(commune), _code(net, commune, model_id=other_model))
    assert (verdict.outcome, verdict.reason) == (verify.NOT_GENUINE, verify.WRONG_DECISION)


def test_a_rotated_key_is_known_above_and_below(net):
    """Issue 20, point 4: after a district rotated its key, its parent and its communes
    confirm the certificates its new key signs."""
    rotated = net.story["rotated"]["unit"]
    code = _code(net, rotated)
    assert codec.decode(code).summary.issuer_key_id == net.story["rotated"]["key_id"]
    below = [c for c in net.of_level("xa") if net.parent(c) == rotated]
    for checker in (net.parent(rotated), *below):
        verdict = _check(net, checker, code)
        assert verdict.outcome == verify.GENUINE, (checker, verdict.reason,
                                                   verdict.explanation)
