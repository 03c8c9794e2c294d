"""Issue 18, point 4: offices by their names (the code in a tooltip), no key ids or
crypto words on the exchange screen, a labelled bundle number, a recipient list one
can search, and neither the whole .sqlite path nor a schema number in sight."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.gui.helpers import close_quietly, type_text, when_modal
from tests.sync.builders import register
from tests.sync.conftest import COMMUNE, OTHER, PROVINCE
from ui.jobs import JobRunner
from ui.main_window import MainWindow
from ui.screens import sync_screen
from ui.screens.passphrase_dialog import PassphraseDialog
from ui.screens.sync_screen import SyncScreen
from ui.widgets.search_combo import SearchCombo

pytestmark = pytest.mark.gui


def test_the_exchange_names_offices_and_hides_key_ids(net, tmp_path, qtbot, monkeypatch):
    ctx = net.open(COMMUNE)
    register(ctx, "Mô hình gửi lên")
    runner = JobRunner()
    screen = SyncScreen(ctx, runner)
    qtbot.addWidget(screen)
    screen.show()
    assert screen.recipient.currentText() == "Tỉnh Ninh Bình - cấp trên"
    assert screen.recipient.value() == PROVINCE
    target = tmp_path / "len-tinh.dvk"
    monkeypatch.setattr(sync_screen, "choose_bundle_to_save", lambda parent, name: str(target))

    def type_passphrase(dialog: PassphraseDialog) -> None:
        qtbot.keyClicks(dialog.field, "demo")
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)

    when_modal(PassphraseDialog, type_passphrase)
    qtbot.mouseClick(screen.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.outbox.rowCount() == 1, timeout=10_000)
    status = screen.export_status.text()
    assert "gói số 1 gửi Tỉnh Ninh Bình" in status and "gửi 37" not in status
    assert screen.outbox.horizontalHeaderItem(1).text() == "Gói số"
    sent_to = screen.outbox.item(0, 0)
    assert sent_to.text() == "Tỉnh Ninh Bình" and sent_to.toolTip() == "Mã đơn vị: 37"
    own = ctx.keys.own()
    assert own.fingerprint in screen.own_key.text()
    assert own.key_id not in screen.own_key.text()
    assert "vân tay" not in screen.own_key.text()
    headers = [screen.keys_table.horizontalHeaderItem(c).text()
               for c in range(screen.keys_table.columnCount())]
    assert headers == ["Cơ quan", "Mã đối chiếu", "Biết qua", "Hiệu lực đến", "Trạng thái"]
    cells = [screen.keys_table.item(0, c).text() for c in range(len(headers))]
    assert cells[0] == "Tỉnh Ninh Bình"
    assert not any(k.key_id in " ".join(cells) for k in ctx.trust.keys())
    runner.wait(5000)
    ctx.close()


def test_the_province_finds_a_commune_to_send_to_by_typing(net, qtbot):
    ctx = net.open(PROVINCE)
    screen = SyncScreen(ctx, JobRunner())
    qtbot.addWidget(screen)
    screen.show()
    assert isinstance(screen.recipient, SearchCombo)
    texts = [screen.recipient.itemText(i) for i in range(screen.recipient.count())]
    assert all("(" not in text for text in texts)  # names, no codes
    screen.recipient.setFocus()
    screen.recipient.lineEdit().clear()
    type_text(qtbot, screen.recipient.lineEdit(), "phu ly")
    popup = screen.recipient._completer.popup()
    assert popup.isVisible() and "Phủ Lý" in popup.currentIndex().data()
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert screen.recipient.value() == OTHER
    ctx.close()


def test_the_status_bar_and_the_check_speak_plainly(net, qtbot):
    from ui.screens import restore_dialog  # noqa: F401 (the preview uses the same words)

    ctx = net.open(COMMUNE)
    window = MainWindow(ctx)
    window.show()
    assert window.office_label.text() == "Phường Yên Thắng"
    assert ".sqlite" not in window.office_label.text()
    assert str(ctx.path) in window.office_label.toolTip()
    report = ctx.maintenance.check()
    text = "\n".join(report.lines)
    assert "cấu trúc" not in text and "Định dạng tệp dữ liệu: đúng với phiên bản DVK này." in text
    close_quietly(window)
