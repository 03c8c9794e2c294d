"""The encrypted data file in the window, driven as a clerk would: turning encryption
on (the passphrase twice, the recovery key shown and saved to print), the passphrase
asked at start (a wrong one changes nothing and the dialog stays), the recovery key
for a forgotten passphrase, portable mode and the Tools menu."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from app import atrest
from app.context import AppContext
from db import connection
from tests.gui.conftest import modal_watchdog, qt_translations  # noqa: F401
from tests.gui.helpers import answer_message_box, close_quietly, type_text, when_modal
from tests.privacy.test_encryption_at_rest import PASSPHRASE, _office_with_a_person
from ui.screens.data_key_dialog import EncryptDialog, UnlockDialog


@pytest.fixture(autouse=True)
def _fast(fast_keys):
    yield


def _encrypt_with_the_passphrase(dialog) -> None:
    """The clerk types the passphrase twice, encrypts, then clicks Done."""
    dialog.first.setText(PASSPHRASE)
    dialog.second.setText(PASSPHRASE)
    dialog.accept()
    dialog.accept()


def _bytes(path: Path) -> tuple[str, str]:
    return (hashlib.sha256(path.read_bytes()).hexdigest(),
            hashlib.sha256(atrest.key_file(path).read_bytes()).hexdigest())


def _encrypted_office(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "office.sqlite"
    _office_with_a_person(path)
    recovery = atrest.enable(path, PASSPHRASE).recovery_key
    connection._KEYS.clear()
    return path, recovery


def test_a_clerk_encrypts_the_data_file_and_saves_the_recovery_key(tmp_path, qtbot):
    path = tmp_path / "office.sqlite"
    _office_with_a_person(path)
    dialog = EncryptDialog(path, "Phường Yên Thắng", required=True)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.first, PASSPHRASE)
    type_text(qtbot, dialog.second, PASSPHRASE + "x")
    qtbot.keyClick(dialog.second, Qt.Key.Key_Return)
    assert dialog.error.text() == "Hai lần nhập mật khẩu không giống nhau."
    assert not atrest.is_encrypted(path) and connection.is_plain(path)
    dialog.second.clear()
    type_text(qtbot, dialog.second, PASSPHRASE)
    qtbot.keyClick(dialog.second, Qt.Key.Key_Return)
    assert atrest.is_encrypted(path) and not connection.is_plain(path)
    key = dialog.key.text()
    assert dialog.key.isVisible() and len(key) == 39 and "khóa khôi phục" in dialog.error.text()
    answer_message_box("Đóng")
    sheet = dialog.save_sheet(str(tmp_path / "khoa.pdf"))
    assert sheet is not None and sheet.stat().st_size > 1000
    dialog.reject()  # closing the window once encrypted is finishing
    assert dialog.result() == 1
    connection._KEYS.clear()
    atrest.unlock(path, recovery=key)


def test_a_wrong_passphrase_is_said_and_changes_nothing(tmp_path, qtbot):
    path, _recovery = _encrypted_office(tmp_path)
    before = _bytes(path)
    dialog = UnlockDialog(path)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.passphrase, "mat-khau-sai")
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.isVisible() and "không mở được" in dialog.error.text()
    assert dialog.passphrase.selectedText() == "mat-khau-sai"  # typed over at once
    assert atrest.needs_unlocking(path) and _bytes(path) == before
    type_text(qtbot, dialog.passphrase, PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.result() == 1 and not atrest.needs_unlocking(path)
    assert _bytes(path) == before
    with AppContext.open(path, actor="test") as ctx:
        assert ctx.privacy.find("Đinh Thị Xuân")


def test_a_forgotten_passphrase_is_replaced_with_the_recovery_key(tmp_path, qtbot):
    path, recovery = _encrypted_office(tmp_path)
    before = _bytes(path)
    dialog = UnlockDialog(path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.forgotten, Qt.MouseButton.LeftButton)
    assert dialog.recovery.isVisible()
    type_text(qtbot, dialog.recovery, "ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-2345-6789")
    type_text(qtbot, dialog.new_passphrase, "cum-mat-khau-moi")
    type_text(qtbot, dialog.new_again, "cum-mat-khau-moi")
    qtbot.keyClick(dialog.new_again, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.error.text() and _bytes(path) == before
    dialog.recovery.clear()
    type_text(qtbot, dialog.recovery, recovery.lower())
    qtbot.keyClick(dialog.new_again, Qt.Key.Key_Return)
    assert dialog.result() == 1
    assert _bytes(path)[0] == before[0]  # the data file itself untouched
    connection._KEYS.clear()
    atrest.unlock(path, passphrase="cum-mat-khau-moi")


def test_the_window_asks_the_passphrase_at_start(tmp_path, qtbot):
    from ui import launch

    path, _recovery = _encrypted_office(tmp_path)

    def wrong_then_right(dialog):
        dialog.passphrase.setText("sai")
        dialog.accept()
        assert dialog.error.text()
        dialog.passphrase.setText(PASSPHRASE)
        dialog.accept()

    when_modal(UnlockDialog, wrong_then_right)
    ctx = launch.open_or_rescue(path)
    assert ctx is not None
    assert ctx.privacy.find("Đinh Thị Xuân")
    ctx.close()
    connection._KEYS.clear()
    when_modal(UnlockDialog, lambda dialog: dialog.reject())  # the clerk gives up
    assert launch.open_or_rescue(path) is None


def test_portable_mode_requires_encryption_at_start(tmp_path, qtbot, monkeypatch):
    from ui import launch

    path = tmp_path / "office.sqlite"
    _office_with_a_person(path)
    monkeypatch.setattr("app.paths.portable_dir", lambda: tmp_path)

    when_modal(EncryptDialog, lambda dialog: dialog.reject())
    answer_message_box("Đóng")
    assert launch.offer_encryption(AppContext.open(path, actor="test"),
                                   first_run=False) is None
    assert connection.is_plain(path) and not atrest.is_encrypted(path)

    when_modal(EncryptDialog, _encrypt_with_the_passphrase)
    ctx = launch.offer_encryption(AppContext.open(path, actor="test"), first_run=False)
    assert ctx is not None and atrest.is_encrypted(path)
    assert ctx.privacy.find("Đinh Thị Xuân")
    ctx.close()


def test_the_tools_menu_encrypts_at_the_next_start_as_the_same_user(tmp_path, qtbot):
    from app.domain.accounts import ADMIN
    from ui import launch
    from ui.main_window import MainWindow

    path = tmp_path / "office.sqlite"
    _office_with_a_person(path)
    with AppContext.open(path, actor="test") as ctx:
        ctx.accounts.add("quantri", "mat-khau-1", ADMIN)
    ctx = AppContext.open(path)
    ctx.accounts.login("quantri", "mat-khau-1")
    window = MainWindow(ctx)
    window.show()
    action = window.findChild(QAction, "encryptDataAction")
    answer_message_box("Mã hóa ở lần mở sau")
    action.trigger()
    assert ctx.privacy.encryption_asked() and connection.is_plain(path)
    close_quietly(window)
    ctx.close()

    ctx = AppContext.open(path)
    ctx.accounts.login("quantri", "mat-khau-1")

    when_modal(EncryptDialog, _encrypt_with_the_passphrase)
    ctx = launch.offer_encryption(ctx, first_run=False)
    assert atrest.is_encrypted(path) and ctx.accounts.user.name == "quantri"
    assert not ctx.privacy.encryption_asked()
    actions = [r[0] for r in ctx.db.execute("SELECT action FROM audit_log ORDER BY seq")]
    assert actions.index("encrypt_asked") < actions.index("encrypt")
    ctx.close()
