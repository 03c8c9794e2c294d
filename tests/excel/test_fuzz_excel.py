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


def test_a_huge_number_in_the_year_column_is_refused_by_row(ctx, tmp_path):
    """Found by the long fuzz run: 1E+300 as a year reached SQLite (OverflowError)."""
    from app.excel.importer import REFUSED
    from tests.excel.books import write_book
    from tests.excel.test_import import HEADER, by_row

    path = write_book(tmp_path / "so.xlsx", [HEADER, [1, "Mô hình năm lạ", "Tổ dân phố số 1",
                                                      "Kinh tế", 1e300, "2/3/2026"]])
    report = ctx.excel.run_import(path, apply=True)
    row = by_row(report, 2)
    assert row.outcome == REFUSED
    assert any("1900" in reason for reason in row.reasons)


def test_a_damaged_workbook_that_is_read_gives_exactly_the_genuine_rows(ctx, tmp_path):
    """Damage is refused or harmless: every damaged copy the importer reads at all (the
    damage fell in a part no value depends on, such as the theme) previews exactly the
    rows, outcomes and reasons of the genuine register."""
    from app.errors import DvkError
    from tests.reliability.fuzzing import mutate

    def preview(path):
        report = ctx.excel.run_import(path, apply=False).as_json()
        report.pop("file")
        return report

    seed = genuine_register(tmp_path / "so-dang-ky.xlsx")
    genuine = preview(tmp_path / "so-dang-ky.xlsx")
    rng, read = random.Random(13), 0
    for _case in range(300):
        path = tmp_path / "hong.xlsx"
        path.write_bytes(mutate(rng, seed))
        try:
            report = preview(path)
        except DvkError:
            continue
        read += 1
        assert report == genuine
    assert read > 0
