"""Printing a decision's certificates onto pre-printed blanks (in trên phôi): the sheet
(A4 or A3, landscape or portrait), the printer, and how far it is off.

The clerk prints the test page (a ruler grid with the boxes where the texts go) on plain
paper, lays it on a blank against the light, types how many millimetres the boxes must
move, saves the offsets for that printer, and prints the certificates: only their texts
(app/services/blank_printing.py).
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.registration import Subject
from app.i18n import _, format_number
from app.printing import blanks
from ui.actions import NOT_DONE, run_action
from ui.screens.print_preview import PrintPreviewDialog
from ui.widgets.buttons import make_button


def _spin(name: str) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setObjectName(name)
    spin.setRange(-blanks.MAX_OFFSET, blanks.MAX_OFFSET)
    spin.setSingleStep(0.5)
    spin.setDecimals(1)
    spin.setSuffix(" mm")
    # Millimetres typed as clerks write them, "2,5" (as the scores are).
    spin.setLocale(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    return spin


class BlankPrintDialog(QDialog):
    def __init__(self, ctx: AppContext, decision_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.decision_id = decision_id
        self.preview: PrintPreviewDialog | None = None
        self.setWindowTitle(_("Print onto pre-printed blanks"))
        self.paper = QComboBox()
        self.paper.setObjectName("blankPaper")
        for paper in blanks.PAPERS:
            self.paper.addItem(paper, paper)
        self.orientation = QComboBox()
        self.orientation.setObjectName("blankOrientation")
        self.orientation.addItem(_("Landscape"), "landscape")
        self.orientation.addItem(_("Portrait"), "portrait")
        # The kind of certificate the test page shows (each kind has its own blank):
        # the decision's own, the first of its certificates.
        self.kind = QComboBox()
        self.kind.setObjectName("blankKind")
        self.kind.addItem(_("Collective (model)"), Subject.COLLECTIVE.value)
        self.kind.addItem(_("Individual (exemplar)"), Subject.INDIVIDUAL.value)
        subjects = [item.subject.value for item in ctx.decisions.items(decision_id)]
        if subjects and subjects[0] in blanks.VARIANTS:
            self.kind.setCurrentIndex(self.kind.findData(subjects[0]))
        self.printer = QComboBox()
        self.printer.setObjectName("blankPrinter")
        self.printer.addItem(_("(default printer)"), "")
        for name in QPrinterInfo.availablePrinterNames():
            self.printer.addItem(name, name)
        self.x = _spin("offsetX")
        self.y = _spin("offsetY")
        self.status = QLabel()
        self.status.setObjectName("blankStatus")
        self.status.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Kind of certificate"), self.kind)
        form.addRow(_("Paper"), self.paper)
        form.addRow(_("Orientation"), self.orientation)
        form.addRow(_("Printer"), self.printer)
        form.addRow(_("Move the texts right by"), self.x)
        form.addRow(_("Move the texts down by"), self.y)
        hint = QLabel("\n".join([
            _("1. Print the test page on plain paper and lay it on a blank."),
            _("2. Type how far the boxes must move to sit on the blank's places, and save."),
            _("3. Print the certificates onto the blanks.")]))
        hint.setObjectName("blankSteps")
        hint.setWordWrap(True)
        self.test_button = make_button(_("Test page..."), "printTestPage", self.test_page)
        self.save_button = make_button(_("Save the offsets"), "saveOffsets", self.save_offsets)
        self.print_button = make_button(_("Print the certificates..."), "printOnBlanks",
                                        self.certificates)
        self.print_button.setDefault(True)
        self.close_button = make_button(_("Close"), "closeBlanks", self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.printer.currentIndexChanged.connect(self._load_offsets)
        self._load_offsets()

    def _load_offsets(self) -> None:
        offset = self.ctx.blank_printing.offset(self.printer.currentData())
        self.x.setValue(offset.x)
        self.y.setValue(offset.y)

    def _sheet(self) -> dict:
        return {"paper": self.paper.currentData(),
                "orientation": self.orientation.currentData(),
                "printer": self.printer.currentData()}

    def save_offsets(self) -> bool:
        offset = run_action(self, lambda: self.ctx.blank_printing.set_offset(self.printer.currentData(),
                                                                    self.x.value(), self.y.value()))
        if offset is NOT_DONE:
            return False
        self.status.setText(_("Saved: {x} mm to the right, {y} mm down for this printer.")
                            .format(x=format_number(offset.x), y=format_number(offset.y)))
        return True

    def _show(self, pdf: bytes, title: str, file_name: str) -> PrintPreviewDialog:
        self.preview = PrintPreviewDialog(self.ctx, pdf, title=title, file_name=file_name,
                                          parent=self,
                                          printer_name=self.printer.currentData())
        self.preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview.show()
        return self.preview

    def test_page(self) -> PrintPreviewDialog | None:
        if not self.save_offsets():
            return None
        pdf = run_action(self, lambda: self.ctx.blank_printing.calibration_pdf(self.kind.currentData(),
                                                                      **self._sheet()))
        if pdf is NOT_DONE:
            return None
        return self._show(pdf, _("test page"), "trang-can-chinh.pdf")

    def certificates(self) -> PrintPreviewDialog | None:
        if not self.save_offsets():
            return None
        def action():
            docs = self.ctx.recognition_papers.certificate_documents(self.decision_id)
            pdf = self.ctx.blank_printing.certificates_pdf(docs, **self._sheet())
            return pdf
        pdf = run_action(self, action)
        if pdf is NOT_DONE:
            return None
        return self._show(pdf, _("certificates on blanks"), "giay-cong-nhan-tren-phoi.pdf")
