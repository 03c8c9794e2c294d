"""Issue 15, points 8 and 9 (output side) for spreadsheets: a name that looks like a
formula stays text in every workbook the program writes, and a name holding control
characters, text-reordering marks or half a million characters no longer breaks the
export of the whole office (it was exit 70)."""

from __future__ import annotations

import json

from openpyxl import load_workbook

from app.cli.main import main
from app.context import AppContext
from app.domain.listing import ListQuery
from app.domain.safe_output import SPREADSHEET_CELL_MAX
from app.excel.columns import TEXT
from app.excel.writer import TableSheet, write, write_table
from tests.sync.builders import register

FORMULAS = ['=HYPERLINK("http://ke-gian.example/x","Bấm vào đây")', "+1+2", "-3+4",
            "@SUM(A1:A9)", "=1+1", "#N/A"]
CONTROL = "Mô hình\x01\x07 có\x1b[31m mã màu\x9b2J và \u202eđảo chiều\u202c"
LONG = "Dân vận khéo " * 40_000  # 520,000 characters, one registration


def _every_cell(path):
    book = load_workbook(path)  # not read-only: data types and styles as stored
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield sheet.title, cell


def _no_formula(path) -> list:
    """Every text cell; fails on any formula (the program writes none on purpose)."""
    texts = []
    for title, cell in _every_cell(path):
        assert cell.data_type != "f", f"{path.name}!{title}!{cell.coordinate}: {cell.value!r}"
        assert cell.data_type != "e", f"{path.name}!{title}!{cell.coordinate}: {cell.value!r}"
        if isinstance(cell.value, str):
            texts.append(cell)
    return texts


def test_a_formula_name_that_came_in_a_bundle_is_exported_as_text(demo_network, tmp_path,
                                                                   capsys):
    network = json.loads((demo_network / "network.json").read_text(encoding="utf-8"))
    dbs = {o["code"]: demo_network / o["db"] for o in network["offices"]}
    commune = next(c for c, o in zip(dbs, network["offices"], strict=True)
                   if o["level"] == "xa")
    with AppContext.open(dbs[commune], actor="test") as ctx:
        for name in FORMULAS:
            register(ctx, name)
        bundle = ctx.sync.export("37", tmp_path / "len-tinh.dvk", passphrase="demo").path
    with AppContext.open(dbs["37"], actor="test") as ctx:
        ctx.sync.import_bundle(bundle)
        stored = {r[0] for r in ctx.db.execute("SELECT name FROM registrations")}
        assert set(FORMULAS) <= stored
        listed = ctx.excel.export_list(tmp_path / "ds.xlsx", ListQuery())
    out = tmp_path / "tinh.xlsx"
    assert main(["--db", str(dbs["37"]), "export-excel", "--out", str(out)]) == 0
    for path in (out, listed):
        texts = _no_formula(path)
        found = {cell.value: cell for cell in texts if cell.value in FORMULAS}
        assert set(found) == set(FORMULAS), path.name
        assert all(cell.quotePrefix for cell in found.values())


def test_every_writer_keeps_text_as_text(tmp_path):
    """The statistics sheets, the window's list export, headings and headers: one
    helper writes every text cell."""
    rows = [[name, 1] for name in FORMULAS]
    book = write(tmp_path / "a.xlsx", [TableSheet(
        "=Trang", ["=Tên", "Số"], [TEXT, "number"], rows, heading="=Thống kê",
        total=["=Tổng", len(rows)], chart=True)])
    table = write_table(tmp_path / "b.xlsx", "=Danh sách", ["=Tên", "@Ghi chú"],
                        [[name, name] for name in FORMULAS])
    for path in (book, table):
        values = [cell.value for cell in _no_formula(path)]
        assert set(FORMULAS) <= set(values)
        assert "=Thống kê" in values or path == table


def test_hidden_characters_and_a_huge_name_do_not_break_the_export(demo_network, tmp_path):
    province = demo_network / "tinh-37.sqlite"
    with AppContext.open(province, actor="test") as ctx:
        ids = [r[0] for r in ctx.db.execute("SELECT id FROM registrations ORDER BY id LIMIT 2")]
        # text stored before cleaning existed, or by another tool
        ctx.db.execute("UPDATE registrations SET name = ? WHERE id = ?", [CONTROL, ids[0]])
        ctx.db.execute("UPDATE registrations SET name = ? WHERE id = ?", [LONG, ids[1]])
        ctx.db.conn.commit()
    out = tmp_path / "tinh.xlsx"
    assert main(["--db", str(province), "export-excel", "--out", str(out)]) == 0
    texts = [cell.value for cell in _no_formula(out)]
    assert "Mô hình có[31m mã màu2J và đảo chiều" in texts
    assert not any(ch in value for value in texts for ch in "\x01\x07\x1b\x9b\u202e\u202c")
    longest = max(texts, key=len)
    assert len(longest) == SPREADSHEET_CELL_MAX and longest.endswith("…")
    assert longest.startswith("Dân vận khéo Dân vận khéo")
