"""Sequence numbers and the hash chain (point 7): replay, gap, fork, new line."""

from __future__ import annotations

import shutil

import pytest

from app.cli.main import main
from app.sync.errors import BundleRefused
from tests.sync.builders import content, export, manifest_of, register, rename_model
from tests.sync.conftest import COMMUNE, PROVINCE


def test_bundles_are_numbered_and_chained(net, tmp_path):
    with net.open(COMMUNE) as commune:
        register(commune, "A")
        first = export(commune, PROVINCE, tmp_path / "1.dvk")
        register(commune, "B")
        second = export(commune, PROVINCE, tmp_path / "2.dvk")
    one, two = manifest_of(first), manifest_of(second)
    assert (one["seq"], two["seq"]) == (1, 2)
    assert one["line"] == two["line"]
    from app.sync.reader import read_bundle

    with net.open(PROVINCE) as province:
        bundle = read_bundle(first, province.trust.load())
    assert two["prev_sha256"] == bundle.sha256


def test_replay_is_reported_and_changes_nothing(net, tmp_path, capsys):
    with net.open(COMMUNE) as commune:
        register(commune, "A")
        bundle = export(commune, PROVINCE, tmp_path / "1.dvk")
    assert main(["--db", str(net.path(PROVINCE)), "import", str(bundle)]) == 0
    capsys.readouterr()
    before = net.file_hash(PROVINCE)
    assert main(["--db", str(net.path(PROVINCE)), "import", str(bundle)]) == 0
    assert "đã được nhập" in capsys.readouterr().out
    assert net.file_hash(PROVINCE) == before


def test_gap_is_reported_and_both_bundles_count(net, tmp_path):
    with net.open(COMMUNE) as commune:
        first_id = register(commune, "A")
        export(commune, PROVINCE, tmp_path / "1.dvk")
        rename_model(commune, first_id, "A sửa lần 1")
        register(commune, "B")
        export(commune, PROVINCE, tmp_path / "2.dvk")
        rename_model(commune, first_id, "A sửa lần 2")
        export(commune, PROVINCE, tmp_path / "3.dvk")
        expected = content(commune, {COMMUNE})
    with net.open(PROVINCE) as province:
        third = province.sync.import_bundle(tmp_path / "3.dvk")
        assert third.applied and third.preview.missing_before == [1, 2]
        first = province.sync.import_bundle(tmp_path / "1.dvk")
        assert first.applied and first.preview.fills_gap
        # bundle 1 carries an older version of A: kept out, counted as unchanged
        assert first.preview.summary["registrations"].unchanged == 1
        second = province.sync.import_bundle(tmp_path / "2.dvk")
        assert second.applied and second.preview.missing_before == []
        assert content(province, {COMMUNE}) == expected
        names = sorted(r[0] for r in province.db.execute("SELECT name FROM registrations"))
        assert names == ["A sửa lần 2", "B"]


def _fork(net, tmp_path):
    """The commune sends bundle 2, then goes back to a backup taken after bundle 1 and
    exports a different bundle 2."""
    with net.open(COMMUNE) as commune:
        register(commune, "A")
        export(commune, PROVINCE, tmp_path / "1.dvk")
    backup = tmp_path / "backup.sqlite"
    shutil.copy(net.path(COMMUNE), backup)
    with net.open(COMMUNE) as commune:
        register(commune, "B (sau sao lưu)")
        export(commune, PROVINCE, tmp_path / "2.dvk")
    shutil.copy(backup, net.path(COMMUNE))
    with net.open(COMMUNE) as commune:
        register(commune, "C (trên bản khôi phục)")
        export(commune, PROVINCE, tmp_path / "2-fork.dvk")
        register(commune, "D")
        export(commune, PROVINCE, tmp_path / "3-fork.dvk")


def test_fork_is_detected_refused_and_explained(net, tmp_path, capsys):
    _fork(net, tmp_path)
    with net.open(PROVINCE) as province:
        province.sync.import_bundle(tmp_path / "1.dvk")
        province.sync.import_bundle(tmp_path / "2.dvk")
    before = net.file_hash(PROVINCE)
    assert main(["--db", str(net.path(PROVINCE)), "import",
                 str(tmp_path / "2-fork.dvk")]) == 4
    message = capsys.readouterr().err
    assert "sao lưu" in message and "--new-line" in message
    # bundle 3 of the restored line does not chain onto the bundle 2 we have
    assert main(["--db", str(net.path(PROVINCE)), "import",
                 str(tmp_path / "3-fork.dvk")]) == 4
    assert net.file_hash(PROVINCE) == before


def test_fork_is_detected_whichever_comes_first(net, tmp_path):
    _fork(net, tmp_path)
    with net.open(PROVINCE) as province:
        province.sync.import_bundle(tmp_path / "1.dvk")
        province.sync.import_bundle(tmp_path / "3-fork.dvk")  # a gap: 2 is missing
        with pytest.raises(BundleRefused) as refused:
            province.sync.import_bundle(tmp_path / "2.dvk")  # does not chain to 3
        assert refused.value.reason == "fork"


def test_a_restored_database_starts_a_new_line_and_cannot_fork(net, tmp_path):
    _fork(net, tmp_path)
    with net.open(COMMUNE) as commune:
        old_line = manifest_of(tmp_path / "2-fork.dvk")["line"]
        new_line = commune.sync.start_new_sequence_line("restored from backup")
        assert new_line != old_line
        after = export(commune, PROVINCE, tmp_path / "new-1.dvk", full=True)
        expected = content(commune, {COMMUNE})
    manifest = manifest_of(after)
    assert (manifest["line"], manifest["seq"], manifest["prev_sha256"]) == (new_line, 1, "")
    with net.open(PROVINCE) as province:
        province.sync.import_bundle(tmp_path / "1.dvk")
        province.sync.import_bundle(tmp_path / "2.dvk")
        result = province.sync.import_bundle(after)
        assert result.applied
        names = sorted(r[0] for r in province.db.execute("SELECT name FROM registrations"))
        # nothing lost: B came before the restore, C and D after it
        assert names == ["A", "B (sau sao lưu)", "C (trên bản khôi phục)", "D"]
        assert all(row in content(province, {COMMUNE})["registrations"]
                   for row in expected["registrations"])


def test_cli_new_line_flag(net, tmp_path, monkeypatch):
    monkeypatch.setenv("DVK_PASSPHRASE", "demo")
    db = str(net.path(COMMUNE))
    # --plain: the manifests are read here as a zip (bundles are encrypted to a known
    # recipient by default, issue 26)
    assert main(["--db", db, "export", "--to", PROVINCE, "--plain",
                 "--out", str(tmp_path / "a.dvk")]) == 0
    assert main(["--db", db, "export", "--to", PROVINCE, "--plain",
                 "--out", str(tmp_path / "b.dvk"), "--new-line"]) == 0
    a, b = manifest_of(tmp_path / "a.dvk"), manifest_of(tmp_path / "b.dvk")
    assert a["line"] != b["line"] and b["seq"] == 1 and b["full"] is True
