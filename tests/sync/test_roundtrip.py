"""Export, verify and import between a commune and its province (points 3-6)."""

from __future__ import annotations

import json

from app.cli.main import main
from app.sync import refusals
from tests.sync.builders import content, export, manifest_of, register, rename_model
from tests.sync.conftest import COMMUNE, OTHER, PROVINCE

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


def test_commune_year_reaches_the_province_whole(net, tmp_path):
    with net.open(COMMUNE) as commune:
        for index in range(5):
            register(commune, f"Mô hình số {index}", field=index % 4 + 1)
        register(commune, "Điển hình Nguyễn Thị Hoà", person=True, evidence=PNG)
        bundle = export(commune, PROVINCE, tmp_path / "b.dvk")
        expected = content(commune, {COMMUNE})
    manifest = manifest_of(bundle)
    assert manifest["sender"] == COMMUNE and manifest["recipient"] == PROVINCE
    assert manifest["seq"] == 1 and manifest["prev_sha256"] == ""
    assert manifest["counts"]["registrations"] == 6
    assert any(f["name"].startswith("blobs/") for f in manifest["files"])
    with net.open(PROVINCE) as province:
        result = province.sync.import_bundle(bundle)
        assert result.applied
        summary = result.preview.summary
        assert summary["registrations"].new == 6 and summary["persons"].new == 1
        assert content(province, {COMMUNE}) == expected
        # derived search columns were recomputed: the province finds the model by words
        from app.domain.listing import ListQuery

        found = province.registrations.list_json(ListQuery(search="nguyen thi hoa"))
        assert [f["name"] for f in found] == ["Điển hình Nguyễn Thị Hoà"]
        evidence = province.db.execute("SELECT sha256 FROM evidence").fetchone()[0]
        assert province.registrations.evidence_bytes(evidence) == PNG


def test_each_record_counted_once(net, tmp_path):
    with net.open(COMMUNE) as commune:
        register(commune, "Mô hình A")
        bundle = export(commune, PROVINCE, tmp_path / "b.dvk")
    with net.open(PROVINCE) as province:
        preview = province.sync.verify(bundle)
        for name, summary in preview.summary.items():
            counts = summary.as_dict()
            assert counts["new"] + counts["updated"] + counts["unchanged"] + \
                counts["conflicting"] + counts["rejected"] == counts["total"], name
        assert preview.total == sum(manifest_of(bundle)["counts"].values())


def test_second_export_holds_only_what_is_new_and_full_resends(net, tmp_path):
    with net.open(COMMUNE) as commune:
        first = register(commune, "Mô hình A")
        register(commune, "Mô hình B")
        export(commune, PROVINCE, tmp_path / "1.dvk")
        rename_model(commune, first, "Mô hình A (sửa)")
        second = export(commune, PROVINCE, tmp_path / "2.dvk")
        full = export(commune, PROVINCE, tmp_path / "3.dvk", full=True)
    # the renamed model, and the sub-unit it points at (every bundle stands alone), and
    # the office's chain of audit-log checkpoints (the key's, and one per export)
    assert manifest_of(second)["counts"] == {"registrations": 1, "units": 1,
                                             "audit_checkpoints": 3}
    assert manifest_of(full)["counts"]["registrations"] == 2
    assert manifest_of(full)["full"] is True
    with net.open(PROVINCE) as province:
        for name in ("1.dvk", "2.dvk", "3.dvk"):
            province.sync.import_bundle(tmp_path / name)
        rows = province.db.execute("SELECT name, version FROM registrations ORDER BY name")
        assert rows.fetchall() == [("Mô hình A (sửa)", 2), ("Mô hình B", 1)]


def test_importing_twice_changes_nothing(net, tmp_path):
    with net.open(COMMUNE) as commune:
        register(commune, "Mô hình A")
        bundle = export(commune, PROVINCE, tmp_path / "b.dvk")
    assert main(["--db", str(net.path(PROVINCE)), "import", str(bundle)]) == 0
    before = net.file_hash(PROVINCE)
    assert main(["--db", str(net.path(PROVINCE)), "import", str(bundle)]) == 0
    assert net.file_hash(PROVINCE) == before


def test_verify_and_dry_run_touch_nothing(net, tmp_path, capsys):
    with net.open(COMMUNE) as commune:
        register(commune, "Mô hình A")
        bundle = export(commune, PROVINCE, tmp_path / "b.dvk")
    before = net.file_hash(PROVINCE)
    assert main(["--db", str(net.path(PROVINCE)), "verify", str(bundle)]) == 0
    out = capsys.readouterr().out
    assert "Đăng ký" in out or "Registrations" in out
    assert main(["--db", str(net.path(PROVINCE)), "import", str(bundle), "--dry-run",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["applied"] is False and data["summary"]["registrations"]["new"] == 1
    assert net.file_hash(PROVINCE) == before


def test_cli_export_reads_the_passphrase_from_the_environment(net, tmp_path, monkeypatch):
    monkeypatch.setenv("DVK_PASSPHRASE", "demo")
    out = tmp_path / "b.dvk"
    assert main(["--db", str(net.path(COMMUNE)), "export", "--to", PROVINCE, "--out",
                 str(out)]) == 0
    assert main(["--db", str(net.path(PROVINCE)), "import", str(out)]) == 0
    monkeypatch.setenv("DVK_PASSPHRASE", "sai mật khẩu")
    assert main(["--db", str(net.path(COMMUNE)), "export", "--to", PROVINCE, "--out",
                 str(tmp_path / "c.dvk")]) == 1
    assert not (tmp_path / "c.dvk").exists()


def test_export_only_to_parent_or_children(net, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DVK_PASSPHRASE", "demo")
    code = main(["--db", str(net.path(COMMUNE)), "export", "--to", OTHER, "--out",
                 str(tmp_path / "x.dvk")])
    assert code == 1
    assert OTHER in capsys.readouterr().err


def test_bundles_from_several_communes_in_any_order(net, tmp_path):
    bundles = []
    for code in (COMMUNE, OTHER):
        with net.open(code) as commune:
            register(commune, f"Mô hình của {code}")
            register(commune, f"Mô hình thứ hai của {code}", person=True)
            bundles.append(export(commune, PROVINCE, tmp_path / f"{code}.dvk"))
    results = []
    for order in (bundles, bundles[::-1]):
        with net.open(PROVINCE) as province:
            province.db.execute("SAVEPOINT test_order")
            for bundle in order:
                from app.sync import importer

                preview = importer.prepare(province.db, province.sync.read(bundle),
                                           office=province.units.office(),
                                           profile="hai_cap")
                importer.apply(province.db, preview, actor="test")
            results.append(content(province))
            province.db.execute("ROLLBACK TO test_order")
            province.db.execute("RELEASE test_order")
    assert results[0] == results[1]
    assert len(results[0]["registrations"]) == 4


def test_downward_bundle_carries_the_province_records(net, tmp_path):
    with net.open(PROVINCE) as province:
        province.units.add_subunit("Ban Tuyên giáo và Dân vận Tỉnh ủy", "co_quan")
        register(province, "Mô hình của tỉnh")
        bundle = export(province, COMMUNE, tmp_path / "down.dvk")
    with net.open(COMMUNE) as commune:
        result = commune.sync.import_bundle(bundle)
        assert result.preview.way == "down"
        assert commune.db.execute(
            "SELECT count(*) FROM registrations WHERE origin = '37'").fetchone()[0] == 1


def test_province_does_not_echo_a_commune_its_own_records(net, tmp_path):
    with net.open(COMMUNE) as commune:
        register(commune, "Mô hình A")
        up = export(commune, PROVINCE, tmp_path / "up.dvk")
    with net.open(PROVINCE) as province:
        province.sync.import_bundle(up)
        down = export(province, COMMUNE, tmp_path / "down.dvk")
    assert manifest_of(down)["counts"] == {}


def test_a_refused_import_is_logged_outside_the_database(net, tmp_path):
    bad = tmp_path / "rac.dvk"
    bad.write_bytes(b"not a zip at all")
    before = len(refusals.entries())
    assert main(["--db", str(net.path(PROVINCE)), "import", str(bad)]) == 4
    entries = refusals.entries()
    assert len(entries) == before + 1 and entries[-1]["reason"] == "damaged"


def test_export_into_a_folder_names_the_file(net, tmp_path):
    with net.open(COMMUNE) as commune:
        register(commune, "A")
        first = export(commune, PROVINCE, tmp_path)
        second = export(commune, PROVINCE, tmp_path)
    assert first.name == "dvk-14725-to-37-0001.dvk"
    assert second.name == "dvk-14725-to-37-0002.dvk"
