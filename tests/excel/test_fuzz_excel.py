"""Fuzzing the Excel importer (short runs; bench/fuzz_excel.py runs the long one):
damaged workbook bytes and workbooks of random cells. Nothing crashes, every refusal
is a message, a preview writes nothing, an import writes whole rows or nothing."""

from __future__ import annotations

import random

from tests.excel.fuzz_cases import excel_target, genuine_register, maker
from tests.reliability.fuzzing import run_cases


def test_damaged_workbooks_are_refused_and_never_crash(ctx, tmp_path):
    seed = genuine_register(tmp_path / "so-dang-ky.xlsx")
    target = excel_target(ctx, tmp_path, seed)
    stats = run_cases(target, random.Random(11), 150)
    assert not stats.crashes, stats.crashes[:3]
    assert stats.refused > 0 and stats.cases == 150


def test_random_cells_are_imported_row_by_row_or_listed(ctx, tmp_path):
    seed = genuine_register(tmp_path / "so-dang-ky.xlsx")
    target = excel_target(ctx, tmp_path, seed, apply=True)
    stats = run_cases(target, random.Random(12), 80, maker(tmp_path))
    assert not stats.crashes, stats.crashes[:3]
    assert ctx.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert ctx.maintenance.check().ok
