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

from typing import Protocol

from app.errors import DvkError
from app.i18n import _

SETTING = "certificates.verifier_url"
MAX_LINK = 80


class Settings(Protocol):
    """Where the address is kept: the office's settings (an OfficeFile, or the context
    that forwards to it)."""

    def setting(self, key: str, default=None): ...


def link_base(settings: Settings) -> str:
    """The page's address, or "" when the QR code holds the bare code
    (`CertificateCodeService.set_link_base` sets it)."""
    return (settings.setting(SETTING) or "").strip()


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


def linked(base: str, code: str) -> str:
    """The code, or a link to the verifier page at `base` carrying it."""
    return f"{base}#{code}" if base else code
