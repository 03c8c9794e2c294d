"""Saving from the window, then opening the file (issue 19, files in use): a PDF still
open in a reader, or a workbook in Excel, gets "try again" or "save as ... (2)", and the
saved file opens with the PC's own program, from a folder with Vietnamese letters and
spaces."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QMessageBox

from tests.gui.helpers import answer_message_box, when_modal
from tests.helpers import collective
from ui import saving
from ui.jobs import JobRunner
from ui.screens import print_preview
from ui.screens.registrations_screen import RegistrationsScreen

pytestmark = pytest.mark.gui


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    """What the window asked the system to open (no reader is started in tests)."""
    seen: list[str] = []

    def record(path):
        url = QUrl.fromLocalFile(str(path))
        seen.append(url.toLocalFile())
        return url.isLocalFile()

    monkeypatch.setattr(saving, "open_with_system", record)
    return seen


def _click(box: QMessageBox, starts: str) -> None:
    for button in box.findChildren(QAbstractButton):
        if button.text().replace("&", "").startswith(starts):
            button.click()
            return
    raise AssertionError([b.text() for b in box.buttons()])


def test_a_pdf_open_in_a_reader_is_saved_under_a_free_name_and_opened(
        qtbot, ctx, frozen_today, tmp_path, monkeypatch, sharing, opened):
    folder = tmp_path / "Dữ liệu DVK" / "Xã Yên Mô"
    folder.mkdir(parents=True)
    target = folder / "Bản đăng ký.pdf"
    registration_id = ctx.registrations.save(collective(ctx))
    preview = print_preview.preview_registration(ctx, registration_id)
    qtbot.addWidget(preview)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(target), "PDF"))
    qtbot.mouseClick(preview.save_button, qtbot_left())
    assert target.read_bytes() == preview.pdf and not preview.open_button.isHidden()
    qtbot.mouseClick(preview.open_button, qtbot_left())
    assert opened == [str(target)]

    target.write_bytes(b"the copy the reader shows")
    asked: list[str] = []
    with sharing.held_open(target):  # the reader still has it open
        when_modal(QMessageBox, lambda box: (asked.append(box.text()),
                                             _click(box, "Lưu thành")))
        qtbot.mouseClick(preview.save_button, qtbot_left())
    other = folder / "Bản đăng ký (2).pdf"
    assert asked and "đang mở trong một chương trình khác" in asked[0]
    assert target.read_bytes() == b"the copy the reader shows"  # left as it was
    assert other.read_bytes() == preview.pdf and str(other) in preview.info.text()
    qtbot.mouseClick(preview.open_button, qtbot_left())
    assert opened[-1] == str(other)


def test_an_export_to_a_workbook_open_in_excel_tries_again_then_opens(
        qtbot, ctx, frozen_today, tmp_path, sharing, opened):
    ctx.registrations.save(collective(ctx))
    target = tmp_path / "Danh sách đăng ký.xlsx"
    target.write_bytes(b"Excel has this one open")
    jobs = JobRunner()
    screen = RegistrationsScreen(ctx, jobs)
    qtbot.addWidget(screen)
    holder = sharing.hold(target)
    asked: list[str] = []

    def close_excel_and_retry(box: QMessageBox) -> None:
        asked.append(box.text())
        holder.release()  # the clerk closes Excel...
        _click(box, "Thử lại")  # ...and tries again

    when_modal(QMessageBox, close_excel_and_retry)
    answer_message_box("Mở tệp", delay=200)
    screen.export_to(str(target))
    qtbot.waitUntil(lambda: bool(opened), timeout=30_000)
    assert asked and "Danh sách đăng ký.xlsx" in asked[0]
    assert opened == [str(target)] and target.read_bytes()[:2] == b"PK"
    jobs.wait(5000)


def test_a_saved_file_that_cannot_be_opened_is_explained(qtbot, tmp_path, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(saving, "open_with_system", lambda path: False)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    path = tmp_path / "Báo cáo.pdf"
    path.write_bytes(b"%PDF")
    assert not saving.open_file(None, path)
    assert "Báo cáo.pdf" in shown[0] and str(tmp_path) in shown[0]


def qtbot_left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
