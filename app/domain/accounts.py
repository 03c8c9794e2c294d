"""Roles of user accounts and the rules for names and passwords (no I/O).

Roles are ranked: an administrator may do everything an approver may, and an approver
everything a data-entry clerk may. When an office has no accounts (the default for a
single clerk), nothing is checked at all.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from app.i18n import N_, _

CLERK = "nhap_lieu"
APPROVER = "duyet_ky"
ADMIN = "quan_tri"
ROLES = (CLERK, APPROVER, ADMIN)
RANK = {CLERK: 1, APPROVER: 2, ADMIN: 3}
ROLE_LABELS = {
    CLERK: N_("Data entry"),
    APPROVER: N_("Approve and sign"),
    ADMIN: N_("Administrator"),
}

MIN_PASSWORD = 8
MAX_PASSWORD = 200
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,39}$")


def role_label(role: str) -> str:
    return _(ROLE_LABELS.get(role, role))


def allows(role: str | None, needed: str) -> bool:
    return role in RANK and RANK[role] >= RANK[needed]


def normalise_name(name: str) -> str:
    """User names are typed at a login prompt: lower case, no spaces around."""
    return unicodedata.normalize("NFC", (name or "").strip()).lower()


def name_problem(name: str) -> str | None:
    if not _NAME.match(name):
        return _("A user name is 1 to 40 letters a-z, digits, '.', '_' or '-' without "
                 "accents or spaces (for example: lan.nguyen).")
    return None


def password_problem(password: str) -> str | None:
    if len(password or "") < MIN_PASSWORD:
        return _("A password needs at least {count} characters.").format(count=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        return _("A password may have at most {count} characters.").format(count=MAX_PASSWORD)
    return None


@dataclass(frozen=True)
class Account:
    """One local account as the list of accounts shows it (never its password's hash)."""

    name: str
    full_name: str
    role: str
    active: bool
    created_at: str
    updated_at: str
    last_login_at: str | None
