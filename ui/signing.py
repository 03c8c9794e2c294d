"""The office key for a batch of certificate codes: the passphrase is asked once, in
the existing passphrase dialog, and the unlocked signer is handed to the print job
(which runs on its own thread and connection; the signer holds only the key)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.certificates.service import LOCKED, NO_KEY
from app.certificates.signer import CertificateSigner
from app.context import AppContext
from app.i18n import _
from ui.screens.passphrase_dialog import PassphraseDialog


def ask_certificate_signer(parent: QWidget | None,
                           ctx: AppContext) -> tuple[bool, CertificateSigner | None]:
    """(True, signer) when codes can be signed; (True, None) when the office has no
    signing key yet (certificates print without a code); (False, None) when the
    clerk cancelled the passphrase. A wrong passphrase is said inside the dialog;
    PermissionDenied when the signed-in user may not sign (the approver's job)."""
    codes = ctx.certificate_codes
    codes.require_signing()  # the approver's job: said before the passphrase is asked
    status = codes.status()
    if status == NO_KEY:
        return True, None
    if status == LOCKED:
        dialog = PassphraseDialog(parent, text=_(
            "Type the passphrase of this office's signing key: it signs the code printed "
            "on every certificate of this batch (asked once)."),
            check=lambda value: ctx.keys.unlock(value))
        if not dialog.exec():
            return False, None
    return True, codes.signer()
