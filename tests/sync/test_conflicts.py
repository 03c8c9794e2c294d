"""The conflict rule and the review queue (point 8)."""

from __future__ import annotations

import functools
import json

import pytest

from app.cli.main import main
from app.sync import merge
from tests.sync.builders import export, register, rename_model
from tests.sync.conftest import COMMUNE, PROVINCE


def _record(version, updated_at, name):
    return {"id": "x", "version": version, "updated_at": updated_at, "name": name}


def test_rule_is_a_total_order():
    a = _record(2, "2026-01-01T00:00:00.000Z", "a")
    b = _record(3, "2025-01-01T00:00:00.000Z", "b")
    c = _record(3, "2025-06-01T00:00:00.000Z", "c")
    d = _record(3, "2025-06-01T00:00:00.000Z", "d")
    assert merge.incoming_wins(b, a) and not merge.incoming_wins(a, b)  # version first
    assert merge.incoming_wins(c, b)  # then the later change
    assert merge.incoming_wins(c, d) != merge.incoming_wins(d, c)  # then the hash
    later = functools.cmp_to_key(lambda x, y: 1 if merge.incoming_wins(x, y) else -1)
    ordered = sorted([d, a, c, b], key=later)
    assert ordered[0] is a and ordered[1] is b
    assert ordered == sorted([c, b, a, d], key=later)


def test_classification():
    old = _record(1, "t1", "a")
    new = _record(2, "t2", "b")
    assert merge.classify(new, None, False) == (merge.NEW, True)
    assert merge.classify(new, dict(new), True) == (merge.UNCHANGED, False)
    assert merge.classify(new, old, True) == (merge.UPDATED, True)
    assert merge.classify(old, new, True) == (merge.UNCHANGED, False)
    # the local row was edited here: whichever wins, the other is kept
    assert merge.classify(new, old, False) == (merge.CONFLICTING, True)
    assert merge.classify(old, new, False) == (merge.CONFLICTING, False)


def _setup(net, tmp_path):
    with net.open(COMMUNE) as commune:
        model = register(commune, "Mô hình chung")
        export(commune, PROVINCE, tmp_path / "1.dvk")
    with net.open(PROVINCE) as province:
        province.sync.import_bundle(tmp_path / "1.dvk")
    return model


def test_same_version_edited_on_both_sides_is_a_conflict_kept_for_review(net, tmp_path):
    model = _setup(net, tmp_path)
    with net.open(PROVINCE) as province:
        province.registrations.withdraw(model, "Tỉnh rút: trùng với mô hình khác")
    with net.open(COMMUNE) as commune:
        rename_model(commune, model, "Mô hình chung (xã sửa)")
        export(commune, PROVINCE, tmp_path / "2.dvk")
    with net.open(PROVINCE) as province:
        preview = province.sync.import_bundle(tmp_path / "2.dvk").preview
        assert preview.summary["registrations"].conflicting == 1
        queue = province.sync.conflicts()
        assert len(queue) == 1
        entry = queue[0]
        assert entry.kind == "registrations" and entry.record_key == model
        loser = json.loads(entry.loser_json)
        row = province.db.execute("SELECT name, status FROM registrations WHERE id = ?",
                                  [model]).fetchone()
        # whichever version won, the other one is in the queue, whole
        assert {loser["name"], row[0]} == {"Mô hình chung", "Mô hình chung (xã sửa)"}
        assert {loser["status"], row[1]} == {"rut", "da_dang_ky"}


def test_a_local_edit_overtaken_by_two_versions_is_kept(net, tmp_path):
    model = _setup(net, tmp_path)
    with net.open(PROVINCE) as province:
        province.registrations.withdraw(model, "Tỉnh rút")
    with net.open(COMMUNE) as commune:
        rename_model(commune, model, "Sửa lần 1")
        rename_model(commune, model, "Sửa lần 2")
        export(commune, PROVINCE, tmp_path / "2.dvk")
    with net.open(PROVINCE) as province:
        preview = province.sync.import_bundle(tmp_path / "2.dvk").preview
        assert preview.summary["registrations"].conflicting == 1
        assert province.db.execute("SELECT name FROM registrations").fetchone()[0] == "Sửa lần 2"
        (entry,) = province.sync.conflicts()
        assert entry.loser_side == "local"
        assert json.loads(entry.loser_json)["status"] == "rut"


def test_the_same_rule_everywhere_gives_the_same_winner(net, tmp_path):
    """Two offices that see the two versions in opposite order keep the same one."""
    model = _setup(net, tmp_path)
    with net.open(PROVINCE) as province:
        province.registrations.withdraw(model, "Tỉnh rút")
        from app.sync.exporter import travelling_columns
        from app.sync.kinds import get

        columns = travelling_columns(province.db, get("registrations"))
        theirs = dict(zip(columns, province.db.execute(
            f"SELECT {', '.join(columns)} FROM registrations").fetchone(), strict=True))
    with net.open(COMMUNE) as commune:
        rename_model(commune, model, "Xã sửa")
        ours = dict(zip(columns, commune.db.execute(
            f"SELECT {', '.join(columns)} FROM registrations").fetchone(), strict=True))
    assert merge.incoming_wins(ours, theirs) != merge.incoming_wins(theirs, ours)


def test_cli_lists_and_marks_conflicts(net, tmp_path, capsys):
    model = _setup(net, tmp_path)
    with net.open(PROVINCE) as province:
        province.registrations.withdraw(model, "Tỉnh rút")
    with net.open(COMMUNE) as commune:
        rename_model(commune, model, "Xã sửa")
        export(commune, PROVINCE, tmp_path / "2.dvk")
    db = str(net.path(PROVINCE))
    assert main(["--db", db, "import", str(tmp_path / "2.dvk")]) == 0
    capsys.readouterr()
    assert main(["--db", db, "conflicts", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 1
    assert main(["--db", db, "conflicts", "reviewed", str(rows[0]["id"])]) == 0
    capsys.readouterr()
    assert main(["--db", db, "conflicts", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["--db", db, "conflicts", "list", "--all", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1


def test_records_outside_the_senders_authority_refuse_the_whole_bundle(net, tmp_path):
    """A commune cannot speak for another commune: a bundle holding such a record is
    forged (a genuine DVK never writes one), so the whole file is refused with the
    reason, and nothing of it is written (issue 15)."""
    from app.signing import canonical
    from app.sync import manifest as mf
    from tests.sync.builders import forge, members, signing_key

    with net.open(COMMUNE) as commune:
        register(commune, "Mô hình thật")
        good = export(commune, PROVINCE, tmp_path / "1.dvk")
        signing = signing_key(commune)
    files = {n: d for n, d in members(good).items() if n not in (mf.MANIFEST, mf.SIGNATURE)}
    line = files["records/persons.jsonl"] if "records/persons.jsonl" in files else None
    assert line is None
    fake = canonical.dumps({"id": "00000000-0000-4000-8000-000000000001", "origin": "13285",
                            "version": 1, "created_at": "2026-01-01T00:00:00.000Z",
                            "updated_at": "2026-01-01T00:00:00.000Z", "updated_by": "x",
                            "full_name": "Người của xã khác", "birth_year": None,
                            "gender": None, "position": "", "address": "", "phone": ""})
    files["records/persons.jsonl"] = fake + b"\n"
    manifest = canonical.loads(members(good)[mf.MANIFEST], limit=1 << 20)
    manifest["counts"]["persons"] = 1
    out = forge(tmp_path / "forged.dvk", files, signing, base=manifest)
    from app.sync.errors import BundleRefused

    before = net.path(PROVINCE).read_bytes()
    with net.open(PROVINCE) as province:
        with pytest.raises(BundleRefused) as refused:
            province.sync.import_bundle(out)
        assert refused.value.reason == "authority"
        assert "13285" in refused.value.message
        assert province.db.execute("SELECT count(*) FROM persons").fetchone()[0] == 0
        assert province.db.execute("SELECT count(*) FROM registrations WHERE origin = ?",
                                   [COMMUNE]).fetchone()[0] == 0
    assert net.path(PROVINCE).read_bytes() == before
