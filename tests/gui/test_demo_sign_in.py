"""Issue 18, point 11: the demo office with accounts says on its sign-in screen how to
sign in (its user names and password), and a real office's sign-in screen does not."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from app.context import AppContext
from app.domain.accounts import ADMIN
from app.services import accounts as accounts_service
from ui.screens.login_dialog import LoginDialog

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    import nacl.pwhash

    monkeypatch.setattr(accounts_service, "OPSLIMIT", nacl.pwhash.argon2id.OPSLIMIT_MIN)
    monkeypatch.setattr(accounts_service, "MEMLIMIT", nacl.pwhash.argon2id.MEMLIMIT_MIN)


def test_the_demo_sign_in_screen_says_how_to_sign_in(demo_network, qtbot):
    offices = json.loads((demo_network / "network.json").read_text("utf-8"))["offices"]
    last = [o for o in offices if o["level"] == "xa"][-1]
    with AppContext.open(demo_network / last["db"]) as ctx:
        assert ctx.accounts.enabled()
        dialog = LoginDialog(ctx)
        qtbot.addWidget(dialog)
        dialog.show()
        hint = dialog.demo_hint.text()
        assert dialog.demo_hint.isVisible()
        assert "Dữ liệu mẫu" in hint and "demo1234" in hint
        assert "quantri" in hint and "duyet" in hint and "nhaplieu" in hint
        assert "cu.nhanvien" not in hint  # a disabled account is not offered
        # What the hint says works: the clerk types it and is in.
        qtbot.keyClicks(dialog.name, "duyet")
        qtbot.keyClicks(dialog.password, "demo1234")
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        assert dialog.result() == LoginDialog.DialogCode.Accepted
        assert ctx.accounts.user.name == "duyet"


def test_a_real_office_says_nothing_of_passwords(ctx, qtbot):
    ctx.accounts.add("quantri", "mat-khau-1", ADMIN)
    ctx.accounts.logout()
    dialog = LoginDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.demo_hint.isVisible() and dialog.demo_hint.text() == ""


def test_the_readme_says_how_to_sign_in_to_the_demo():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    assert "demo1234" in readme and "nhaplieu" in readme
