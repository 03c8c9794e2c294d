"""The print preview as a clerk uses it: from the list or the open registration, see
the pages, save the PDF, print through the print dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from tests.helpers import collective
from tests.printing import pdfcheck
from ui.jobs import JobRunner
from ui.screens import print_preview
from ui.screens.print_preview import PrintPreviewDialog
from ui.screens.registration_dialog import RegistrationDialog
from ui.screens.registrations_screen import RegistrationsScreen

pytestmark = pytest.mark.gui


@pytest.fixture
def no_message_boxes(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    return shown


def _select_first(qtbot, screen: RegistrationsScreen) -> None:
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0)
    screen.table.selectRow(0)


def test_print_from_the_list_shows_every_page(qtbot, ctx, frozen_today, no_message_boxes):
    ctx.registrations.save(collective(ctx))
    jobs = JobRunner()
    screen = RegistrationsScreen(ctx, jobs)
    qtbot.addWidget(screen)
    _select_first(qtbot, screen)
    qtbot.mouseClick(screen.print_button, Qt.MouseButton.LeftButton)
    preview = screen.preview
    assert isinstance(preview, PrintPreviewDialog) and preview.isVisible()
    pages = pdfcheck.page_count(preview.pdf)
    assert len(preview.page_labels) == pages >= 1
    pixmap = preview.page_labels[0].pixmap()
    assert pixmap.width() < pixmap.height()  # A4 portrait
    assert abs(pixmap.width() - round(595.28 / 72 * print_preview.PREVIEW_DPI)) <= 1
    assert "Tuyến đường hoa" in pdfcheck.text(preview.pdf)
    preview.close()
    jobs.wait(3000)


def test_nothing_selected_is_explained(qtbot, ctx, no_message_boxes):
    jobs = JobRunner()
    screen = RegistrationsScreen(ctx, jobs)
    qtbot.addWidget(screen)
    qtbot.mouseClick(screen.print_button, Qt.MouseButton.LeftButton)
    assert len(no_message_boxes) == 1
    jobs.wait(3000)


def test_save_pdf(qtbot, ctx, frozen_today, tmp_path, monkeypatch, no_message_boxes):
    registration_id = ctx.registrations.save(collective(ctx))
    preview = print_preview.preview_registration(ctx, registration_id)
    qtbot.addWidget(preview)
    target = tmp_path / "ban-dang-ky"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(target), "PDF"))
    qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    saved = tmp_path / "ban-dang-ky.pdf"
    assert saved.read_bytes() == preview.pdf
    assert str(saved) in preview.info.text()
    # A folder that cannot be written: a message, nothing half-written.
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(tmp_path / "no" / "x.pdf"), "PDF"))
    qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    assert no_message_boxes and "no" in no_message_boxes[-1]


def test_print_through_the_print_dialog(qtbot, ctx, frozen_today, tmp_path, monkeypatch,
                                        no_message_boxes):
    registration_id = ctx.registrations.save(collective(ctx))
    preview = print_preview.preview_registration(ctx, registration_id)
    qtbot.addWidget(preview)
    out = tmp_path / "printed.pdf"
    asked = []

    def accept(dialog):
        asked.append(dialog.printer())
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(out))
        dialog.printer().setResolution(100)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    assert asked and out.exists()
    assert pdfcheck.page_count(out.read_bytes()) == pdfcheck.page_count(preview.pdf)
    assert no_message_boxes  # "sent to the printer"


def test_a_cancelled_print_dialog_prints_nothing(qtbot, ctx, frozen_today, monkeypatch,
                                                 no_message_boxes):
    registration_id = ctx.registrations.save(collective(ctx))
    preview = print_preview.preview_registration(ctx, registration_id)
    qtbot.addWidget(preview)
    monkeypatch.setattr(QPrintDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    assert preview.print_pages() is False
    assert no_message_boxes == []


def test_a_printer_that_fails_is_explained(qtbot, ctx, frozen_today, tmp_path,
                                           no_message_boxes):
    registration_id = ctx.registrations.save(collective(ctx))
    preview = print_preview.preview_registration(ctx, registration_id)
    qtbot.addWidget(preview)
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "missing-folder" / "x.pdf"))
    assert preview.print_pages(printer) is False
    assert len(no_message_boxes) == 1


def test_landscape_certificates_print_landscape(qtbot, ctx):
    pdf = ctx.printing.render(ctx.printing.sample_document("certificate"))
    preview = PrintPreviewDialog(ctx, pdf, title="GCN", file_name="gcn.pdf")
    qtbot.addWidget(preview)
    pixmap = preview.page_labels[0].pixmap()
    assert pixmap.width() > pixmap.height()
    assert preview.make_printer().pageLayout().orientation().name == "Landscape"


def test_the_registration_window_saves_then_previews(qtbot, ctx, frozen_today,
                                                      no_message_boxes):
    dialog = RegistrationDialog(ctx, initial=collective(ctx, name="Tủ sách cộng đồng"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert dialog.registration_id  # saved first: the paper matches the data file
    preview = dialog.preview
    assert preview is not None and "Tủ sách cộng đồng" in pdfcheck.text(preview.pdf)
    preview.close()
    dialog.dirty = False
    dialog.close()
