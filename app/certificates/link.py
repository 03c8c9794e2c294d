"""A certificate's QR code may hold a link to where the province publishes its verifier
page (`dvk publish-verifier`), with the code after "#": a phone's camera opens the page,
which checks the code on the phone (browsers never send what follows "#").

    https://dvk.ninhbinh.gov.vn/xac-minh.html#DVK1:...

The code itself is unchanged and stays within its 330 characters; the link makes the
QR symbol one or two versions larger (MAX_LINK keeps it within version 15). Every
office that prints certificates sets the address it wants (`dvk verifier-link URL`);
without one the QR code holds the bare code, as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.domain.accounts import ADMIN
from app.errors import DvkError
from app.i18n import _
from app.repositories import settings as settings_repo
from app.repositories.storage import storage_errors

if TYPE_CHECKING:
    from app.context import AppContext
    from app.datafile.office_file import OfficeFile

SETTING = "certificates.verifier_url"
MAX_LINK = 80


def link_base(ctx: AppContext | OfficeFile) -> str:
    """The page's address, or "" when the QR code holds the bare code."""
    return (ctx.setting(SETTING) or "").strip()


def check_link_base(url: str) -> str:
    url = url.strip()
    if not url:
        return ""
    if not url.lower().startswith("https://") or "#" in url or any(
            c.isspace() for c in url) or len(url) > MAX_LINK or not url.isprintable():
        raise DvkError(_(
            "The address must start with https://, hold no spaces and no \"#\", and have at "
            "most {limit} characters (for example https://dvk.ninhbinh.gov.vn/xac-minh.html)."
        ).format(limit=MAX_LINK))
    return url


def set_link_base(ctx: AppContext, url: str) -> str:
    """Set the address (the administrator's: it is part of what every certificate the
    office prints holds, like the other print settings)."""
    ctx.accounts.require(ADMIN)
    url = check_link_base(url)
    with ctx.transaction(), storage_errors():
        settings_repo.put(ctx.db, SETTING, url)
    return url


def with_link(ctx: AppContext, code: str) -> str:
    """The text of the QR code: the code, or a link to the verifier page carrying it."""
    return linked(link_base(ctx), code)


def linked(base: str, code: str) -> str:
    """The code, or a link to the verifier page at `base` carrying it."""
    return f"{base}#{code}" if base else code
