"""The window's side of issue 10: signing in, the audit log screen, restoring a backup
with its preview, and a damaged data file at start offering a restore."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.context import AppContext
from app.domain.accounts import ADMIN, CLERK
from app.services import accounts as accounts_service
from tests.gui.helpers import answer_message_box, type_text
from tests.helpers import collective
from ui.main_window import MainWindow
from ui.screens.login_dialog import LoginDialog
from ui.screens.restore_dialog import RestoreDialog


def _fast_hashing(monkeypatch):
    import nacl.pwhash

    monkeypatch.setattr(accounts_service, "OPSLIMIT", nacl.pwhash.argon2id.OPSLIMIT_MIN)
    monkeypatch.setattr(accounts_service, "MEMLIMIT", nacl.pwhash.argon2id.MEMLIMIT_MIN)


def test_sign_in_dialog_refuses_a_wrong_password_then_signs_in(qtbot, ctx, monkeypatch):
    _fast_hashing(monkeypatch)
    ctx.accounts.add("quantri", "mat-khau-1", ADMIN)
    ctx.accounts.add("lan", "mat-khau-3", CLERK, "Trần Thị Lan")
    ctx.accounts.logout()
    dialog = LoginDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, "lan")
    qtbot.keyClicks(dialog.password, "sai-mat-khau")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.isVisible() and "Sai tên đăng nhập" in dialog.error.text()
    assert ctx.accounts.user is None
    qtbot.keyClicks(dialog.password, "mat-khau-3")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert ctx.accounts.user.name == "lan" and dialog.result() == dialog.DialogCode.Accepted
    window = MainWindow(ctx)  # closed by the test (it deletes itself on close)
    assert "lan" in window.user_label.text() and "Nhập liệu" in window.user_label.text()
    window.close()


def test_audit_screen_shows_who_did_what_and_filters(qtbot, ctx):
    ctx.registrations.save(collective(ctx, "Mô hình cần ghi nhật ký"))
    window = MainWindow(ctx)  # closed by the test (it deletes itself on close)
    window.show()
    window.nav.setCurrentRow(window.stack.indexOf(window.audit))
    screen = window.audit
    texts = [screen.table.item(r, 3).text() for r in range(screen.table.rowCount())]
    assert "Tạo mới" in texts and "Thiết lập cơ quan" in texts
    assert "nguyên vẹn" in screen.chain.text()
    screen.action.setCurrentIndex(screen.action.findData("setup"))
    type_text(qtbot, screen.search, "14725")
    qtbot.keyClick(screen.search, Qt.Key.Key_Return)
    assert screen.table.rowCount() == 1
    assert screen.table.item(0, 2).text() == "test"
    window.close()


def test_restore_from_the_window_with_a_preview(qtbot, ctx, tmp_path):
    ctx.registrations.save(collective(ctx, "Có trong bản sao lưu"))
    backup = ctx.backups.backup_to(ctx.backups.folder().mkdir(parents=True, exist_ok=True)
                                   or ctx.backups.folder())
    ctx.registrations.save(collective(ctx, "Nhập sau khi sao lưu"))
    dialog = RestoreDialog(None, ctx=ctx, db_path=ctx.path)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.backups() == [backup] and dialog.chosen == backup
    text = dialog.preview.text()
    assert "Phường Yên Thắng (14725)" in text and "Đăng ký mô hình: 1" in text
    assert dialog.restore_button.isEnabled()
    answer_message_box("Khôi phục")
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert ctx.db.execute("SELECT count(*) FROM registrations").fetchone()[0] == 1
    assert dialog.safety.exists()


def test_damaged_data_file_at_start_offers_a_restore(qtbot, ctx, db_path, monkeypatch):
    from ui import launch

    ctx.registrations.save(collective(ctx, "Đã sao lưu"))
    folder = ctx.backups.folder()
    folder.mkdir(parents=True, exist_ok=True)
    ctx.backups.backup_to(folder)
    ctx.close()
    with open(db_path, "r+b") as fp:
        fp.write(b"\x00hong" * 1000)
    for suffix in ("-wal", "-shm"):
        type(db_path)(str(db_path) + suffix).unlink(missing_ok=True)

    def restore_first(dialog_self):
        dialog_self.select_backup(0)
        answer_message_box("Khôi phục")
        dialog_self.restore()
        return dialog_self.result()

    monkeypatch.setattr(RestoreDialog, "exec", restore_first)
    seen: list[str] = []
    answer_message_box("Khôi phục từ bản sao lưu...", seen)
    restored = launch.open_or_rescue(db_path)
    assert restored is not None
    assert "hỏng" in seen[0]
    assert restored.db.execute("SELECT count(*) FROM registrations").fetchone()[0] == 1
    assert restored.audit.entries()[0].action == "restore"
    assert list(db_path.parent.glob("office.sqlite.hong-*"))
    restored.close()
    AppContext.open(db_path).close()


def test_accounts_dialog_turns_accounts_on_with_an_administrator(qtbot, ctx, monkeypatch):
    _fast_hashing(monkeypatch)
    window = MainWindow(ctx)  # closed by the test (it deletes itself on close)
    dialog = window.open_accounts()
    assert "Chưa dùng tài khoản" in dialog.state.text()
    qtbot.keyClicks(dialog.name, "quantri")
    type_text(qtbot, dialog.full_name, "Nguyễn Văn Hùng")
    qtbot.keyClicks(dialog.password, "ngan")
    qtbot.mouseClick(dialog.findChild(type(dialog.toggle), "addUser"), Qt.MouseButton.LeftButton)
    assert "ít nhất 8" in dialog.error.text() and not ctx.accounts.enabled()
    qtbot.keyClicks(dialog.password, "mat-khau-dai")
    qtbot.mouseClick(dialog.findChild(type(dialog.toggle), "addUser"), Qt.MouseButton.LeftButton)
    assert ctx.accounts.enabled() and dialog.table.rowCount() == 1
    assert dialog.table.item(0, 2).text() == "Quản trị"
    assert ctx.accounts.user.name == "quantri"
    dialog.close()
    assert "quantri" in window.user_label.text()
    window.close()
