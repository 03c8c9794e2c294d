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
        assert counts[ADD] == 4 and counts[UNCHANGED] == 1 and counts[REFUSED] == 4, \
            [(r.row, r.outcome, r.reasons) for r in preview.rows]
        assert counts[SKIPPED] >= 7
        skipped = " ".join(" ".join(r.reasons) for r in preview.rows if r.outcome == SKIPPED)
        assert "Tổng cộng" in skipped and "Người lập biểu" in skipped and "BÍ THƯ" in skipped
        hidden = [r for r in preview.rows if r.hidden]
        assert len(hidden) == 1 and hidden[0].outcome == SKIPPED
        person = next(r for r in preview.rows if r.registrant == "Nguyễn Thị Hạnh")
        assert person.outcome == ADD
        converted = [row for row in preview.rows if row.conversions]
        assert {text.split(" - ")[1].split(":")[0] for row in converted
                for text in row.conversions} == {"TCVN3 (ABC)", "VNI-Windows"}
        assert count(ctx) == before
        ctx.excel.run_import(register, apply=True)
        assert count(ctx) == before + 4
    assert (demo_network / "excel" / "mau-dang-ky.xlsx").exists()
    province = next(o for key, o in offices(demo_network).items() if key.startswith("tinh"))
    stats = load_workbook(demo_network / "excel" / f"thong-ke-{province['code']}.xlsx")
    assert "Đơn vị cấp dưới" in stats.sheetnames


def test_imported_registrations_travel_in_bundles_like_any_other(demo_network, tmp_path):
    from app.demo.sync import DEMO_PASSPHRASE

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
            assert record.origin == commune["code"]
            if record.subject == "tap_the":
                assert ctx.units.get(record.subunit_code) is not None
            else:  # "Bà Nguyễn Thị Hạnh" in the unit column: an individual
                assert record.person.full_name == "Nguyễn Thị Hạnh"
        table = ctx.statistics.table("unit")
        row = next(r for r in table.rows if r.key == commune["code"])
        # A withdrawn registration is in no figure but its own (issue 24).
        withdrawn = ctx.db.execute("SELECT count(*) FROM registrations WHERE status = 'rut'"
                                   ).fetchone()[0]
        assert row.counts["registrations"] == count(ctx, "registrations") - withdrawn - sum(
            r.counts["registrations"] for r in table.rows if r.key != commune["code"])


def test_the_provinces_book_of_its_communes_goes_to_each_commune(demo_network):
    province = next(o for key, o in offices(demo_network).items() if key.startswith("tinh"))
    book = demo_network / "excel" / f"so-cac-xa-{province['code']}.xlsx"
    with AppContext.open(demo_network / province["db"]) as ctx:
        units_before = count(ctx, "units")
        report = ctx.excel.run_import(book, apply=True)
        assert report.counts()[REFUSED] == 0, [r.reasons for r in report.rows
                                               if r.outcome == REFUSED]
        summary = next(s for s in report.sheets if s.name == "Tổng hợp")
        assert not summary.imported
        communes = [s for s in report.sheets if s.imported]
        assert len(communes) >= 2 and all(s.unit.endswith(s.name) for s in communes)
        assert any(s.unit != s.name for s in communes)  # "Gia Vân" for "Xã Gia Vân"
        assert count(ctx, "units") == units_before  # no village became a unit here
        added = [r for r in report.rows if r.outcome == ADD]
        assert len(added) == 5 * len(communes)
        owners = {ctx.registrations.get(r.registration_id).unit_code for r in added}
        assert province["code"] not in owners and len(owners) == len(communes)
        areas = {(ctx.registrations.get(r.registration_id).unit_code,
                  ctx.registrations.get(r.registration_id).area) for r in added}
        assert len({unit for unit, area in areas if area == "Thôn Đông"}) >= 2
        again = ctx.excel.run_import(book, apply=True)
        assert again.counts()[ADD] == 0 and again.counts()[UNCHANGED] == len(added)
