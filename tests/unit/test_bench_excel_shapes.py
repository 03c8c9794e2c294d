"""The Excel benchmark's three registers hold the same rows: as openpyxl writes them,
as Excel saves them (shared strings) and typed in TCVN3 under .VnTime."""

from __future__ import annotations

import zipfile

from openpyxl import load_workbook

from app.domain.legacy_text import TCVN3, decode
from bench.bench_excel import build_book


def rows(path):
    book = load_workbook(path, read_only=True)
    values = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    return values


def test_the_three_shapes_hold_the_same_register(tmp_path):
    paths = {shape: tmp_path / f"{shape}.xlsx" for shape in ("openpyxl", "excel", "tcvn3")}
    for shape, path in paths.items():
        build_book(path, 25, shape=shape)
    plain = rows(paths["openpyxl"])
    assert len(plain) == 26
    assert rows(paths["excel"]) == plain
    with zipfile.ZipFile(paths["excel"]) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
        assert b"inlineStr" not in sheet and b't="s"' in sheet
        assert b"<si>" in archive.read("xl/sharedStrings.xml")
    legacy = rows(paths["tcvn3"])
    typed = (1, 8, 9)  # name, goals, content and methods
    for number in range(1, 26):
        assert [decode(legacy[number][i], TCVN3) for i in typed] == \
            [plain[number][i] for i in typed]
        assert [v for i, v in enumerate(legacy[number]) if i not in typed] == \
            [v for i, v in enumerate(plain[number]) if i not in typed]
    assert legacy[1][1] != plain[1][1]
    book = load_workbook(paths["tcvn3"])
    assert book.worksheets[0]["B2"].font.name == ".VnTime"
