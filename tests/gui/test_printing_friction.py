"""Issue 18, point 9: printing without friction. Certificates are seen in the print
preview before the batch is saved; after saving, the file or its folder opens; papers
are offered under readable names ("Ban-dang-ky-Phan-loai-rac-tai-nguon-2026.pdf"); and
the key's passphrase is asked once for a sitting, not for every signing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QFileDialog

from app.domain.recognition import DecisionState
from app.filenames import name_problem, readable_file_name
from tests.gui.helpers import answer_message_box, close_quietly, when_modal
from tests.helpers import collective
from tests.recognition.helpers import recognised_model
from ui import saving
from ui.main_window import MainWindow
from ui.screens import print_preview
from ui.screens.decisions_screen import IssueDialog
from ui.screens.passphrase_dialog import PassphraseDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    seen: list[str] = []

    def record(path):
        seen.append(QUrl.fromLocalFile(str(path)).toLocalFile())
        return True

    monkeypatch.setattr(saving, "open_with_system", record)
    return seen


def test_readable_file_names():
    assert readable_file_name("Bản đăng ký", "Phân loại rác tại nguồn", 2026,
                              suffix=".pdf") == "Ban-dang-ky-Phan-loai-rac-tai-nguon-2026.pdf"
    assert readable_file_name("Quyết định", "05-QĐ/BCĐ", suffix=".pdf") == \
        "Quyet-dinh-05-QD-BCD.pdf"
    name = readable_file_name("Bản đăng ký", "Đ" * 300, suffix=".pdf")
    assert name.endswith(".pdf") and len(name) <= 80 and name_problem(name) is None


def test_a_registration_preview_offers_a_readable_name_and_opens_the_folder(
        qtbot, ctx, tmp_path, monkeypatch, opened):
    registration_id = ctx.registrations.save(collective(ctx, "Phân loại rác tại nguồn",
                                                        year=2026))
    preview = print_preview.preview_registration(ctx, registration_id)
    qtbot.addWidget(preview)
    assert preview.file_name == "Ban-dang-ky-Phan-loai-rac-tai-nguon-2026.pdf"
    suggested: list[str] = []
    target = tmp_path / "Hồ sơ" / preview.file_name
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, title, name, *rest: suggested.append(name)
                        or (str(target), "PDF"))
    assert preview.folder_button.isHidden()
    qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    assert suggested == [preview.file_name] and target.exists()
    assert not preview.folder_button.isHidden() and not preview.open_button.isHidden()
    qtbot.mouseClick(preview.folder_button, Qt.MouseButton.LeftButton)
    assert opened == [str(target.parent)]


def test_certificates_are_previewed_then_saved_with_one_passphrase(
        qtbot, ctx, tmp_path, monkeypatch, opened):
    ctx.keys.create("mật khẩu của xã", demo=True)
    ctx.keys.lock()
    recognised_model(ctx, "Mô hình A")
    recognised_model(ctx, "Mô hình B")
    draft = ctx.decisions.draft(ctx.registrations.years()[0])
    window = MainWindow(ctx)
    window.show()
    window.open_screen("decisions")
    screen = window.decisions
    screen.reload()
    screen.select(draft)
    asked: list[int] = []

    def type_passphrase(dialog: PassphraseDialog) -> None:
        asked.append(1)
        qtbot.keyClicks(dialog.field, "mat khau")  # wrong first: checked in the dialog
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
        assert "Sai mật khẩu" in dialog.error.text()
        dialog.field.clear()
        from tests.gui.helpers import type_text

        type_text(qtbot, dialog.field, "mật khẩu của xã")
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)

    def issue(dialog: IssueDialog) -> None:
        """Issue it, dated today (with the blanks the test office's print settings
        leave)."""
        assert dialog.ok_button.text().startswith("Ban hành")
        dialog.ok_button.click()

    # Issuing signs the certificates' codes (frozen with the decision since issue 17):
    # the passphrase is asked there, once; the preview and the saving ask nothing.
    when_modal(PassphraseDialog, type_passphrase)
    when_modal(IssueDialog, issue)
    answer_message_box("Đóng")  # "Đã ban hành số ..."
    qtbot.mouseClick(screen.issue_button, Qt.MouseButton.LeftButton)
    assert asked == [1]
    assert ctx.decisions.as_json(draft)["state"] == DecisionState.ISSUED
    saved_dialogs: list[str] = []
    target = tmp_path / "Giay-cong-nhan.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, title, name, *rest: saved_dialogs.append(name)
                        or (str(target), "PDF"))
    # The button opens the preview, not a save box.
    qtbot.mouseClick(screen.certificates_button, Qt.MouseButton.LeftButton)
    preview = screen.certificate_preview
    assert preview is not None and preview.isVisible() and not saved_dialogs
    assert asked == [1] and len(preview.pages) == 1
    assert "Giấy thứ nhất trong 2 giấy công nhận" in preview.info.text()
    assert preview.save_button.isHidden() and preview.save_all_button.isVisible()
    messages: list[str] = []
    answer_message_box("Mở thư mục", messages, delay=200)
    qtbot.mouseClick(preview.save_all_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(messages), timeout=20_000)
    window.jobs.wait(5000)
    assert target.exists() and "2 giấy công nhận" in messages[0]
    assert saved_dialogs and saved_dialogs[0].startswith("Giay-cong-nhan-")
    assert opened == [str(tmp_path)]
    # The same sitting: printing them again asks no passphrase.
    preview.close()
    qtbot.mouseClick(screen.certificates_button, Qt.MouseButton.LeftButton)
    assert asked == [1] and screen.certificate_preview.isVisible()
    screen.certificate_preview.close()
    close_quietly(window)
