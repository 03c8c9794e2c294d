"""Issue 15, point 9: a certificate code never carries a hidden character. A name
stored with U+202E (which shows "gnáhT" as "Tháng"), a zero-width joiner, a soft
hyphen or a control character is signed without them, so what the code says is what
anyone reading it sees."""

from __future__ import annotations

import unicodedata

from app.certificates import codec
from tests.certificates.conftest import COMMUNE, PASSPHRASE, sample_summary

HIDDEN_CATEGORIES = {"Cc", "Cf", "Cs"}


def _hidden(text: str) -> list[str]:
    return [f"U+{ord(ch):04X}" for ch in text if unicodedata.category(ch) in HIDDEN_CATEGORIES]


def test_hidden_characters_never_reach_a_signed_code(net):
    summary = sample_summary(
        model_name="Mô hình \u202egnáhT\u202c đảo chiều\u200d\u00ad\u2060",
        registrant="Chi hội\x1b[31m Phụ nữ\x9b\u200e\u2066 thôn Đông\u2069",
        unit_name="Phường\ufeff Yên\u061c Thắng\U000e0041")
    with net.open(COMMUNE) as ctx:
        text = ctx.certificate_codes.payload(summary, ctx.certificate_codes.signer(PASSPHRASE))
    got = codec.decode(text).summary
    for name in codec.TEXT_FIELDS:
        assert not _hidden(getattr(got, name)), (name, _hidden(getattr(got, name)))
    assert got.model_name == "Mô hình gnáhT đảo chiều"
    assert got.registrant == "Chi hội[31m Phụ nữ thôn Đông"
    assert got.unit_name == "Phường Yên Thắng"


def test_a_half_million_character_name_still_makes_one_code(net):
    summary = sample_summary(model_name="Dân vận khéo " * 40_000)
    with net.open(COMMUNE) as ctx:
        text = ctx.certificate_codes.payload(summary, ctx.certificate_codes.signer(PASSPHRASE))
    assert len(text) <= codec.MAX_CHARS
    assert codec.decode(text).summary.model_name.endswith(codec.ELLIPSIS)
