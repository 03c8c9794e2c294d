"""Cases for fuzzing the Excel importer (tests/excel/test_fuzz_excel.py and the long
run bench/fuzz_excel.py): a genuine register, its bytes damaged, and registers whose
cells hold anything a spreadsheet can hold."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

from app.context import AppContext
from app.errors import DvkError
from tests.reliability.fuzzing import FuzzTarget

HEADER = ["STT", "Tên mô hình", "Đơn vị đăng ký", "Lĩnh vực", "Năm", "Ngày đăng ký",
          "Họ và tên", "Năm sinh"]
ROWS = [
    [1, "Dân vận khéo trong hiến đất mở đường", "Tổ dân phố số 1", "Kinh tế", 2026,
     dt.datetime(2026, 3, 2), None, None],
    [2, "Bà Lê Thị Hoa - hòa giải giỏi", "Tổ dân phố số 1", "Quốc phòng - an ninh", 2026,
     "25/3/2026", "Lê Thị Hoa", 1970],
    [3, "D©n vËn khÐo trong viÖc c­íi", "Chi héi Phô n÷", 2, 2026, "1/4/2026", None, None],
]
# What a cell may hold: text of any kind, numbers, dates, formulas, errors, nothing.
_CELLS = ["", " ", "Kinh tế", "5", 9, -1, 0, 1e300, 2026, "30/02/2026", "2026-13-01",
          dt.datetime(1900, 1, 1), dt.datetime(2026, 3, 30), "=1/0", "=SUM(A1:A9)", "#REF!",
          "x" * 5000, "Đ\u00d0\u200b\ufeff", "Tổ dân phố số 1", "Cá nhân", "Điển hình", True,
          None, "Nhân rộng", "D©n vËn khÐo", "Dân vận khéo" * 40, "🙂"]


def genuine_register(path: Path) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Sổ đăng ký"
    sheet.append(["SỔ ĐĂNG KÝ MÔ HÌNH DÂN VẬN KHÉO"])
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    book.save(path)
    return path.read_bytes()


def random_register(rng: random.Random, path: Path) -> bytes:
    """A workbook of random cells under a (perhaps damaged) header."""
    book = Workbook()
    sheet = book.active
    header = list(HEADER)
    if rng.random() < 0.3:
        rng.shuffle(header)
    if rng.random() < 0.2:
        header[rng.randrange(len(header))] = rng.choice(_CELLS)
    sheet.append(header)
    for _ in range(rng.randint(0, 12)):
        row = [rng.choice(_CELLS) for _ in range(rng.randint(0, len(HEADER) + 2))]
        try:
            sheet.append(row)
        except (ValueError, TypeError):  # openpyxl refuses some values itself
            continue
    if rng.random() < 0.2 and sheet.max_row > 2:
        sheet.merge_cells(start_row=2, start_column=1, end_row=3, end_column=2)
    book.save(path)
    return path.read_bytes()


def snapshot(ctx: AppContext) -> tuple:
    return tuple(ctx.db.execute(
        "SELECT (SELECT count(*) FROM registrations), (SELECT count(*) FROM units),"
        " (SELECT count(*) FROM persons), (SELECT rev FROM sync_clock)").fetchone())


def excel_target(ctx: AppContext, folder: Path, seed: bytes, *, apply: bool = False
                 ) -> FuzzTarget:
    """The importer as a fuzz target: a preview writes nothing; an import of anything
    writes whole rows or nothing, and the file stays sound."""
    path = folder / "case.xlsx"

    def run(data: bytes) -> object:
        path.write_bytes(data)
        before = snapshot(ctx)
        try:
            report = ctx.excel.run_import(path, apply=apply)
        except DvkError:
            assert snapshot(ctx) == before and not ctx.db.conn.in_transaction
            raise
        if not apply:
            assert snapshot(ctx) == before
        return report

    # Not put in the shared registry: the target lives as long as `ctx` does.
    return FuzzTarget("excel_import", run, (DvkError,), seeds=[seed])


def maker(folder: Path) -> Callable[[random.Random], bytes]:
    path = folder / "made.xlsx"
    return lambda rng: random_register(rng, path)
