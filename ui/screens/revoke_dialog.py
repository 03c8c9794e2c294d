"""Revoking the key of an office below: what it means, and why (kept with the
revocation, which travels to the offices above and below)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from app.i18n import _


class RevokeDialog(QDialog):
    def __init__(self, unit_name: str, unit_code: str, key_id: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Revoke a key"))
        form = QFormLayout(self)
        intro = QLabel(_(
            "Revoke the key {key_id} of {unit} ({code}) from now on? Bundles it signed "
            "before stay valid; bundles it signs from now are refused here and, once the "
            "revocation has travelled with the next bundles, by the offices above and "
            'below. If the office only lost its key, use "Replace a lost key..." with its '
            "new key card instead.").format(key_id=key_id, unit=unit_name, code=unit_code))
        intro.setWordWrap(True)
        form.addRow(intro)
        self.reason = QLineEdit()
        self.reason.setObjectName("revokeReason")
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(_("e.g. the computer was stolen"))
        form.addRow(_("Reason for revoking"), self.reason)
        buttons = QDialogButtonBox()
        buttons.addButton(_("Revoke the key"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
