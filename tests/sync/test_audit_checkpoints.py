"""Checkpoints of the audit log (issue 15, point 11): made by the jobs that unlock the
key and on demand, in the documented form (an outsider can check one with the office's
public key alone), from the command line, and on a data file saved before they existed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.cli.main import main
from app.context import AppContext
from app.repositories.audit import scan
from app.signing import canonical, crypto
from app.sync.checkpoints import GENESIS, Checkpoint
from tests.sync.builders import PASSPHRASE, export, manifest_of, members, register
from tests.sync.conftest import COMMUNE, PROVINCE

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "schema"


def _own(ctx: AppContext) -> list[dict]:
    return list(ctx.db.query("SELECT * FROM audit_checkpoints WHERE origin = ?"
                             " ORDER BY entries, made_at, rowid", [ctx.office_code]))


def test_every_job_that_unlocks_the_key_signs_a_checkpoint_and_nothing_asks_for_it(
        net, tmp_path):
    with net.open(COMMUNE) as ctx:
        assert [r["occasion"] for r in _own(ctx)] == ["key"]  # made with the key
        register(ctx, "Mô hình A")
        export(ctx, PROVINCE, tmp_path / "1.dvk")
        register(ctx, "Mô hình B")
        ctx.keys.write_card(tmp_path / "the.dvkkey", PASSPHRASE)
        register(ctx, "Mô hình C")
        ctx.certificate_codes.signer(PASSPHRASE)
        ctx.certificate_codes.signer(PASSPHRASE)  # nothing new logged: nothing new signed
        ctx.trust.rotate(PASSPHRASE, demo=True)
        rows = _own(ctx)
    assert [r["occasion"] for r in rows] == ["key", "export", "key_card", "certificates",
                                             "rotate"]
    # a chain: each follows the one before and says the log still read as it did
    for before, after in zip(rows, rows[1:], strict=False):
        assert after["follows"] == before["id"]
        assert (after["prev_entries"], after["prev_head"]) == (before["entries"],
                                                                before["head"])
    assert rows[-1]["key_id"] != rows[0]["key_id"]  # the rotated key signs from then on
    with net.open(COMMUNE) as ctx:
        log = ctx.audit_checkpoints.state()
        assert log.ok and log.checkpoints == 5  # old and new keys are both the office's


def test_a_bundle_up_always_carries_a_fresh_checkpoint_with_the_chain_before_it(
        net, tmp_path):
    with net.open(COMMUNE) as ctx:
        register(ctx, "Mô hình A")
        first = export(ctx, PROVINCE, tmp_path / "1.dvk")
        second = export(ctx, PROVINCE, tmp_path / "2.dvk")  # nothing new logged between
        rows = _own(ctx)
    assert manifest_of(first)["counts"]["audit_checkpoints"] == 2
    assert manifest_of(second)["counts"]["audit_checkpoints"] == 3
    assert rows[-1]["entries"] == rows[-2]["entries"] == rows[-1]["prev_entries"]
    with net.open(PROVINCE) as ctx:
        for bundle in (first, second):
            ctx.sync.import_bundle(bundle)
        assert ctx.db.execute("SELECT count(*) FROM audit_checkpoints WHERE origin = ?",
                              [COMMUNE]).fetchone()[0] == 3


def test_the_checkpoint_is_what_docs_audit_log_says(net, tmp_path):
    """Read from a bundle with nothing but the office's public key and the documented
    rules: the canonical body, its signature, its id, and the head of the log."""
    with net.open(COMMUNE) as ctx:
        register(ctx, "Mô hình A")
        bundle = export(ctx, PROVINCE, tmp_path / "1.dvk")
        public = bytes.fromhex(ctx.keys.own().public_key)
        log = scan(ctx.db, [])
        heads = scan(ctx.db, [log.count]).heads
    lines = members(bundle)["records/audit_checkpoints.jsonl"].decode().splitlines()
    record = max((json.loads(line) for line in lines), key=lambda r: r["entries"])
    body = {"format": "dvk-audit-checkpoint", "format_version": 1, "office": COMMUNE,
            **{k: record[k] for k in ("entries", "head", "follows", "prev_entries",
                                      "prev_head", "made_at", "occasion", "key_id")}}
    signature = bytes.fromhex(record["signature"])
    assert crypto.verify(public, canonical.dumps(body), signature)
    assert record["key_id"] == crypto.key_id(public)
    assert record["id"] == canonical.sha256(canonical.dumps(
        {"body": body, "signature": record["signature"]}))
    assert record["head"] == heads[log.count] and record["entries"] == log.count
    assert Checkpoint.of(record).id == record["id"]
    first = min((json.loads(line) for line in lines), key=lambda r: r["entries"])
    assert first["follows"] is None and first["prev_head"] == GENESIS


def test_the_command_line(net, capsys, monkeypatch):
    db = str(net.path(COMMUNE))
    monkeypatch.setenv("DVK_PASSPHRASE", PASSPHRASE)
    with net.open(COMMUNE) as ctx:
        register(ctx, "Mô hình A")
    assert main(["--db", db, "audit", "checkpoint"]) == 0
    assert "Đã ký điểm chốt cho các mục 1 đến" in capsys.readouterr().out
    assert main(["--db", db, "audit", "checkpoint"]) == 0
    assert "không có gì mới để ký" in capsys.readouterr().out
    assert main(["--db", db, "audit", "--json", "--limit", "1"]) == 0
    state = json.loads(capsys.readouterr().out)["checkpoints"]
    assert state["count"] == 2 and state["problems"] == []
    assert state["protected_entries"] == state["latest"]["entries"] > 0
    assert main(["--db", db, "audit", "--limit", "1"]) == 0
    assert "Điểm chốt mới nhất:" in capsys.readouterr().out
    assert main(["--db", str(net.path(PROVINCE)), "audit", "children"]) == 0
    assert "Chưa có cơ quan cấp dưới nào gửi điểm chốt" in capsys.readouterr().out


def test_without_a_key_it_says_how_to_make_one(tmp_path, capsys, monkeypatch):
    path = tmp_path / "x.sqlite"
    with AppContext.open(path, actor="t") as ctx:
        ctx.setup.configure(profile="hai_cap", unit_code=COMMUNE)
        state = ctx.audit_checkpoints.state()
        assert state.ok and state.latest is None
        assert state.text().startswith("Chưa có điểm chốt nào ký bằng khóa của đơn vị")
    monkeypatch.setenv("DVK_PASSPHRASE", PASSPHRASE)
    assert main(["--db", str(path), "audit", "checkpoint"]) == 1
    assert "chưa có khóa ký" in capsys.readouterr().err


@pytest.mark.parametrize("fixture", ["v9-commune.sqlite"])
def test_a_data_file_saved_before_checkpoints_gets_its_first_one_over_its_whole_log(
        fixture, tmp_path, capsys):
    copy = tmp_path / fixture
    shutil.copy(FIXTURES / fixture, copy)
    with AppContext.open(copy, actor="t") as ctx:
        assert ctx.audit_checkpoints.state().latest is None
        count = scan(ctx.db).count
        made = ctx.audit_checkpoints.take_now("demo")
        assert made.entries == count and made.follows is None
        assert ctx.audit_checkpoints.state().ok
    assert main(["--db", str(copy), "check"]) == 0
    assert f"từ mục 1 đến mục {count}" in capsys.readouterr().out
