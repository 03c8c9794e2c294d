"""Schema 0009: a block of new registrations is put into the search index in one
statement (the Excel import), and the index stays exactly the registrations - after a
block, after a failed block, after ordinary saves and after the upgrade from schema 8."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from app.context import AppContext
from app.domain.listing import ListQuery
from app.repositories import registrations as repo
from tests.excel.books import write_book

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "schema"
HEADER = ["STT", "Tên mô hình", "Đơn vị đăng ký", "Lĩnh vực", "Năm", "Ngày đăng ký"]


def index_matches_the_registrations(ctx) -> bool:
    """FTS5's own check of an external-content index against its table."""
    try:
        ctx.db.execute("INSERT INTO registrations_fts (registrations_fts, rank)"
                       " VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError:
        return False
    return True


def found(ctx, text: str) -> int:
    return len(ctx.registrations.page(ListQuery(search=text), 0, 10_000))


def test_an_imported_block_is_searchable_and_the_flag_is_gone(ctx, tmp_path, monkeypatch):
    from app.excel import importer

    monkeypatch.setattr(importer, "_BLOCK", 7)  # several blocks and a last short one
    rows = [HEADER] + [[i, f"Mô hình khuyến học xóm Đồng số {i}", "Tổ dân phố số 1",
                        "Văn hóa - xã hội", 2025, "01/03/2025"] for i in range(1, 31)]
    report = ctx.excel.run_import(write_book(tmp_path / "so.xlsx", rows), apply=True)
    assert report.counts()["add"] == 30
    assert found(ctx, "khuyen hoc xom dong") == 30
    assert found(ctx, "so 17") == 1
    assert ctx.db.execute("SELECT count(*) FROM search_index_deferred").fetchone()[0] == 0
    assert index_matches_the_registrations(ctx)
    # Saved one by one afterwards: the trigger indexes them again.
    ctx.units.add_subunit("Thôn Đông", "thon")
    assert found(ctx, "thon dong") == 0
    rows = [HEADER, [1, "Tổ tự quản đường làng", "Thôn Đông", "Kinh tế", 2025, "02/03/2025"]]
    ctx.excel.run_import(write_book(tmp_path / "mot.xlsx", rows), apply=True)
    assert found(ctx, "duong lang") == 1
    assert index_matches_the_registrations(ctx)


def test_the_rows_of_a_block_that_failed_midway_are_indexed_before_the_rollback(ctx):
    """Even a caller that does not roll back (none does) finds the index whole."""
    writer = ctx.writer()
    columns = {"year": 2025, "kind": "mo_hinh", "subject": "tap_the", "unit_code": "14725",
               "registrant": "", "field": 1, "mode": "moi", "status": "da_dang_ky",
               "registered_on": "2025-03-01"}
    with ctx.transaction():
        with pytest.raises(RuntimeError), repo.search_index_deferred(ctx.db):
            writer.insert_many(repo.TABLE, [
                {**columns, "name": name, "name_fold": name, "registrant_fold": "",
                 "search_words": name} for name in ("ao ca bac ho", "vuon rau sach")])
            raise RuntimeError("stopped after the block")
        assert found(ctx, "vuon rau") == 1
        assert index_matches_the_registrations(ctx)
        assert ctx.db.execute("SELECT count(*) FROM search_index_deferred").fetchone()[0] == 0


def test_deferring_outside_a_transaction_is_refused(ctx):
    with pytest.raises(RuntimeError, match="transaction"), \
            repo.search_index_deferred(ctx.db):
        pass
    assert ctx.db.execute("SELECT count(*) FROM search_index_deferred").fetchone()[0] == 0


def test_a_schema_8_file_upgrades_and_keeps_its_index_whole(tmp_path):
    copy = tmp_path / "v8.sqlite"
    shutil.copy(FIXTURES / "v8-commune.sqlite", copy)
    with AppContext.open(copy) as ctx:
        trigger = ctx.db.execute("SELECT sql FROM sqlite_master WHERE name ="
                                 " 'registrations_fts_insert'").fetchone()[0]
        assert "search_index_deferred" in trigger
        assert index_matches_the_registrations(ctx)
        before = found(ctx, "thon phu loc")
        assert before > 0
        code = ctx.db.execute("SELECT code FROM units WHERE parent_code = ? AND name ="
                              " 'Thôn Phú Lộc'", [ctx.office_code]).fetchone()[0]
        rows = [HEADER, [1, "Giữ gìn đường làng sạch", "Thôn Phú Lộc", "Kinh tế", 2026,
                         "02/03/2026"]]
        ctx.excel.run_import(write_book(tmp_path / "so.xlsx", rows), apply=True)
        assert found(ctx, "thon phu loc") == before + 1
        assert ctx.db.execute("SELECT count(*) FROM registrations WHERE subunit_code = ?",
                              [code]).fetchone()[0] >= 1
        assert index_matches_the_registrations(ctx)
