"""Print preview: the rendered PDF's pages as images, "Save PDF..." and "Print...".

The `app` layer renders pages to pixels (pdfium), so this window needs no PDF library:
it shows the pages at screen resolution, and prints by drawing each page rendered at
the printer's resolution (capped at PRINT_DPI_MAX, enough for text and small enough
for an old PC's memory) onto the whole sheet. The PDF's own margins are the paper's
margins, so the printer's margins are switched off (full page).
"""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.errors import DvkError
from app.i18n import _
from app.printing import paper_names
from ui.actions import NOT_DONE, run_action
from ui.help import attach_help
from ui.messages import show_info
from ui.saving import open_file, open_folder, save_now
from ui.widgets.buttons import make_button

PREVIEW_DPI = 80
PRINT_DPI_MAX = 300


def to_qimage(page) -> QImage:
    """A BGRx page image from app/printing/raster.py as a QImage (copied, so it owns
    its pixels)."""
    image = QImage(page.data, page.width, page.height, page.stride,
                   QImage.Format.Format_RGB32)
    return image.copy()


class PrintPreviewDialog(QDialog):
    def __init__(self, ctx: AppContext, pdf: bytes, *, title: str, file_name: str,
                 parent: QWidget | None = None, printer_name: str = ""):
        super().__init__(parent)
        self.ctx = ctx
        attach_help(self, "print_preview", ctx)  # F1: this window's help
        self.pdf = pdf
        self.file_name = file_name
        self.printer_name = printer_name  # the printer the paper was laid out for
        self.setWindowTitle(_("Print preview: {title}").format(title=title))
        self.resize(760, 900)
        self.pages = ctx.printing.pages(pdf)
        self.page_labels: list[QLabel] = []
        column = QVBoxLayout()
        column.setSpacing(12)
        for index in range(len(self.pages)):
            label = QLabel()
            label.setObjectName(f"page{index + 1}")
            label.setPixmap(QPixmap.fromImage(to_qimage(self.pages.render(index,
                                                                          PREVIEW_DPI))))
            label.setStyleSheet("border: 1px solid #999; background: white;")
            column.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        holder = QWidget()
        holder.setLayout(column)
        holder.setStyleSheet("background: #d8d8d8;")
        scroll = QScrollArea()
        scroll.setWidget(holder)
        scroll.setWidgetResizable(True)
        self.info = QLabel(_("{count} page(s)").format(count=len(self.pages)))
        self.save_button = make_button(_("Save PDF..."), "savePdf")
        # The paper signed with the office's digital signature (USB token), then saved.
        self.sign_button = make_button(_("Sign digitally and save..."), "signAndSave",
                                       self.sign_and_save)
        self.print_button = make_button(_("Print..."), "printPdf")
        self.print_button.setDefault(True)
        self.close_button = make_button(_("Close"), "closePreview")
        # After saving: open the PDF in the PC's reader (hidden until there is one).
        self.open_button = make_button(_("Open the PDF"), "openSavedPdf")
        self.open_button.hide()
        self.folder_button = make_button(_("Open the folder"), "openSavedFolder")
        self.folder_button.hide()
        self.folder_button.clicked.connect(
            lambda: bool(self.saved_path) and open_folder(self, self.saved_path))
        self.saved_path: str | None = None
        self.open_button.clicked.connect(self.open_saved)
        self.save_button.clicked.connect(self.save_pdf)
        self.print_button.clicked.connect(self.print_pages)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        self.button_row = buttons
        buttons.addWidget(self.info, 1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.folder_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.sign_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.finished.connect(lambda _result: self.pages.close())

    def show_sample(self, note: str, save_text: str, save_all) -> None:
        """This preview shows one paper of a batch: say so, and put in place of Save
        and Print the button that saves the whole batch (`save_all()`)."""
        self.info.setText(note)
        self.info.setWordWrap(True)
        self.save_button.hide()
        self.print_button.hide()
        self.save_all_button = make_button(save_text, "saveAllPapers", save_all)
        self.save_all_button.setDefault(True)
        self.button_row.insertWidget(self.button_row.indexOf(self.close_button),
                                     self.save_all_button)

    # -- save ---------------------------------------------------------------------------
    def save_pdf(self) -> str | None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save PDF"), self.file_name, _("PDF files (*.pdf)"))
        if not path:
            return None
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        # A PDF of that name open in a reader: try again or another name (ui/saving.py).
        saved = save_now(self, path, lambda target: self.ctx.printing.save_bytes(self.pdf,
                                                                                  target))
        if saved is None:
            return None
        self.saved_path = str(saved)
        self.open_button.show()
        self.folder_button.show()
        self.info.setText(_("Saved {path}.").format(path=saved))
        return str(saved)

    def sign_and_save(self) -> str | None:
        """Ask where, then sign this paper in the signing dialog (the PIN asked there)
        and save the signed PDF; the paper itself is not changed."""
        from pathlib import Path

        from ui.screens.sign_pdf_dialog import SignPdfDialog

        stem = Path(self.file_name).stem
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the signed PDF as"), stem + _(" (signed)") + ".pdf",
            _("PDF files (*.pdf)"))
        if not path:
            return None
        if not path.lower().endswith(".pdf"):
            path += ".pdf"

        def sign(key, pin: str):
            signed = self.ctx.pdf_signatures.sign_bytes(self.pdf, key, pin,
                                                        source=Path(path).name)
            self.ctx.printing.save_bytes(signed.data, path)
            return signed

        dialog = SignPdfDialog(self.ctx, self, paper=(
            _("{name}, saved signed as {path}").format(name=self.file_name, path=path), sign))
        dialog.exec()
        if dialog.result is None:
            return None
        self.saved_path = path
        self.open_button.show()
        self.info.setText(_("Signed and saved {path}.").format(path=path))
        return path

    def open_saved(self) -> bool:
        return bool(self.saved_path) and open_file(self, self.saved_path)

    # -- print --------------------------------------------------------------------------
    def make_printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if self.printer_name:
            printer.setPrinterName(self.printer_name)
        printer.setDocName(self.file_name)
        size = self.pages.size(0)
        orientation = QPageLayout.Orientation.Landscape if size.width > size.height \
            else QPageLayout.Orientation.Portrait
        # A3 blanks print on A3: the sheet is the PDF's (its long side 420 mm).
        paper = QPageSize.PageSizeId.A3 if max(size.width, size.height) > 1000 \
            else QPageSize.PageSizeId.A4
        printer.setPageLayout(QPageLayout(QPageSize(paper), orientation,
                                          QMarginsF(0, 0, 0, 0)))
        printer.setFullPage(True)
        printer.setFromTo(1, len(self.pages))
        return printer

    def print_pages(self, printer: QPrinter | None = None) -> bool:
        """Ask the system print dialog (unless a printer is given), then print."""
        if printer is None or isinstance(printer, bool):
            printer = self.make_printer()
            dialog = QPrintDialog(printer, self)
            dialog.setWindowTitle(_("Print"))
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
        if run_action(self, lambda: self._paint(printer)) is NOT_DONE:
            return False
        show_info(self, _("Sent to the printer."), _("Print"))
        return True

    def _pages_to_print(self, printer: QPrinter) -> list[int]:
        first, last = printer.fromPage(), printer.toPage()
        if first <= 0 or last <= 0:
            first, last = 1, len(self.pages)
        return list(range(max(first, 1) - 1, min(last, len(self.pages))))

    def _paint(self, printer: QPrinter) -> None:
        painter = QPainter()
        if not painter.begin(printer):
            raise DvkError(_(
                "The printer cannot be started. Check that it is switched on, connected "
                "and has paper, or save the PDF and print it from another computer."))
        try:
            dpi = min(printer.resolution(), PRINT_DPI_MAX)
            for count, index in enumerate(self._pages_to_print(printer)):
                if count and not printer.newPage():
                    raise DvkError(_("The printer stopped after page {page}.").format(
                        page=count))
                image = to_qimage(self.pages.render(index, dpi))
                target = QRectF(painter.viewport())
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
                painter.drawImage(target, image)
        finally:
            painter.end()


def preview_registration(ctx: AppContext, registration_id: str,
                         parent: QWidget | None = None) -> PrintPreviewDialog | None:
    """Render a saved registration's paper form and show it in a preview window."""
    def action():
        doc = ctx.printing.registration_document(registration_id)
        pdf = ctx.printing.render(doc)
        record = ctx.registrations.get(registration_id)
        dialog = PrintPreviewDialog(ctx, pdf, title=record.name,
                                    file_name=paper_names.registration(
                                        record.name, record.year), parent=parent)
        return dialog
    dialog = run_action(parent, action)
    if dialog is NOT_DONE:
        return None
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
