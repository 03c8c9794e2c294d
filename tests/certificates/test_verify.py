"""Genuine, not genuine, cannot confirm: signed by one office, checked by others."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt

import pytest

from app import clock
from app.certificates import codec, verify
from app.certificates.service import LOCKED, NO_KEY, READY, PassphraseNeeded
from app.errors import DvkError
from tests.certificates.conftest import (
    COMMUNE,
    OTHER,
    PASSPHRASE,
    PROVINCE,
    STRANGER,
    sample_summary,
)


def _sign_at(net, code: str, summary=None) -> str:
    with net.open(code) as ctx:
        signer = ctx.certificate_codes.signer(PASSPHRASE)
        return ctx.certificate_codes.payload(summary or sample_summary(), signer)


def _check_at(net, code: str, text: str) -> verify.Verdict:
    with net.open(code) as ctx:
        before = ctx.db.conn.total_changes
        verdict = ctx.certificate_codes.verify_text(text)
        assert ctx.db.conn.total_changes == before  # checking never writes
    return verdict


def test_signed_here_is_genuine_with_every_vietnamese_name_intact(net):
    summary = sample_summary(registrant="Bà Trần Thị Ánh Tuyết",
                             model_name="Vận động hiến đất mở rộng đường thôn Đồng Tâm")
    text = _sign_at(net, COMMUNE, summary)
    verdict = _check_at(net, COMMUNE, text)
    assert (verdict.outcome, verdict.reason, verdict.confirmed) == (
        verify.GENUINE, verify.SIGNED_HERE, True)
    got = verdict.summary
    assert (got.registrant, got.model_name, got.unit_name) == (
        "Bà Trần Thị Ánh Tuyết", "Vận động hiến đất mở rộng đường thôn Đồng Tâm",
        "Phường Yên Thắng")
    assert got.issuer_unit_code == COMMUNE and len(got.issuer_key_id) == 16
    assert verdict.headline == "Giấy công nhận thật"
    labels = dict(verdict.content())
    assert labels["Số vào sổ"] == "02/GCN"
    assert labels["Quyết định"] == "05-QĐ/BCĐ ngày 05/10/2025"
    assert labels["Cấp và năm công nhận"] == "cấp xã, năm 2025"
    assert "Phường Yên Thắng (14725)" in labels["Đơn vị cấp"]


def test_a_trusted_child_key_is_genuine_at_the_parent(net):
    verdict = _check_at(net, PROVINCE, _sign_at(net, COMMUNE))
    assert (verdict.outcome, verdict.reason) == (verify.GENUINE, verify.SIGNED_BY_TRUSTED)
    assert "Phường Yên Thắng" in verdict.explanation


def test_a_trusted_parent_key_is_genuine_at_the_child(net):
    summary = sample_summary(level="tinh", decision_number="15-QĐ/BTGDVTU")
    verdict = _check_at(net, COMMUNE, _sign_at(net, PROVINCE, summary))
    assert (verdict.outcome, verdict.reason) == (verify.GENUINE, verify.SIGNED_BY_TRUSTED)
    assert verdict.summary.issuer_unit_code == PROVINCE
    assert dict(verdict.content())["Cấp và năm công nhận"] == "cấp tỉnh, năm 2025"


@pytest.mark.parametrize(("signer", "checker"), [(STRANGER, COMMUNE), (OTHER, COMMUNE),
                                                 (COMMUNE, STRANGER)])
def test_a_key_this_office_does_not_trust_cannot_be_confirmed(net, signer, checker):
    text = _sign_at(net, signer)
    verdict = _check_at(net, checker, text)
    assert (verdict.outcome, verdict.reason, verdict.confirmed) == (
        verify.CANNOT_CONFIRM, verify.UNKNOWN_KEY, False)
    key_id = codec.decode(text).summary.issuer_key_id
    assert key_id in verdict.explanation and f"({signer})" in verdict.explanation
    assert any("cấp trên" in line for line in verdict.advice)  # the issuer or its parent
    assert verdict.headline == "Chưa xác nhận được"


# -- alterations -------------------------------------------------------------------------

ALTERATIONS = {
    "unit_code": "14728", "unit_name": "Phường Yên Mô", "model_name": "Mô hình khác",
    "registrant": "Tổ dân phố số 9", "level": "tinh", "year": 2026,
    "decision_number": "06-QĐ/BCĐ", "decision_date": dt.date(2025, 10, 6),
    "certificate_number": "20/GCN", "model_id": "6f1c2a4e-8b3d-4c5e-9f70-112233445567",
}


@pytest.mark.parametrize("field", sorted(ALTERATIONS))
def test_every_altered_field_is_not_genuine(net, field):
    text = _sign_at(net, COMMUNE)
    decoded = codec.decode(text)
    forged = codec.encode(dataclasses.replace(decoded.summary, **{field: ALTERATIONS[field]}),
                          lambda _m: decoded.signature)
    assert codec.decode(forged).summary != decoded.summary
    for checker in (COMMUNE, PROVINCE):
        verdict = _check_at(net, checker, forged)
        assert (verdict.outcome, verdict.reason) == (verify.NOT_GENUINE, verify.ALTERED)
        assert verdict.summary is None  # altered content is not shown as if it were true
        assert verdict.headline == "KHÔNG phải giấy công nhận thật"


def test_altered_issuer_is_not_genuine(net):
    decoded = codec.decode(_sign_at(net, COMMUNE))
    forged = codec.encode(dataclasses.replace(decoded.summary, issuer_unit_code=OTHER),
                          lambda _m: decoded.signature)
    assert _check_at(net, PROVINCE, forged).reason == verify.ALTERED


def test_altered_key_id_naming_another_known_key_is_not_genuine(net):
    """The key id itself altered: to a key the checker knows, the signature fails; to
    a key it does not know, it cannot confirm (it cannot tell either way)."""
    decoded = codec.decode(_sign_at(net, COMMUNE))
    with net.open(PROVINCE) as ctx:
        province_key = ctx.keys.own().key_id
    forged = codec.encode(dataclasses.replace(decoded.summary, issuer_key_id=province_key),
                          lambda _m: decoded.signature)
    assert _check_at(net, PROVINCE, forged).outcome == verify.NOT_GENUINE
    unknown = codec.encode(dataclasses.replace(decoded.summary, issuer_key_id="00" * 8),
                           lambda _m: decoded.signature)
    assert _check_at(net, PROVINCE, unknown).reason == verify.UNKNOWN_KEY


def test_a_flipped_signature_bit_is_not_genuine(net):
    text = _sign_at(net, COMMUNE)
    data = text[len(codec.MAGIC):]
    raw = bytearray(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))
    raw[-10] ^= 0x01
    flipped = codec.MAGIC + base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()
    assert _check_at(net, COMMUNE, flipped).reason == verify.ALTERED


def test_a_trusted_office_signing_in_another_office_s_name_is_not_genuine(net):
    """The commune's own key, but the code names the province as issuer."""
    with net.open(COMMUNE) as ctx:
        signer = ctx.certificate_codes.signer(PASSPHRASE)
    summary = dataclasses.replace(sample_summary(), issuer_unit_code=PROVINCE,
                                  issuer_key_id=signer.key_id)
    text = codec.encode(summary, signer.sign)
    verdict = _check_at(net, PROVINCE, text)
    assert (verdict.outcome, verdict.reason) == (verify.NOT_GENUINE, verify.WRONG_ISSUER)


# -- keys that changed -------------------------------------------------------------------

def test_a_revoked_key_cannot_be_confirmed(net):
    """Revocation (issue 7) sets trusted_keys.revoked_at. A valid signature by a revoked
    key is 'cannot confirm', not 'not genuine': certificates signed before the
    revocation are usually genuine, but a revoked key may have been stolen and the
    code carries no date a thief could not write, so only the issuer can tell."""
    text = _sign_at(net, COMMUNE)
    key_id = codec.decode(text).summary.issuer_key_id
    with net.open(PROVINCE) as ctx:
        with ctx.transaction():
            ctx.db.execute("UPDATE trusted_keys SET revoked_at = ? WHERE key_id = ?",
                           ["2026-02-01T03:00:00.000Z", key_id])
    verdict = _check_at(net, PROVINCE, text)
    assert (verdict.outcome, verdict.reason, verdict.confirmed) == (
        verify.CANNOT_CONFIRM, verify.REVOKED_KEY, False)
    assert "01/02/2026" in verdict.explanation
    decoded = codec.decode(text)
    forged = codec.encode(dataclasses.replace(decoded.summary, year=2030),
                          lambda _m: decoded.signature)
    assert _check_at(net, PROVINCE, forged).reason == verify.ALTERED  # altered stays red


def test_a_code_signed_with_the_office_s_earlier_key_stays_genuine(net):
    text = _sign_at(net, COMMUNE)
    with net.open(COMMUNE) as ctx:
        ctx.keys.create("new-passphrase", demo=True, replace=True)
        assert ctx.keys.own().key_id != codec.decode(text).summary.issuer_key_id
    verdict = _check_at(net, COMMUNE, text)
    assert (verdict.outcome, verdict.reason) == (verify.GENUINE,
                                                 verify.SIGNED_HERE_EARLIER_KEY)


# -- text that is no code ----------------------------------------------------------------

@pytest.mark.parametrize(("text", "outcome", "reason"), [
    ("", verify.CANNOT_CONFIRM, codec.EMPTY),
    ("https://dvk.example/abc", verify.NOT_GENUINE, codec.NOT_DVK),
    ("DVK1:abc", verify.NOT_GENUINE, codec.MALFORMED),
    ("DVK2:" + "A" * 300, verify.CANNOT_CONFIRM, codec.NEWER_VERSION),
])
def test_text_that_is_no_code(net, text, outcome, reason):
    verdict = _check_at(net, COMMUNE, text)
    assert (verdict.outcome, verdict.reason) == (outcome, reason)
    assert verdict.explanation and verdict.summary is None


def test_a_cut_short_code_is_not_genuine(net):
    text = _sign_at(net, COMMUNE)
    verdict = _check_at(net, COMMUNE, text[:-20])
    assert (verdict.outcome, verdict.reason) == (verify.NOT_GENUINE, codec.MALFORMED)


def test_a_missing_file_name_is_explained(net):
    verdict = _check_at(net, COMMUNE, "anh-giay-cong-nhan.jpg")
    assert verdict.reason == codec.NOT_DVK
    assert any("anh-giay-cong-nhan.jpg" in line for line in verdict.advice)


# -- signing -----------------------------------------------------------------------------

def test_the_passphrase_is_needed_once_per_session(net):
    with net.open(COMMUNE) as ctx:
        codes = ctx.certificate_codes
        assert codes.status() == LOCKED
        with pytest.raises(PassphraseNeeded):
            ctx.certificate_codes.payload(sample_summary())
        with pytest.raises(DvkError):
            codes.signer("wrong passphrase")
        signer = codes.signer(PASSPHRASE)
        assert codes.status() == READY
        codes = ctx.certificate_codes
        assert codes.payload(sample_summary()) == codes.payload(sample_summary(), signer)


def test_an_office_without_a_key_prints_no_code(ctx):
    assert ctx.certificate_codes.status() == NO_KEY
    with pytest.raises(DvkError):
        ctx.certificate_codes.signer("whatever")


def test_a_signer_works_on_another_connection_and_thread(net):
    """The window unlocks once and hands the signer to the print job, which opens its
    own connection on a worker thread."""
    import threading

    with net.open(COMMUNE) as ctx:
        signer = ctx.certificate_codes.signer(PASSPHRASE)
    results = []

    def job():
        with net.open(COMMUNE) as other:
            assert other.certificate_codes.status() == LOCKED
            results.extend(other.certificate_codes.payload(
                sample_summary(certificate_number=f"{n}/GCN"), signer) for n in range(50))

    worker = threading.Thread(target=job)
    worker.start()
    worker.join()
    assert len(results) == 50
    assert _check_at(net, PROVINCE, results[-1]).genuine


def test_only_the_issuing_office_signs(net):
    with net.open(COMMUNE) as ctx:
        with pytest.raises(DvkError):
            ctx.certificate_codes.payload(sample_summary(issuer_unit_code=PROVINCE),
                        ctx.certificate_codes.signer(PASSPHRASE))


def test_summary_for_registration_takes_the_registration_s_names(ctx):
    from tests.helpers import collective

    clock.set_fixed(dt.datetime(2025, 3, 10, 2, tzinfo=dt.UTC))
    registration_id = ctx.registrations.save(collective(ctx, "Tuyến đường hoa, đường cờ"))
    summary = ctx.certificate_codes.summary_for_registration(
        registration_id, level="xa", year=2025, decision_number="05-QĐ/BCĐ",
        decision_date=dt.date(2025, 10, 5), certificate_number="01/GCN")
    registrant = ctx.registrations.get(registration_id).registrant
    assert registrant
    assert (summary.unit_code, summary.unit_name, summary.model_id, summary.model_name,
            summary.registrant) == ("14725", "Phường Yên Thắng", registration_id,
                                    "Tuyến đường hoa, đường cờ", registrant)
