"""Issue 18, point 7: a cancelled export says so, in place of what the previous export
said ("Đã ghi gói số 2..." stayed on the screen after a cancel)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.gui.helpers import when_modal
from tests.sync.builders import register
from tests.sync.conftest import COMMUNE
from ui.jobs import JobRunner
from ui.screens import sync_screen
from ui.screens.passphrase_dialog import PassphraseDialog
from ui.screens.sync_screen import SyncScreen

pytestmark = pytest.mark.gui


def test_a_cancelled_export_says_so_and_clears_the_last_message(net, tmp_path, qtbot,
                                                               monkeypatch):
    ctx = net.open(COMMUNE)
    register(ctx, "Mô hình gửi lên")
    runner = JobRunner()
    screen = SyncScreen(ctx, runner)
    qtbot.addWidget(screen)
    screen.show()
    target = tmp_path / "len-tinh.dvk"
    monkeypatch.setattr(sync_screen, "choose_bundle_to_save", lambda parent, name: str(target))

    def type_passphrase(dialog: PassphraseDialog) -> None:
        qtbot.keyClicks(dialog.field, "demo")
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)

    when_modal(PassphraseDialog, type_passphrase)
    qtbot.mouseClick(screen.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: target.exists() and screen.outbox.rowCount() == 1, timeout=10_000)
    assert "len-tinh.dvk" in screen.export_status.text()
    # The clerk starts a second export and cancels the file dialog.
    monkeypatch.setattr(sync_screen, "choose_bundle_to_save", lambda parent, name: "")
    qtbot.mouseClick(screen.export_button, Qt.MouseButton.LeftButton)
    assert screen.export_status.text() == "Chưa ghi gói nào: đã hủy."
    # ... or cancels the job while it runs.
    monkeypatch.setattr(sync_screen, "choose_bundle_to_save",
                        lambda parent, name: str(tmp_path / "lan-hai.dvk"))

    def cancel_at_once(to, out, **options):
        from app.core.progress import Cancelled

        raise Cancelled()

    monkeypatch.setattr(type(ctx.sync), "export", lambda self, to, out, **options:
                        cancel_at_once(to, out, **options))
    qtbot.mouseClick(screen.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.export_status.text() == "Chưa ghi gói nào: đã hủy.",
                    timeout=10_000)
    assert not (tmp_path / "lan-hai.dvk").exists()
    runner.wait(5000)
    ctx.close()
