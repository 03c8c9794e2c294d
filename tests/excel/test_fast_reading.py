"""Reading sheets with calamine (app.excel.workbook, app.excel.sheet_scan): used for the
registers offices really keep, never handed a file that could make it allocate without
bound (an allocation that fails aborts the process), and reading exactly what openpyxl
reads."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from app.excel import sheet_scan
from app.excel.workbook import Book, CalamineValues, OpenpyxlValues, openpyxl_book
from tests.excel.books import count, write_book
from tests.excel.fuzz_cases import random_register

ROOT = Path(__file__).resolve().parents[2]
HEADER = ["STT", "Tên mô hình", "Đơn vị đăng ký", "Lĩnh vực", "Năm", "Ngày đăng ký"]
SHEET = "xl/worksheets/sheet1.xml"


def register(path: Path, rows: int = 3) -> Path:
    return write_book(path, [HEADER] + [
        [i, f"Mô hình số {i}", "Tổ dân phố số 1", "Kinh tế", 2025, "01/03/2025"]
        for i in range(1, rows + 1)])


def rewrite(path: Path, member: str, change, target: Path | None = None,
            extra: dict[str, bytes] | None = None) -> Path:
    """A copy of the workbook with one member's bytes changed (and members added)."""
    target = target or path.with_name("changed-" + path.name)
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w",
                                                          zipfile.ZIP_DEFLATED) as out:
        for name in source.namelist():
            data = source.read(name)
            out.writestr(name, change(data) if name == member else data)
        for name, data in (extra or {}).items():
            out.writestr(name, data)
    return target


def with_cells(xml: bytes) -> callable:
    """A change that appends one row of raw cell XML to the sheet data."""
    return lambda data: data.replace(b"</sheetData>", xml + b"</sheetData>")


def dvk(db: Path, *args: str) -> subprocess.CompletedProcess:
    """The command line in its own process: an abort there cannot take the tests down,
    and shows as a signal instead of an exit code."""
    return subprocess.run([sys.executable, "-m", "app", "--db", str(db), *args],
                          capture_output=True, encoding="utf-8", cwd=ROOT, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT),
                               "PYTHONIOENCODING": "utf-8"})


def test_an_office_register_is_read_by_calamine(tmp_path):
    book = Book(register(tmp_path / "so.xlsx"))
    values = book.values(book.sheetnames[0])
    assert isinstance(values, CalamineValues)
    assert values.top(2)[1] == [1, "Mô hình số 1", "Tổ dân phố số 1", "Kinh tế", 2025,
                                "01/03/2025"]
    assert not book.has_formulas(book.sheetnames[0])
    book.close()


FAR_CELLS = {
    "plain": b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row>',
    "spaces": b'<row r = "900000"><c r = "ZZ900000" t="n"><v>1</v></c></row>',
    "single quotes": b"<row r='900000'><c r='ZZ900000' t='n'><v>1</v></c></row>",
    "tabs": b'<row\tr="900000"><c\tr="ZZ900000"\tt="n"><v>1</v></c></row>',
    "prefix": b'<x:row r="900000"><x:c r="ZZ900000" t="n"><x:v>1</x:v></x:c></x:row>',
    "lower case": b'<row r="900000"><c r="zz900000" t="n"><v>1</v></c></row>',
    "leading zeros": b'<row r="900000"><c r="ZZ0900000" t="n"><v>1</v></c></row>',
    "four letters": b'<row r="5"><c r="ZZZZ5" t="n"><v>1</v></c></row>',
    "huge row": b'<row r="4000000000"><c r="B4000000000" t="n"><v>1</v></c></row>',
    "row reference only": b'<row r="900000"><c t="n"><v>1</v></c><c t="n"><v>2</v></c>'
                          b'</row><row r="1"><c r="AZ1" t="n"><v>3</v></c></row>',
    "attribute after others": b'<row r="900000"><c t="n" r="ZZ900000"><v>1</v></c></row>',
    "second r": b'<row r="9"><c r="A9" r ="ZZ900000" t="n"><v>1</v></c></row>',
}


@pytest.mark.parametrize("xml", FAR_CELLS.values(), ids=FAR_CELLS.keys())
def test_a_sheet_calamine_would_spread_over_gigabytes_is_not_given_to_it(tmp_path, xml):
    path = rewrite(register(tmp_path / "so.xlsx"), SHEET, with_cells(xml))
    with zipfile.ZipFile(path) as archive:
        scan = sheet_scan.scan_sheet(archive, SHEET)
    assert scan is None or not scan.fits
    book = Book(path)
    assert isinstance(book.values(book.sheetnames[0]), OpenpyxlValues)
    book.close()


def test_the_scan_bounds_what_calamine_reads_in_every_spelling(tmp_path):
    """The property the guard rests on: for sheets it lets through, calamine's grid is
    never larger than the bounds (random sheets in the spellings calamine accepts)."""
    from python_calamine import CalamineWorkbook

    rng = random.Random(8)
    base = register(tmp_path / "so.xlsx")
    for case in range(60):
        cells = []
        for _ in range(rng.randint(1, 6)):
            column = "".join(rng.choice("ABCXYZ") for _ in range(rng.choice([1, 1, 2])))
            row = str(rng.randint(1, 3000))
            ref = rng.choice([column.lower(), column]) + rng.choice(["", "0"]) + row
            quote = rng.choice(['"', "'"])
            space = rng.choice(["", " ", "\t"])
            tag = rng.choice(["c", "x:c"])
            attr = rng.choice([f"r{space}={space}{quote}{ref}{quote}", ""])
            cells.append(f"<row r={quote}{row}{quote}><{tag} {attr} t=\"n\"><v>1</v></{tag}>"
                         f"</row>".encode())
        path = rewrite(base, SHEET, with_cells(b"".join(cells)),
                       target=tmp_path / f"case-{case}.xlsx")
        with zipfile.ZipFile(path) as archive:
            scan = sheet_scan.scan_sheet(archive, SHEET)
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Danh sách")
        end_row, end_column = sheet.end
        assert scan.rows >= end_row + 1 and scan.columns >= end_column + 1, cells


def test_a_huge_declared_string_count_is_not_given_to_calamine(tmp_path):
    base = register(tmp_path / "so.xlsx")
    strings = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.'
               b'openxmlformats.org/spreadsheetml/2006/main" count="4000000000" '
               b'uniqueCount="4000000000"><si><t>' + "Mô hình dùng chung".encode() +
               b"</t></si></sst>")
    types = rewrite(base, "[Content_Types].xml", lambda data: data.replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'),
        target=tmp_path / "types.xlsx")
    relations = rewrite(types, "xl/_rels/workbook.xml.rels", lambda data: data.replace(
        b"</Relationships>", b'<Relationship Id="rId99" Type="http://schemas.openxmlformats'
        b'.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        b"</Relationships>"), target=tmp_path / "relations.xlsx")
    cells = with_cells(b'<row r="9"><c r="B9" t="s"><v>0</v></c><c r="C9" t="inlineStr">'
                       b"<is><t>" + "Tổ dân phố số 1".encode() + b'</t></is></c><c r="D9" t="n">'
                       b'<v>1</v></c><c r="E9" t="n"><v>2025</v></c><c r="F9" t="inlineStr">'
                       b"<is><t>01/03/2025</t></is></c></row>")
    path = rewrite(relations, SHEET, lambda data: cells(data).replace(b"A1:F4", b"A1:F9"),
        target=tmp_path / "strings.xlsx", extra={"xl/sharedStrings.xml": strings})
    with zipfile.ZipFile(path) as archive:
        assert not sheet_scan.counts_are_sane(archive, "xl/sharedStrings.xml")
    db = tmp_path / "xa.sqlite"
    assert dvk(db, "setup", "--profile", "hai-cap", "--unit", "14725").returncode == 0
    done = dvk(db, "import-excel", str(path), "--dry-run", "--json")
    assert done.returncode == 0, done.stderr[-2000:]  # openpyxl read it; no abort
    assert "Mô hình dùng chung" in [row["name"] for row in json.loads(done.stdout)["rows"]]


def test_the_far_cell_file_is_imported_by_the_command_without_an_abort(tmp_path):
    path = rewrite(register(tmp_path / "so.xlsx", rows=5), SHEET,
                   with_cells(FAR_CELLS["plain"]))
    db = tmp_path / "xa.sqlite"
    assert dvk(db, "setup", "--profile", "hai-cap", "--unit", "14725").returncode == 0
    assert dvk(db, "units", "add", "Tổ dân phố số 1", "--type", "to_dan_pho"
               ).returncode == 0
    done = dvk(db, "import-excel", str(path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "5" in done.stdout


def test_a_damaged_part_calamine_might_not_notice_is_refused(ctx, tmp_path):
    """A sheet stored without compression, one byte of a value changed: zipfile's CRC
    check catches it; the file is refused, as openpyxl alone refused it."""
    good = register(tmp_path / "so.xlsx")
    stored = tmp_path / "stored.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(stored, "w") as target:
        for name in source.namelist():
            target.writestr(name, source.read(name), zipfile.ZIP_STORED)
    data = bytearray(stored.read_bytes())
    # An ASCII value: openpyxl writes Vietnamese letters as UTF-8 bytes with its own XML
    # writer but as character references (&#244;) when lxml is installed (pyHanko brings
    # it), so "Mô hình số 2" is not always there byte for byte; "Kinh tế" starts alike.
    at = data.index(b"Kinh t")
    data[at] = ord("X")
    stored.write_bytes(bytes(data))
    from app.excel.book import WorkbookRefused

    with pytest.raises(WorkbookRefused) as refused:
        ctx.excel.run_import(stored, apply=True)
    assert "hỏng" in refused.value.message
    assert count(ctx) == 0


def test_error_cells_read_as_their_text_like_openpyxl(tmp_path):
    path = write_book(tmp_path / "loi.xlsx", [HEADER, [1, "#N/A", "Tổ dân phố số 1", "#REF!",
                                                       2025, "01/03/2025"]])
    assert b't="e"' in zipfile.ZipFile(path).read(SHEET)
    book = Book(path)
    values = book.values(book.sheetnames[0])
    assert isinstance(values, CalamineValues)
    assert values.top(2)[1] == [1, "#N/A", "Tổ dân phố số 1", "#REF!", 2025, "01/03/2025"]


def test_an_error_cell_written_another_way_sends_the_sheet_to_openpyxl(tmp_path):
    path = rewrite(write_book(tmp_path / "loi.xlsx", [HEADER, [1, "A", "B", "#REF!", 2025,
                                                                "01/03/2025"]]),
                   SHEET, lambda data: data.replace(b't="e"', b"t='e'"))
    book = Book(path)
    values = book.values(book.sheetnames[0])
    assert isinstance(values, OpenpyxlValues)
    assert values.top(2)[1][3] == "#REF!"


def _rows(values) -> list[tuple[int, tuple]]:
    """Rows without trailing empties; a cell of only spaces counts as empty (calamine
    reads <t> </t> as empty, the importer treats both as blank)."""
    result = []
    for number, row in values.rows(1):
        cells = [None if isinstance(v, str) and not v.strip() else v for v in row]
        while cells and cells[-1] is None:
            cells.pop()
        result.append((number, tuple(cells)))
    while result and not result[-1][1]:
        result.pop()
    return result


def test_calamine_reads_what_openpyxl_reads(tmp_path):
    """Random registers (text, numbers, dates, formulas, errors, merged cells, legacy
    text): the same values from both readers, row by row."""
    rng = random.Random(3)
    for case in range(150):
        path = tmp_path / f"r{case}.xlsx"
        random_register(rng, path)
        book, reference = Book(path), openpyxl_book(path)
        for name in book.sheetnames:
            values = book.values(name)
            assert isinstance(values, CalamineValues)
            assert _rows(values) == _rows(OpenpyxlValues(reference[name])), case
        book.close()
        reference.close()


def test_the_plain_scan_and_the_full_scan_agree_on_formulas_and_errors(tmp_path):
    path = write_book(tmp_path / "f.xlsx", [HEADER, [1, "=1+1", "Tổ dân phố số 1",
                                                     "#DIV/0!", 2025, "01/03/2025"]])
    with zipfile.ZipFile(path) as archive:
        plain = sheet_scan._plain_scan(archive, SHEET)
        full = sheet_scan._full_scan(archive, SHEET)
    assert plain.has_formulas and full.has_formulas
    assert plain.errors == {(2, 3): "#DIV/0!"}
    assert full.errors is None  # not located: such a sheet goes to openpyxl
    assert re.search(rb"<f>", zipfile.ZipFile(path).read(SHEET))


def test_fonts_read_from_the_xml_are_those_openpyxl_reads(tmp_path, monkeypatch):
    """The legacy-text hint comes from cell styles: read from styles.xml and the cells'
    s attribute for a plain sheet, the same names openpyxl gives, without asking it."""
    rows = [HEADER] + [[i, f"Mô hình {i}", "Tổ dân phố số 1", "Kinh tế", 2025, "01/03/2025"]
                       for i in range(1, 13)]
    fonts = {"B2": ".VnTime", "B3": "VNI-Times", "C4": ".VnTimeH", "B5": "Times New Roman",
             "F6": ".VnArial", "C13": "VNI-Helve"}
    path = write_book(tmp_path / "phong.xlsx", rows, fonts=fonts)
    cells = [(row, column) for row in range(1, 14) for column in range(6)]
    book = Book(path)
    name = book.sheetnames[0]
    expected = book._openpyxl_fonts(name, cells)
    assert expected[(2, 1)] == ".VnTime" and expected[(13, 2)] == "VNI-Helve"

    def not_asked(*_args):
        raise AssertionError("openpyxl was asked for the fonts of a plain sheet")

    monkeypatch.setattr(Book, "_openpyxl_fonts", not_asked)
    assert book.fonts(name, cells) == expected
    assert book.fonts(name, [(3, 1)]) == {(3, 1): "VNI-Times"}
    book.close()
