"""Enrolling another office's key card: the clerk types the fingerprint that the
other office reads out over the phone; only a match enrols the key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from app.context import AppContext
from app.errors import DvkError
from app.i18n import _
from ui.widgets.field_error import FieldError


class FingerprintDialog(QDialog):
    """`enrol(fingerprint)` does the job (by default: enrol the card); it raises
    DvkError to keep the dialog open with the message under the field."""

    def __init__(self, ctx: AppContext, card_path: Path, unit_name: str, unit_code: str,
                 parent: QWidget | None = None, *,
                 enrol: Callable[[str], object] | None = None, title: str | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.card_path = card_path
        self.enrol = enrol or (lambda fingerprint: ctx.keys.trust(card_path, fingerprint))
        self.setWindowTitle(title or _("Enrol a key card"))
        form = QFormLayout(self)
        intro = QLabel(_(
            "Key card of {unit} ({code}). Call that office, ask them to read the "
            "fingerprint shown on their screen, and type it here (30 digits).").format(
            unit=unit_name, code=unit_code))
        intro.setWordWrap(True)
        form.addRow(intro)
        self.field = QLineEdit()
        self.field.setObjectName("fingerprint")
        self.field.setPlaceholderText("12345 67890 12345 67890 12345 67890")
        # Wide enough for all 30 digits and their spaces, as the other office reads them.
        digits = self.field.fontMetrics().horizontalAdvance("0" * 36 + "    ")
        self.field.setMinimumWidth(digits)
        self.setMinimumWidth(digits + 160)
        form.addRow(_("Fingerprint"), self.field)
        self.error = FieldError()
        form.addRow(self.error)
        buttons = QDialogButtonBox()
        buttons.addButton(_("Enrol"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._enrol)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _enrol(self) -> None:
        try:
            self.enrol(self.field.text())
        except DvkError as error:
            self.error.show_message(error.message)
            return
        self.accept()
