"""Exports re-read with openpyxl: Vietnamese headers, widths, dates as dates, numbers as
numbers, one sheet per statistics table with its total; the command line."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from openpyxl import load_workbook

from app.cli.main import main
from app.context import AppContext
from app.domain.listing import ListQuery
from tests.excel.books import count, write_book
from tests.stats.test_statistics import offices


@pytest.fixture
def commune(demo_network):
    office = next(o for key, o in offices(demo_network).items() if key.startswith("xa"))
    return demo_network / office["db"]


def test_list_export_types_headers_and_widths(commune, tmp_path):
    with AppContext.open(commune) as ctx:
        path = ctx.excel.export_list(tmp_path / "ds.xlsx", ListQuery(year=2026))
        expected = ctx.registrations.count(ListQuery(year=2026))
        first = ctx.registrations.list_json(ListQuery(year=2026))[0]
    sheet = load_workbook(path).worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:4] == ["Năm phong trào", "Tên mô hình, điển hình", "Loại",
                           "Đối tượng đăng ký"]
    assert "Ngày đăng ký" in headers and "Trạng thái" in headers
    assert sheet.max_row == expected + 1
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    column = {name: index + 1 for index, name in enumerate(headers)}
    year = sheet.cell(row=2, column=column["Năm phong trào"])
    assert year.value == 2026 and year.data_type == "n"
    date = sheet.cell(row=2, column=column["Ngày đăng ký"])
    assert isinstance(date.value, dt.datetime) and date.number_format == "DD/MM/YYYY"
    assert sheet.cell(row=2, column=column["Lĩnh vực"]).value in (
        "Kinh tế", "Văn hóa - xã hội", "Quốc phòng - an ninh", "Xây dựng hệ thống chính trị")
    assert sheet.column_dimensions["B"].width >= 40
    assert 8 <= sheet.column_dimensions["A"].width <= 14
    ids = {sheet.cell(row=r, column=column["Mã hồ sơ (không sửa)"]).value
           for r in range(2, sheet.max_row + 1)}
    assert first["id"] in ids


def test_every_statistics_table_is_a_sheet_with_its_total(commune, tmp_path):
    with AppContext.open(commune) as ctx:
        tables = ctx.statistics.all_tables(2026)
        path = ctx.excel.export_stats(tmp_path / "tk.xlsx", tables)
    book = load_workbook(path)
    assert len(book.worksheets) == len(tables)
    for sheet, table in zip(book.worksheets, tables, strict=True):
        assert sheet.cell(row=1, column=1).value.startswith("Thống kê theo")
        assert "2026" in sheet.cell(row=1, column=1).value
        assert [c.value for c in sheet[3]][:2] == [table.title, "Số đăng ký"]
        last = sheet.max_row
        if table.note:  # by level: how to read the last row, under the table
            assert sheet.cell(row=last, column=1).value == table.note
            last -= 2
            assert table.total_label == "Số mô hình (mỗi mô hình tính một lần)"
        assert sheet.cell(row=last, column=1).value == table.total_label
        assert table.total_label == "Tổng cộng" or table.dimension == "level"
        assert sheet.cell(row=last, column=2).value == table.totals["registrations"]
        assert sheet.cell(row=last, column=1).font.bold
        numbers = [sheet.cell(row=r, column=2).value for r in range(4, last)]
        assert numbers == [row.counts["registrations"] for row in table.rows]
        assert all(isinstance(n, int) for n in numbers)
        assert len(sheet._charts) == 1


def test_export_to_a_folder_that_does_not_exist_is_explained(commune, tmp_path):
    from app.errors import DvkError

    with AppContext.open(commune) as ctx, pytest.raises(DvkError) as refused:
        ctx.excel.export(tmp_path / "khong-co" / "x.xlsx")
    assert "không tồn tại" in refused.value.message


def test_command_line_export_import_template_and_stats(commune, tmp_path, capsys):
    out = tmp_path / "xuat.xlsx"
    assert main(["--db", str(commune), "export-excel", "--out", str(out), "--year",
                 "2026"]) == 0
    book = load_workbook(out)
    assert book.sheetnames[0] == "Đăng ký mô hình"
    assert "Lĩnh vực" in book.sheetnames

    assert main(["--db", str(commune), "import-excel", str(out), "--dry-run"]) == 0
    said = capsys.readouterr().out
    assert "Chỉ xem trước" in said and "Không đổi" in said

    assert main(["--db", str(commune), "stats", "--by", "field", "--year", "2026",
                 "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["dimension"] == "field" and len(stats["rows"]) == 4
    assert main(["--db", str(commune), "stats", "--by", "level"]) == 0
    said = capsys.readouterr().out
    assert "Số mô hình (mỗi mô hình tính một lần)" in said and "chỉ tính một lần" in said

    template = tmp_path / "mau.xlsx"
    assert main(["--db", str(commune), "excel-template", "--out", str(template)]) == 0
    assert load_workbook(template).worksheets[0].cell(row=1, column=2).value == \
        "Tên mô hình, điển hình"


def test_command_line_import_writes_and_says_what_was_refused(ctx, db_path, tmp_path, capsys):
    rows = [["Tên mô hình", "Đơn vị", "Lĩnh vực", "Năm", "Ngày đăng ký"],
            ["Mô hình A", "Tổ dân phố số 1", "Kinh tế", 2025, "01/03/2025"],
            ["Mô hình B", "Tổ dân phố số 1", "Bóng đá", 2025, "01/03/2025"]]
    path = write_book(tmp_path / "a.xlsx", rows)
    ctx.close()
    code = main(["--db", str(db_path), "import-excel", str(path), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1  # a row was refused (the others are imported)
    assert report["counts"]["add"] == 1 and report["counts"]["refused"] == 1
    assert "Bóng đá" in report["rows"][1]["reasons"][0]
    with AppContext.open(db_path) as again:
        assert count(again) == 1
    assert main(["--db", str(db_path), "import-excel", str(path)]) == 1
    said = capsys.readouterr()
    assert "Không đổi: 1" in said.out and "Bóng đá" in said.out
    not_excel = tmp_path / "x.xlsx"
    not_excel.write_text("abc", encoding="utf-8")
    assert main(["--db", str(db_path), "import-excel", str(not_excel)]) == 4
    with pytest.raises(SystemExit) as usage:
        main(["--db", str(db_path), "stats", "--by", "colour"])
    assert usage.value.code == 2
