"""Issue 20, point 9: `dvk verify --json` (and `dvk import --json`) print JSON on a
refusal too, with the reason code and the message, and a refused check reaches the
refusal log like a refused import."""

from __future__ import annotations

import json

import pytest

from app.cli.main import main
from app.sync import refusals
from tests.sync.builders import export, register
from tests.sync.conftest import COMMUNE, OTHER, PROVINCE


def _run(capsys, *argv: str) -> tuple[int, dict, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, json.loads(out), err


@pytest.fixture
def good(net, tmp_path):
    with net.open(COMMUNE) as commune:
        register(commune, "Mô hình gốc")
        return export(commune, PROVINCE, tmp_path / "good.dvk")


def test_a_refused_bundle_is_json_with_its_reason(net, good, tmp_path, capsys):
    bad = tmp_path / "bad.dvk"
    data = bytearray(good.read_bytes())
    data[len(data) // 2] ^= 0x01
    bad.write_bytes(bytes(data))
    before = len(refusals.entries())
    for command in ("verify", "import"):
        code, shown, err = _run(capsys, "--db", str(net.path(PROVINCE)), command, str(bad),
                                "--json")
        assert code == 4
        assert shown["accepted"] is False and shown["applied"] is False
        assert shown["reason"] == "damaged" and shown["exit_code"] == 4
        assert shown["message"] and shown["message"] in err
    logged = refusals.entries()[before:]
    assert [e["action"] for e in logged] == ["verify", "import"]
    assert {e["reason"] for e in logged} == {"damaged"}


def test_a_bundle_for_another_office_is_json_too(net, good, capsys):
    code, shown, _err = _run(capsys, "--db", str(net.path(OTHER)), "verify", str(good),
                             "--json")
    assert code == 4 and shown["reason"] == "unknown_key"  # checked before the address


def test_a_file_that_cannot_be_read_is_json(net, tmp_path, capsys):
    code, shown, _err = _run(capsys, "--db", str(net.path(PROVINCE)), "verify",
                             str(tmp_path / "missing.dvk"), "--json")
    assert code == 4 and shown["reason"] == "unreadable"


def test_a_genuine_bundle_still_prints_its_preview(net, good, capsys):
    code, shown, _err = _run(capsys, "--db", str(net.path(PROVINCE)), "verify", str(good),
                             "--json")
    assert code == 0 and shown["accepted"] is True and shown["sender"] == COMMUNE
