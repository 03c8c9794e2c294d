"""The demo network's Excel files show every outcome of an import."""

from __future__ import annotations

from openpyxl import load_workbook

from app.context import AppContext
from app.excel.importer import ADD, REFUSED, SKIPPED, UNCHANGED
from tests.excel.books import count
from tests.stats.test_statistics import offices


def test_the_old_register_shows_every_outcome_and_imports_the_new_rows(demo_network):
    commune = next(o for key, o in offices(demo_network).items() if key.startswith("xa"))
    register = demo_network / "excel" / f"so-dang-ky-cu-{commune['code']}.xlsx"
    with AppContext.open(demo_network / commune["db"]) as ctx:
        before = count(ctx)
        preview = ctx.excel.run_import(register, apply=False)
        counts = preview.counts()
        assert counts[ADD] == 3 and counts[UNCHANGED] == 1 and counts[REFUSED] == 4
        assert counts[SKIPPED] >= 3
        converted = [row for row in preview.rows if row.conversions]
        assert {text.split(" - ")[1].split(":")[0] for row in converted
                for text in row.conversions} == {"TCVN3 (ABC)", "VNI-Windows"}
        assert count(ctx) == before
        ctx.excel.run_import(register, apply=True)
        assert count(ctx) == before + 3
    assert (demo_network / "excel" / "mau-dang-ky.xlsx").exists()
    province = next(o for key, o in offices(demo_network).items() if key.startswith("tinh"))
    stats = load_workbook(demo_network / "excel" / f"thong-ke-{province['code']}.xlsx")
    assert "Đơn vị cấp dưới" in stats.sheetnames


def test_imported_registrations_travel_in_bundles_like_any_other(demo_network, tmp_path):
    from app.services.demo.sync import DEMO_PASSPHRASE

    commune = next(o for key, o in offices(demo_network).items() if key.startswith("xa"))
    province = next(o for key, o in offices(demo_network).items() if key.startswith("tinh"))
    register = demo_network / "excel" / f"so-dang-ky-cu-{commune['code']}.xlsx"
    with AppContext.open(demo_network / commune["db"]) as ctx:
        report = ctx.excel.run_import(register, apply=True)
        added = [row.registration_id for row in report.rows if row.outcome == ADD]
        bundle = ctx.sync.export(province["code"], tmp_path / "goi.dvk",
                                 passphrase=DEMO_PASSPHRASE)
    with AppContext.open(demo_network / province["db"]) as ctx:
        ctx.sync.import_bundle(bundle.path)
        for registration_id in added:
            record = ctx.registrations.get(registration_id)
            assert record["origin"] == commune["code"]
            assert ctx.units.get(record["subunit_code"]) is not None
        table = ctx.statistics.table("unit")
        row = next(r for r in table.rows if r.key == commune["code"])
        # A withdrawn registration is in no figure but its own (issue 24).
        withdrawn = ctx.db.execute("SELECT count(*) FROM registrations WHERE status = 'rut'"
                                   ).fetchone()[0]
        assert row.counts["registrations"] == count(ctx, "registrations") - withdrawn - sum(
            r.counts["registrations"] for r in table.rows if r.key != commune["code"])
