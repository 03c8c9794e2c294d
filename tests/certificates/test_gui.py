"""The 'Check a certificate' screen, driven like a clerk: open it from the navigation,
paste a code or choose / drop a scan, read the big verdict."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication

from app.certificates import codec
from app.context import AppContext
from app.printing import builders, samples, templates
from app.printing.raster import PdfPages
from app.printing.renderer import PdfRenderer
from tests.certificates.conftest import COMMUNE, PASSPHRASE, PROVINCE, STRANGER, sample_summary
from tests.gui.helpers import close_quietly
from ui.main_window import MainWindow
from ui.screens import verify_certificate_screen

pytestmark = pytest.mark.gui


def _payload(net, code: str = COMMUNE) -> str:
    with net.open(code) as ctx:
        return ctx.certificate_codes.payload(sample_summary(),
                                             ctx.certificate_codes.signer(PASSPHRASE))


def _scan(tmp_path, payloads: list[str], suffix: str = ".png"):
    docs = [builders.certificate(
        dataclasses.replace(samples.entries()[i], qr_payload=p), samples.decision_data(),
        office=samples.sample_office(), wording=templates.defaults("certificate"),
        official=templates.defaults("official")) for i, p in enumerate(payloads)]
    pdf = PdfRenderer().render_certificates(docs)
    path = tmp_path / f"giay{suffix}"
    if suffix == ".pdf":
        path.write_bytes(pdf)
    else:
        with PdfPages(pdf) as pages:
            path.write_bytes(pages.png(0, 150))
    return path


@pytest.fixture
def window(net, qtbot):
    ctx = AppContext.open(net.path(PROVINCE), actor="test")
    main = MainWindow(ctx)
    main.show()
    yield main
    close_quietly(main)
    ctx.close()


def _open_screen(window, qtbot):
    nav = window.nav
    row = next(i for i in range(nav.count()) if nav.item(i).text() == "Kiểm tra giấy công nhận")
    rect = nav.visualItemRect(nav.item(row))
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    screen = window.verify_certificate
    assert window.stack.currentWidget() is screen
    return screen


def _paste_and_check(qtbot, window, screen, text: str) -> None:
    window.activateWindow()
    screen.code_text.setFocus()
    qtbot.keyClick(screen.code_text, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        QApplication.clipboard().setText(text)
        qtbot.keyClick(screen.code_text, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    else:
        qtbot.keyClick(screen.code_text, Qt.Key.Key_Delete)
    assert screen.code_text.toPlainText() == text
    qtbot.mouseClick(screen.check_button, Qt.MouseButton.LeftButton)


def _content(screen) -> dict[str, str]:
    table = screen.content
    return {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}


def test_pasted_codes_get_a_big_coloured_verdict(net, window, qtbot):
    screen = _open_screen(window, qtbot)
    assert not screen.banner.isVisible()
    payload = _payload(net)

    _paste_and_check(qtbot, window, screen, payload)
    assert screen.banner.isVisible() and screen.banner.text() == "Giấy công nhận thật"
    assert screen.banner.property("outcome") == "genuine"
    assert "#2e7d32" in screen.banner.styleSheet()
    content = _content(screen)
    assert content["Mô hình, điển hình"] == sample_summary().model_name
    assert content["Số vào sổ"] == "02/GCN"
    assert "Phường Yên Thắng" in screen.explanation.text()
    assert screen.content_title.text().startswith("Nội dung của mã")

    decoded = codec.decode(payload)
    forged = codec.encode(dataclasses.replace(decoded.summary, registrant="Tổ dân phố số 9"),
                          lambda _m: decoded.signature)
    _paste_and_check(qtbot, window, screen, forged)
    assert screen.banner.text() == "KHÔNG phải giấy công nhận thật"
    assert "#c62828" in screen.banner.styleSheet()
    assert not screen.content.isVisible() and screen.advice.text()

    _paste_and_check(qtbot, window, screen, _payload(net, STRANGER))
    assert screen.banner.text() == "Chưa xác nhận được"
    assert "#f9a825" in screen.banner.styleSheet()
    assert "CHƯA được xác nhận" in screen.content_title.text()
    assert "(00004)" in screen.explanation.text()

    _paste_and_check(qtbot, window, screen, "")
    assert screen.banner.text() == "Chưa xác nhận được"


def test_a_chosen_scan_is_read_off_the_ui_thread(net, window, qtbot, tmp_path, monkeypatch):
    screen = _open_screen(window, qtbot)
    scan = _scan(tmp_path, [_payload(net)])
    monkeypatch.setattr(verify_certificate_screen, "choose_picture", lambda parent: str(scan))
    qtbot.mouseClick(screen.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.banner.isVisible(), timeout=10000)
    assert screen.banner.text() == "Giấy công nhận thật"
    assert "giay.png" in screen.status.text()
    assert screen.code_text.toPlainText().startswith("DVK1:")


def test_a_dropped_pdf_with_several_certificates_offers_each_verdict(net, window, qtbot,
                                                                     tmp_path):
    screen = _open_screen(window, qtbot)
    good = _payload(net)
    pdf = _scan(tmp_path, [good, _payload(net, STRANGER)], ".pdf")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(pdf))])
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    screen.dropEvent(event)
    qtbot.waitUntil(lambda: screen.banner.isVisible(), timeout=10000)
    assert screen.picker.isVisible() and screen.picker.count() == 2
    assert screen.banner.text() == "Giấy công nhận thật"
    assert "1 mã thật" in screen.status.text()
    screen.picker.setCurrentIndex(1)
    assert screen.banner.text() == "Chưa xác nhận được"
