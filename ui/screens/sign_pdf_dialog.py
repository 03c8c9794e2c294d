"""Sign a PDF with the office's official digital signature (Ký số).

The clerk (an approver) chooses the PDF, or is handed one (an issued decision's paper),
chooses where the key is (a USB token through its driver, or a certificate file),
picks the certificate the token holds, types the PIN and signs. The PIN field is a
password field, emptied after every attempt, never saved or remembered; a wrong PIN
is said under it and the dialog stays open. Signing runs here, on the window's thread:
it takes a second or two, and pdfium (which places the visible signature) is not
thread-safe.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from app.context import AppContext
from app.domain.accounts import APPROVER
from app.errors import DvkError
from app.i18n import _
from app.pdfsign.tokens import can_sign
from ui.help import attach_help
from ui.widgets.buttons import make_button
from ui.widgets.field_error import FieldError

PDF_FILTER = "*.pdf"
KEY_FILTER = "*.p12 *.pfx"
DRIVER_FILTER = "*.dll *.so *.dylib"

# (bytes, key, PIN) -> SignedPdf: signs a paper handed to the dialog (and keeps it).
SignPaper = Callable[..., object]


def _row(*widgets: QWidget) -> QHBoxLayout:
    line = QHBoxLayout()
    for widget in widgets:
        line.addWidget(widget, 1 if isinstance(widget, QLineEdit | QComboBox) else 0)
    return line


class SignPdfDialog(QDialog):
    """`paper`: a paper to sign handed by another screen, as (title, sign function);
    without it the clerk chooses a PDF file and where to save the signed one."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 paper: tuple[str, SignPaper] | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.service = ctx.pdf_signatures
        self.paper = paper
        self.result = None
        attach_help(self, "sign_pdf", ctx)  # F1: this window's help
        self.setWindowTitle(_("Sign with the digital signature"))
        self.setMinimumWidth(640)
        form = QFormLayout(self)
        intro = QLabel(_(
            "Sign with the office's official digital signature (chữ ký số): the certificate "
            "on the USB token, or in a certificate file. The PIN is asked each time and "
            "never saved."))
        intro.setWordWrap(True)
        form.addRow(intro)

        self.source = QLineEdit()
        self.source.setObjectName("pdfSource")
        self.target = QLineEdit()
        self.target.setObjectName("pdfTarget")
        if paper is None:
            form.addRow(_("PDF to sign"), _row(self.source, make_button(
                _("Choose..."), "chooseSource", self._choose_source)))
            form.addRow(_("Save the signed PDF as"), _row(self.target, make_button(
                _("Choose..."), "chooseTarget", self._choose_target)))
        else:
            title = QLabel(paper[0])
            title.setObjectName("paperTitle")
            title.setWordWrap(True)
            form.addRow(_("Paper to sign"), title)

        self.use_token = QRadioButton(_("USB token"))
        self.use_token.setObjectName("useToken")
        self.use_file = QRadioButton(_("Certificate file (.p12, .pfx)"))
        self.use_file.setObjectName("useFile")
        group = QButtonGroup(self)
        group.addButton(self.use_token)
        group.addButton(self.use_file)
        self.use_token.setChecked(True)
        form.addRow(_("The key is on"), _row(self.use_token, self.use_file))

        self.driver = QLineEdit(self.service.module())
        self.driver.setObjectName("tokenDriver")
        self.driver.setPlaceholderText(_("the token's driver, e.g. C:\\Windows\\System32\\...dll"))
        self.driver_row = _row(self.driver, make_button(_("Choose..."), "chooseDriver",
                                                        self._choose_driver),
                               make_button(_("Find certificates"), "findCertificates",
                                           self.find_certificates))
        form.addRow(_("Token driver"), self.driver_row)
        self.certificates = QComboBox()
        self.certificates.setObjectName("tokenCertificates")
        form.addRow(_("Signing certificate"), self.certificates)

        self.key_file = QLineEdit()
        self.key_file.setObjectName("keyFile")
        form.addRow(_("Certificate file"), _row(self.key_file, make_button(
            _("Choose..."), "chooseKeyFile", self._choose_key_file)))

        self.pin = QLineEdit()
        self.pin.setObjectName("pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.returnPressed.connect(self.sign)
        form.addRow(_("PIN (or the file's password)"), self.pin)
        self.error = FieldError()
        self.error.setObjectName("signError")
        form.addRow(self.error)
        self.done_label = QLabel()
        self.done_label.setObjectName("signedInfo")
        self.done_label.setWordWrap(True)
        self.done_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.done_label)
        self.sign_button = make_button(_("Sign"), "signButton", self.sign)
        self.sign_button.setDefault(True)
        self.close_button = make_button(_("Close"), "closeButton", self.reject)
        form.addRow(_row(QLabel(), self.sign_button, self.close_button))
        self.use_token.toggled.connect(self._mode_changed)
        self._mode_changed()

    # -- choosing ------------------------------------------------------------------------
    def _choose_source(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Choose the PDF to sign"), "",
                                                    _("PDF files") + f" ({PDF_FILTER})")
        if path:
            self.source.setText(path)
            if not self.target.text():
                source = Path(path)
                self.target.setText(str(source.with_name(
                    source.stem + _(" (signed)") + source.suffix)))

    def _choose_target(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the signed PDF as"),
                                                    self.target.text(),
                                                    _("PDF files") + f" ({PDF_FILTER})")
        if path:
            self.target.setText(path)

    def _choose_driver(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Choose the token's driver"), "",
                                                    _("Drivers") + f" ({DRIVER_FILTER})")
        if path:
            self.driver.setText(path)
            self.find_certificates()

    def _choose_key_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Choose the certificate file"), "",
                                                    _("Certificate files") + f" ({KEY_FILTER})")
        if path:
            self.key_file.setText(path)

    def _mode_changed(self) -> None:
        token = self.use_token.isChecked()
        for widget in (self.driver, self.certificates):
            widget.setEnabled(token)
        self.key_file.setEnabled(not token)
        self.error.show_message("")

    def find_certificates(self) -> None:
        """The certificates on the tokens the driver sees (read without the PIN)."""
        self.certificates.clear()
        self.error.show_message("")
        try:
            slots = self.service.tokens(self.driver.text().strip())
        except DvkError as error:
            self.error.show_message(error.message)
            return
        for slot in slots:
            for cert in slot.certificates:
                if not can_sign(cert):
                    continue
                self.certificates.addItem(
                    _("{certificate} (token {token}, slot {slot})").format(
                        certificate=cert.info.label(), token=slot.token_label,
                        slot=slot.index), (slot.index, cert.info.sha256))
        if not self.certificates.count():
            self.error.show_message(_(
                "No certificate was found: plug the token in (wait until its light is "
                "steady) and press Find certificates again."))
        else:
            self.pin.setFocus()

    # -- signing -------------------------------------------------------------------------
    def _key(self):
        if self.use_file.isChecked():
            path = self.key_file.text().strip()
            if not path:
                raise DvkError(_("Choose the certificate file (.p12 or .pfx)."))
            return self.service.key(pkcs12=path)
        chosen = self.certificates.currentData()
        if chosen is None:
            self.find_certificates()
            chosen = self.certificates.currentData()
            if chosen is None:
                raise DvkError(self.error.text() or _("Choose a certificate."))
        slot, fingerprint = chosen
        return self.service.key(pkcs11=self.driver.text().strip(), slot=slot,
                                certificate=fingerprint)

    def sign(self) -> None:
        pin = self.pin.text()
        self.pin.clear()  # typed once, used once
        self.error.show_message("")
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.ctx.accounts.require(APPROVER)
            key = self._key()
            if self.paper is not None:
                self.result = self.paper[1](key, pin)
            else:
                source, target = self.source.text().strip(), self.target.text().strip()
                if not source or not target:
                    raise DvkError(_("Choose the PDF to sign and where to save the signed PDF."))
                self.result = self.service.sign_file(source, target, key, pin)
        except DvkError as error:
            self.error.show_message(error.message)
            self.pin.setFocus()
            return
        finally:
            pin = ""
            QGuiApplication.restoreOverrideCursor()
        self._show_done()

    def _show_done(self) -> None:
        from app.pdfsign.certinfo import vietnam_time

        signed = self.result
        lines = [_("Signed by {holder} on {time} (Vietnam time), PAdES {level}.").format(
            holder=signed.certificate.subject, time=vietnam_time(signed.signed_at),
            level=signed.level)]
        if self.paper is None:
            lines.append(_("Saved as {path}.").format(path=self.target.text().strip()))
        lines.extend(signed.notes)
        self.done_label.setText("\n".join(lines))
        self.sign_button.setEnabled(False)
        self.close_button.setText(_("Close"))
