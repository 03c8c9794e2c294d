"""Issue 18, point 1: with accounts on, every job the window runs off its thread runs as
the signed-in user. A clerk signed in imports an Excel register (preview, then import),
the list counts its rows and the statistics go to Excel; none of them says "sign in
first"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.domain.accounts import ADMIN, CLERK
from app.services import accounts as accounts_service
from tests.excel.books import count, write_book
from tests.gui.helpers import answer_message_box, close_quietly
from ui.main_window import MainWindow

pytestmark = pytest.mark.gui

SIGN_IN_FIRST = "đăng nhập trước"


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    import nacl.pwhash

    monkeypatch.setattr(accounts_service, "OPSLIMIT", nacl.pwhash.argon2id.OPSLIMIT_MIN)
    monkeypatch.setattr(accounts_service, "MEMLIMIT", nacl.pwhash.argon2id.MEMLIMIT_MIN)


@pytest.fixture
def window(qtbot, ctx):
    ctx.accounts.add("quantri", "mat-khau-1", ADMIN)
    ctx.accounts.add("lan", "mat-khau-3", CLERK)
    ctx.accounts.logout()
    ctx.accounts.login("lan", "mat-khau-3")
    main = MainWindow(ctx)
    main.show()
    qtbot.waitExposed(main)
    yield main
    close_quietly(main)


def test_a_signed_in_clerk_imports_an_excel_register(qtbot, window, ctx, tmp_path):
    book = write_book(tmp_path / "so-dang-ky-2026.xlsx", [
        ["DANH SÁCH MÔ HÌNH NĂM 2026"],
        ["STT", "Tên mô hình", "Đơn vị đăng ký", "Lĩnh vực", "Ngày đăng ký"],
        [1, "Mô hình thu gom rác thải nhựa", "Tổ dân phố số 1", "Văn hóa - xã hội",
         "05/03/2026"],
        [2, "Mô hình camera an ninh", "Tổ dân phố số 1", "Quốc phòng - an ninh",
         "06/03/2026"]])
    dialog = window.registrations.import_excel(str(book))
    qtbot.waitUntil(lambda: dialog.mapping.rowCount() > 0 or bool(dialog.layout_note.text()),
                    timeout=10_000)
    assert SIGN_IN_FIRST not in dialog.layout_note.text()
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=10_000)
    assert SIGN_IN_FIRST not in dialog.summary.text()
    assert dialog.confirm_button.text() == "Nhập 2 đăng ký"
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: count(ctx) == 2, timeout=10_000)
    qtbot.waitUntil(lambda: "Đã nhập" in dialog.result.text(), timeout=5000)
    actors = {row[0] for row in ctx.db.execute(
        "SELECT DISTINCT actor FROM audit_log WHERE kind = 'registrations'")}
    assert actors and all("lan" in actor for actor in actors), actors
    dialog.close()


def test_the_list_counts_and_the_statistics_export_as_the_clerk(qtbot, window, ctx,
                                                                 tmp_path, monkeypatch):
    window.open_screen("registrations")
    screen = window.registrations
    screen.refresh()
    qtbot.waitUntil(lambda: "đăng ký" in screen.count_label.text(), timeout=10_000)
    window.open_screen("stats")
    target = tmp_path / "thong-ke.xlsx"
    seen: list[str] = []
    answer_message_box("Đóng", seen)
    window.stats.export_to(str(target))
    qtbot.waitUntil(lambda: bool(seen), timeout=15_000)
    assert target.exists() and SIGN_IN_FIRST not in seen[0]
