"""Issue 22 in the window, driven like a clerk: Tools > Sign a PDF digitally... (the
PIN typed in the dialog, never kept), the check screen (Kiểm tra văn bản ký số) with
its verdict in colour and words, installing a trust anchor from it, and the print
preview showing a signed PDF with its visible signature."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from app.pdfsign.keys import FileKey
from app.pdfsign.verify import verify_pdf
from tests.gui.helpers import answer_message_box, close_quietly, type_text, when_modal
from tests.pdfsign.conftest import P12_PASSWORD, SIGNER_NAME, USER_PIN, signs_with_file
from ui.main_window import MainWindow
from ui.screens.sign_pdf_dialog import SignPdfDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def window(office, qtbot):
    main = MainWindow(office)
    main.show()
    yield main
    close_quietly(main)


def _open_check_screen(window, qtbot):
    nav = window.nav
    row = next(i for i in range(nav.count()) if nav.item(i).text() == "Kiểm tra văn bản ký số")
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton,
                     pos=nav.visualItemRect(nav.item(row)).center())
    assert window.stack.currentWidget() is window.verify_pdf
    return window.verify_pdf


def _choose(monkeypatch, path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *args, **kwargs: (str(path), "")))


def test_sign_from_the_tools_menu_with_a_certificate_file(window, qtbot, papers, key_files,
                                                          tmp_path, test_pki):
    source = tmp_path / "to-trinh.pdf"
    source.write_bytes(papers["proposal"])
    target = tmp_path / "to-trinh (đã ký).pdf"
    seen = {}

    def fill(dialog: SignPdfDialog) -> None:
        seen["dialog"] = dialog
        # The token's certificate is a "chứng thư số", never a certificate's "số vào sổ".
        seen["certificate_label"] = dialog.layout().labelForField(dialog.certificates).text()
        qtbot.mouseClick(dialog.use_file, Qt.MouseButton.LeftButton)
        assert not dialog.driver.isEnabled() and dialog.key_file.isEnabled()
        type_text(qtbot, dialog.source, str(source))
        type_text(qtbot, dialog.target, str(target))
        type_text(qtbot, dialog.key_file, str(key_files["signer"]))
        # A wrong password first: said under the field, the dialog stays, nothing written.
        type_text(qtbot, dialog.pin, "sai-mat-khau")
        qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
        seen["wrong"] = dialog.error.text()
        seen["cleared"] = dialog.pin.text()
        seen["written"] = target.exists()
        type_text(qtbot, dialog.pin, P12_PASSWORD)
        qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
        seen["done"] = dialog.done_label.text()
        seen["pin_after"] = dialog.pin.text()
        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)

    when_modal(SignPdfDialog, fill)
    action = window.findChild(type(window.menuBar().actions()[0]), "signPdfAction")
    assert action.text() == "Ký số tệp PDF..."
    action.trigger()
    assert seen["certificate_label"] == "Chứng thư số"
    assert "Mật khẩu của tệp chứng thư số" in seen["wrong"] and not seen["written"]
    assert seen["cleared"] == "" and seen["pin_after"] == ""
    assert seen["done"].startswith(f"Đã ký: {SIGNER_NAME}, lúc ")
    assert "(giờ Việt Nam), PAdES B-B" in seen["done"]
    assert verify_pdf(target.read_bytes(), [test_pki.root.der]).ok


def test_sign_with_the_token_in_the_dialog(office, qtbot, softhsm, papers, tmp_path,
                                          test_pki):
    source = tmp_path / "giay.pdf"
    source.write_bytes(papers["certificate"])
    dialog = SignPdfDialog(office)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.source, str(source))
    type_text(qtbot, dialog.target, str(tmp_path / "giay-da-ky.pdf"))
    dialog.driver.clear()
    type_text(qtbot, dialog.driver, softhsm.module)
    qtbot.mouseClick(dialog.findChild(type(dialog.sign_button), "findCertificates"),
                     Qt.MouseButton.LeftButton)
    items = [dialog.certificates.itemText(i) for i in range(dialog.certificates.count())]
    ours = next(i for i, text in enumerate(items) if text.startswith(SIGNER_NAME) and
                softhsm.label in text)
    dialog.certificates.setCurrentIndex(ours)
    assert not any("Cơ quan chứng thực chuyên dùng" == t.split(" - ")[0] for t in items)
    type_text(qtbot, dialog.pin, "0000")
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert "Mã PIN không đúng" in dialog.error.text()
    type_text(qtbot, dialog.pin, USER_PIN)
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert dialog.done_label.text().startswith(f"Đã ký: {SIGNER_NAME}")
    assert verify_pdf((tmp_path / "giay-da-ky.pdf").read_bytes(), [test_pki.root.der]).ok


def test_the_check_screen_shows_the_verdict_and_installs_an_anchor(
        window, qtbot, monkeypatch, papers, key_files, tmp_path):
    from app.pdfsign.signing import sign_pdf

    signed = tmp_path / "quyet-dinh-da-ky.pdf"
    signed.write_bytes(sign_pdf(papers["decision"], FileKey(str(key_files["signer"])),
                                P12_PASSWORD).data)
    screen = _open_check_screen(window, qtbot)
    assert "Chưa cài chứng thư gốc tin cậy nào" in screen.anchors_label.text()
    _choose(monkeypatch, signed)
    qtbot.mouseClick(screen.choose_button, Qt.MouseButton.LeftButton)
    assert screen.banner.text() == "CHƯA XÁC NHẬN ĐƯỢC: cơ quan này chưa tin cậy người ký"
    assert "#f9a825" in screen.banner.styleSheet()
    # The administrator installs the CA's root from the screen; the PDF is checked again.
    _choose(monkeypatch, key_files["root"])
    answer_message_box("Đóng")
    qtbot.mouseClick(screen.anchor_button, Qt.MouseButton.LeftButton)
    assert "Cơ quan chứng thực thử nghiệm DVK" in screen.anchors_label.text()
    assert screen.banner.text() == "HỢP LỆ: chữ ký số của tệp PDF này là thật"
    assert "#2e7d32" in screen.banner.styleSheet()
    details = screen.details.toPlainText()
    assert f"Người ký\t{SIGNER_NAME}" in details or SIGNER_NAME in details
    assert "giờ Việt Nam" in details and "không thay đổi sau khi ký" in details
    assert "chưa kiểm tra khi ngoại tuyến" in details
    # A copy changed after signing turns red.
    data = signed.read_bytes()
    at = data.index(b"/CreationDate (D:") + 20
    changed = tmp_path / "da-sua.pdf"
    changed.write_bytes(data[:at] + (b"1" if data[at:at + 1] != b"1" else b"2") +
                        data[at + 1:])
    _choose(monkeypatch, changed)
    qtbot.mouseClick(screen.choose_button, Qt.MouseButton.LeftButton)
    assert screen.banner.text().startswith("KHÔNG HỢP LỆ")
    assert "#c62828" in screen.banner.styleSheet()
    assert "Đừng dùng tệp này" in screen.details.toPlainText()


def test_a_signed_pdf_prints_with_its_visible_signature(office, qtbot, papers, key_files):
    """The preview the window prints from draws the signature's appearance (a form
    field): the page shows more ink where the signature is, the same everywhere else."""
    from app.pdfsign.signing import sign_pdf
    from app.printing.raster import PdfPages

    signed = sign_pdf(papers["proposal"], FileKey(str(key_files["signer"])), P12_PASSWORD)
    pages = {}
    for name, data in (("paper", papers["proposal"]), ("signed", signed.data)):
        with PdfPages(data) as pdf:
            pages[name] = [pdf.render(i, 100) for i in range(len(pdf))]
    assert len(pages["paper"]) == len(pages["signed"])
    different = [i for i, (a, b) in enumerate(zip(pages["paper"], pages["signed"],
                                                 strict=True)) if a.data != b.data]
    assert different == [len(pages["paper"]) - 1], "only the signed page changes"
    before = pages["paper"][-1].data
    after = pages["signed"][-1].data
    darker = sum(1 for x, y in zip(before[0::4], after[0::4], strict=True) if y + 60 < x)
    assert darker > 300, "the visible signature must be printed"


def test_sign_a_paper_from_its_print_preview(office, qtbot, monkeypatch, papers, key_files,
                                            tmp_path, test_pki):
    """A proposal, a report or a batch of certificates: previewed, then signed and saved
    from the preview (the PIN in the signing dialog)."""
    from ui.screens.print_preview import PrintPreviewDialog

    preview = PrintPreviewDialog(office, papers["certificate"], title="Giấy công nhận",
                                 file_name="giay-cong-nhan.pdf")
    qtbot.addWidget(preview)
    target = tmp_path / "giay-cong-nhan (đã ký).pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args, **kwargs: (str(target), "")))
    seen = {}
    when_modal(SignPdfDialog, signs_with_file(qtbot, key_files["signer"], seen))
    qtbot.mouseClick(preview.sign_button, Qt.MouseButton.LeftButton)
    assert "giay-cong-nhan.pdf" in seen["paper"] and seen["done"].startswith("Đã ký:")
    assert preview.info.text() == f"Đã ký số và lưu {target}."
    data = target.read_bytes()
    assert data.startswith(papers["certificate"])
    assert verify_pdf(data, [test_pki.root.der]).ok
