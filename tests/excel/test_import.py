"""Importing registrations from spreadsheets: the template, an office's own register
with its quirks, legacy text, every bad input listed row by row, nothing written before
the clerk confirms, all or nothing, and the same file twice adds nothing."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from openpyxl import load_workbook

from app.core.progress import Cancelled, Progress
from app.excel import book as books
from app.excel.importer import ADD, REFUSED, SKIPPED, UNCHANGED, UPDATE, ImportOptions
from tests.excel.books import count, snapshot, write_book

HEADER = ["STT", "Tên mô hình", "Đơn vị đăng ký", "Lĩnh vực", "Năm", "Ngày đăng ký"]


def outcomes(report) -> dict[int, str]:
    return {row.row: row.outcome for row in report.rows}


def by_row(report, number: int):
    return next(row for row in report.rows if row.row == number)


def test_template_filled_in_and_imported_twice_adds_nothing(ctx, tmp_path):
    template = ctx.excel.template(tmp_path / "mau.xlsx")
    book = load_workbook(template)
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["Năm phong trào", "Tên mô hình, điển hình", "Loại"]
    sheet.append([2025, "Dân vận khéo trong xây dựng đường giao thông", "Mô hình", "Tập thể",
                  "Tổ dân phố số 1", None, None, None, None, None, None, "Kinh tế",
                  "Xây dựng mới", None, dt.datetime(2025, 3, 20)])
    sheet.append([2025, "Bà Nguyễn Thị Hoa - gương mẫu vận động", "Điển hình", "Cá nhân",
                  "Tổ dân phố số 1", "Nguyễn Thị Hoa", 1968, "Nữ", "Tổ trưởng", None, None,
                  "Văn hóa - xã hội", "Xây dựng mới", None, "25/3/2025"])
    book.save(template)

    first = ctx.excel.run_import(template, apply=True)
    assert first.counts()[ADD] == 2, [r.reasons for r in first.rows]
    hoa = ctx.registrations.get(by_row(first, 3).registration_id)
    assert hoa.subject == "ca_nhan" and hoa.person.full_name == "Nguyễn Thị Hoa"
    assert hoa.person.gender == "nu" and hoa.person.birth_year == 1968
    assert hoa.registered_on == "2025-03-25" and hoa.field == 2

    before = snapshot(ctx)
    second = ctx.excel.run_import(template, apply=True)
    assert second.counts()[UNCHANGED] == 2 and second.changes == 0
    assert snapshot(ctx) == before


def test_template_has_headers_widths_and_drop_downs(ctx, tmp_path):
    book = load_workbook(ctx.excel.template(tmp_path / "mau.xlsx"))
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width > 40
    lists = {str(rule.sqref).split(":")[0][0]: rule.formula1
             for rule in sheet.data_validations.dataValidation}
    assert "Mô hình" in lists["C"] and "Kinh tế" in "".join(lists.values())
    guide = book.worksheets[1]
    assert any("TCVN3" in str(cell.value) for row in guide.iter_rows() for cell in row)


def office_register(tmp_path):
    """A register as a ward office keeps it: a title, merged two-row headers, column
    numbers, a heading row, blank rows, legacy fonts, dates typed as text."""
    rows = [
        ["ĐẢNG BỘ PHƯỜNG YÊN THẮNG"],
        ["DANH SÁCH ĐĂNG KÝ MÔ HÌNH DÂN VẬN KHÉO NĂM 2025"],
        [],
        ["STT", "Tên mô hình", "Đơn vị đăng ký", "Lĩnh vực", "Thời gian thực hiện", None,
         "Ngày đăng ký", "Ghi chú"],
        [None, None, None, None, "Bắt đầu", "Kết thúc", None, None],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"],
        ["I. LĨNH VỰC KINH TẾ"],
        [1, "D©n vËn khÐo trong ph¸t triÓn kinh tÕ hé", "Tæ d©n phè sè 1", "Kinh tÕ",
         dt.datetime(2025, 4, 1), dt.datetime(2025, 12, 31), "30/3/2025", None],
        [2, "Daân vaän kheùo trong veä sinh moâi tröôøng", "Tổ dân phố số 1", "Văn hóa - xã hội",
         None, None, dt.datetime(2025, 3, 2), "VNI"],
        [],
        [3, "Mô hình camera an ninh", "Công an phường Yên Thắng", "Thể thao", None, None,
         "31/02/2025", None],
        [4, "Tổ tự quản đường hoa", "Tổ dân phố số 7", "Văn hóa - xã hội", None, None,
         45730, None],
        [5, None, "Tổ dân phố số 1", "Kinh tế", None, None, "01/03/2025", None],
        [6, "Dân vận khéo trong chuyển đổi số", "Chi bộ tổ dân phố số 2", 4, None, None,
         "=TODAY()", None],
        [7, "D©n vËn khÐo trong ph¸t triÓn kinh tÕ hé", "Tæ d©n phè sè 1", "Kinh tÕ", None,
         None, "30/3/2025", "lặp lại"],
        [],
        [],
    ]
    return write_book(tmp_path / "so-dang-ky.xlsx", rows,
                      merges=["A1:H1", "A2:H2", "A4:A5", "B4:B5", "C4:C5", "D4:D5", "E4:F4",
                              "G4:G5", "H4:H5", "A7:H7"],
                      fonts={"B8": ".VnTime", "C8": ".VnTime", "D8": ".VnTime"})


def test_office_register_preview_lists_every_row_and_writes_nothing(ctx, tmp_path):
    path = office_register(tmp_path)
    names, layout = ctx.excel.inspect(path)
    assert layout.header_rows == [4, 5] and layout.first_data_row == 7
    assert layout.mapping[:7] == [None, "name", "registrant", "field", "start_date",
                                  "end_date", "registered_on"]
    before = snapshot(ctx)
    report = ctx.excel.run_import(path, ImportOptions(default_year=2025), apply=False)
    assert snapshot(ctx) == before
    result = outcomes(report)
    assert result[7] == SKIPPED  # the heading row
    assert result[8] == ADD and result[9] == ADD and result[12] == ADD
    assert result[11] == REFUSED and result[13] == REFUSED and result[14] == REFUSED
    assert result[15] == REFUSED  # the same model as row 8
    assert result[10] == SKIPPED  # blank
    assert max(result) == 15  # trailing blank rows are not rows

    tcvn3 = by_row(report, 8)
    assert tcvn3.name == "Dân vận khéo trong phát triển kinh tế hộ"
    assert tcvn3.registrant == "Tổ dân phố số 1"
    assert any("TCVN3" in text and "D©n vËn" in text for text in tcvn3.conversions)
    assert any("VNI" in text for text in by_row(report, 9).conversions)
    reasons = " ".join(by_row(report, 11).reasons)
    assert "Thể thao" in reasons and "31/02/2025" in reasons
    assert "Tên mô hình" in " ".join(by_row(report, 13).reasons)
    assert "TODAY" in " ".join(by_row(report, 14).reasons)
    assert "dòng 8" in " ".join(by_row(report, 15).reasons)
    assert report.new_subunits == ["Tổ dân phố số 7"]
    assert set(report.ignored_columns) == {"STT", "Ghi chú"}


def test_confirming_writes_exactly_the_preview_in_one_go(ctx, tmp_path):
    path = office_register(tmp_path)
    options = ImportOptions(default_year=2025)
    preview = ctx.excel.run_import(path, options, apply=False)
    report = ctx.excel.run_import(path, options, apply=True)
    assert outcomes(report) == outcomes(preview)
    assert count(ctx) == 3
    made = ctx.registrations.get(by_row(report, 8).registration_id)
    assert made.name == "Dân vận khéo trong phát triển kinh tế hộ"
    assert (made.start_date, made.end_date, made.registered_on) == (
        "2025-04-01", "2025-12-31", "2025-03-30")
    serial = ctx.registrations.get(by_row(report, 12).registration_id)
    assert serial.registered_on == "2025-03-14"  # 45730 is an Excel day number
    assert ctx.units.get(serial.subunit_code).name == "Tổ dân phố số 7"
    audit = ctx.db.execute("SELECT count(*) FROM audit_log WHERE kind = 'registrations'"
                           " AND action = 'create'").fetchone()[0]
    assert audit == 3

    again = ctx.excel.run_import(path, options, apply=True)
    assert again.counts()[ADD] == 0 and again.counts()[UNCHANGED] == 3
    assert count(ctx) == 3


def test_an_edited_cell_updates_and_blank_cells_never_erase(ctx, tmp_path):
    rows = [HEADER, [1, "Mô hình A", "Tổ dân phố số 1", "Kinh tế", 2025, "01/03/2025"]]
    path = write_book(tmp_path / "a.xlsx", rows)
    first = ctx.excel.run_import(path, apply=True)
    registration_id = first.rows[0].registration_id
    reg = ctx.registrations.to_input(registration_id)
    reg.goals = "Mục tiêu đã nhập trong DVK"
    ctx.registrations.save(reg, registration_id)

    rows[1][3] = "Văn hóa - xã hội"
    write_book(path, rows)
    second = ctx.excel.run_import(path, apply=True)
    assert second.rows[0].outcome == UPDATE
    assert "Lĩnh vực" in second.rows[0].reasons[0]
    record = ctx.registrations.get(registration_id)
    assert record.field == 2 and record.goals == "Mục tiêu đã nhập trong DVK"
    assert count(ctx) == 1


def test_exported_list_reimports_as_unchanged_and_ids_must_be_known(ctx, tmp_path):
    rows = [HEADER, [1, "Mô hình A", "Tổ dân phố số 1", "Kinh tế", 2025, "01/03/2025"],
            [2, "Mô hình B", "Chi bộ tổ dân phố số 2", "Quốc phòng - an ninh", 2025,
             "02/03/2025"]]
    ctx.excel.run_import(write_book(tmp_path / "a.xlsx", rows), apply=True)
    exported = ctx.excel.export_list(tmp_path / "list.xlsx", ctx_query())
    report = ctx.excel.run_import(exported, apply=True)
    assert report.counts()[UNCHANGED] == 2, [r.reasons for r in report.rows]

    book = load_workbook(exported)
    sheet = book.worksheets[0]
    id_column = [c.value for c in sheet[1]].index("Mã hồ sơ (không sửa)") + 1
    sheet.cell(row=2, column=id_column, value="00000000-0000-4000-8000-000000000000")
    book.save(exported)
    report = ctx.excel.run_import(exported, apply=True)
    assert report.rows[0].outcome == REFUSED
    assert "00000000" in report.rows[0].reasons[0]


def ctx_query():
    from app.domain.listing import ListQuery

    return ListQuery(sort="name", descending=False)


def test_individuals_replications_and_withdrawn(ctx, tmp_path):
    rows = [["Tên mô hình", "Họ và tên", "Đơn vị", "Lĩnh vực", "Năm", "Ngày đăng ký",
             "Hình thức", "Nhân rộng từ"],
            ["Mô hình gốc", None, "Tổ dân phố số 1", "Kinh tế", 2024, "01/03/2024", None,
             None],
            ["Ông Trần Văn Hùng - gương mẫu", "Trần Văn Hùng", None, "Kinh tế", 2025,
             "01/03/2025", None, None],
            ["Mô hình gốc", None, "Chi bộ tổ dân phố số 2", "Kinh tế", 2025, "02/03/2025",
             "Nhân rộng", "Mô hình gốc"],
            ["Mô hình nhân rộng lạc", None, "Chi bộ tổ dân phố số 2", "Kinh tế", 2025,
             "02/03/2025", "Nhân rộng", "Không có mô hình này"]]
    report = ctx.excel.run_import(write_book(tmp_path / "p.xlsx", rows), apply=True)
    assert [r.outcome for r in report.rows] == [ADD, ADD, ADD, REFUSED]
    person = ctx.registrations.get(report.rows[1].registration_id)
    assert person.subject == "ca_nhan" and person.kind == "dien_hinh"
    copy = ctx.registrations.get(report.rows[2].registration_id)
    assert copy.replicates_id == report.rows[0].registration_id
    assert "Không có mô hình này" in report.rows[3].reasons[0]

    ctx.registrations.withdraw(report.rows[0].registration_id, "Giải thể")
    rows[1][3] = "Văn hóa - xã hội"
    again = ctx.excel.run_import(write_book(tmp_path / "p.xlsx", rows), apply=True)
    assert again.rows[0].outcome == REFUSED and "rút" in again.rows[0].reasons[0]


def test_validation_of_the_form_refuses_rows(ctx, tmp_path, frozen_today):
    rows = [HEADER,
            [1, "Mô hình tương lai", "Tổ dân phố số 1", "Kinh tế", 2026, "30/12/2026"],
            [2, "Mô hình không năm", "Tổ dân phố số 1", "Kinh tế", None, None],
            [3, "x" * 301, "Tổ dân phố số 1", "Kinh tế", 2026, "01/03/2026"]]
    report = ctx.excel.run_import(write_book(tmp_path / "v.xlsx", rows), apply=True)
    assert [r.outcome for r in report.rows] == [REFUSED] * 3
    assert "tương lai" in report.rows[0].reasons[0]
    assert "Năm" in report.rows[1].reasons[0]
    assert "300" in report.rows[2].reasons[0]
    assert count(ctx) == 0


def test_unknown_headers_need_a_mapping(ctx, tmp_path):
    rows = [["Cột A", "Cột B", "Cột C"], ["Tổ dân phố số 1", "Mô hình X", "Kinh tế"]]
    path = write_book(tmp_path / "m.xlsx", rows)
    with pytest.raises(books.WorkbookRefused):
        ctx.excel.inspect(path)
    rows[0] = ["Cột A", "Tên mô hình", "Cột C"]
    write_book(path, rows)
    _names, layout = ctx.excel.inspect(path)
    assert layout.mapping == [None, "name", None]
    mapping = ["registrant", "name", "field"]
    report = ctx.excel.run_import(path, ImportOptions(mapping=mapping, default_year=2025,
                                                      default_date=dt.date(2025, 3, 1)),
                                  apply=True)
    assert report.rows[0].outcome == ADD, report.rows[0].reasons
    with pytest.raises(books.WorkbookRefused):
        ctx.excel.run_import(path, ImportOptions(mapping=["registrant", None, "field"]),
                             apply=False)


@pytest.mark.parametrize("content,words", [
    (b"STT;Ten mo hinh\n1;abc\n", "không phải"),
    (bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504 + "Workbook".encode("utf-16-le"),
     "97-2003"),
    (bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504 +
     "EncryptedPackage".encode("utf-16-le") + "EncryptionInfo".encode("utf-16-le"),
     "mật khẩu"),
])
def test_files_that_are_no_workbook_are_refused_whole(ctx, tmp_path, content, words):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    before = snapshot(ctx)
    with pytest.raises(books.WorkbookRefused) as refused:
        ctx.excel.run_import(path, apply=True)
    assert words in refused.value.message
    assert refused.value.exit_code == 4
    assert snapshot(ctx) == before


def test_a_damaged_workbook_is_refused_whole(ctx, tmp_path):
    good = write_book(tmp_path / "good.xlsx", [HEADER, [1, "A", "Tổ dân phố số 1", 1, 2025,
                                                         "01/03/2025"]])
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]
            target.writestr(item, data)
    with pytest.raises(books.WorkbookRefused) as refused:
        ctx.excel.run_import(broken, apply=True)
    assert "hỏng" in refused.value.message
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(good.read_bytes()[:300])
    with pytest.raises(books.WorkbookRefused):
        ctx.excel.run_import(truncated, apply=True)
    assert count(ctx) == 0


def test_cancel_leaves_nothing(ctx, tmp_path):
    rows = [HEADER] + [[i, f"Mô hình số {i}", "Tổ dân phố số 1", "Kinh tế", 2025,
                        "01/03/2025"] for i in range(1, 600)]
    path = write_book(tmp_path / "c.xlsx", rows)
    progress = Progress(lambda done, total, text: progress.cancel() if done >= 300 else None)
    with pytest.raises(Cancelled):
        ctx.excel.run_import(path, apply=True, progress=progress)
    assert count(ctx) == 0


def test_a_failure_midway_rolls_everything_back(ctx, tmp_path, monkeypatch):
    from app.excel import importer

    rows = [HEADER] + [[i, f"Mô hình số {i}", "Tổ dân phố số 1", "Kinh tế", 2025,
                        "01/03/2025"] for i in range(1, 30)]
    path = write_book(tmp_path / "f.xlsx", rows)
    monkeypatch.setattr(importer, "_BLOCK", 10)
    real = ctx.registrations.insert_checked
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:  # the first block is written, the second fails
            import sqlite3

            raise sqlite3.OperationalError("database or disk is full")
        return real(*args, **kwargs)

    monkeypatch.setattr(ctx.registrations, "insert_checked", failing)
    before = snapshot(ctx)
    with pytest.raises(Exception) as failed:
        ctx.excel.run_import(path, apply=True)
    assert "đầy" in str(failed.value)
    assert len(calls) == 2
    assert snapshot(ctx) == before


@pytest.mark.slow
def test_more_than_100000_rows_is_refused_whole(ctx, tmp_path):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Lớn")
    sheet.append(["Tên mô hình", "Năm"])
    for number in range(books.MAX_ROWS + 1):
        sheet.append([f"Mô hình {number}", 2025])
    path = tmp_path / "lon.xlsx"
    book.save(path)
    with pytest.raises(books.WorkbookRefused) as refused:
        ctx.excel.run_import(path, apply=False)
    assert "100.000" in refused.value.message
    assert count(ctx) == 0


def test_a_sheet_name_the_workbook_does_not_have_is_refused_by_name(ctx, tmp_path):
    path = write_book(tmp_path / "so.xlsx", [HEADER, [1, "A", "Tổ dân phố số 1", 1, 2025,
                                                      "01/03/2025"]])
    with pytest.raises(books.WorkbookRefused) as refused:
        ctx.excel.run_import(path, ImportOptions(sheet="Năm 2024"), apply=False)
    assert "không có trang tính nào tên là Năm 2024" in refused.value.message
    assert count(ctx) == 0


def test_a_refused_row_that_added_a_unit_takes_back_only_itself(ctx, tmp_path):
    """The row adds "Thôn Mới Lập" and names a model it replicates (which writes the
    rows checked so far), then fails the form's check: its savepoint is rolled back,
    the rows above stay written, as the report says."""
    rows = [["Tên mô hình", "Đơn vị", "Lĩnh vực", "Năm", "Ngày đăng ký", "Ngày bắt đầu",
             "Ngày kết thúc", "Nhân rộng từ"],
            ["Mô hình gốc", "Tổ dân phố số 1", "Kinh tế", 2025, "01/03/2025", None, None,
             None],
            ["Mô hình hai", "Tổ dân phố số 1", "Kinh tế", 2025, "01/03/2025", None, None,
             None],
            ["Mô hình ba", "Thôn Mới Lập", "Kinh tế", 2025, "02/03/2025", "01/06/2025",
             "01/01/2025", "Mô hình gốc"],
            ["Mô hình bốn", "Tổ dân phố số 1", "Kinh tế", 2025, "03/03/2025", None, None,
             None]]
    preview = ctx.excel.run_import(write_book(tmp_path / "p.xlsx", rows), apply=False)
    report = ctx.excel.run_import(write_book(tmp_path / "p.xlsx", rows), apply=True)
    assert [r.outcome for r in preview.rows] == [r.outcome for r in report.rows] == \
        [ADD, ADD, REFUSED, ADD]
    assert count(ctx) == 3
    assert ctx.db.execute("SELECT count(*) FROM units WHERE name = 'Thôn Mới Lập'"
                          ).fetchone()[0] == 0
    for row in report.rows:
        if row.outcome == ADD:
            assert ctx.registrations.get(row.registration_id).name == row.name
