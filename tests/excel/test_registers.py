"""Issue 16, point by point, on small books: the synonym table an office extends,
individuals, every reason of a refused row, the layout remembered, the CLI's sheets and
--sheet-unit, a province never turning villages into its own sub-units."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from app.excel import synonyms
from app.excel.importer import ADD, REFUSED, SKIPPED, ImportOptions
from tests.excel.books import count, write_book
from tests.fixtures.registers import score

HEADER = ["STT", "Tên phong trào", "Đơn vị", "Lĩnh vực", "Ngày đăng ký"]


@pytest.fixture
def office_synonyms():
    path = synonyms.office_file()
    yield path
    if path.exists():
        path.unlink()


def test_an_office_extends_the_synonym_table(ctx, tmp_path, office_synonyms):
    rows = [HEADER, [1, "Mô hình A", "Tổ dân phố số 1", "Nông nghiệp", "01/03/2025"]]
    path = write_book(tmp_path / "a.xlsx", rows)
    _names, layout = ctx.excel.inspect(path)
    assert layout.mapping[1] is None  # "Tên phong trào" is not a header DVK knows
    office_synonyms.write_text(json.dumps({
        "columns": {"name": ["Tên phong trào"]},
        "values": {"field": {"1": ["Nông nghiệp"]}}}, ensure_ascii=False), encoding="utf-8")
    os.utime(office_synonyms, ns=(1, 10**18))  # a new stamp even within one clock tick
    _names, layout = ctx.excel.inspect(path)
    assert layout.mapping[:4] == [None, "name", "registrant", "field"]
    report = ctx.excel.run_import(path, apply=True)
    assert report.rows[0].outcome == ADD
    assert ctx.registrations.get(report.rows[0].registration_id).field == 1


def test_a_broken_office_file_leaves_the_shipped_table(ctx, tmp_path, office_synonyms):
    office_synonyms.write_text("{ not json", encoding="utf-8")
    rows = [["STT", "Tên MH", "Chủ thể", "LV", "Ngày ĐK"],
            [1, "Mô hình A", "Tổ dân phố số 1", "KT", "01/03/2025"]]
    report = ctx.excel.run_import(write_book(tmp_path / "a.xlsx", rows), apply=True)
    assert report.rows[0].outcome == ADD


def test_every_reason_of_a_refused_row_is_listed(ctx, tmp_path):
    rows = [["Tên mô hình", "Đơn vị", "Lĩnh vực", "Năm", "Ngày đăng ký", "Ngày bắt đầu",
             "Ngày kết thúc"],
            ["Mô hình A", "Tổ dân phố số 1", "Thể thao", 2025, "31/02/2025", "01/06/2025",
             "01/01/2025"]]
    report = ctx.excel.run_import(write_book(tmp_path / "a.xlsx", rows), apply=False)
    row = report.rows[0]
    assert row.outcome == REFUSED
    text = " ".join(row.reasons)
    assert "Thể thao" in text and "31/02/2025" in text
    assert "Ngày kết thúc" in text  # the form's own check, on the cells that did parse


def test_a_person_in_the_unit_column_is_an_individual_and_no_unit(ctx, tmp_path):
    rows = [["STT", "Tên mô hình, điển hình", "Đơn vị/cá nhân đăng ký", "Lĩnh vực",
             "Ngày đăng ký"],
            [1, "Gương mẫu hiến đất", "Ông Nguyễn Văn Hưởng", "Kinh tế", "01/03/2025"],
            [2, "Tận tâm hòa giải", "Bà Trần Thị Thuỷ - Tổ dân phố số 1", "Văn hóa - xã hội",
             "02/03/2025"],
            [3, "Camera an ninh", "Tổ dân phố số 9", "QP-AN", "03/03/2025"]]
    units = count(ctx, "units")
    report = ctx.excel.run_import(write_book(tmp_path / "a.xlsx", rows),
                                  ImportOptions(default_year=2025), apply=True)
    assert [r.outcome for r in report.rows] == [ADD, ADD, ADD]
    assert report.new_subunits == ["Tổ dân phố số 9"]  # not "Ông Nguyễn Văn Hưởng"
    assert count(ctx, "units") == units + 1
    first = ctx.registrations.get(report.rows[0].registration_id)
    assert (first.subject, first.kind) == ("ca_nhan", "dien_hinh")
    assert first.person.full_name == "Nguyễn Văn Hưởng"
    assert first.person.gender == "nam"
    second = ctx.registrations.get(report.rows[1].registration_id)
    assert second.person.gender == "nu"
    assert ctx.units.get(second.subunit_code).name == "Tổ dân phố số 1"
    assert any("cá nhân" in note for note in report.rows[0].notes)


def test_the_layout_chosen_is_remembered_for_the_next_book_like_it(ctx, tmp_path):
    header = ["STT", "Nội dung công việc", "Nơi thực hiện", "Lĩnh vực", "Ngày đăng ký"]
    first = write_book(tmp_path / "2024.xlsx", [header, [1, "Mô hình A", "Tổ dân phố số 1",
                                                         "Kinh tế", "01/03/2024"]])
    _names, layout = ctx.excel.inspect(first)
    assert layout.mapping[1:3] == [None, None]
    mapping = [None, "name", "registrant", "field", "registered_on"]
    ctx.excel.run_import(first, ImportOptions(mapping=mapping, remember=True), apply=True)
    second = write_book(tmp_path / "2025.xlsx", [header, [1, "Mô hình B", "Tổ dân phố số 1",
                                                          "Kinh tế", "01/03/2025"]])
    survey, layout, remembered = ctx.excel.survey(second)
    assert remembered and layout.mapping == mapping
    report = ctx.excel.run_import(second, apply=True)  # the CLI, with no options
    assert report.rows[0].outcome == ADD


def test_sheets_are_offered_with_their_rows(ctx):
    path = score.HERE / "17-moi-linh-vuc-mot-trang.xlsx"
    survey, layout, _remembered = ctx.excel.survey(path)
    assert [(s.name, s.registrations) for s in survey] == [
        ("Tổng hợp", False), ("1. Kinh tế", True), ("2. Văn hóa - xã hội", True),
        ("3. QP-AN", True), ("4. XD HTCT", True)]
    assert [s.rows for s in survey][1:] == [4, 4, 4, 4]
    assert layout.name == "1. Kinh tế" and layout.field == 1 and layout.year == 2025


def run_cli(*args: str) -> tuple[int, str, str]:
    import contextlib
    import io

    from app.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def test_the_cli_lists_sheets_and_names_a_communes_sheet(tmp_path):
    db = tmp_path / "tinh.sqlite"
    assert run_cli("--db", str(db), "setup", "--unit", "37", "--profile", "hai-cap")[0] == 0
    book = score.HERE / "25-tinh-trang-khong-ten.ods"
    code, out, err = run_cli("--db", str(db), "import-excel", str(book), "--dry-run")
    assert code == 1 and "Sheet4" in out and "--sheet-unit" in out
    code, out, _err = run_cli("--db", str(db), "import-excel", str(book), "--dry-run",
                              "--sheet-unit", "Sheet4=14560", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["counts"]["add"] == 8
    assert {s["unit"] for s in report["sheets"]} == {"Xã Kim Sơn", "Xã Yên Khánh"}
    code, _out, err = run_cli("--db", str(db), "import-excel", str(book), "--sheet",
                              "Kinh tế")
    assert code == 4 and "Kim Sơn, Sheet4" in err
    code, _out, err = run_cli("--db", str(db), "import-excel", str(book), "--sheet-unit",
                              "Sheet4")
    assert code == 2


def test_hidden_rows_are_listed_and_imported_only_when_included(ctx):
    path = score.HERE / "10-dong-an-va-loc.xlsm"
    report = ctx.excel.run_import(path, apply=False)
    hidden = [r for r in report.rows if r.hidden]
    assert len(hidden) == 3 and {r.outcome for r in hidden} == {SKIPPED}
    assert all(r.name for r in hidden)  # the clerk sees which model it is
    report = ctx.excel.run_import(path, ImportOptions(include_hidden=True), apply=False)
    assert {r.outcome for r in report.rows if r.hidden} == {ADD}


def test_a_province_keeps_same_named_villages_of_communes_apart(tmp_path):
    about = json.loads((score.HERE / "24-tinh-moi-xa-mot-trang.xlsx.json").read_text(
        encoding="utf-8"))
    ctx = score.open_office(tmp_path, "37")
    try:
        units = count(ctx, "units")
        report = ctx.excel.run_import(score.HERE / about["file"], score.options_of(about),
                                      apply=True)
        assert count(ctx, "units") == units and report.new_subunits == []
        east = [ctx.registrations.get(r.registration_id) for r in report.rows
                if r.outcome == ADD and "Thôn Đông" in r.registrant + " ".join(r.notes)]
        owners = {record.unit_code for record in east}
        assert len(owners) == 4  # four communes' "Thôn Đông", never one unit
        gia_van = [r for r in east if r.unit_code == "14488"]
        assert all(ctx.units.get(r.subunit_code).parent_code == "14488" for r in gia_van)
    finally:
        ctx.close()


@pytest.mark.parametrize("text,meant", [
    ("tháng 3/2025", dt.date(2025, 3, 1)), ("3/2025", dt.date(2025, 3, 1)),
    ("22/3/25", dt.date(2025, 3, 22)), ("ngày 23 tháng 3 năm 2025", dt.date(2025, 3, 23)),
    ("15/3/2025 8:30", dt.date(2025, 3, 15)), ("Ngày 5 tháng 12 năm 2024", dt.date(2024, 12, 5)),
])
def test_dates_as_clerks_write_them(text, meant):
    from app.excel import values

    assert values.date(text) == meant


def test_year_and_field_spellings():
    from app.excel import values

    assert values.year("Năm 2025") == 2025
    for text, code in [("Quốc phòng – an ninh", 3), ("Văn hóa, xã hội", 2),
                       ("Văn hoá-Xã hội", 2), ("XD hệ thống chính trị", 4), ("kinh te", 1)]:
        assert values.field(text) == code, text


def test_the_synonym_file_ships_with_the_program():
    from app.paths import resource

    assert Path(resource(synonyms.FILE_NAME)).is_file()


@pytest.mark.parametrize("text,key", [
    ("Tên MH", "name"), ("Nội dung mô hình", "name"),
    ("Thành tích, việc làm dân vận khéo", "name"), ("Tên điển hình", "name"),
    ("Chủ thể", "registrant"), ("Tập thể, cá nhân", "registrant"),
    ("Cơ quan, đơn vị", "registrant"), ("Chi bộ/thôn", "registrant"),
    ("Đơn vị thực hiện", "registrant"), ("Tập thể/cá nhân thực hiện", "registrant"),
    ("Đơn vị/cá nhân đăng ký", "registrant"), ("LV", "field"),
    ("Lĩnh vực thực hiện", "field"), ("Ngày ĐK", "registered_on"),
    ("Ngày, tháng đăng ký", "registered_on"), ("Nơi cư trú", "address"),
    ("Năm sinh / Nam", "birth_year_male"), ("Năm sinh / Nữ", "birth_year_female"),
    ("t\u00aan m\u00ab h\u00d7nh", "name"),  # "tên mô hình" typed under .VnTimeH
    ("TEÂN MOÂ HÌNH", "name"),  # VNI-Times
    ("Số hộ tham gia", None),  # not a column DVK has: no guess
])
def test_clerks_headers_are_known(text, key):
    from app.excel.columns import match

    assert match(text) == key


def test_the_dialogs_choices_include_the_split_columns():
    from app.excel.importer import known_columns

    keys = [key for key, _text in known_columns()]
    assert "birth_year_male" in keys and "gender_female" in keys
