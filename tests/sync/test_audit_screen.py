"""The Audit log screen and the checkpoints signed with the office key, driven like a
clerk would: it says what is protected and what not, signs a checkpoint with the
passphrase asked once, turns red when the log was rewritten below a checkpoint, and at
the office above lists the checkpoints the offices below sent up."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.gui.helpers import answer_message_box, when_modal
from tests.sync.builders import export, register
from tests.sync.conftest import COMMUNE, PROVINCE
from tests.sync.tamper_log import nth, tamper
from ui.main_window import MainWindow
from ui.screens.passphrase_dialog import PassphraseDialog

pytestmark = pytest.mark.gui


def _audit_screen(qtbot, ctx):
    window = MainWindow(ctx)  # closed by the test (it deletes itself on close)
    window.show()
    window.nav.setCurrentRow(window.stack.indexOf(window.audit))
    return window, window.audit


def _checkpoints(ctx) -> int:
    return ctx.db.execute("SELECT count(*) FROM audit_checkpoints WHERE origin = ?",
                          [ctx.office_code]).fetchone()[0]


def test_the_screen_says_what_is_protected_and_signs_a_checkpoint(net, qtbot, tmp_path):
    with net.open(COMMUNE) as commune:
        register(commune, "Mô hình đã gửi lên")
        export(commune, PROVINCE, tmp_path / "b.dvk")
    ctx = net.open(COMMUNE)  # a new session: the key is locked
    register(ctx, "Mô hình ghi sau điểm chốt")
    window, screen = _audit_screen(qtbot, ctx)
    text = screen.checkpoints.text()
    assert text.startswith("Điểm chốt mới nhất:") and "khi lập gói dữ liệu" in text
    assert "mục ghi sau điểm chốt này chưa được bảo vệ" in text
    assert "Điều chưa được bảo vệ: các mục ghi sau điểm chốt mới nhất" in screen.limits.text()
    assert screen.below_button.isHidden()  # a commune has no office below
    before = _checkpoints(ctx)

    def type_passphrase(dialog: PassphraseDialog) -> None:
        qtbot.keyClicks(dialog.field, "demo")
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)

    seen: list[str] = []
    when_modal(PassphraseDialog, type_passphrase)
    answer_message_box("Đóng", seen)
    qtbot.mouseClick(screen.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert seen[0].startswith("Đã ký điểm chốt cho các mục 1 đến")
    assert _checkpoints(ctx) == before + 1
    assert "0 mục ghi sau điểm chốt này" in screen.checkpoints.text()

    # Someone rewrites entry 3 with plain SQLite and computes the chain again.
    tamper(net.path(COMMUNE), f"UPDATE audit_log SET actor = 'ai-do' WHERE seq = {nth(3)}")
    screen.refresh()
    assert "nguyên vẹn" in screen.chain.text()  # the unkeyed chain alone sees nothing
    assert screen.checkpoints.text().startswith("Nhật ký thao tác đã bị sửa: trong")
    assert "b00020" in screen.checkpoints.styleSheet()
    window.close()


def test_the_office_above_lists_the_checkpoints_of_the_offices_below(net, qtbot, tmp_path):
    with net.open(COMMUNE) as commune:
        register(commune, "Mô hình gửi lên tỉnh")
        bundle = export(commune, PROVINCE, tmp_path / "b.dvk")
    ctx = net.open(PROVINCE)
    ctx.sync.import_bundle(bundle)
    window, screen = _audit_screen(qtbot, ctx)
    assert not screen.below_button.isHidden()
    seen: list[str] = []
    answer_message_box("Đóng", seen)
    qtbot.mouseClick(screen.below_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert seen[0].startswith(f"Phường Yên Thắng ({COMMUNE}): ")
    assert "điểm chốt mới nhất, lúc" in seen[0]
    window.close()
