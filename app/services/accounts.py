"""Optional user accounts with roles, and the one check every guarded job calls.

Accounts are off until the first administrator is added (a single-clerk office never
sees a login). Once on, every write needs a signed-in user (`ctx.writer()` checks the
data-entry role), and some jobs need more: signing bundles and issuing decisions need
the approver role (and still the key passphrase), accounts and restores the
administrator. Other services call one line:

    self.accounts.require(APPROVER)

Passwords are stored as Argon2id strings (libsodium's `crypt` format: algorithm,
parameters and salt inside), so the cost can be raised later without a migration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.domain import limits
from app.domain.accounts import (
    ADMIN,
    APPROVER,
    CLERK,
    ROLES,
    Account,
    allows,
    name_problem,
    normalise_name,
    password_problem,
    role_label,
)
from app.domain.text import clean
from app.errors import DvkError, NotFoundError, PermissionDenied, ValidationError
from app.i18n import _
from app.repositories import audit
from app.repositories import settings as settings_repo
from app.repositories import users as repo
from app.repositories.storage import storage_errors

if TYPE_CHECKING:
    from app.datafile.office_file import OfficeFile
    from app.ports import Keys

# Interactive cost: about a quarter of a second and 64 MiB on an old office PC, for
# each sign-in. Tests lower these. libsodium's argon2id OPSLIMIT_INTERACTIVE and
# MEMLIMIT_INTERACTIVE, written out so that opening the window does not load the
# bindings (a test checks they still match).
OPSLIMIT = 2
MEMLIMIT = 64 * 1024 * 1024

# Set by the demo generator only: the one password of a demo office's accounts, said on
# its sign-in screen (a real office's passwords are never stored but as their hash).
DEMO_PASSWORD_SETTING = "demo.password"


@dataclass(frozen=True)
class SignedIn:
    name: str
    full_name: str
    role: str

    @property
    def role_label(self) -> str:
        return role_label(self.role)


def hash_password(password: str, *, demo: bool = False) -> str:
    """`demo`: the cheapest parameters (demo networks only, like their keys)."""
    import nacl.pwhash

    opslimit = nacl.pwhash.argon2id.OPSLIMIT_MIN if demo else OPSLIMIT
    memlimit = nacl.pwhash.argon2id.MEMLIMIT_MIN if demo else MEMLIMIT
    return nacl.pwhash.argon2id.str(password.encode("utf-8"), opslimit=opslimit,
                                    memlimit=memlimit).decode("ascii")


def password_matches(stored: str, password: str) -> bool:
    import nacl.exceptions
    import nacl.pwhash

    try:
        return nacl.pwhash.verify(stored.encode("ascii"), password.encode("utf-8"))
    except (nacl.exceptions.InvalidkeyError, nacl.exceptions.CryptoError, ValueError,
            UnicodeEncodeError):
        return False


class AccountService:
    def __init__(self, file: OfficeFile, *, keys_if_open: Callable[[], Keys | None]):
        self.file = file
        self._keys_if_open = keys_if_open
        self.user: SignedIn | None = None

    # -- state --------------------------------------------------------------------------
    def enabled(self) -> bool:
        with storage_errors():
            return repo.active_admins(self.file.db) > 0

    def require(self, role: str) -> None:
        if not self.enabled():
            return
        user = self.user
        if user is None:
            raise PermissionDenied(_(
                "This office uses accounts: sign in first (in the window; on the command "
                "line with --user NAME and the password in the variable DVK_PASSWORD)."))
        with storage_errors():
            row = repo.get(self.file.db, user.name)
        if row is None or not row["active"]:
            self.user = None
            raise PermissionDenied(_("The account {name} was disabled; sign in again.")
                                   .format(name=user.name))
        if not allows(row["role"], role):
            raise PermissionDenied(_(
                "{name} ({role}) may not do this: it needs the role \"{needed}\". Ask an "
                "administrator.").format(name=user.name, role=role_label(row["role"]),
                                         needed=role_label(role)))

    def users(self) -> list[Account]:
        """Every account, the active ones first, by name."""
        with storage_errors():
            rows = repo.listing(self.file.db)
        return [_account(r) for r in rows]

    def demo_sign_in(self) -> tuple[list[tuple[str, str]], str] | None:
        """Demo data only: the (user name, role label) of each active account and their
        shared password, so whoever tries the demo can sign in; None for a real office."""
        with storage_errors():
            password = settings_repo.get(self.file.db, DEMO_PASSWORD_SETTING)
            users = repo.listing(self.file.db) if password else []
        if not password:
            return None
        return [(u["name"], role_label(u["role"])) for u in users if u["active"]], password

    def mark_demo(self, password: str) -> None:
        """The demo generator's: this office's accounts all have `password`."""
        with self.file.transaction():
            settings_repo.put(self.file.db, DEMO_PASSWORD_SETTING, password)

    # -- signing in -----------------------------------------------------------------------
    def login(self, name: str, password: str) -> SignedIn:
        name = normalise_name(name)
        with storage_errors():
            row = repo.get(self.file.db, name) if name else None
        if row is None or not row["active"] or not password_matches(row["password_hash"],
                                                                      password or ""):
            with self.file.transaction():
                audit.append(self.file.db, actor=name or "?", action="login_failed",
                             kind="user", record_id=name)
            raise PermissionDenied(_("Wrong user name or password, or the account is "
                                     "disabled. Try again."))
        if self.user is not None and self.user.name != row["name"]:
            self._lock_key()  # the key the last user opened is not the next one's
        self.user = SignedIn(row["name"], row["full_name"], row["role"])
        self.file.actor = row["name"]
        with self.file.transaction():
            repo.touch_login(self.file.db, row["name"])
            audit.append(self.file.db, actor=row["name"], action="login", kind="user",
                         record_id=row["name"])
        return self.user

    def logout(self) -> None:
        self._lock_key()
        if self.user is None:
            return
        name = self.user.name
        with self.file.transaction():
            audit.append(self.file.db, actor=name, action="logout", kind="user",
                         record_id=name)
        self.user = None

    def _lock_key(self) -> None:
        """Signing out ends the session of the office key too: whoever signs in next
        types its passphrase again."""
        keys = self._keys_if_open()  # opened in this session, else None
        if keys is not None:
            keys.lock()

    # -- managing accounts ------------------------------------------------------------------
    def add(self, name: str, password: str, role: str, full_name: str = "", *,
            demo: bool = False) -> Account:
        """Add an account. The first one turns accounts on and must be an
        administrator; later ones need a signed-in administrator. Returns the account
        as stored (as the list of accounts shows it)."""
        first = not self.enabled()
        if not first:
            self.require(ADMIN)
        name = normalise_name(name)
        errors: dict[str, str] = {}
        problem = name_problem(name)
        if problem:
            errors["name"] = problem
        if role not in ROLES:
            errors["role"] = _("Choose a role: {roles}.").format(roles=", ".join(ROLES))
        elif first and role != ADMIN:
            errors["role"] = _("The first account must be an administrator (quan_tri): "
                               "accounts are turned on by the person who will manage them.")
        problem = password_problem(password)
        if problem:
            errors["password"] = problem
        full_name = clean(full_name)
        if len(full_name) > limits.PERSON_NAME:
            errors["full_name"] = limits.too_long(limits.PERSON_NAME)
        with storage_errors():
            if not errors and repo.get(self.file.db, name) is not None:
                errors["name"] = _("The user name {name} is taken.").format(name=name)
        if errors:
            raise ValidationError(errors)
        digest = hash_password(password, demo=demo)
        with self.file.transaction():
            repo.add(self.file.db, name=name, full_name=full_name, role=role,
                     password_hash=digest)
            audit.append(self.file.db, actor=self.file.actor, action="user_add", kind="user",
                         record_id=name, detail=role)
        if first:  # whoever turned accounts on is signed in as that administrator
            self.user = SignedIn(name, full_name, role)
            self.file.actor = name
        return _account(self._get(name))

    def set_password(self, name: str, new_password: str, *,
                     old_password: str | None = None) -> None:
        """A user changes their own password (giving the old one), or an
        administrator sets anyone's."""
        name = normalise_name(name)
        row = self._get(name, with_hash=True)
        own = self.user is not None and self.user.name == name
        if own and old_password is not None:
            if not password_matches(row["password_hash"], old_password):
                raise ValidationError({"old_password": _("The current password is wrong.")})
        else:
            self.require(ADMIN)
        problem = password_problem(new_password)
        if problem:
            raise ValidationError({"password": problem})
        digest = hash_password(new_password)
        with self.file.transaction():
            repo.update(self.file.db, name, password_hash=digest)
            audit.append(self.file.db, actor=self.file.actor, action="password", kind="user",
                         record_id=name)

    def set_active(self, name: str, active: bool) -> None:
        self.require(ADMIN)
        name = normalise_name(name)
        row = self._get(name)
        if bool(row["active"]) == active:
            return
        with self.file.transaction():
            if not active and row["role"] == ADMIN and repo.active_admins(self.file.db) <= 1:
                raise DvkError(_("{name} is the last administrator; add another "
                                 "administrator first, or nobody could manage accounts.")
                               .format(name=name))
            repo.update(self.file.db, name, active=int(active))
            audit.append(self.file.db, actor=self.file.actor,
                         action="user_enable" if active else "user_disable", kind="user",
                         record_id=name)

    def set_role(self, name: str, role: str) -> None:
        self.require(ADMIN)
        name = normalise_name(name)
        row = self._get(name)
        if role not in ROLES:
            raise ValidationError({"role": _("Choose a role: {roles}.").format(
                roles=", ".join(ROLES))})
        if row["role"] == role:
            return
        with self.file.transaction():
            if row["role"] == ADMIN and row["active"] and repo.active_admins(self.file.db) <= 1:
                raise DvkError(_("{name} is the last administrator; add another "
                                 "administrator first, or nobody could manage accounts.")
                               .format(name=name))
            repo.update(self.file.db, name, role=role)
            audit.append(self.file.db, actor=self.file.actor, action="user_role", kind="user",
                         record_id=name, detail=role)

    def _get(self, name: str, *, with_hash: bool = False) -> dict[str, Any]:
        with storage_errors():
            row = repo.get(self.file.db, name)
        if row is None:
            raise NotFoundError(_("No account has the user name {name}.").format(name=name))
        if not with_hash:
            row.pop("password_hash", None)
        return row


def _account(row: dict[str, Any]) -> Account:
    """A row of `users` (without the password's hash) as the record the window shows."""
    return Account(name=row["name"], full_name=row["full_name"], role=row["role"],
                   active=bool(row["active"]), created_at=row["created_at"],
                   updated_at=row["updated_at"], last_login_at=row["last_login_at"])


__all__ = ["ADMIN", "APPROVER", "CLERK", "AccountService", "SignedIn"]
