"""A clerk registers models with the keyboard and mouse, as on a real PC."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.context import AppContext
from tests.gui.helpers import answer_message_box, close_quietly, type_text
from ui.main_window import MainWindow
from ui.screens import registration_dialog


@pytest.fixture
def window(qtbot, ctx, frozen_today):
    main = MainWindow(ctx)
    main.show()
    qtbot.waitExposed(main)
    yield main
    close_quietly(main)


def refocus(qtbot, widget):
    """Give the keyboard to `widget`, as a click would (the offscreen platform does not
    hand activation back to a dialog after a popup closes)."""
    window = widget.window()
    window.activateWindow()
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=1000)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=1000)


def open_new_form(qtbot, window):
    qtbot.mouseClick(window.registrations.new_button, Qt.MouseButton.LeftButton)
    dialog = window.registrations._dialogs[-1]
    qtbot.waitExposed(dialog)
    return dialog


def test_clerk_fills_the_form_and_finds_it_in_the_list(qtbot, window, ctx):
    dialog = open_new_form(qtbot, window)
    form = dialog.form
    form.subunit.setFocus()
    type_text(qtbot, form.subunit.lineEdit(), "to dan pho so 1")
    popup = form.subunit._completer.popup()
    assert popup.isVisible() and popup.currentIndex().data().startswith("Tổ dân phố số 1")
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert form.subunit.currentText() == "Tổ dân phố số 1 (Tổ dân phố)"
    refocus(qtbot, form.name)
    type_text(qtbot, form.name, "Dân vận khéo trong phân loại rác tại nguồn")
    qtbot.keyClick(form.name, Qt.Key.Key_Tab)
    assert form.field.hasFocus()
    type_text(qtbot, form.field, "2")
    assert form.field.currentData() == 2
    form.tabs.setCurrentIndex(1)
    type_text(qtbot, form.situation, "Rác thải chưa được phân loại, bãi tập kết quá tải.")
    qtbot.mouseClick(form.findChild(type(dialog.save_button), "addTarget"),
                     Qt.MouseButton.LeftButton)
    table = form.targets
    for column, text in enumerate(["Số hộ phân loại rác", "1.200", "hộ"]):
        table.setCurrentCell(0, column)
        qtbot.keyClick(table, Qt.Key.Key_F2)
        editor = QApplication.focusWidget()
        type_text(qtbot, editor, text)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "Đã lưu."
    record = ctx.registrations.get(dialog.registration_id)
    assert record.name == "Dân vận khéo trong phân loại rác tại nguồn"
    assert record.field == 2 and record.registrant == "Tổ dân phố số 1"
    assert record.situation.startswith("Rác thải")
    assert [(t.indicator, t.target, t.unit_of_measure) for t in record.targets] == \
        [("Số hộ phân loại rác", 1200.0, "hộ")]
    qtbot.waitUntil(lambda: window.registrations.model.rowCount() == 1)
    assert window.registrations.model.index(0, 0).data() == record.name
    assert ctx.drafts.listing() == []


def test_errors_appear_beside_the_fields_and_nothing_is_saved(qtbot, window, ctx):
    dialog = open_new_form(qtbot, window)
    type_text(qtbot, dialog.form.registered_on.line, "30/02/2026")
    dialog.form.registered_on.line.selectAll()
    type_text(qtbot, dialog.form.registered_on.line, "30/02/2026")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    errors = dialog.form.errors
    assert errors["name"].isVisible() and errors["name"].text() == "Hãy nhập tên mô hình."
    assert errors["field"].isVisible()
    assert "30/02/2026" in errors["registered_on"].text()
    assert dialog.form.tabs.tabText(0).startswith("⚠")
    assert ctx.db.execute("SELECT count(*) FROM registrations").fetchone()[0] == 0


def test_typing_is_kept_as_a_draft_when_the_program_dies(qtbot, window, ctx, db_path,
                                                         monkeypatch):
    monkeypatch.setattr(registration_dialog, "AUTOSAVE_MS", 30)
    dialog = open_new_form(qtbot, window)
    dialog.autosave.setInterval(30)
    type_text(qtbot, dialog.form.name, "Câu lạc bộ gia đình hạnh phúc")
    qtbot.waitUntil(lambda: len(ctx.drafts.listing()) == 1, timeout=2000)
    # The program is killed: nothing is closed properly. A new start finds the draft.
    with AppContext.open(db_path) as restarted:
        again = MainWindow(restarted)
        again.show()
        banner = again.registrations.drafts
        assert banner.isVisible() and "Câu lạc bộ gia đình hạnh phúc" in banner.text.text()
        qtbot.mouseClick(banner.open_button, Qt.MouseButton.LeftButton)
        restored = again.registrations._dialogs[-1]
        assert restored.form.name.text() == "Câu lạc bộ gia đình hạnh phúc"
        close_quietly(again)


def test_closing_with_changes_offers_to_keep_a_draft(qtbot, window, ctx):
    dialog = open_new_form(qtbot, window)
    type_text(qtbot, dialog.form.name, "Tổ hòa giải giỏi")
    seen: list[str] = []
    answer_message_box("Để sau (giữ bản nháp)", seen)
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert seen == ["Bản đăng ký này có thay đổi chưa được lưu."]
    assert not dialog.isVisible()
    assert [d.title for d in ctx.drafts.listing()] == ["Tổ hòa giải giỏi"]


def test_cancel_keeps_the_window_open(qtbot, window):
    dialog = open_new_form(qtbot, window)
    type_text(qtbot, dialog.form.name, "Camera an ninh")
    answer_message_box("Hủy")
    dialog.close()
    assert dialog.isVisible() and dialog.form.name.text() == "Camera an ninh"
    dialog.dirty = False
    dialog.close()


def test_an_individual_exemplar(qtbot, window, ctx):
    dialog = open_new_form(qtbot, window)
    form = dialog.form
    form.subject_group.button(1).click()
    assert form.person_box.isVisible() and form.kind_group.checkedId() == 1
    type_text(qtbot, form.person_name, "Nguyễn Thị Hoa")
    type_text(qtbot, form.person_birth, "197x")
    type_text(qtbot, form.name, "Bà Nguyễn Thị Hoa - khéo vận động xóa bỏ hủ tục")
    form.field.setCurrentIndex(2)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "4 chữ số" in form.errors["person.birth_year"].text()
    form.person_birth.clear()
    type_text(qtbot, form.person_birth, "1972")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    record = ctx.registrations.get(dialog.registration_id)
    assert record.subject == "ca_nhan" and record.person.birth_year == 1972


def test_evidence_photos_get_thumbnails_and_a_vanished_file_is_explained(
        qtbot, window, ctx, tmp_path, monkeypatch):
    from PySide6.QtGui import QColor, QImage

    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("green"))
    photo = tmp_path / "hop-dan.png"
    image.save(str(photo))
    dialog = open_new_form(qtbot, window)
    shown: list[str] = []
    monkeypatch.setattr("ui.screens.registration_form.show_error",
                        lambda _parent, message, *a: shown.append(str(message)))
    dialog.form.add_evidence_paths([str(photo), str(tmp_path / "mat-roi.jpg")])
    assert dialog.form.evidence.count() == 1
    assert not dialog.form.evidence.item(0).icon().isNull()
    assert "mat-roi.jpg" in shown[0] and "không còn ở đó" in shown[0]
    dialog.dirty = False
    dialog.close()


def test_search_as_you_type_and_filters(qtbot, window, ctx):
    from tests.helpers import collective

    ctx.registrations.save(collective(ctx, "Dân vận khéo trong hiến đất làm đường", field=1))
    ctx.registrations.save(collective(ctx, "Camera an ninh khu dân cư", field=3))
    screen = window.registrations
    screen.refresh()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2)
    type_text(qtbot, screen.search, "hien dat")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=2000)
    assert screen.model.index(0, 0).data() == "Dân vận khéo trong hiến đất làm đường"
    screen.search.clear()
    screen.field.setCurrentIndex(screen.field.findData(3))
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=2000)
    assert screen.model.index(0, 0).data() == "Camera an ninh khu dân cư"
    qtbot.waitUntil(lambda: screen.count_label.text() == "1 bản đăng ký", timeout=3000)


def test_withdraw_from_the_list(qtbot, window, ctx):
    from tests.gui.helpers import answer_input_dialog
    from tests.helpers import collective

    registration_id = ctx.registrations.save(collective(ctx))
    screen = window.registrations
    screen.refresh()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    screen.table.selectRow(0)
    answer_input_dialog("Trùng với mô hình của chi bộ")
    qtbot.mouseClick(screen.withdraw_button, Qt.MouseButton.LeftButton)
    record = ctx.registrations.get(registration_id)
    assert record.status == "rut" and record.withdraw_reason.startswith("Trùng")
    assert screen.model.index(0, 8).data() == "Đã rút"


def test_replicate_opens_a_prefilled_form(qtbot, window, ctx):
    from tests.helpers import collective

    original = ctx.registrations.save(collective(ctx, "Tuyến đường hoa", year=2025))
    screen = window.registrations
    screen.refresh()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    screen.table.selectRow(0)
    qtbot.mouseClick(screen.replicate_button, Qt.MouseButton.LeftButton)
    dialog = screen._dialogs[-1]
    assert dialog.form.mode_group.checkedId() == 1
    assert "Tuyến đường hoa" in dialog.form.replicates.text()
    form = dialog.form
    form.subunit.set_value(ctx.units.subunits()[0].code)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert ctx.registrations.get(dialog.registration_id).replicates_id == original
