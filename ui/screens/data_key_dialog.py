"""The encrypted data file in the window (app/atrest.py): its passphrase asked at start
(or the recovery key, when forgotten), and turning encryption on with the recovery key
shown once and saved to a PDF to print."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app import atrest
from app.errors import DvkError
from app.i18n import _
from ui.actions import NOT_DONE, inline, run_action
from ui.messages import show_info
from ui.widgets.buttons import make_button


def _secret(name: str) -> QLineEdit:
    """A field whose text is not shown (a passphrase)."""
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def _error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020")
    return label


def _buttons(dialog: QDialog, ok: str) -> QDialogButtonBox:
    box = QDialogButtonBox()
    accept = box.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
    accept.setObjectName("dataKeyOk")
    box.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class UnlockDialog(QDialog):
    """The passphrase of an encrypted data file (or of an encrypted backup). A wrong
    one is said and the dialog stays, the passphrase selected to type again: nothing is
    written until the file opens. "Forgotten?" shows the recovery key's field and a
    new passphrase (twice), set only once the recovery key opened the file."""

    def __init__(self, path: Path, parent: QWidget | None = None, *, backup: bool = False):
        super().__init__(parent)
        self.path, self.backup = path, backup
        self.setWindowTitle(_("Encrypted backup") if backup else _("Encrypted data file"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        text = QLabel((_("The backup {path} is encrypted. Type the passphrase of the data "
                         "file it was made from.") if backup else
                       _("The data file {path} is encrypted. Type its passphrase."))
                      .format(path=path))
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.passphrase = _secret("dataPassphrase")
        form.addRow(_("Passphrase"), self.passphrase)
        layout.addLayout(form)
        self.forgotten = make_button(_("Passphrase forgotten? Use the recovery key..."),
                                     "dataForgotten", self.show_recovery)
        self.forgotten.setFlat(True)
        layout.addWidget(self.forgotten)
        self.recovery_box = QWidget()
        recovery_form = QFormLayout(self.recovery_box)
        recovery_form.setContentsMargins(0, 0, 0, 0)
        self.recovery = QLineEdit()
        self.recovery.setObjectName("dataRecovery")
        self.recovery.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        recovery_form.addRow(_("Recovery key"), self.recovery)
        self.new_passphrase = _secret("dataNewPassphrase")
        self.new_again = _secret("dataNewPassphraseAgain")
        if not backup:  # a backup is only read: its key file keeps its passphrase
            recovery_form.addRow(_("New passphrase"), self.new_passphrase)
            recovery_form.addRow(_("The same again"), self.new_again)
        self.recovery_box.hide()
        layout.addWidget(self.recovery_box)
        self.error = _error_label("dataKeyError")
        layout.addWidget(self.error)
        layout.addWidget(_buttons(self, _("Open")))
        self.passphrase.setFocus()

    def show_recovery(self) -> None:
        self.recovery_box.show()
        self.forgotten.hide()
        self.recovery.setFocus()

    def accept(self) -> None:
        recovery = self.recovery.text().strip() if self.recovery_box.isVisible() else ""
        passphrase = self.passphrase.text()
        if not recovery and not passphrase:
            self.error.setText(_("Type the passphrase."))
            self.passphrase.setFocus()
            return
        def unlocked() -> None:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                if recovery and not self.backup:
                    if self.new_passphrase.text() != self.new_again.text():
                        raise DvkError(_("The two new passphrases differ."))
                    atrest.check_passphrase(self.new_passphrase.text())
                atrest.unlock(self.path, passphrase=passphrase or None,
                              recovery=recovery or None)
                if recovery and not self.backup:
                    atrest.change_passphrase(self.path, self.new_passphrase.text(),
                                             recovery=recovery)
            finally:
                QApplication.restoreOverrideCursor()

        if run_action(self, unlocked, handled=inline(self.error.setText)) is NOT_DONE:
            wrong = self.recovery if recovery else self.passphrase
            wrong.setFocus()
            wrong.selectAll()
            return
        super().accept()


def unlock(path: Path, parent: QWidget | None = None) -> bool:
    """Ask until the file opens; False when the clerk gives up."""
    return bool(UnlockDialog(path, parent).exec())


class EncryptDialog(QDialog):
    """Turn encryption on: the passphrase twice, then the recovery key shown once, with
    a button to save it as a PDF to print."""

    def __init__(self, path: Path, office: str, parent: QWidget | None = None, *,
                 required: bool = False):
        super().__init__(parent)
        self.path, self.office = path, office
        self.recovery_key: str | None = None
        self.setWindowTitle(_("Encrypt the data file"))
        layout = QVBoxLayout(self)
        text = QLabel(_(
            "DVK runs from a USB stick here: a lost stick must show nobody the citizens' "
            "data. Choose a passphrase for the data file; DVK asks it at every start.")
            if required else _(
            "Encrypt the data file and its backups, so that a stolen PC or a lost backup "
            "shows nobody the citizens' data. DVK then asks its passphrase at every start."))
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.first = _secret("encryptPassphrase")
        self.second = _secret("encryptPassphraseAgain")
        form.addRow(_("Passphrase"), self.first)
        form.addRow(_("The same again"), self.second)
        layout.addLayout(form)
        self.error = _error_label("encryptError")
        layout.addWidget(self.error)
        self.key = QLabel()
        self.key.setObjectName("recoveryKey")
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont()
        font.setPointSize(16)
        font.setBold(True)
        self.key.setFont(font)
        self.key.hide()
        layout.addWidget(self.key)
        self.save_button = make_button(_("Save the recovery key as PDF to print..."),
                                       "saveRecoveryKey", self.save_sheet)
        self.save_button.hide()
        layout.addWidget(self.save_button)
        self.buttons = _buttons(self, _("Encrypt"))
        layout.addWidget(self.buttons)

    def accept(self) -> None:
        if self.recovery_key is not None:  # the second click: the key was shown
            super().accept()
            return
        if self.first.text() != self.second.text():
            self.error.setText(_("The two passphrases differ."))
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = run_action(self, lambda: atrest.enable(self.path, self.first.text()),
                                handled=inline(self.error.setText))
        finally:
            QApplication.restoreOverrideCursor()
        if result is NOT_DONE:
            return
        self.recovery_key = result.recovery_key
        self.error.setText(_(
            "Encrypted. This is the recovery key: write it down or print it and keep it "
            "locked away, apart from the PC and the stick. DVK does not keep it; without "
            "it a forgotten passphrase loses the data."))
        self.error.setStyleSheet("")
        self.key.setText(result.recovery_key)
        self.key.show()
        self.save_button.show()
        self.first.setEnabled(False)
        self.second.setEnabled(False)
        for button in self.buttons.buttons():
            if self.buttons.buttonRole(button) == QDialogButtonBox.ButtonRole.RejectRole:
                button.hide()  # encrypted: there is nothing left to cancel
            else:
                button.setText(_("Done"))

    def reject(self) -> None:
        """Closing the dialog once the file is encrypted is finishing it."""
        if self.recovery_key is not None:
            super().accept()
        else:
            super().reject()

    def save_sheet(self, target: str | None = None) -> Path | None:
        from app.printing.recovery_sheet import recovery_sheet

        if target is None:
            target, _filter = QFileDialog.getSaveFileName(
                self, _("Save the recovery key"), "khoa-khoi-phuc-dvk.pdf", "PDF (*.pdf)")
        if not target or self.recovery_key is None:
            return None
        written = run_action(self, lambda: recovery_sheet(atrest.recovery_sheet_text(self.office, self.recovery_key),
                                                          target, key=self.recovery_key))
        if written is NOT_DONE:
            return None
        show_info(self, _("Saved to {path}: print it, then delete the file.").format(
            path=written))
        return written
