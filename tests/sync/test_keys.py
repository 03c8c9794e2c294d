"""Keys (points 1-2): encrypted at rest, key cards, fingerprints read over the phone."""

from __future__ import annotations

import json

import pytest

from app.cli.main import main
from app.context import AppContext
from app.errors import DvkError, ValidationError
from app.signing import crypto
from tests.sync.conftest import COMMUNE, PROVINCE, STRANGER


def test_private_key_is_encrypted_with_the_passphrase(tmp_path):
    locked, signing = crypto.generate("mật khẩu dài", opslimit=crypto.DEMO_OPSLIMIT,
                                      memlimit=crypto.DEMO_MEMLIMIT)
    assert signing.encode() not in locked.encrypted_private
    assert crypto.unlock(locked, "mật khẩu dài").encode() == signing.encode()
    with pytest.raises(crypto.WrongPassphrase):
        crypto.unlock(locked, "sai")


def test_key_is_stored_encrypted_with_its_parameters(net):
    with net.open(COMMUNE) as ctx:
        row = ctx.db.execute("SELECT kdf, opslimit, memlimit, length(salt),"
                             " encrypted_private FROM office_keys").fetchone()
        assert row[0] == "argon2id" and row[1] >= 2 and row[2] >= 8192 and row[3] == 16
        signing = ctx.keys.unlock("demo")
        assert signing.encode() not in bytes(row[4])


def test_real_keys_need_a_long_passphrase(tmp_path):
    with AppContext.open(tmp_path / "x.sqlite") as ctx:
        ctx.setup.configure(profile="hai_cap", unit_code=COMMUNE)
        with pytest.raises(ValidationError):
            ctx.keys.create("ngắn")


def test_cli_init_reads_the_environment(tmp_path, monkeypatch, capsys):
    db = tmp_path / "x.sqlite"
    assert main(["--db", str(db), "setup", "--unit", COMMUNE, "--profile", "hai-cap"]) == 0
    monkeypatch.delenv("DVK_PASSPHRASE", raising=False)
    monkeypatch.setattr("sys.stdin", None)
    assert main(["--db", str(db), "keys", "init"]) == 1
    monkeypatch.setenv("DVK_PASSPHRASE", "một câu mật khẩu dài")
    capsys.readouterr()
    assert main(["--db", str(db), "keys", "init"]) == 0
    out = capsys.readouterr().out
    assert out.count(" ") >= 5
    assert main(["--db", str(db), "keys", "init"]) == 1  # one key per office


def test_fingerprint_is_digits_in_groups():
    text = crypto.fingerprint(b"\x01" * 32)
    groups = text.split(" ")
    assert len(groups) == 6 and all(len(g) == 5 and g.isdigit() for g in groups)
    assert crypto.normalise_fingerprint("1234-5 67.8") == "12345678"


def test_card_enrolment_checks_the_fingerprint(net, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DVK_PASSPHRASE", "demo")
    card = tmp_path / "tinh.card"
    with net.open(PROVINCE) as province:
        province.db.execute("DELETE FROM trusted_keys")
    assert main(["--db", str(net.path(COMMUNE)), "keys", "card", "--out", str(card)]) == 0
    printed = capsys.readouterr().out
    with net.open(COMMUNE) as commune:
        fingerprint = commune.keys.own().fingerprint
    assert fingerprint in printed
    wrong = fingerprint[:-1] + ("1" if fingerprint[-1] != "1" else "2")
    assert main(["--db", str(net.path(PROVINCE)), "keys", "trust", str(card),
                 "--fingerprint", wrong]) == 1
    with net.open(PROVINCE) as province:
        assert province.keys.trusted() == []
    spoken = fingerprint.replace(" ", "-")
    assert main(["--db", str(net.path(PROVINCE)), "keys", "trust", str(card),
                 "--fingerprint", spoken]) == 0
    capsys.readouterr()
    assert main(["--db", str(net.path(PROVINCE)), "keys", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [k["unit_code"] for k in listed["trusted"]] == [COMMUNE]
    assert listed["trusted"][0]["fingerprint"] == fingerprint
    with net.open(PROVINCE) as province:
        own = province.keys.own()
        [key] = [k for k in province.trust.keys() if k.enrolled]
    # the office's key is written as it always was: these three keys in this order
    assert list(listed["office_key"].items()) == [
        ("key_id", own.key_id), ("fingerprint", own.fingerprint),
        ("public_key", own.public_key)]
    # and every key it knows (TrustService.keys, typed since issue 21): these fourteen
    assert listed["trusted"] == [k for k in listed["keys"] if k["enrolled"]]
    assert list(listed["trusted"][0].items()) == [
        ("key_id", key.key_id), ("unit_code", COMMUNE), ("unit_name", key.unit_name),
        ("fingerprint", fingerprint), ("via", "enrolled"), ("enrolled", True),
        ("expires_at", key.expires_at), ("revoked_at", None), ("revoked_by", ""),
        ("revoked_reason", ""), ("retired_at", None), ("valid", True), ("problem", ""),
        ("below", True)]


def test_card_of_an_unrelated_office_is_not_enrolled(net, tmp_path):
    with net.open(STRANGER) as stranger:
        card = stranger.keys.write_card(tmp_path / "la.card", "demo")
    with net.open(PROVINCE) as province:
        with pytest.raises(DvkError):
            province.keys.trust(tmp_path / "la.card", card.fingerprint)


def test_a_doctored_card_is_refused(net, tmp_path):
    with net.open(COMMUNE) as commune:
        commune.keys.write_card(tmp_path / "x.card", "demo")
    data = json.loads((tmp_path / "x.card").read_text(encoding="utf-8"))
    data["unit_code"] = "13285"
    (tmp_path / "x.card").write_text(json.dumps(data), encoding="utf-8")
    with net.open(PROVINCE) as province:
        with pytest.raises(DvkError):
            province.keys.read_card(tmp_path / "x.card")
