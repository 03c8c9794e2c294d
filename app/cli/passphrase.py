"""The passphrase of the office key on the command line: DVK_PASSPHRASE, or asked
(without echo) when a person sits at the terminal. The same for the password of a user
account (DVK_PASSWORD) and a new password (DVK_NEW_PASSWORD)."""

from __future__ import annotations

import getpass
import os
import sys

from app.domain.accounts import APPROVER
from app.errors import DvkError
from app.i18n import _

VARIABLE = "DVK_PASSPHRASE"


def passphrase(*, confirm: bool = False) -> str:
    value = os.environ.get(VARIABLE)
    if value:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise DvkError(_(
            "The passphrase of the office key is needed: set the variable DVK_PASSPHRASE."))
    first = getpass.getpass(_("Passphrase of the office key: "))
    if confirm and getpass.getpass(_("The same passphrase again: ")) != first:
        raise DvkError(_("The two passphrases differ; nothing was changed."))
    return first


def signing_passphrase(ctx, *, confirm: bool = False) -> str:
    """The passphrase for a job that signs with the office key: asked only of someone
    who may sign (the approver, once the office uses accounts). The service checks the
    role again; this only spares a clerk typing a passphrase to be refused."""
    ctx.accounts.require(APPROVER)
    return passphrase(confirm=confirm)


PASSWORD_VARIABLE = "DVK_PASSWORD"
NEW_PASSWORD_VARIABLE = "DVK_NEW_PASSWORD"


def password() -> str:
    """The password of the user named by --user."""
    value = os.environ.get(PASSWORD_VARIABLE)
    if value:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise DvkError(_("The password is needed: set the variable DVK_PASSWORD."))
    return getpass.getpass(_("Password: "))


def new_password() -> str:
    """A password being set for an account: DVK_NEW_PASSWORD, or asked twice."""
    value = os.environ.get(NEW_PASSWORD_VARIABLE)
    if value:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise DvkError(_("The new password is needed: set the variable DVK_NEW_PASSWORD."))
    first = getpass.getpass(_("New password: "))
    if getpass.getpass(_("The same password again: ")) != first:
        raise DvkError(_("The two passwords differ; nothing was changed."))
    return first


DATA_VARIABLE = "DVK_DATA_PASSPHRASE"
NEW_DATA_VARIABLE = "DVK_NEW_DATA_PASSPHRASE"
DATA_TRIES = 3


def _at_a_terminal() -> bool:
    return bool(sys.stdin) and sys.stdin.isatty()


def data_passphrase() -> str:
    """The passphrase of the encrypted data file (docs/privacy.md): DVK_DATA_PASSPHRASE,
    or asked without echo."""
    value = os.environ.get(DATA_VARIABLE)
    if value:
        return value
    if not _at_a_terminal():
        from app.atrest import DataFileLocked

        raise DataFileLocked(_("The data file is encrypted: set its passphrase in the "
                               "variable DVK_DATA_PASSPHRASE."))
    return getpass.getpass(_("Passphrase of the data file: "))


def unlock_data_file(path) -> None:
    """Unlock an encrypted data file (or backup): with DVK_DATA_PASSPHRASE once (a
    script gets exit 3 and the reason), or asked at the terminal up to three times, as
    a clerk mistypes. A wrong passphrase changes nothing."""
    from app import atrest

    if os.environ.get(DATA_VARIABLE) or not _at_a_terminal():
        atrest.unlock(path, passphrase=data_passphrase())
        return
    for attempt in range(1, DATA_TRIES + 1):
        try:
            atrest.unlock(path, passphrase=data_passphrase())
            return
        except atrest.DataFileLocked as error:
            if attempt == DATA_TRIES:
                raise
            sys.stderr.write(error.message + "\n")


def new_data_passphrase() -> str:
    """A passphrase being set for the data file: DVK_NEW_DATA_PASSPHRASE, or asked
    twice without echo."""
    value = os.environ.get(NEW_DATA_VARIABLE)
    if value:
        return value
    if not _at_a_terminal():
        raise DvkError(_("The new passphrase of the data file is needed: set the variable "
                         "DVK_NEW_DATA_PASSPHRASE."))
    first = getpass.getpass(_("New passphrase of the data file: "))
    if getpass.getpass(_("The same passphrase again: ")) != first:
        raise DvkError(_("The two passphrases differ; nothing was changed."))
    return first
