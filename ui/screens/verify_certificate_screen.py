"""Check a certificate (Kiểm tra giấy công nhận): someone brings a printed certificate
and the clerk wants to know, offline, whether it is genuine.

The clerk chooses or drops a photo, scan or PDF of it, or pastes the text a phone's
QR reader shows, and sees one big verdict in colour and words (green: genuine; red:
NOT genuine; amber: cannot confirm yet), why, the content to compare with the paper,
and what to do next. Pictures are decoded off the UI thread; PDFs on it (pdfium is
not thread-safe and the print preview uses it there). Checking reads the data file
and never writes it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.certificates.verify import CANNOT_CONFIRM, GENUINE, NOT_GENUINE, Verdict
from app.context import AppContext
from app.domain.text import without_hidden
from app.errors import DvkError
from app.i18n import _
from ui.actions import NOT_DONE, run_action
from ui.jobs import JobRunner
from ui.messages import show_error
from ui.widgets.buttons import make_button
from ui.widgets.empty_state import empty_state

PICTURE_FILTER = "*.png *.jpg *.jpeg *.pdf *.bmp *.tif *.tiff *.webp"
# (background, text) per outcome: green, red, amber.
COLOURS = {GENUINE: ("#2e7d32", "#ffffff"), NOT_GENUINE: ("#c62828", "#ffffff"),
           CANNOT_CONFIRM: ("#f9a825", "#3b2a00")}


def choose_picture(parent: QWidget) -> str:
    path, _filter = QFileDialog.getOpenFileName(
        parent, _("Choose a photo, scan or PDF of the certificate"), "",
        _("Pictures and PDF") + f" ({PICTURE_FILTER})")
    return path


class VerifyCertificateScreen(QWidget):
    def __init__(self, ctx: AppContext, jobs: JobRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.jobs = jobs
        self.verdicts: list[Verdict] = []
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        intro = QLabel(_(
            "Check whether a printed certificate is genuine, without any network. Choose "
            "or drop a photo, scan or PDF of the certificate, or paste the text of its QR "
            "code (the code in the bottom left corner, starting with DVK1:)."))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        line = QHBoxLayout()
        self.choose_button = make_button(_("Choose a photo, scan or PDF..."), "choosePicture", self.choose_file)
        line.addWidget(self.choose_button)
        drop = QLabel(_("or drop the file onto this screen"))
        drop.setStyleSheet("color: #555;")
        line.addWidget(drop)
        line.addStretch(1)
        layout.addLayout(line)

        line = QHBoxLayout()
        self.code_text = QPlainTextEdit()
        self.code_text.setObjectName("codeText")
        self.code_text.setPlaceholderText(_("Paste the code here: DVK1:..."))
        self.code_text.setTabChangesFocus(True)
        self.code_text.setMaximumHeight(64)
        line.addWidget(self.code_text, 1)
        self.check_button = make_button(_("Check the code"), "checkCode", self.check_text)
        line.addWidget(self.check_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(line)

        self.status = QLabel()
        self.status.setObjectName("verifyStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.picker = QComboBox()
        self.picker.setObjectName("codePicker")
        self.picker.currentIndexChanged.connect(self._show_picked)
        self.picker.hide()
        layout.addWidget(self.picker)

        self.banner = QLabel()
        self.banner.setObjectName("verdictBanner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setWordWrap(True)
        self.banner.setMinimumHeight(64)
        font = QFont(self.banner.font())
        font.setPointSize(max(font.pointSize(), 10) + 10)
        font.setBold(True)
        self.banner.setFont(font)
        self.banner.hide()
        layout.addWidget(self.banner)
        self.explanation = QLabel()
        self.explanation.setObjectName("verdictExplanation")
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bigger = QFont(self.explanation.font())
        bigger.setPointSize(max(bigger.pointSize(), 10) + 2)
        self.explanation.setFont(bigger)
        layout.addWidget(self.explanation)
        self.content_title = QLabel()
        self.content_title.setObjectName("contentTitle")
        layout.addWidget(self.content_title)
        self.content = QTableWidget(0, 2)
        self.content.setObjectName("verdictContent")
        self.content.horizontalHeader().hide()
        self.content.verticalHeader().hide()
        self.content.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents)
        self.content.horizontalHeader().setStretchLastSection(True)
        self.content.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.content.setWordWrap(True)
        self.content_empty = empty_state(self.content, _(
            "Press \u201c{choose}\u201d and pick a photo, a scan or the PDF of the certificate "
            "(or paste the code's text and press \u201c{check}\u201d): what the certificate "
            "says shows here.").format(choose=_("Choose a photo, scan or PDF...").rstrip("."),
                                      check=_("Check the code")))
        self.content.setFrameShape(QFrame.Shape.NoFrame)
        self.content.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.content)
        self.advice = QLabel()
        self.advice.setObjectName("verdictAdvice")
        self.advice.setWordWrap(True)
        layout.addWidget(self.advice)
        layout.addStretch(1)
        self._clear()

    # -- input -------------------------------------------------------------------------
    def choose_file(self) -> None:
        path = choose_picture(self)
        if path:
            self.check_file(path)

    def check_text(self) -> None:
        text = self.code_text.toPlainText()
        verdict = run_action(self, lambda: self.ctx.certificate_codes.verify_text(text))
        if verdict is NOT_DONE:
            return
        self.show_verdicts([verdict])

    def check_file(self, path: str) -> None:
        """Read the code(s) of a picture off the UI thread (a PDF on it), then judge
        them here, on the window's own connection."""
        self._clear()
        name = Path(path).name
        self.status.setText(_("Reading {name}...").format(name=name))
        service = self.ctx.certificate_codes
        if service.is_pdf(path):
            self._codes_read(name, service.read_codes(path))
            return
        self.choose_button.setEnabled(False)
        self.jobs.start(lambda _progress: service.read_codes(path),
                        on_done=lambda result: self._codes_read(name, result),
                        on_error=self._read_failed)

    def _codes_read(self, name: str, result) -> None:
        self.choose_button.setEnabled(True)
        codes, failure = result
        verdicts = run_action(
            self, lambda: [failure] if failure else
            self.ctx.certificate_codes.verify_codes(codes, name),
            on_error=lambda _error: self.status.clear())
        if verdicts is NOT_DONE:
            return
        if codes:
            self.code_text.setPlainText(codes[0])
        self.show_verdicts(verdicts)

    def _read_failed(self, error: BaseException) -> None:
        self.choose_button.setEnabled(True)
        self.status.clear()
        show_error(self, error if isinstance(error, DvkError) else DvkError(str(error)))

    def dragEnterEvent(self, event) -> None:
        mime = event.mimeData()
        if (mime.hasUrls() and any(url.isLocalFile() for url in mime.urls())) or \
                mime.hasText():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        mime = event.mimeData()
        files = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()] \
            if mime.hasUrls() else []
        if files:
            self.check_file(files[0])
        elif mime.hasText():
            self.code_text.setPlainText(mime.text())
            self.check_text()
        event.acceptProposedAction()

    # -- showing -----------------------------------------------------------------------
    def _clear(self) -> None:
        self.verdicts = []
        self.status.clear()
        self.picker.hide()
        self.banner.hide()
        self.explanation.clear()
        self.content_title.clear()
        self.content.setRowCount(0)
        self.content.hide()
        self.advice.clear()

    def show_verdicts(self, verdicts: list[Verdict]) -> None:
        self._clear()
        self.verdicts = verdicts
        if len(verdicts) > 1:
            genuine = sum(1 for v in verdicts if v.genuine)
            self.status.setText(_(
                "{name} holds {count} certificate codes; {genuine} of them genuine. Choose "
                "one to see its verdict.").format(name=verdicts[0].source,
                                                   count=len(verdicts), genuine=genuine))
            self.picker.blockSignals(True)
            self.picker.clear()
            for index, verdict in enumerate(verdicts, start=1):
                self.picker.addItem(_("Code {number}: {verdict}").format(
                    number=index, verdict=verdict.headline))
            self.picker.blockSignals(False)
            self.picker.show()
        elif verdicts and verdicts[0].source:
            self.status.setText(_("Code read from {name}.").format(name=verdicts[0].source))
        if verdicts:
            self.show_verdict(verdicts[0])

    def _show_picked(self, index: int) -> None:
        if 0 <= index < len(self.verdicts):
            self.show_verdict(self.verdicts[index])

    def show_verdict(self, verdict: Verdict) -> None:
        background, colour = COLOURS.get(verdict.outcome, COLOURS[CANNOT_CONFIRM])
        self.banner.setText(verdict.headline)
        self.banner.setProperty("outcome", verdict.outcome)
        self.banner.setStyleSheet(f"background: {background}; color: {colour}; "
                                  "border-radius: 6px; padding: 12px;")
        self.banner.show()
        # A code's texts are shown without control or reordering marks: a forged
        # code cannot make a line say something else on screen.
        self.explanation.setText(without_hidden(verdict.explanation))
        rows = verdict.content()
        self.content_title.setText(
            "" if not rows else _("Content of the code (compare it with the paper):")
            if verdict.confirmed else _("What the code claims (NOT confirmed):"))
        self.content.setRowCount(len(rows))
        for row, (label, value) in enumerate(rows):
            label_item = QTableWidgetItem(label)
            font = label_item.font()
            font.setBold(True)
            label_item.setFont(font)
            self.content.setItem(row, 0, label_item)
            self.content.setItem(row, 1, QTableWidgetItem(without_hidden(str(value))))
        self.content.resizeRowsToContents()
        self.content.setFixedHeight(self.content.verticalHeader().length() + 4)
        self.content.setVisible(bool(rows))
        self.advice.setText("\n".join(f"• {line}" for line in verdict.advice))
