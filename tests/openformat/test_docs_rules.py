"""Issue 20, points 1 and 8: what docs/bundle-format.md states byte for byte is what the
code does: canonical JSON (key order, escapes, integers, floats as Python's repr), and
every refusal reason the code can give is in the documented list."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.signing import canonical

DOCS = Path(__file__).resolve().parents[2] / "docs"
ROOT = DOCS.parent


@pytest.mark.parametrize(("value", "text"), [
    ({"b": 1, "a": [True, False, None]}, '{"a":[true,false,null],"b":1}'),
    ({"name": "Phường Yên Thắng"}, '{"name":"Phường Yên Thắng"}'),
    ("a\"b\\c/d", '"a\\"b\\\\c/d"'),
    ("\b\t\n\f\r\x01\x1f\x7f\u2028", '"\\b\\t\\n\\f\\r\\u0001\\u001f\x7f\u2028"'),
    (-(2**63), "-9223372036854775808"), (2**63 - 1, "9223372036854775807"),
    (0, "0"), (-5, "-5"),
    (2.5, "2.5"), (40.0, "40.0"), (0.0001, "0.0001"), (0.00001, "1e-05"),
    (1e16, "1e+16"), (1.5e16, "1.5e+16"), (1e15, "1000000000000000.0"), (-0.0, "-0.0"),
    (0.1 + 0.2, "0.30000000000000004"),
])
def test_canonical_json_is_what_the_docs_say(value, text):
    assert canonical.dumps(value) == text.encode("utf-8")


def test_no_nan_or_infinity():
    for bad in (float("nan"), float("inf")):
        with pytest.raises(ValueError):
            canonical.dumps(bad)


def test_every_refusal_reason_is_documented():
    text = (DOCS / "bundle-format.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"`([a-z_0-9]+)`", text.split("The reason codes")[1]))
    used = set()
    for path in (ROOT / "app" / "sync").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'(?:BundleRefused|_forged|_problem)\(\s*"([a-z_]+)"', source))
        if "(BundleRefused)" in source:  # a refusal of its own kind names its reason
            used |= set(re.findall(r'super\(\).__init__\(\s*"([a-z_]+)"', source))
    used |= {"revoked_key", "retired_key", "expired_key", "scope", "merged", "wrong_key",
             "unknown_key"}
    assert used - listed == set(), sorted(used - listed)


def test_the_docs_name_every_kind_through_records_md():
    from app.sync.kinds import all_kinds

    records = (DOCS / "records.md").read_text(encoding="utf-8")
    bundle = (DOCS / "bundle-format.md").read_text(encoding="utf-8")
    assert "docs/records.md" in bundle and "recognitions" not in bundle
    for kind in all_kinds():
        assert f"## {kind.name}\n" in records
