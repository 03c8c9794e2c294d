"""Check a signed PDF (Kiểm tra văn bản ký số): a decision, a proposal or any paper
that arrived signed with a digital signature; offline.

The clerk chooses or drops the PDF and sees one verdict in colour and words (green:
valid; amber: not confirmed, a signer this office does not trust; red: not valid or
no signature), then each signature: who signed, for which organisation, when, the
chain up to the office's trust anchor, whether the document changed after signing,
revocation, and what to do. From here the administrator installs a trust anchor, and
an approver signs a PDF. Checking reads the PDF and the office's anchors; it writes
nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.text import without_hidden
from app.errors import DvkError
from app.i18n import _
from app.pdfsign.verify import INVALID, NO_SIGNATURE, UNTRUSTED, VALID
from ui.messages import show_error, show_info
from ui.widgets.buttons import make_button

COLOURS = {VALID: ("#2e7d32", "#ffffff"), INVALID: ("#c62828", "#ffffff"),
           NO_SIGNATURE: ("#c62828", "#ffffff"), UNTRUSTED: ("#f9a825", "#3b2a00")}


def _escape(text: str) -> str:
    return (without_hidden(text).replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;"))


class VerifyPdfScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.report = None
        self.path: str = ""
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        intro = QLabel(_(
            "Check the digital signatures of a PDF (a decision, a proposal, any signed "
            "paper), without any network: who signed, when, whether the signer's certificate "
            "leads to a root certificate this office trusts, and whether the document was "
            "changed after signing. Choose or drop the PDF."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        line = QHBoxLayout()
        self.choose_button = make_button(_("Choose a PDF..."), "choosePdf", self.choose_file)
        line.addWidget(self.choose_button)
        self.again_button = make_button(_("Check again"), "checkAgain", self.check_again)
        self.again_button.setEnabled(False)
        line.addWidget(self.again_button)
        line.addStretch(1)
        self.anchor_button = make_button(_("Install a trust anchor..."), "addAnchor",
                                         self.add_anchor)
        line.addWidget(self.anchor_button)
        self.sign_button = make_button(_("Sign a PDF..."), "signPdf", self.sign_pdf)
        line.addWidget(self.sign_button)
        layout.addLayout(line)
        self.anchors_label = QLabel()
        self.anchors_label.setObjectName("anchorsInstalled")
        self.anchors_label.setWordWrap(True)
        layout.addWidget(self.anchors_label)
        self.banner = QLabel()
        self.banner.setObjectName("pdfVerdict")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setWordWrap(True)
        self.banner.setMinimumHeight(56)
        font = QFont(self.banner.font())
        font.setPointSize(max(font.pointSize(), 10) + 8)
        font.setBold(True)
        self.banner.setFont(font)
        self.banner.hide()
        layout.addWidget(self.banner)
        self.details = QTextBrowser()
        self.details.setObjectName("pdfDetails")
        self.details.setOpenLinks(False)
        layout.addWidget(self.details, 1)
        self.refresh()

    def refresh(self) -> None:
        try:
            anchors = self.ctx.pdf_signatures.anchors()
        except DvkError:
            anchors = []
        self.anchors_label.setText(
            _("Trust anchors installed: {names}.").format(
                names="; ".join(a.subject for a in anchors)) if anchors else
            _("No trust anchor is installed yet: signatures can be read, but no signer is "
              "trusted. The administrator installs the CA's root certificate (Install a "
              "trust anchor...)."))

    # -- input ---------------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the signed PDF"), "", _("PDF files") + " (*.pdf)")
        if path:
            self.check_file(path)

    def check_again(self) -> None:
        if self.path:
            self.check_file(self.path)

    def check_file(self, path: str) -> None:
        try:
            report = self.ctx.pdf_signatures.verify_file(path)
        except DvkError as error:
            show_error(self, error)
            return
        self.path = path
        self.again_button.setEnabled(True)
        self.show_report(report)

    def dragEnterEvent(self, event) -> None:
        mime = event.mimeData()
        if mime.hasUrls() and any(url.isLocalFile() for url in mime.urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        files = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if files:
            self.check_file(files[0])
        event.acceptProposedAction()

    # -- other jobs ------------------------------------------------------------------------
    def add_anchor(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the root certificate to trust"), "",
            _("Certificate files") + " (*.cer *.crt *.pem *.der *.p7b)")
        if not path:
            return
        self.install_anchor(path)

    def install_anchor(self, path: str) -> None:
        try:
            added = self.ctx.pdf_signatures.add_anchors(path)
        except DvkError as error:
            show_error(self, error)
            return
        self.refresh()
        show_info(self, "\n".join(_("Trusted from now on: {name} ({fingerprint})").format(
            name=c.subject, fingerprint=c.sha256[:16]) for c in added) if added else
            _("These certificates were already trusted; nothing changed."))
        if self.path:
            self.check_file(self.path)

    def sign_pdf(self) -> None:
        from ui.screens.sign_pdf_dialog import SignPdfDialog

        dialog = SignPdfDialog(self.ctx, self)
        dialog.exec()
        if dialog.result is not None:
            self.check_file(dialog.target.text().strip())

    # -- showing ---------------------------------------------------------------------------
    def show_report(self, report) -> None:
        self.report = report
        background, colour = COLOURS[report.outcome]
        self.banner.setText(report.headline)
        self.banner.setProperty("outcome", report.outcome)
        self.banner.setStyleSheet(f"background: {background}; color: {colour}; "
                                  "border-radius: 6px; padding: 10px;")
        self.banner.show()
        parts = [f"<p><b>{_escape(Path(self.path).name) if self.path else ''}</b> "
                 f"{_escape(report.explanation())}</p>"]
        for index, signature in enumerate(report.signatures, start=1):
            verdict = _("valid") if signature.ok else _("NOT valid")
            parts.append("<h3>" + _escape(_("Signature {number} ({field}): {verdict}").format(
                number=index, field=signature.field_name, verdict=verdict)) + "</h3><table>")
            for label, value in signature.rows():
                parts.append(f"<tr><td><b>{_escape(label)}</b></td>"
                             f"<td>{_escape(value)}</td></tr>")
            parts.append("</table>")
            if signature.problems:
                parts.append("<ul>" + "".join(
                    f"<li style='color:#b00020'>{_escape(p)}</li>"
                    for p in signature.problems) + "</ul>")
        advice = report.advice()
        if advice:
            parts.append("<p><b>" + _escape(_("What to do")) + "</b></p><ul>" +
                         "".join(f"<li>{_escape(a)}</li>" for a in advice) + "</ul>")
        self.details.setHtml("".join(parts))
