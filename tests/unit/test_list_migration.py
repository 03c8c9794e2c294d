"""Upgrading a data file saved by schema 0001: the list indexes arrive, the full-text
index is rebuilt with one-letter prefixes, rows whose words kept non-ASCII letters are
rewritten once, and every search finds what it found before."""

from __future__ import annotations

import pytest

from app.context import AppContext
from app.domain.listing import ListQuery
from app.domain.text import fold
from app.repositories import registration_list
from app.repositories import settings as settings_repo
from db.connection import applied_migrations, connect
from db.migrations import MIGRATIONS
from tests.unit.test_registration_list import STRATEGIES, ids, reference, use_strategy

# Names as schema 0001 stored them: search_words = folded text, punctuation and all.
OLD_ROWS = [
    ("Tổ hợp tác rau an toàn (VietGAP) giai đoạn 2021-2025", "Chi hội Nông dân", "2025-02-01"),
    ("Diện tích 1.200 m² rau hữu cơ", "Thôn Đông", "2025-02-01"),
    ("Câu lạc bộ Ølympic straße", "Chi đoàn", "2025-01-20"),
    ("Hòa giải ở cơ sở: 'Đồng Tâm'", "Tổ hòa giải", "2025-03-02"),
    ("Dân vận khéo - hiến đất mở đường", "Ông Trần Đức Chiến", "2024-12-30"),
]


@pytest.fixture
def old_file(tmp_path):
    path = tmp_path / "old.sqlite"
    db = connect(path)
    MIGRATIONS.apply(db, stop_before="0004_list_indexes")
    with db.atomic():
        db.execute("INSERT INTO units (id, code, name, type, level, name_fold, origin,"
                   " created_at, updated_at) VALUES ('u', '14725', 'Phường Yên Thắng', 'phuong',"
                   " 'xa', 'phuong yen thang', 'VN', 'now', 'now')")
        for seq, (name, registrant, day) in enumerate(OLD_ROWS * 4, start=1):
            words = " ".join(fold(part) for part in (name, registrant))
            db.execute(
                "INSERT INTO registrations (seq, id, year, kind, subject, unit_code, registrant,"
                " name, field, mode, registered_on, name_fold, registrant_fold, search_words,"
                " origin, created_at, updated_at) VALUES (?, ?, 2025, 'mo_hinh', 'tap_the',"
                " '14725', ?, ?, 1, 'moi', ?, ?, ?, ?, '14725', 'now', 'now')",
                [seq, f"r{seq}", registrant, name, day, fold(name), fold(registrant), words])
    db.close()
    return path


def test_upgrade_keeps_every_search(old_file, monkeypatch):
    queries = ["d", "2021", "2025", "20", "m", "m2", "1", "200", "lympic", "olympic", "stra",
               "strasse", "e", "dong tam", "tam", "vietgap", "an toan", "dan van", "chien",
               "x", "h"]
    db = connect(old_file)
    before = {text: [row[0] for row in db.execute(
        "SELECT r.id FROM registrations r WHERE r.seq IN (SELECT rowid FROM registrations_fts"
        " WHERE registrations_fts MATCH ?) ORDER BY r.registered_on DESC, r.seq DESC",
        [registration_list.fts_expression(text)])] for text in queries}
    db.close()

    with AppContext.open(old_file, actor="test") as ctx:
        assert "0004_list_indexes" in applied_migrations(ctx.db)
        indexes = {row[0] for row in ctx.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"registrations_list", "registrations_mode"} <= indexes
        assert "registrations_registered" not in indexes
        fts = ctx.db.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'registrations_fts'").fetchone()[0]
        assert "prefix = '1 2 3 4'" in fts
        assert settings_repo.get(ctx.db, "search_words_version") == 2
        # Only the rows with letters outside ASCII were rewritten, and the index with them.
        words = dict(ctx.db.execute("SELECT name, search_words FROM registrations"))
        assert words["Diện tích 1.200 m² rau hữu cơ"] == "dien tich 1 200 m2 rau huu co thon dong"
        assert words["Câu lạc bộ Ølympic straße"] == "cau lac bo olympic strasse chi doan"
        assert "(vietgap)" in words["Tổ hợp tác rau an toàn (VietGAP) giai đoạn 2021-2025"]
        for text in queries:
            query = ListQuery(search=text)
            expected = reference(ctx, query)
            for name in STRATEGIES:
                with monkeypatch.context() as patch:
                    use_strategy(patch, name)
                    assert ids(ctx, query) == expected, (text, name)
            if text in ("m2", "olympic", "strasse"):
                # The rewritten rows are now found by these words too (they were not).
                assert set(before[text]) < set(expected), text
            else:
                assert expected == before[text], text


def test_words_are_fixed_once(old_file, monkeypatch):
    AppContext.open(old_file, actor="test").close()
    calls = []
    monkeypatch.setattr("app.repositories.registrations.ensure_ascii_words",
                        lambda db: calls.append(db) or 0)
    AppContext.open(old_file, actor="test").close()
    assert calls == []
