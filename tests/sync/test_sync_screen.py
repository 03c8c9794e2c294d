"""The data exchange screen, driven like a clerk would: import with preview and
confirmation, export with the passphrase asked, enrolling a key card."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.i18n import _
from tests.gui.helpers import when_modal
from tests.sync.builders import export, register
from tests.sync.conftest import COMMUNE, PROVINCE
from ui.jobs import JobRunner
from ui.main_window import MainWindow
from ui.screens import sync_screen
from ui.screens.fingerprint_dialog import FingerprintDialog
from ui.screens.passphrase_dialog import PassphraseDialog
from ui.screens.sync_screen import SyncScreen

pytestmark = pytest.mark.gui


def test_import_shows_the_preview_and_writes_only_when_confirmed(net, tmp_path, qtbot,
                                                                 monkeypatch):
    with net.open(COMMUNE) as commune:
        register(commune, "Mô hình đi qua màn hình")
        register(commune, "Điển hình đi qua màn hình", person=True)
        bundle = export(commune, PROVINCE, tmp_path / "b.dvk")
    ctx = net.open(PROVINCE)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    item = window.nav.findItems(_("Data exchange"), Qt.MatchFlag.MatchExactly)[0]
    assert item.text() == "Trao đổi dữ liệu"
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton,
                     pos=window.nav.visualItemRect(item).center())
    screen = window.sync
    assert window.stack.currentWidget() is screen
    screen.tabs.setCurrentIndex(1)
    monkeypatch.setattr(sync_screen, "choose_bundle_to_open", lambda parent: str(bundle))
    qtbot.mouseClick(screen.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.preview.rowCount() > 0, timeout=10_000)
    # Rows by commune and what it brings (issue 25), not by kind of record...
    rows = [[screen.preview.item(r, c).text() for c in range(5)]
            for r in range(screen.preview.rowCount())]
    assert rows[0][:2] == ["Phường Yên Thắng", "1"]  # by name, the code on hover
    assert screen.preview.item(0, 0).toolTip() == "Mã đơn vị: 14725"
    assert rows[0][4] == "2 đăng ký mới"
    # ...and the counts per kind still there for whoever asks for them
    qtbot.mouseClick(screen.details_button, Qt.MouseButton.LeftButton)
    assert "Đăng ký mô hình: 2 mới, 0 cập nhật" in screen.rejections.toPlainText()
    assert "Phường Yên Thắng" in screen.preview_label.text()
    assert ctx.db.execute("SELECT count(*) FROM registrations").fetchone()[0] == 0
    assert screen.import_button.isEnabled()
    qtbot.mouseClick(screen.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.inbox.rowCount() == 1, timeout=10_000)
    assert ctx.db.execute("SELECT count(*) FROM registrations").fetchone()[0] == 2
    assert screen.import_status.text().startswith("Đã nhập")
    assert not screen.import_button.isEnabled()
    # the list of registrations shows the imported models
    qtbot.waitUntil(lambda: window.registrations.model.rowCount() == 2, timeout=5_000)
    # choosing it again: already imported, nothing to confirm
    qtbot.mouseClick(screen.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "đã được nhập" in screen.preview_label.text(), timeout=10_000)
    assert not screen.import_button.isEnabled()
    window.jobs.wait(5000)
    ctx.close()


def test_a_refused_bundle_is_explained_on_the_screen(net, tmp_path, qtbot, monkeypatch):
    bad = tmp_path / "hong.dvk"
    bad.write_bytes(b"PK\x03\x04 broken")
    ctx = net.open(PROVINCE)
    runner = JobRunner()
    screen = SyncScreen(ctx, runner)
    qtbot.addWidget(screen)
    monkeypatch.setattr(sync_screen, "choose_bundle_to_open", lambda parent: str(bad))
    qtbot.mouseClick(screen.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "hỏng" in screen.preview_label.text(), timeout=10_000)
    assert not screen.import_button.isEnabled()
    runner.wait(5000)
    ctx.close()


def test_export_asks_the_passphrase_and_says_when_it_is_wrong(net, tmp_path, qtbot,
                                                              monkeypatch):
    ctx = net.open(COMMUNE)
    register(ctx, "Mô hình gửi lên")
    runner = JobRunner()
    screen = SyncScreen(ctx, runner)
    qtbot.addWidget(screen)
    screen.show()
    assert screen.recipient.currentData() == PROVINCE
    target = tmp_path / "len-tinh.dvk"
    monkeypatch.setattr(sync_screen, "choose_bundle_to_save", lambda parent, name: str(target))
    seen: list[str] = []

    def type_passphrase(dialog: PassphraseDialog) -> None:
        qtbot.keyClicks(dialog.field, "sai roi")
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
        seen.append(dialog.error.text())
        assert dialog.isVisible()
        dialog.field.clear()
        qtbot.keyClicks(dialog.field, "demo")
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)

    when_modal(PassphraseDialog, type_passphrase)
    qtbot.mouseClick(screen.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: target.exists() and screen.outbox.rowCount() == 1, timeout=10_000)
    assert seen == ["Sai mật khẩu của khóa đơn vị; hãy thử lại."]
    assert "len-tinh.dvk" in screen.export_status.text()
    # asked once per session: the second export does not ask again
    target = tmp_path / "lan-hai.dvk"
    monkeypatch.setattr(sync_screen, "choose_bundle_to_save", lambda parent, name: str(target))
    qtbot.mouseClick(screen.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: target.exists(), timeout=10_000)
    runner.wait(5000)
    ctx.close()


def test_enrolling_a_card_needs_the_right_fingerprint(net, tmp_path, qtbot, monkeypatch):
    with net.open(COMMUNE) as commune:
        card = commune.keys.write_card(tmp_path / "xa.dvkkey", "demo")
    ctx = net.open(PROVINCE)
    ctx.db.execute("DELETE FROM trusted_keys")
    screen = SyncScreen(ctx, JobRunner())
    qtbot.addWidget(screen)
    screen.tabs.setCurrentIndex(2)
    assert screen.keys_table.rowCount() == 0
    monkeypatch.setattr(sync_screen, "choose_card_to_open", lambda parent: str(
        tmp_path / "xa.dvkkey"))
    errors: list[str] = []

    def type_fingerprint(dialog: FingerprintDialog) -> None:
        # Typed group by group as the commune reads it (issue 18: six boxes of five).
        qtbot.keyClicks(dialog.groups[0], "11111 22222 33333 44444 55555 66666")
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
        errors.append(dialog.error.text())
        dialog.set_text("")
        qtbot.keyClicks(dialog.groups[0], card.fingerprint)
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)

    when_modal(FingerprintDialog, type_fingerprint)
    qtbot.mouseClick(screen.enrol_button, Qt.MouseButton.LeftButton)
    assert "không khớp" in errors[0]
    assert screen.keys_table.rowCount() == 1
    office = screen.keys_table.item(0, 0)  # by name, the code on hover (issue 18)
    assert office.data(Qt.ItemDataRole.UserRole) == COMMUNE
    assert office.text() == "Phường Yên Thắng" and COMMUNE in office.toolTip()
    ctx.close()


def test_conflict_queue_shows_what_differs_and_can_be_marked(net, tmp_path, qtbot):
    from tests.sync.builders import rename_model

    with net.open(COMMUNE) as commune:
        model = register(commune, "Mô hình chung")
        export(commune, PROVINCE, tmp_path / "1.dvk")
    with net.open(PROVINCE) as province:
        province.sync.import_bundle(tmp_path / "1.dvk")
        province.registrations.withdraw(model, "Tỉnh rút")
    with net.open(COMMUNE) as commune:
        rename_model(commune, model, "Mô hình chung (xã sửa)")
        export(commune, PROVINCE, tmp_path / "2.dvk")
    ctx = net.open(PROVINCE)
    ctx.sync.import_bundle(tmp_path / "2.dvk")
    screen = SyncScreen(ctx, JobRunner())
    qtbot.addWidget(screen)
    screen.tabs.setCurrentIndex(3)
    assert screen.tabs.tabText(3) == "Xung đột (1)"
    assert screen.conflicts.rowCount() == 1
    screen.conflicts.selectRow(0)
    detail = screen.conflict_detail.toPlainText()
    assert "- name:" in detail and "- status:" in detail
    qtbot.mouseClick(screen.reviewed_button, Qt.MouseButton.LeftButton)
    assert screen.conflicts.rowCount() == 0
    assert ctx.sync.conflicts() == [] and len(ctx.sync.conflicts(include_reviewed=True)) == 1
    ctx.close()
