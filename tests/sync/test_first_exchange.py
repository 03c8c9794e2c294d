"""Issue 18, point 3: the first exchange is a guided first run, not a dead end.

A fresh commune clicks "Ghi gói": instead of a file box and the passphrase of a key
that does not exist, the guide "Kết nối với cấp trên" opens. The clerk types a
passphrase twice (its strength shown), the key is made, the key card saved, the check
code sheet printed, and step 3 says what to send to whom and what to say on the phone.
The province, given the commune's first bundle before the card, is told by name what is
missing and enrols the card with the check code typed group by group; the commune
enrols the province's card the same way from the guide; the bundle then imports."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.context import AppContext
from app.services.connection import groups
from tests.gui.conftest import modal_watchdog, qt_translations  # noqa: F401  (autouse)
from tests.gui.helpers import type_text, when_modal
from tests.sync.builders import register
from ui.jobs import JobRunner
from ui.screens import key_files, sync_screen
from ui.screens.connect_dialog import CALL, CARD, KEY, ConnectDialog
from ui.screens.fingerprint_dialog import FingerprintDialog
from ui.screens.passphrase_dialog import PassphraseDialog
from ui.screens.sync_screen import SyncScreen

pytestmark = pytest.mark.gui

PROVINCE, COMMUNE = "37", "14725"
PASSPHRASE = "ruộng lúa bên sông Đáy"
PROVINCE_PASSPHRASE = "tỉnh Ninh Bình năm 2026"


def fresh_office(path: Path, code: str) -> AppContext:
    ctx = AppContext.open(path, actor="test")
    ctx.setup.configure(profile="hai_cap", unit_code=code)
    if code == COMMUNE:
        ctx.units.add_subunit("Tổ dân phố số 1", "to_dan_pho")
    return ctx


def screen_of(qtbot, ctx) -> SyncScreen:
    screen = SyncScreen(ctx, JobRunner())
    qtbot.addWidget(screen)
    screen.show()
    return screen


def type_code_in_groups(qtbot, code: str):
    """The clerk at the other end types the code as it is read, group by group."""
    def act(dialog: FingerprintDialog) -> None:
        for group in groups(code):
            qtbot.keyClicks(dialog.focusWidget(), group)
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)

    when_modal(FingerprintDialog, act)


def test_the_first_exchange_is_guided(tmp_path, qtbot, monkeypatch):
    commune = fresh_office(tmp_path / "xa.sqlite", COMMUNE)
    province = fresh_office(tmp_path / "tinh.sqlite", PROVINCE)
    register(commune, "Mô hình đầu tiên gửi lên tỉnh")
    screen = screen_of(qtbot, commune)
    assert screen.connect_note.isVisible()
    assert "chưa có khóa ký" in screen.connect_note.text()

    # "Ghi gói" on a fresh office: no file box, no passphrase box, the guide.
    asked: list[str] = []
    monkeypatch.setattr(sync_screen, "choose_bundle_to_save",
                        lambda parent, name: asked.append(name) or "")
    qtbot.mouseClick(screen.export_button, Qt.MouseButton.LeftButton)
    guide = screen.connect_dialog
    assert isinstance(guide, ConnectDialog) and guide.isVisible() and not asked
    assert "chưa có khóa ký" in screen.export_status.text()
    assert guide.pages.currentIndex() == KEY and guide.step_label.text().startswith("Bước 1/3")
    assert not guide.next_button.isEnabled()

    # Step 1: a passphrase twice, its strength said while typing.
    qtbot.keyClicks(guide.passphrase, "12345678")
    assert guide.strength.text().startswith("<b") and "yếu" in guide.strength.text()
    guide.passphrase.clear()
    type_text(qtbot, guide.passphrase, PASSPHRASE)
    assert "mạnh" in guide.strength.text()
    qtbot.keyClick(guide.passphrase, Qt.Key.Key_Return)  # Enter goes to the second box
    type_text(qtbot, guide.again, PASSPHRASE[:-1])
    qtbot.keyClick(guide.again, Qt.Key.Key_Return)
    assert "không giống nhau" in guide.key_error.text() and not commune.keys.has_key()
    type_text(qtbot, guide.again, PASSPHRASE)
    qtbot.keyClick(guide.again, Qt.Key.Key_Return)
    assert commune.keys.has_key() and commune.keys.is_unlocked()
    assert guide.pages.currentIndex() == CARD

    # Step 2: the key card, with a readable name, written without asking again.
    card = tmp_path / "usb" / "The-khoa-Phuong-Yen-Thang.dvkkey"
    card.parent.mkdir()
    suggested: list[str] = []
    monkeypatch.setattr(key_files, "choose_card_to_save",
                        lambda parent, name: suggested.append(name) or str(card))
    qtbot.mouseClick(guide.save_card_button, Qt.MouseButton.LeftButton)
    assert suggested == ["The-khoa-Phuong-Yen-Thang.dvkkey"] and card.exists()
    assert "Tỉnh Ninh Bình" in guide.card_status.text()
    preview = guide.print_sheet()
    assert preview is not None and len(preview.pages) == 1
    assert preview.file_name == "The-khoa-Phuong-Yen-Thang.pdf"
    code = commune.keys.own().fingerprint
    sheet = commune.connection.card_sheet()
    assert "   ".join(groups(code)) in sheet.large
    preview.close()

    # Step 3: what to send, to whom, what to say.
    qtbot.mouseClick(guide.next_button, Qt.MouseButton.LeftButton)
    assert guide.pages.currentIndex() == CALL
    assert guide.code_label.text() == "   ".join(groups(code))
    assert "The-khoa-Phuong-Yen-Thang.dvkkey" in guide.call_intro.text()
    assert "Tỉnh Ninh Bình" in guide.call_intro.text()
    script = guide.script.text()
    assert "Đây là Phường Yên Thắng" in script
    sheet_text = "\n".join(sheet.sections[1].paragraphs)
    assert f"nhóm 1: {' '.join(groups(code)[0])}" in sheet_text
    assert "chưa kiểm tra được" in guide.parent_state.text()
    assert guide.enrol_parent_button.isVisible()

    # The province makes its own key and card; the commune enrols it from the guide.
    province.keys.create(PROVINCE_PASSPHRASE)
    province_card = tmp_path / "usb" / "The-khoa-Tinh-Ninh-Binh.dvkkey"
    province.keys.write_card(province_card, None)
    monkeypatch.setattr(key_files, "choose_card_to_open", lambda parent: str(province_card))
    type_code_in_groups(qtbot, province.keys.own().fingerprint)
    qtbot.mouseClick(guide.enrol_parent_button, Qt.MouseButton.LeftButton)
    assert "đã được ghi danh" in guide.parent_state.text()
    assert not guide.enrol_parent_button.isVisible()
    qtbot.mouseClick(guide.close_button, Qt.MouseButton.LeftButton)
    assert not screen.connect_note.isVisible()

    # Now "Ghi gói" just works: the key is open in this session, nothing is asked.
    bundle = tmp_path / "usb" / "len-tinh.dvk"
    monkeypatch.setattr(sync_screen, "choose_bundle_to_save", lambda parent, name: str(bundle))
    qtbot.mouseClick(screen.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.outbox.rowCount() == 1, timeout=20_000)
    assert "Tỉnh Ninh Bình" in screen.export_status.text()
    screen.jobs.wait(5000)

    # The province chooses the bundle before enrolling the card: told by name what to do.
    above = screen_of(qtbot, province)
    above.tabs.setCurrentIndex(1)

    def province_passphrase(dialog):  # the bundle is encrypted to the province (issue 26)
        type_text(qtbot, dialog.field, PROVINCE_PASSPHRASE)
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)

    when_modal(PassphraseDialog, province_passphrase)
    above.preview_bundle(str(bundle))
    qtbot.waitUntil(lambda: above.enrol_sender_button.isVisible(), timeout=20_000)
    refusal = above.preview_label.text()
    assert "Phường Yên Thắng chưa kết nối" in refusal and COMMUNE not in refusal
    assert "Chưa có gì thay đổi" in refusal
    monkeypatch.setattr(sync_screen, "choose_card_to_open", lambda parent: str(card))
    type_code_in_groups(qtbot, code)
    qtbot.mouseClick(above.enrol_sender_button, Qt.MouseButton.LeftButton)
    assert not above.enrol_sender_button.isVisible()
    above.preview_bundle(str(bundle))
    qtbot.waitUntil(lambda: above.import_button.isEnabled(), timeout=20_000)
    qtbot.mouseClick(above.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: above.inbox.rowCount() == 1, timeout=20_000)
    assert above.inbox.item(0, 0).text() == "Phường Yên Thắng"
    above.jobs.wait(5000)
    assert province.db.execute("SELECT count(*) FROM registrations WHERE name = ?",
                               ["Mô hình đầu tiên gửi lên tỉnh"]).fetchone()[0] == 1
    commune.close()
    province.close()


def test_a_province_without_a_key_is_guided_too(tmp_path, qtbot):
    province = fresh_office(tmp_path / "tinh.sqlite", PROVINCE)
    screen = screen_of(qtbot, province)
    assert screen.connect_button.isVisible()
    guide = screen.open_connect_guide()
    assert guide.pages.currentIndex() == KEY
    guide.show_step(CALL)
    assert "Tạo khóa" in guide.call_intro.text() or "tạo khóa" in guide.call_intro.text()
    assert "cấp cao nhất" in guide.parent_state.text()
    guide.close()
    province.close()
