"""Issue 15, point 7 in the window: the jobs the window runs off its thread keep the
signed-in user (and so the role), a user without the role is told so before any
passphrase is asked, and the window asks to sign in before the office is chosen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.context import AppContext
from app.domain.accounts import ADMIN, APPROVER, CLERK
from app.services import accounts as accounts_service
from tests.gui.conftest import modal_watchdog, qt_translations  # noqa: F401  (autouse)
from tests.gui.helpers import answer_message_box, when_modal
from tests.sync.builders import register
from tests.sync.conftest import COMMUNE, PROVINCE
from ui.jobs import JobRunner
from ui.screens import sync_screen
from ui.screens.passphrase_dialog import PassphraseDialog
from ui.screens.sync_screen import SyncScreen

pytestmark = pytest.mark.gui

NEEDS_ROLE = "không được làm việc này"


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    import nacl.pwhash

    monkeypatch.setattr(accounts_service, "OPSLIMIT", nacl.pwhash.argon2id.OPSLIMIT_MIN)
    monkeypatch.setattr(accounts_service, "MEMLIMIT", nacl.pwhash.argon2id.MEMLIMIT_MIN)


def _accounts(ctx: AppContext) -> None:
    ctx.accounts.add("quantri", "mat-khau-1", ADMIN)
    ctx.accounts.add("duyet", "mat-khau-2", APPROVER)
    ctx.accounts.add("lan", "mat-khau-3", CLERK)
    ctx.accounts.logout()


def _screen(qtbot, ctx) -> SyncScreen:
    screen = SyncScreen(ctx, JobRunner())
    qtbot.addWidget(screen)
    screen.show()
    return screen


def _type_passphrase(qtbot, asked: list | None = None):
    def act(dialog: PassphraseDialog):
        if asked is not None:
            asked.append(1)
        qtbot.keyClicks(dialog.field, "demo")
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)

    when_modal(PassphraseDialog, act)


def _commune_screen(net, qtbot, monkeypatch, target, user: str, password: str):
    """The commune's exchange screen, a model registered, signed in as `user`; the
    bundle goes to `target`."""
    ctx = net.open(COMMUNE)
    register(ctx, "Mô hình gửi khi có tài khoản")
    _accounts(ctx)
    ctx.accounts.login(user, password)
    monkeypatch.setattr(sync_screen, "choose_bundle_to_save", lambda parent, name: str(target))
    return ctx, _screen(qtbot, ctx)


def test_export_and_import_jobs_run_as_the_signed_in_user(net, tmp_path, qtbot,
                                                          monkeypatch):
    target = tmp_path / "len-tinh.dvk"
    ctx, screen = _commune_screen(net, qtbot, monkeypatch, target, "duyet", "mat-khau-2")
    _type_passphrase(qtbot)
    qtbot.mouseClick(screen.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.outbox.rowCount() == 1, timeout=15_000)
    assert target.exists()
    actors = {row[0] for row in ctx.db.execute(
        "SELECT actor FROM audit_log WHERE kind = 'sync_line' OR action = 'export'")}
    screen.jobs.wait(5000)
    ctx.close()

    province = net.open(PROVINCE)
    _accounts(province)
    province.accounts.login("lan", "mat-khau-3")  # importing is the clerk's job
    screen = _screen(qtbot, province)
    screen.tabs.setCurrentIndex(1)
    monkeypatch.setattr(sync_screen, "choose_bundle_to_open", lambda parent: str(target))
    _type_passphrase(qtbot)  # the bundle is encrypted to the province (issue 26)
    qtbot.mouseClick(screen.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.import_button.isEnabled(), timeout=15_000)
    qtbot.mouseClick(screen.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.inbox.rowCount() == 1, timeout=15_000)
    assert province.db.execute("SELECT count(*) FROM registrations WHERE name = ?",
                               ["Mô hình gửi khi có tài khoản"]).fetchone()[0] == 1
    imported_by = {row[0] for row in province.db.execute(
        "SELECT actor FROM audit_log WHERE action = 'import'")}
    assert imported_by <= {"lan"} and actors <= {"duyet"}
    screen.jobs.wait(5000)
    province.close()


def test_a_clerk_is_refused_before_any_passphrase_is_asked(net, tmp_path, qtbot,
                                                           monkeypatch):
    target = tmp_path / "khong-duoc.dvk"
    ctx, screen = _commune_screen(net, qtbot, monkeypatch, target, "lan", "mat-khau-3")
    monkeypatch.setattr(sync_screen, "choose_card_to_save",
                        lambda parent, name: str(tmp_path / "the.dvkkey"))
    before = net.file_hash(COMMUNE)
    key = ctx.keys.own().key_id
    for button in (screen.export_button, screen.card_button, screen.rotate_button):
        asked: list[int] = []
        seen: list[str] = []
        _type_passphrase(qtbot, asked)
        answer_message_box("Đóng", seen)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda seen=seen: bool(seen), timeout=10_000)
        assert NEEDS_ROLE in seen[0] and "Duyệt, ký" in seen[0]
        assert not asked
    assert not target.exists() and not (tmp_path / "the.dvkkey").exists()
    assert ctx.keys.own().key_id == key
    assert net.file_hash(COMMUNE) == before
    ctx.close()


def test_certificates_of_the_office_need_the_approver_in_the_window(demo_network, qtbot,
                                                                    tmp_path):
    from ui.main_window import MainWindow

    ctx = AppContext.open(demo_network / "xa-14215.sqlite")  # the demo commune with accounts
    ctx.accounts.login("nhaplieu", "demo1234")
    window = MainWindow(ctx)  # closed by the test (it deletes itself on close)
    window.open_screen("decisions")
    screen = window.decisions
    screen.reload()
    decision, year = ctx.db.execute(
        "SELECT id, year FROM decisions WHERE issuer_code = '14215' AND state = 'ban_hanh'"
        " ORDER BY number").fetchone()
    screen.year.setCurrentIndex(screen.year.findData(year))
    screen.select(decision)
    assert screen.selected().id == decision
    asked: list[int] = []
    seen: list[str] = []
    _type_passphrase(qtbot, asked)
    answer_message_box("Đóng", seen)
    target = tmp_path / "giay.pdf"
    assert screen.save_certificates(str(target)) is None
    assert seen and NEEDS_ROLE in seen[0] and not asked and not target.exists()
    window.close()
    ctx.close()


def test_the_window_asks_to_sign_in_before_the_office_is_chosen(tmp_path, monkeypatch):
    from ui import launch
    from ui.screens.login_dialog import LoginDialog
    from ui.screens.setup_dialog import SetupDialog

    path = tmp_path / "chua-co-co-quan.sqlite"
    with AppContext.open(path, actor="test") as ctx:  # accounts first, no office yet
        ctx.accounts.add("quantri", "mat-khau-1", ADMIN)
    calls: list[str] = []

    def sign_in(dialog):
        calls.append("login")
        dialog.ctx.accounts.login("quantri", "mat-khau-1")
        return 1

    def choose_office(dialog):
        calls.append("setup")
        dialog.ctx.setup.configure(profile="hai_cap", unit_code="14725")  # as administrator
        return 0  # then the clerk closes the window

    monkeypatch.setattr(LoginDialog, "exec", sign_in)
    monkeypatch.setattr(SetupDialog, "exec", choose_office)
    assert launch.run_gui(db=path, demo=False, lang="vi") == 0
    assert calls == ["login", "setup"]
    with AppContext.open(path, actor="test") as ctx:
        assert ctx.office_code == "14725"
