"""Issue 15, point 6: a key open in the session never makes a typed passphrase right.

A passphrase that is given is checked against the stored key even while the key is
open; changing our key needs the passphrase itself (it locks the new key) and it is
checked; the clerk can end the key's session (Khóa lại khóa ký, signing out)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.cli.main import main
from app.domain.accounts import ADMIN, APPROVER
from app.errors import DvkError
from app.repositories import sync_tables
from app.services import accounts as accounts_service
from app.signing import crypto
from tests.gui.conftest import modal_watchdog, qt_translations  # noqa: F401  (autouse)
from tests.gui.helpers import answer_message_box, when_modal
from tests.sync.test_trust_screens import keys_screen
from tests.sync.tree_net import C1, D1, PASSPHRASE
from ui.screens.passphrase_dialog import PassphraseDialog

WRONG = "khong-phai-mat-khau"


def _stored_key(ctx) -> crypto.LockedKey:
    return sync_tables.current_key(ctx.db)


def test_a_given_passphrase_is_checked_even_while_the_key_is_open(tree):
    with tree.open(C1) as ctx:
        signing = ctx.keys.unlock(PASSPHRASE)
        assert ctx.keys.is_unlocked()
        with pytest.raises(DvkError, match="Sai mật khẩu"):
            ctx.keys.unlock(WRONG)
        # no passphrase: the open key is used without asking
        assert ctx.keys.unlock(None).encode() == signing.encode()
        assert ctx.keys.unlock(PASSPHRASE).encode() == signing.encode()
        key_id = ctx.keys.own().key_id
        with pytest.raises(DvkError, match="Sai mật khẩu"):
            ctx.keys.unlock_key(key_id, WRONG)
        assert ctx.keys.unlock_key(key_id, None).encode() == signing.encode()


def test_changing_the_key_with_a_wrong_passphrase_is_refused_while_the_key_is_open(tree):
    before = tree.file_hash(D1)
    with tree.open(D1) as ctx:
        ctx.keys.unlock(PASSPHRASE)
        before = tree.file_hash(D1)
        old = ctx.keys.own().key_id
        with pytest.raises(DvkError, match="Sai mật khẩu"):
            ctx.trust.rotate(WRONG, demo=True)
        with pytest.raises(DvkError, match="DVK_PASSPHRASE"):
            ctx.trust.rotate(None, demo=True)  # an open key does not lock a new one
        with pytest.raises(DvkError, match="DVK_PASSPHRASE"):
            ctx.trust.rotate("", demo=True)
        assert ctx.keys.own().key_id == old
    assert tree.file_hash(D1) == before
    with tree.open(D1) as ctx:
        ctx.keys.unlock(PASSPHRASE)
        new = ctx.trust.rotate(PASSPHRASE, demo=True)
        assert new.key_id != old
        # the new key is locked with the passphrase that was checked
        assert crypto.unlock(_stored_key(ctx), PASSPHRASE)
        with pytest.raises(crypto.WrongPassphrase):
            crypto.unlock(_stored_key(ctx), WRONG)
        assert ctx.keys.unlock(None).verify_key.encode().hex() == _stored_key(ctx).public_key


def test_the_key_session_ends_with_lock_and_with_signing_out(tree, monkeypatch):
    import nacl.pwhash

    monkeypatch.setattr(accounts_service, "OPSLIMIT", nacl.pwhash.argon2id.OPSLIMIT_MIN)
    monkeypatch.setattr(accounts_service, "MEMLIMIT", nacl.pwhash.argon2id.MEMLIMIT_MIN)
    with tree.open(C1) as ctx:
        ctx.keys.unlock(PASSPHRASE)
        ctx.keys.lock()
        assert not ctx.keys.is_unlocked()
        with pytest.raises(DvkError, match="DVK_PASSPHRASE"):
            ctx.keys.unlock(None)
        ctx.accounts.add("quantri", "mat-khau-1", ADMIN)
        ctx.accounts.add("duyet", "mat-khau-2", APPROVER)
        ctx.accounts.logout()
        ctx.accounts.login("duyet", "mat-khau-2")
        ctx.keys.unlock(PASSPHRASE)
        ctx.accounts.logout()
        assert not ctx.keys.is_unlocked()
        ctx.accounts.login("duyet", "mat-khau-2")
        ctx.keys.unlock(PASSPHRASE)
        ctx.accounts.login("quantri", "mat-khau-1")  # another user: the key closes
        assert not ctx.keys.is_unlocked()


def test_cli_rotate_with_a_wrong_passphrase_changes_nothing(tree, monkeypatch, capsys):
    before = tree.file_hash(D1)
    monkeypatch.setenv("DVK_PASSPHRASE", WRONG)
    assert main(["--db", str(tree.path(D1)), "keys", "rotate"]) == 1
    assert "Sai mật khẩu" in capsys.readouterr().err
    assert tree.file_hash(D1) == before


# -- the window ---------------------------------------------------------------------------

@pytest.mark.gui
def test_rotate_dialog_refuses_a_wrong_passphrase_after_the_key_was_unlocked(tree, qtbot):
    ctx = tree.open(D1)
    screen = keys_screen(qtbot, ctx)
    ctx.keys.unlock(PASSPHRASE)  # e.g. a bundle was written earlier in this session
    screen.refresh()
    assert screen.lock_button.isEnabled() and screen.key_session.isVisible()
    before = ctx.keys.own().key_id
    file_before = tree.file_hash(D1)
    messages: list[str] = []

    def wrong_then_cancel(dialog: PassphraseDialog):
        qtbot.keyClicks(dialog.field, WRONG)
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
        messages.append(dialog.error.text())
        assert dialog.isVisible()  # the dialog stays open on a wrong passphrase
        dialog.reject()

    answer_message_box("Đổi khóa")
    when_modal(PassphraseDialog, wrong_then_cancel)
    qtbot.mouseClick(screen.rotate_button, Qt.MouseButton.LeftButton)
    assert messages and "Sai mật khẩu" in messages[0]
    assert ctx.keys.own().key_id == before
    assert tree.file_hash(D1) == file_before

    # the right passphrase: the key changes and the new key opens with it
    seen: list[str] = []

    def right(dialog: PassphraseDialog):
        qtbot.keyClicks(dialog.field, PASSPHRASE)
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)

    answer_message_box("Đổi khóa")
    when_modal(PassphraseDialog, right)
    answer_message_box("Đóng", seen, delay=300)
    qtbot.mouseClick(screen.rotate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert ctx.keys.own().key_id != before
    assert crypto.unlock(_stored_key(ctx), PASSPHRASE)
    ctx.close()


@pytest.mark.gui
def test_lock_button_closes_the_key_and_the_next_signing_asks_again(tree, qtbot,
                                                                      tmp_path, monkeypatch):
    from ui.screens import sync_screen

    ctx = tree.open(C1)
    screen = keys_screen(qtbot, ctx)
    assert screen.lock_button.text() == "Khóa lại khóa ký"
    assert not screen.lock_button.isEnabled()  # nothing open yet
    asked: list[int] = []

    def type_it(dialog: PassphraseDialog):
        asked.append(1)
        qtbot.keyClicks(dialog.field, PASSPHRASE)
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)

    monkeypatch.setattr(sync_screen, "choose_card_to_save",
                        lambda parent, name: str(tmp_path / "the.dvkkey"))
    when_modal(PassphraseDialog, type_it)
    qtbot.mouseClick(screen.card_button, Qt.MouseButton.LeftButton)
    assert asked == [1] and ctx.keys.is_unlocked() and screen.lock_button.isEnabled()
    qtbot.mouseClick(screen.card_button, Qt.MouseButton.LeftButton)  # open: not asked
    assert asked == [1]
    qtbot.mouseClick(screen.lock_button, Qt.MouseButton.LeftButton)
    assert not ctx.keys.is_unlocked() and not screen.lock_button.isEnabled()
    when_modal(PassphraseDialog, type_it)
    qtbot.mouseClick(screen.card_button, Qt.MouseButton.LeftButton)
    assert asked == [1, 1]
    ctx.close()


@pytest.mark.gui
def test_tools_menu_locks_the_signing_key(tree, qtbot):
    from ui.main_window import MainWindow

    ctx = tree.open(C1)
    window = MainWindow(ctx)  # closed by the test (it deletes itself on close)
    ctx.keys.unlock(PASSPHRASE)
    action = window.lock_key_action
    tools = next(m.menu() for m in window.menuBar().actions() if m.text() == "&Công cụ")
    assert action in tools.actions() and action.text() == "Khóa lại khóa ký"
    action.trigger()
    assert not ctx.keys.is_unlocked()
    assert "khóa lại" in window.statusBar().currentMessage().lower()
    window.close()
    ctx.close()
