"""Asking the passphrase of the office key (and, when a key is made, asking it twice)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.i18n import _
from ui.actions import NOT_DONE, inline, run_action
from ui.widgets.field_error import FieldError


class PassphraseDialog(QDialog):
    """`check(passphrase)` runs on OK and raises DvkError to keep the dialog open with
    the message under the field (a wrong passphrase is said at once)."""

    def __init__(self, parent: QWidget | None, *, text: str, confirm: bool = False,
                 check: Callable[[str], None] | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Passphrase of the office key"))
        self.check = check
        self.passphrase = ""
        form = QFormLayout(self)
        intro = QLabel(text)
        intro.setWordWrap(True)
        form.addRow(intro)
        self.field = QLineEdit()
        self.field.setObjectName("passphrase")
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("Passphrase"), self.field)
        self.again: QLineEdit | None = None
        if confirm:
            self.again = QLineEdit()
            self.again.setObjectName("passphraseAgain")
            self.again.setEchoMode(QLineEdit.EchoMode.Password)
            form.addRow(_("Once more"), self.again)
        self.error = FieldError()
        form.addRow(self.error)
        buttons = QDialogButtonBox()
        ok = buttons.addButton(_("OK"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setDefault(True)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _accept(self) -> None:
        value = self.field.text()
        if not value:
            self.error.show_message(_("Type the passphrase."))
            return
        if self.again is not None and self.again.text() != value:
            self.error.show_message(_("The two passphrases differ; type them again."))
            return
        if self.check is not None and run_action(
                self, lambda: self.check(value),
                handled=inline(self.error.show_message)) is NOT_DONE:
            self.field.selectAll()
            self.field.setFocus()
            return
        self.passphrase = value
        self.accept()
