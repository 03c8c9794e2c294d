"""Recognition screens driven like a clerk: the home screen first with its deadlines
and counts, recognising and refusing from the list, a new proposal (Tiêu biểu ticked,
another needs a reason), issuing a decision (its number shown), the review."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from app.domain import recognition as R
from tests.gui.helpers import answer_message_box, type_text, when_modal
from tests.recognition.helpers import approved_model, recognised_model
from ui.main_window import MainWindow
from ui.screens.decisions_screen import IssueDialog
from ui.screens.proposals_screen import NewProposalDialog
from ui.screens.recognition_common import ReasonDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, ctx):
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    return win


def _row_of(screen, model_id: str) -> int:
    return next(r for r in range(screen.model.rowCount()) if screen.model.key(r) == model_id)


def test_home_screen_is_first_and_its_lines_open_the_screens(qtbot, frozen_today, ctx,
                                                             window):
    approved_model(ctx, "Mô hình A")
    assert ctx.agenda.year() == 2026
    window.home.refresh()
    assert window.nav.item(0).text() == "Việc cần làm"
    assert window.stack.currentWidget() is window.home
    assert window.home.labels["status_registration"].text() == "còn 15 ngày"
    assert window.home.labels["count_to_recognise"].text() == "1"
    qtbot.mouseClick(window.home.buttons["to_recognise"], Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.recognition
    qtbot.mouseClick(window.home.buttons["deadline_proposal"], Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.proposals


def _answer_reason(qtbot, text: str, seen: list) -> None:
    def fill():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ReasonDialog):
            QTimer.singleShot(50, fill)
            return
        seen.append(dialog.windowTitle())
        dialog.activateWindow()
        type_text(qtbot, dialog.text, text)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(50, fill)


def test_recognising_and_refusing_from_the_list(qtbot, ctx, window):
    good = approved_model(ctx, "Mô hình A")
    weak = approved_model(ctx, "Mô hình B", top=False)
    window.open_screen("recognition")
    screen = window.recognition
    screen.reload()
    screen.table.selectRow(_row_of(screen, good))
    qtbot.mouseClick(screen.recognise_button, Qt.MouseButton.LeftButton)
    assert ctx.recognition.model(good).state.stage == R.RECOGNISED
    assert "Đã công nhận" in screen.model.data(screen.model.index(_row_of(screen, good), 5))
    screen.table.selectRow(_row_of(screen, weak))
    seen: list = []
    _answer_reason(qtbot, "Chưa có sức lan tỏa", seen)
    qtbot.mouseClick(screen.refuse_button, Qt.MouseButton.LeftButton)
    state = ctx.recognition.model(weak).state
    assert (state.stage, state.reason) == (R.REFUSED, "Chưa có sức lan tỏa")
    assert seen == ["Không công nhận"]
    # recognising it again is refused with a clear message, nothing written
    messages: list = []
    unscored = ctx.registrations.save(__import__("tests.helpers", fromlist=["x"]).collective(
        ctx, "Chưa chấm"))
    screen.refresh()
    screen.table.selectRow(_row_of(screen, unscored))
    answer_message_box("Đóng", messages)
    qtbot.mouseClick(screen.recognise_button, Qt.MouseButton.LeftButton)
    assert "phiếu chấm điểm đã duyệt" in messages[0]


def test_creating_and_sending_a_proposal(qtbot, ctx, window):
    top = recognised_model(ctx, "Mô hình tiêu biểu")
    passed = recognised_model(ctx, "Mô hình đạt", top=False)
    window.open_screen("proposals")
    screen = window.proposals
    screen.reload()

    def fill():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, NewProposalDialog):
            QTimer.singleShot(50, fill)
            return
        rows = {dialog.table.item(r, 0).data(Qt.ItemDataRole.UserRole): r
                for r in range(dialog.table.rowCount())}
        assert dialog.table.item(rows[top], 0).checkState() == Qt.CheckState.Checked
        assert dialog.table.item(rows[passed], 0).checkState() == Qt.CheckState.Unchecked
        dialog.table.item(rows[passed], 0).setCheckState(Qt.CheckState.Checked)
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
        assert "lý do" in dialog.error.text()  # another model needs a reason
        dialog.table.item(rows[passed], 4).setText("Cách làm sáng tạo")
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(50, fill)
    proposal_id = screen.new_proposal()
    assert proposal_id
    models = ctx.proposals.as_json(proposal_id)["models"]
    assert {m["id"]: m["reason"] for m in models} == {top: "", passed: "Cách làm sáng tạo"}
    assert screen.items.rowCount() == 2
    answer_message_box("Gửi")
    answer_message_box("Đóng", delay=300)
    assert screen.send_selected() == "01-TTr/BCĐ"
    assert screen.model.data(screen.model.index(0, 0)) == "01-TTr/BCĐ"


def test_issuing_a_decision_shows_its_number(qtbot, ctx, window):
    recognised_model(ctx, "Mô hình A")
    recognised_model(ctx, "Mô hình B")
    window.open_screen("decisions")
    screen = window.decisions
    screen.reload()
    qtbot.mouseClick(screen.new_button, Qt.MouseButton.LeftButton)
    assert screen.items.rowCount() == 2
    assert "Dự thảo" in screen.number.text()
    messages: list = []
    warned: list = []

    def issue_with_blanks(dialog: IssueDialog) -> None:
        """Issuing asks first, with the date it is signed (issue 25: today by default)
        and, with no signer's name, no guideline number, no key yet, the blanks."""
        warned.append(dialog.text.text())
        assert dialog.ok_button.text() == "Ban hành dù còn chỗ trống"
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    when_modal(IssueDialog, issue_with_blanks)
    answer_message_box("Đóng", messages, delay=300)
    qtbot.mouseClick(screen.issue_button, Qt.MouseButton.LeftButton)
    assert "Chưa có tên người ký" in warned[0] and "mã kiểm tra" in warned[0]
    assert messages == ["Đã ban hành, số 01-QĐ/BCĐ."]
    assert screen.number.text().startswith("Quyết định số 01-QĐ/BCĐ")
    assert screen.model.data(screen.model.index(0, 0)) == "01-QĐ/BCĐ"
    certificates = {screen.items.data(screen.items.index(r, 5))
                    for r in range(screen.items.rowCount())}
    assert certificates == {"01/GCN", "02/GCN"}
    assert not screen.issue_button.isEnabled() and screen.amend_button.isEnabled()
    window.open_screen("review")
    window.review.reload()
    assert "2 mô hình được công nhận" in window.review.totals.text()


def test_all_certificates_into_one_pdf_with_progress(qtbot, ctx, window, tmp_path):
    recognised_model(ctx, "Mô hình A")
    ctx.decisions.issue(ctx.decisions.draft(ctx.recognition.current_year() if False else
                                            ctx.registrations.years()[0]))
    window.open_screen("decisions")
    screen = window.decisions
    screen.reload()
    target = tmp_path / "certificates.pdf"
    messages: list = []
    answer_message_box("Đóng", messages, delay=200)
    job = screen.save_certificates(str(target))
    assert job is not None
    qtbot.waitUntil(lambda: bool(messages), timeout=15000)
    window.jobs.wait(3000)
    assert target.exists() and "1 giấy công nhận" in messages[0]
