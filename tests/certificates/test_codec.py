"""The code's text form: compact, versioned, every Vietnamese letter exact, strict."""

from __future__ import annotations

import base64
import dataclasses
import unicodedata

import nacl.signing
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.certificates import charset, codec
from tests.certificates.conftest import sample_summary

KEY = nacl.signing.SigningKey(b"\x01" * 32)
KEY_ID = "0123456789abcdef"
ALL_VIETNAMESE = charset.VIETNAMESE  # 134 precomposed letters, both cases


def _sign(message: bytes) -> bytes:
    return KEY.sign(message).signature


def _encode(summary) -> str:
    return codec.encode(codec.fit(summary), _sign)


def _signed(**changes):
    return sample_summary(issuer_unit_code="14725", issuer_key_id=KEY_ID, **changes)


def test_round_trip_keeps_every_field_and_every_vietnamese_letter():
    # Two codes: all 134 letters in one would be over the 330-character limit, which
    # decoding refuses (issue 20, point 5).
    for half in (ALL_VIETNAMESE[:67], ALL_VIETNAMESE[67:]):
        summary = _signed(registrant=half, unit_name="Phường",
                          model_name="Mô hình “Dân vận khéo” – ĐỒNG LÒNG")
        text = codec.encode(summary, _sign)
        assert text.startswith("DVK1:") and len(text) <= codec.MAX_CHARS
        decoded = codec.decode(text)
        assert decoded.summary == summary
        assert KEY.verify_key.verify(decoded.message, decoded.signature)
        assert decoded.message.startswith(codec.DOMAIN)


def test_a_typical_code_fits_in_the_limit_without_shortening():
    summary = _signed()
    text = _encode(summary)
    assert len(text) <= codec.MAX_CHARS
    assert codec.decode(text).summary == summary  # nothing shortened


def test_long_names_are_shortened_with_an_ellipsis_until_the_code_fits():
    long_name = "Vận động nhân dân hiến đất, góp công mở rộng đường giao thông nông thôn " * 4
    summary = _signed(model_name=long_name, registrant="Bà Nguyễn Thị Ánh Tuyết " * 5)
    text = _encode(summary)
    assert len(text) <= codec.MAX_CHARS
    decoded = codec.decode(text).summary
    assert decoded.model_name.endswith("…") and long_name.startswith(decoded.model_name[:-1])
    assert decoded.registrant.startswith("Bà Nguyễn Thị Ánh Tuyết")
    # numbers and codes are never shortened
    assert (decoded.decision_number, decoded.certificate_number, decoded.model_id) == (
        summary.decision_number, summary.certificate_number, summary.model_id)


def test_the_code_stays_one_qr_version_13_symbol_at_its_longest():
    from app.printing.render import qr

    text = _encode(_signed(model_name="Đ" * 200))
    assert len(text) <= codec.MAX_CHARS
    assert len(qr.matrix(text)) == 17 + 4 * 13


def test_charset_is_one_byte_per_vietnamese_letter_and_smaller_than_utf8():
    assert len(charset.encode(ALL_VIETNAMESE)) == len(ALL_VIETNAMESE)
    name = "Dân vận khéo trong vận động nhân dân hiến đất mở rộng đường giao thông nông thôn"
    assert len(charset.encode(name)) == len(name) < len(name.encode("utf-8")) * 0.8


@settings(max_examples=150)
@given(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=60))
def test_charset_round_trips_any_text(text):
    assert charset.decode(charset.encode(text)) == text


@pytest.mark.parametrize("data", [b"\xff", b"\xff\xe1\x80", b"\xff\xc3\xa0", b"\xff\x41",
                                  b"\xfe", b"\xff\xc0\x80"])
def test_charset_refuses_bytes_it_never_writes(data):
    with pytest.raises(charset.CharsetError):
        charset.decode(data)


def test_charset_refuses_control_characters():
    with pytest.raises(charset.CharsetError):
        charset.encode("a\u0085b")


def test_spaces_and_line_breaks_in_a_pasted_code_are_ignored():
    text = _encode(_signed())
    pasted = "  " + text[:40] + "\n" + text[40:120] + " \r\n" + text[120:] + "\n"
    assert codec.decode(pasted).summary == codec.decode(text).summary


@pytest.mark.parametrize(("text", "reason"), [
    ("", codec.EMPTY), ("   \n", codec.EMPTY),
    ("https://example.org/x", codec.NOT_DVK), ("hello", codec.NOT_DVK),
    ("DVK2:AAAA", codec.NEWER_VERSION), ("DVK17:AAAA", codec.NEWER_VERSION),
    ("DVK0:AAAA", codec.MALFORMED), ("DVK:AAAA", codec.MALFORMED),
    ("dvk1:AAAA", codec.MALFORMED), ("DVK1:", codec.MALFORMED),
    ("DVK1:A", codec.MALFORMED), ("DVK1:AB+/", codec.MALFORMED),
    ("DVK1:" + "A" * 5000, codec.MALFORMED),
])
def test_texts_that_are_not_readable_codes(text, reason):
    with pytest.raises(codec.CodeError) as caught:
        codec.decode(text)
    assert caught.value.reason == reason


def _raw(text: str) -> bytes:
    data = text[len(codec.MAGIC):]
    return base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))


def _text(raw: bytes) -> str:
    return codec.MAGIC + base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def test_structure_errors_are_malformed():
    raw = _raw(_encode(_signed()))
    record, signature = raw[:-64], raw[-64:]
    for broken in (record[:-1] + signature,  # a text cut short
                   record + b"\x00" + signature,  # a byte after the last field
                   raw[:40]):  # far too short
        with pytest.raises(codec.CodeError) as caught:
            codec.decode(_text(broken))
        assert caught.value.reason == codec.MALFORMED


def test_a_non_canonical_base64_ending_is_malformed():
    text = _encode(_signed())
    assert len(text[len(codec.MAGIC):]) % 4 in (2, 3)  # the last character has spare bits
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    last = alphabet.index(text[-1])
    twin = text[:-1] + alphabet[last ^ 1]  # same bytes, one spare bit set
    with pytest.raises(codec.CodeError):
        codec.decode(twin)


def test_fields_that_cannot_be_encoded_are_refused():
    for change in ({"model_id": "not-a-uuid"}, {"year": 0}, {"issuer_key_id": "xyz"},
                   {"decision_date": None, "year": 70000}):
        with pytest.raises(ValueError):
            codec.body(dataclasses.replace(_signed(), **change))


def test_nfc_names_survive_exactly():
    name = unicodedata.normalize("NFC", "Hoà Bình - Hòa Bình - Thuỷ - Thủy")
    assert codec.decode(_encode(_signed(unit_name=name))).summary.unit_name == name
