"""Issue 7 in the window: the Keys tab (change our key, revoke a key below, replace a
lost key), encrypted bundles, a district's bundle previewed at the province, and the
merge dialog of the Units screen; driven like a clerk would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.i18n import _
from tests.gui.conftest import modal_watchdog, qt_translations  # noqa: F401  (autouse)
from tests.gui.helpers import answer_message_box, type_text, when_modal
from tests.sync.builders import register
from tests.sync.tree_net import C1, C1B, D1, PASSPHRASE, PROVINCE
from ui.jobs import JobRunner
from ui.screens import sync_screen
from ui.screens.fingerprint_dialog import FingerprintDialog
from ui.screens.merge_dialog import MergeDialog
from ui.screens.passphrase_dialog import PassphraseDialog
from ui.screens.revoke_dialog import RevokeDialog
from ui.screens.sync_screen import SyncScreen
from ui.screens.units_screen import UnitsScreen

pytestmark = pytest.mark.gui


def type_passphrase(qtbot):
    def act(dialog):
        qtbot.keyClicks(dialog.field, PASSPHRASE)
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)

    when_modal(PassphraseDialog, act)


def keys_screen(qtbot, ctx) -> SyncScreen:
    screen = SyncScreen(ctx, JobRunner())
    qtbot.addWidget(screen)
    screen.show()
    screen.tabs.setCurrentIndex(2)
    return screen


def row_of(screen, unit: str) -> int:
    for row in range(screen.keys_table.rowCount()):
        if screen.keys_table.item(row, 0).data(Qt.ItemDataRole.UserRole) == unit:
            return row
    raise AssertionError(unit)


def test_revoking_a_commune_key_from_the_keys_tab(tree, qtbot):
    ctx = tree.open(D1)
    screen = keys_screen(qtbot, ctx)
    assert screen.keys_table.horizontalHeaderItem(4).text() == "Trạng thái"
    row = row_of(screen, C1)
    assert screen.keys_table.item(row, 4).text() == "còn hiệu lực"
    screen.keys_table.selectRow(row)
    assert screen.revoke_button.isEnabled()
    screen.keys_table.selectRow(row_of(screen, PROVINCE))
    assert not screen.revoke_button.isEnabled()  # the office above is not ours to revoke
    screen.keys_table.selectRow(row_of(screen, C1))

    def give_reason(dialog: RevokeDialog):
        type_text(qtbot, dialog.reason, "Máy tính bị mất")
        type_passphrase(qtbot)
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)

    when_modal(RevokeDialog, give_reason)
    qtbot.mouseClick(screen.revoke_button, Qt.MouseButton.LeftButton)
    row = row_of(screen, C1)
    assert screen.keys_table.item(row, 4).text().startswith("đã thu hồi")
    reason = ctx.db.execute("SELECT json_extract(body, '$.reason') FROM key_statements"
                            " WHERE type = 'revocation'").fetchone()
    assert reason == ("Máy tính bị mất",)
    ctx.close()


def test_changing_our_key_keeps_the_passphrase(tree, qtbot):
    ctx = tree.open(D1)
    before = ctx.keys.own().key_id
    screen = keys_screen(qtbot, ctx)
    assert screen.rotate_button.text() == "Đổi khóa của đơn vị..."
    seen: list[str] = []
    answer_message_box("Đổi khóa")
    type_passphrase(qtbot)
    answer_message_box("Đóng", seen, delay=300)
    qtbot.mouseClick(screen.rotate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    after = ctx.keys.own().key_id
    # The clerk reads the new key's check code; identifiers stay in the tooltip.
    assert after != before and ctx.keys.own().fingerprint in screen.own_key.text()
    assert ctx.keys.own().fingerprint in seen[0] and before not in seen[0]
    assert after in screen.own_key.toolTip()
    assert ctx.keys.unlock(PASSPHRASE)
    ctx.close()


def test_replacing_a_lost_key_needs_the_fingerprint(tree, tmp_path, qtbot, monkeypatch):
    with tree.open(C1) as commune:
        commune.keys.create(PASSPHRASE, demo=True, replace=True)
        card = commune.keys.write_card(tmp_path / "c1.dvkkey", PASSPHRASE)
    ctx = tree.open(D1)
    screen = keys_screen(qtbot, ctx)
    monkeypatch.setattr(sync_screen, "choose_card_to_open",
                        lambda parent: str(tmp_path / "c1.dvkkey"))
    errors: list[str] = []

    def fingerprint(dialog: FingerprintDialog):
        assert dialog.windowTitle() == "Thay khóa bị mất"
        # The check code is typed group by group, as it is read over the phone.
        qtbot.keyClicks(dialog.groups[0], "1" * 30)
        qtbot.keyClick(dialog.groups[5], Qt.Key.Key_Return)
        errors.append(dialog.error.text())
        dialog.set_text("")
        qtbot.keyClicks(dialog.groups[0], card.fingerprint)
        qtbot.keyClick(dialog.groups[5], Qt.Key.Key_Return)

    type_passphrase(qtbot)
    when_modal(FingerprintDialog, fingerprint)
    qtbot.mouseClick(screen.replace_button, Qt.MouseButton.LeftButton)
    assert "không khớp" in errors[0]
    states = [screen.keys_table.item(r, 4).text() for r in range(screen.keys_table.rowCount())
              if screen.keys_table.item(r, 0).data(Qt.ItemDataRole.UserRole) == C1]
    assert sorted(s.startswith("đã thu hồi") for s in states) == [False, True]
    ctx.close()


def test_an_encrypted_bundle_asks_the_passphrase_and_a_forwarded_one_is_shown(
        tree, tmp_path, qtbot, monkeypatch):
    with tree.open(C1) as commune:
        register(commune, "Điển hình mã hoá", person=True)
    commune = tree.open(C1)
    screen = SyncScreen(commune, JobRunner())
    qtbot.addWidget(screen)
    screen.encrypt.setChecked(True)
    target = tmp_path / "kin.dvk"
    monkeypatch.setattr(sync_screen, "choose_bundle_to_save", lambda parent, name: str(target))
    type_passphrase(qtbot)
    qtbot.mouseClick(screen.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "mã hoá" in screen.export_status.text().lower()
                    or "mã hóa" in screen.export_status.text().lower(), timeout=10_000)
    screen.jobs.wait(5000)
    commune.close()
    district = tree.open(D1)
    screen = SyncScreen(district, JobRunner())
    qtbot.addWidget(screen)
    screen.tabs.setCurrentIndex(1)
    monkeypatch.setattr(sync_screen, "choose_bundle_to_open", lambda parent: str(target))
    type_passphrase(qtbot)
    qtbot.mouseClick(screen.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.import_button.isEnabled(), timeout=10_000)
    qtbot.mouseClick(screen.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.inbox.rowCount() == 1, timeout=10_000)
    screen.jobs.wait(5000)
    district.close()
    up = tree.send(D1, PROVINCE, tmp_path / "len-tinh.dvk")
    province = tree.open(PROVINCE)
    screen = SyncScreen(province, JobRunner())
    qtbot.addWidget(screen)
    screen.preview_bundle(str(up))
    qtbot.waitUntil(lambda: screen.preview.rowCount() > 0, timeout=10_000)
    # The forwarded bundle is named by its office and number (issue 18: no bare codes).
    assert "Xã Yên Mô, gói số 1" in screen.preview_label.text()
    assert C1 not in screen.preview_label.text()
    # Rows by office (issue 25): the commune whose bundle is forwarded, then the
    # district, by name (the code on hover)
    offices = [screen.preview.item(r, 0) for r in range(screen.preview.rowCount())]
    assert offices[0].text() == "Xã Yên Mô" and C1 in offices[0].toolTip()
    assert offices[1].text().startswith("Huyện Yên Mô")
    qtbot.mouseClick(screen.details_button, Qt.MouseButton.LeftButton)
    assert _("Persons") + ": 1" in screen.rejections.toPlainText()
    screen.jobs.wait(5000)
    province.close()


def test_the_merge_dialog_of_the_units_screen(tree, qtbot):
    ctx = tree.open(D1)
    screen = UnitsScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    assert screen.merge_button.text() == "Sáp nhập đơn vị..."
    assert not screen.mergers.isVisible()
    dialog = screen.merge_units()
    assert isinstance(dialog, MergeDialog)
    dialog.old.setCurrentIndex(dialog.old.findData(C1B))
    assert [dialog.into.itemData(i) for i in range(dialog.into.count())] == [C1]
    qtbot.keyClicks(dialog.on.line, "31/02/2026")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.text()
    dialog.on.line.clear()
    qtbot.keyClicks(dialog.on.line, "01/12/2026")
    type_text(qtbot, dialog.note, "Nghị quyết sắp xếp đơn vị hành chính")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    assert ctx.units.get(C1B).merged_into == C1
    assert screen.mergers.isVisible() and screen.mergers.topLevelItemCount() == 1
    assert screen.mergers.topLevelItem(0).text(2) == "01/12/2026"
    ctx.close()
