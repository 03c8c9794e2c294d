"""Issue 20, point 5: what docs/certificate-code.md calls not genuine is refused, even
with a valid signature of a trusted key: a code over 330 characters ("DVK1:"
included), a text that is not NFC, an unknown level, a unit code that is no unit code;
only space, tab, CR and LF are ignored; a link to a verifier page gives its code."""

from __future__ import annotations

import dataclasses
import unicodedata

import pytest

from app.certificates import codec, verify
from tests.certificates.conftest import COMMUNE, PASSPHRASE, sample_summary


def _signed_at(net, office: str, **changes) -> str:
    """A code signed with the office's genuine key, NOT fitted or cleaned: what a
    hand-made code could hold."""
    with net.open(office) as ctx:
        signer = ctx.certificate_codes.signer(PASSPHRASE)
        summary = sample_summary(issuer_unit_code=signer.unit_code,
                                 issuer_key_id=signer.key_id, **changes)
        return codec.encode(summary, signer.sign)


def _verdict(net, office: str, text: str) -> verify.Verdict:
    with net.open(office) as ctx:
        return ctx.certificate_codes.verify_text(text)


def test_a_genuine_fitted_code_is_genuine(net):
    verdict = _verdict(net, COMMUNE, _signed_at(net, COMMUNE))
    assert verdict.outcome == verify.GENUINE


@pytest.mark.parametrize("changes", [
    {"model_name": "Mô hình " + "rất dài " * 12},  # 331+ characters: over the limit
    {"registrant": unicodedata.normalize("NFD", "Chi hội Phụ nữ")},  # not NFC
    {"level": "trung_uong"},  # no such level
    {"level": ""},
    {"unit_code": "14725 "},  # not a unit code
    {"unit_code": ""},
])
def test_codes_the_docs_call_not_genuine_are_refused_whatever_their_signature(net, changes):
    text = _signed_at(net, COMMUNE, **changes)
    with pytest.raises(codec.CodeError) as caught:
        codec.decode(text)
    assert caught.value.reason == codec.MALFORMED
    verdict = _verdict(net, COMMUNE, text)
    assert (verdict.outcome, verdict.reason) == (verify.NOT_GENUINE, codec.MALFORMED)


def test_the_limit_counts_the_prefix():
    import nacl.signing

    key = nacl.signing.SigningKey(b"\x02" * 32)
    base = sample_summary(issuer_unit_code="14725", issuer_key_id="00" * 8)
    for limit in range(300, 340):
        fitted = codec.fit(base, limit)
        text = codec.encode(fitted, lambda m: key.sign(m).signature)
        assert len(text) <= limit
        if len(text) <= codec.MAX_CHARS:
            codec.decode(text)
        else:
            with pytest.raises(codec.CodeError):
                codec.decode(text)
    # exactly 330 with the prefix is fine, one more character is not
    long_name = dataclasses.replace(base, model_name="x" * 200)
    text = codec.encode(codec.fit(long_name), lambda m: key.sign(m).signature)
    assert len(text) in (329, 330)
    codec.decode(text)


@pytest.mark.parametrize("space", [" ", "\t", "\r\n", "\n"])
def test_only_ascii_spaces_and_line_breaks_are_ignored(space):
    import nacl.signing

    key = nacl.signing.SigningKey(b"\x02" * 32)
    text = codec.encode(codec.fit(sample_summary(issuer_unit_code="14725",
                                                 issuer_key_id="00" * 8)),
                        lambda m: key.sign(m).signature)
    assert codec.decode(text[:50] + space + text[50:]).summary == codec.decode(text).summary
    for other in ("\u00a0", "\u2003", "\u200b", "\x0b", "\x0c"):
        with pytest.raises(codec.CodeError) as caught:
            codec.decode(text[:50] + other + text[50:])
        assert caught.value.reason == codec.MALFORMED


def test_a_link_to_a_verifier_page_carries_the_code_after_the_hash(net):
    text = _signed_at(net, COMMUNE)
    for link in (f"https://dvk.ninhbinh.gov.vn/xac-minh.html#{text}",
                 f"HTTP://example.org/a/b?c=d#{text}"):
        assert codec.decode(link).summary == codec.decode(text).summary
        assert _verdict(net, COMMUNE, link).outcome == verify.GENUINE
    with pytest.raises(codec.CodeError) as caught:
        codec.decode("https://dvk.ninhbinh.gov.vn/xac-minh.html#nothing")
    assert caught.value.reason == codec.NOT_DVK
    with pytest.raises(codec.CodeError) as caught:
        codec.decode("ftp://example.org/#" + text)
    assert caught.value.reason == codec.NOT_DVK
