"""Fuzzing the verifier: whatever text it is given, random or a mutated real code, it
answers with a verdict and never raises; and nothing but the real code (give or take
spaces and line breaks) is ever called genuine. bench/fuzz_certificates.py runs the
same mutations 100,000 times."""

from __future__ import annotations

import base64
import dataclasses
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.certificates import codec, verify
from app.certificates.model import CertificateSummary
from app.certificates.summary import cleaned
from app.context import AppContext
from tests.certificates.conftest import COMMUNE, OFFICES_FILES, PASSPHRASE, PROVINCE
from tests.certificates.mutations import flip_bit

FUZZ = settings(max_examples=120, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


@pytest.fixture(scope="module")
def offices(sync_template, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    for name in OFFICES_FILES.values():
        shutil.copy(sync_template / name, folder / name)
    commune = AppContext.open(folder / OFFICES_FILES[COMMUNE], actor="test")
    province = AppContext.open(folder / OFFICES_FILES[PROVINCE], actor="test")
    signer = commune.certificate_codes.signer(PASSPHRASE)
    yield commune, province, signer
    commune.close()
    province.close()


def _check(ctx: AppContext, text: str) -> verify.Verdict:
    before = ctx.db.conn.total_changes
    verdict = ctx.certificate_codes.verify_text(text)
    assert ctx.db.conn.total_changes == before
    assert verdict.outcome in (verify.GENUINE, verify.NOT_GENUINE, verify.CANNOT_CONFIRM)
    assert verdict.explanation and verdict.headline
    verdict.content()
    verdict.as_dict()
    return verdict


@FUZZ
@given(st.text(max_size=400))
def test_any_text_gets_a_verdict(offices, text):
    commune, _province, _signer = offices
    _check(commune, text)


@FUZZ
@given(st.text(alphabet=B64, max_size=420))
def test_any_dvk1_text_gets_a_verdict(offices, tail):
    commune, _province, _signer = offices
    assert not _check(commune, codec.MAGIC + tail).genuine


@FUZZ
@given(st.binary(min_size=90, max_size=260))
def test_any_bytes_behind_the_prefix_get_a_verdict(offices, raw):
    """Well-formed base64 of arbitrary bytes: reaches the binary parser every time."""
    commune, _province, _signer = offices
    text = codec.MAGIC + base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    assert not _check(commune, text).genuine


mutation = st.one_of(
    st.tuples(st.just("replace"), st.integers(0, 400), st.sampled_from(B64 + "=+/ .:é")),
    st.tuples(st.just("delete"), st.integers(0, 400), st.integers(1, 30)),
    st.tuples(st.just("insert"), st.integers(0, 400), st.text(max_size=8)),
    st.tuples(st.just("flip"), st.integers(0, 400), st.integers(0, 7)),
    st.tuples(st.just("truncate"), st.integers(0, 400), st.just(0)),
)


def _mutate(text: str, steps) -> str:
    for kind, position, value in steps:
        if kind == "flip":  # one bit of the decoded bytes
            text = flip_bit(text, position, value)
            continue
        index = position % (len(text) + 1)
        if kind == "replace" and index < len(text):
            text = text[:index] + value + text[index + 1:]
        elif kind == "delete":
            text = text[:index] + text[index + value:]
        elif kind == "insert":
            text = text[:index] + value + text[index:]
        elif kind == "truncate":
            text = text[:index]
    return text


@FUZZ
@given(st.lists(mutation, min_size=1, max_size=4))
def test_a_mutated_real_code_is_never_genuine_unless_unchanged(offices, steps):
    commune, province, signer = offices
    original = commune.certificate_codes.payload(CertificateSummary(
        unit_code=COMMUNE, unit_name="Phường Yên Thắng",
        model_id="6f1c2a4e-8b3d-4c5e-9f70-112233445566",
        model_name="Camera an ninh - Mắt thần khu phố", registrant="Công an phường Yên Thắng",
        level="xa", year=2025, decision_number="05-QĐ/BCĐ", decision_date=None,
        certificate_number="03/GCN"), signer)
    mutated = _mutate(original, steps)
    for ctx in (commune, province):
        verdict = _check(ctx, mutated)
        if verdict.genuine:  # only whitespace may have been added
            assert "".join(mutated.split()) == original


names = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=90)


@FUZZ
@given(unit_name=names, model_name=names, registrant=names,
       decision_number=st.text(max_size=20), year=st.integers(2000, 2100))
def test_any_signed_summary_round_trips_genuine(offices, unit_name, model_name, registrant,
                                                decision_number, year):
    commune, province, signer = offices
    summary = CertificateSummary(
        unit_code=COMMUNE, unit_name=unit_name, model_id="6f1c2a4e-8b3d-4c5e-9f70-1122334455aa",
        model_name=model_name, registrant=registrant, level="xa", year=year,
        decision_number=decision_number[:20], decision_date=None, certificate_number="1/GCN")
    text = commune.certificate_codes.payload(summary, signer)
    assert len(text) <= codec.MAX_CHARS
    verdict = _check(province, text)
    assert verdict.genuine
    got = verdict.summary
    expected = dataclasses.replace(summary, issuer_unit_code=COMMUNE,
                                   issuer_key_id=signer.key_id)
    for name in ("unit_name", "model_name", "registrant"):
        kept, full = getattr(got, name), getattr(cleaned(expected), name)
        assert kept == full or (kept.endswith("…") and full.startswith(kept[:-1].rstrip()))
