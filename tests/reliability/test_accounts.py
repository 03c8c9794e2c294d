"""Optional accounts: off by default (everything works as before), roles once on,
Argon2id hashes, the audit log names who did what."""

from __future__ import annotations

import pytest

from app.cli.main import main
from app.domain.accounts import ADMIN, APPROVER, CLERK
from app.errors import PermissionDenied, ValidationError
from app.services import accounts as accounts_service
from tests.helpers import collective


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    import nacl.pwhash

    monkeypatch.setattr(accounts_service, "OPSLIMIT", nacl.pwhash.argon2id.OPSLIMIT_MIN)
    monkeypatch.setattr(accounts_service, "MEMLIMIT", nacl.pwhash.argon2id.MEMLIMIT_MIN)


def _office_with_accounts(ctx):
    ctx.accounts.add("quantri", "mat-khau-1", ADMIN, "Nguyễn Văn Quản")
    ctx.accounts.add("duyet", "mat-khau-2", APPROVER)
    ctx.accounts.add("lan", "mat-khau-3", CLERK, "Trần Thị Lan")
    ctx.accounts.logout()


def test_accounts_are_off_by_default_and_nothing_is_checked(ctx):
    assert not ctx.accounts.enabled()
    for role in (CLERK, APPROVER, ADMIN):
        ctx.accounts.require(role)
    ctx.registrations.save(collective(ctx))


def test_first_account_must_be_an_administrator(ctx):
    with pytest.raises(ValidationError) as error:
        ctx.accounts.add("lan", "mat-khau-3", CLERK)
    assert "role" in error.value.fields
    assert not ctx.accounts.enabled()


def test_roles_are_enforced_once_accounts_are_on(ctx):
    _office_with_accounts(ctx)
    with pytest.raises(PermissionDenied, match="đăng nhập|sign in"):
        ctx.registrations.save(collective(ctx))
    ctx.accounts.login("LAN ", "mat-khau-3")  # names are not case-sensitive
    ctx.registrations.save(collective(ctx))
    with pytest.raises(PermissionDenied):
        ctx.accounts.require(APPROVER)
    with pytest.raises(PermissionDenied):
        ctx.sync.export("37", "/nonexistent/x.dvk", passphrase="x")
    with pytest.raises(PermissionDenied):
        ctx.accounts.add("khac", "mat-khau-9", CLERK)
    ctx.accounts.login("duyet", "mat-khau-2")
    ctx.accounts.require(APPROVER)
    with pytest.raises(PermissionDenied):
        ctx.accounts.require(ADMIN)


def test_key_and_tree_changes_need_the_approver(ctx):
    """Changing keys, merging units and moving deadlines travel to other offices
    signed: a clerk may not do them."""
    import datetime as dt

    old = ctx.units.add_subunit("Thôn Đông", "thon")
    new = ctx.units.add_subunit("Thôn Đông Tây", "thon")
    _office_with_accounts(ctx)
    ctx.accounts.login("lan", "mat-khau-3")
    for job in (lambda: ctx.trust.rotate("demo"),
                lambda: ctx.trust.revoke("37", passphrase="demo"),
                lambda: ctx.trust.certify("37", passphrase="demo"),
                lambda: ctx.units.merge(old.code, new.code, "2026-01-01"),
                lambda: ctx.calendar.set_deadlines(2027, registration=dt.date(2027, 4, 15))):
        with pytest.raises(PermissionDenied):
            job()
    assert ctx.units.get(old.code).merged_into is None


def test_passwords_are_argon2id_and_wrong_ones_are_refused_and_logged(ctx):
    _office_with_accounts(ctx)
    stored = ctx.db.execute("SELECT password_hash FROM users WHERE name = 'lan'").fetchone()[0]
    assert stored.startswith("$argon2id$") and "mat-khau-3" not in stored
    with pytest.raises(PermissionDenied):
        ctx.accounts.login("lan", "sai-mat-khau")
    assert ctx.accounts.user is None
    actions = [e.action for e in ctx.audit.entries()]
    assert actions[0] == "login_failed"


def test_disabled_accounts_cannot_sign_in_and_the_last_admin_stays(ctx):
    _office_with_accounts(ctx)
    ctx.accounts.login("quantri", "mat-khau-1")
    ctx.accounts.set_active("lan", False)
    with pytest.raises(PermissionDenied):
        ctx.accounts.login("lan", "mat-khau-3")
    ctx.accounts.login("quantri", "mat-khau-1")
    with pytest.raises(Exception, match="quản trị|administrator"):
        ctx.accounts.set_active("quantri", False)
    ctx.accounts.set_password("lan", "mat-khau-moi")
    ctx.accounts.set_active("lan", True)
    ctx.accounts.login("lan", "mat-khau-moi")


def test_audit_log_names_the_signed_in_user(ctx):
    _office_with_accounts(ctx)
    ctx.accounts.login("lan", "mat-khau-3")
    ctx.registrations.save(collective(ctx, "Mô hình của Lan"))
    entry = next(e for e in ctx.audit.entries() if e.action == "create")
    assert entry.actor == "lan"


def test_command_line_signs_in_with_user_and_password(ctx, db_path, monkeypatch, capsys):
    _office_with_accounts(ctx)
    ctx.close()
    monkeypatch.delenv("DVK_PASSWORD", raising=False)
    assert main(["--db", str(db_path), "units", "add", "Tổ 9", "--type", "to_dan_pho"]) == 1
    assert "DVK_PASSWORD" in capsys.readouterr().err
    monkeypatch.setenv("DVK_PASSWORD", "mat-khau-3")
    assert main(["--db", str(db_path), "--user", "lan", "users", "list"]) == 0
    monkeypatch.setenv("DVK_NEW_PASSWORD", "mat-khau-4")
    assert main(["--db", str(db_path), "--user", "lan", "users", "add", "x", "--role",
                 "nhap_lieu"]) == 1
    monkeypatch.setenv("DVK_PASSWORD", "mat-khau-1")
    assert main(["--db", str(db_path), "--user", "quantri", "users", "add", "xuan", "--role",
                 "nhap_lieu"]) == 0
    monkeypatch.setenv("DVK_PASSWORD", "sai")
    assert main(["--db", str(db_path), "--user", "quantri", "users", "list"]) == 1
