"""Issue 18, points 5 and 8: the registration form walked with the keyboard as a clerk
used to Excel does (Enter moves on, Tab crosses tabs, the keyboard starts in the
first field), with errors that leave when their cause is fixed and fields that stay
where they are, a campaign year that is checked, and searches whose Enter picks the
best match."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from app import clock
from tests.gui.helpers import answer_message_box, close_quietly, type_text
from tests.gui.test_registration_form import open_new_form as open_form
from tests.gui.test_registration_form import refocus
from ui.main_window import MainWindow
from ui.widgets.search_combo import SearchCombo

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, ctx, frozen_today):
    main = MainWindow(ctx)
    main.show()
    qtbot.waitExposed(main)
    yield main
    close_quietly(main)


def open_new_form(qtbot, window):
    """The form, once the keyboard is in its first field (as the clerk finds it)."""
    dialog = open_form(qtbot, window)
    qtbot.waitUntil(lambda: focused() is not None and dialog.form.isAncestorOf(focused()))
    return dialog


def focused():
    QApplication.processEvents()
    return QApplication.focusWidget()


def test_the_keyboard_starts_in_the_first_field_not_on_the_tab_bar(qtbot, window):
    dialog = open_new_form(qtbot, window)
    qtbot.waitUntil(lambda: focused() is not None and dialog.form.isAncestorOf(focused()))
    assert focused() is dialog.form.kind_group.checkedButton()
    assert dialog.form.tabs.tabBar().focusPolicy() == Qt.FocusPolicy.NoFocus


def test_enter_moves_to_the_next_field_and_never_saves(qtbot, window, ctx):
    dialog = open_new_form(qtbot, window)
    form = dialog.form
    refocus(qtbot, form.name)
    type_text(qtbot, form.name, "Camera an ninh thôn Đông")
    qtbot.keyClick(form.name, Qt.Key.Key_Return)
    assert focused() is form.field  # the next field, as in Excel
    qtbot.keyClick(form.field, Qt.Key.Key_Return)
    assert not form.banner.isVisible() and not form.errors["field"].isVisible()
    assert ctx.db.execute("SELECT count(*) FROM registrations").fetchone()[0] == 0
    assert dialog.isVisible()


def test_enter_in_a_text_of_several_lines_moves_on_and_alt_enter_breaks_the_line(qtbot,
                                                                                window):
    dialog = open_new_form(qtbot, window)
    form = dialog.form
    form.tabs.setCurrentIndex(1)
    refocus(qtbot, form.situation)
    type_text(qtbot, form.situation, "Dòng một")
    qtbot.keyClick(form.situation, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    type_text(qtbot, form.situation, "Dòng hai")
    assert form.situation.toPlainText() == "Dòng một\nDòng hai"
    qtbot.keyClick(form.situation, Qt.Key.Key_Return)
    assert focused() is form.goals


def test_tab_after_the_last_field_of_a_tab_goes_to_the_next_tab(qtbot, window):
    dialog = open_new_form(qtbot, window)
    form = dialog.form
    refocus(qtbot, form.contact_phone)  # the last field of "Thông tin chung"
    qtbot.keyClick(form.contact_phone, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: form.tabs.currentIndex() == 1)
    assert focused() is form.situation
    qtbot.keyClick(form.situation, Qt.Key.Key_Backtab)
    qtbot.waitUntil(lambda: form.tabs.currentIndex() == 0)
    assert focused() is form.contact_phone
    # Enter on the last field does the same as Tab.
    qtbot.keyClick(form.contact_phone, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.tabs.currentIndex() == 1)


def test_a_field_added_to_the_form_is_walked_the_same_way(qtbot, window):
    """The consent box of the privacy work, or any field added later: Enter moves on
    from it too."""
    from PySide6.QtWidgets import QCheckBox

    dialog = open_new_form(qtbot, window)
    form = dialog.form
    extra = QCheckBox("Đồng ý")
    holder = form.contact_phone.parentWidget()
    holder.layout().addWidget(extra)
    extra.show()
    QApplication.processEvents()
    form.keys.watch()
    refocus(qtbot, form.contact_phone)
    qtbot.keyClick(form.contact_phone, Qt.Key.Key_Return)
    assert focused() is extra
    qtbot.keyClick(extra, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.tabs.currentIndex() == 1)


def test_errors_do_not_move_the_fields_and_leave_when_fixed(qtbot, window):
    dialog = open_new_form(qtbot, window)
    form = dialog.form
    before = {name: widget.mapTo(dialog, QPoint(0, 0))
              for name, widget in form.inputs.items() if widget.isVisible()}
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert form.errors["name"].isVisible() and form.banner.isVisible()
    after = {name: form.inputs[name].mapTo(dialog, QPoint(0, 0)) for name in before}
    assert after == before  # a click aimed at a box still lands in it
    refocus(qtbot, form.name)
    type_text(qtbot, form.name, "Đường hoa")
    assert not form.errors["name"].isVisible()  # fixed: the message goes at once
    assert form.errors["field"].isVisible()  # not fixed yet: it stays
    form.field.setCurrentIndex(2)
    form.subunit.set_value(form.subunit.itemData(0, Qt.ItemDataRole.UserRole + 2))
    assert not form.errors["field"].isVisible() and not form.errors["subunit_code"].isVisible()
    assert not form.tabs.tabText(0).startswith("⚠") and not form.banner.isVisible()


def test_a_campaign_year_far_away_is_asked_about(qtbot, window, ctx):
    dialog = open_new_form(qtbot, window)
    form = dialog.form
    form.subunit.set_value(form.subunit.itemData(0, Qt.ItemDataRole.UserRole + 2))
    form.name.setText("Camera an ninh")
    form.field.setCurrentIndex(3)
    form.year.setValue(2035)
    seen: list[str] = []
    answer_message_box("Sửa năm", seen)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert seen and "2035" in seen[0]
    assert ctx.db.execute("SELECT count(*) FROM registrations").fetchone()[0] == 0
    assert dialog.focusWidget() is form.year  # the keyboard waits in the year
    answer_message_box("Có, lưu với năm 2035")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert ctx.registrations.get(dialog.registration_id).year == 2035
    form.year.setValue(2026)  # a plausible year: no question
    form.name.setText("Camera an ninh thôn Đông")
    assert dialog.save()


def test_home_and_form_agree_on_the_year_after_the_deadline(qtbot, ctx):
    clock.set_fixed(dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC))
    main = MainWindow(ctx)
    main.show()
    qtbot.waitUntil(lambda: main.home.title.text() != "")
    note = main.home.year_note
    assert note.isVisible() and "2027" in note.text() and "30/03/2026" in note.text()
    dialog = open_new_form(qtbot, main)
    assert dialog.form.year.value() == 2027
    assert dialog.form.year_note.text() == note.text()
    close_quietly(main)


def test_enter_in_a_search_picks_the_best_match(qtbot):
    combo = SearchCombo()
    qtbot.addWidget(combo)
    combo.set_items([("1", "Xã An Yên Thắng"), ("2", "Xã Yên Thắng Bắc"),
                     ("3", "Phường Yên Thắng"), ("4", "Thôn Yên Thắng Hạ")])
    combo.show()
    combo.setFocus()
    type_text(qtbot, combo.lineEdit(), "yen thang")
    popup = combo._completer.popup()
    assert popup.isVisible()
    assert popup.currentIndex().data() == "Phường Yên Thắng"
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert combo.value() == "3"
    combo.setEditText("yen thang b")
    combo.choose_typed()
    assert combo.value() == "2"
