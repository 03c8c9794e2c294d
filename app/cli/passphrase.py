"""The passphrase of the office key on the command line: DVK_PASSPHRASE, or asked
(without echo) when a person sits at the terminal."""

from __future__ import annotations

import getpass
import os
import sys

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
