"""Issue 18, point 6: no cut text on a 1366x768 screen, at 100% and 125% text: the
list's filter boxes ("Mô hình và điển hìn"), column headings (milestones, the model
picker), the Excel preview's refusals (and no "8.;"), and the status column in
sight without scrolling sideways."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from tests.excel.books import write_book
from tests.gui.helpers import close_quietly
from tests.gui.screen_fit import combo_text_room, settle
from tests.gui.test_excel_import_dialog import open_dialog, preview
from tests.helpers import collective
from ui.main_window import MainWindow
from ui.screens.excel_import_dialog import join_reasons
from ui.widgets.headers import heading_width

pytestmark = pytest.mark.gui


@pytest.fixture(params=[1.0, 1.25], ids=["100%", "125%"])
def scale(request, qapp):
    original = QFont(qapp.font())
    if request.param != 1.0:
        bigger = QFont(original)
        bigger.setPointSizeF(original.pointSizeF() * request.param)
        qapp.setFont(bigger)
    yield request.param
    qapp.setFont(original)


@pytest.fixture
def window(qtbot, ctx, frozen_today, scale):
    ctx.registrations.save(collective(ctx))
    main = MainWindow(ctx)
    main.show()
    qtbot.waitExposed(main)
    main.open_screen("registrations")
    settle()
    yield main
    close_quietly(main)


def headings_cut(table) -> list[str]:
    header = table.horizontalHeader()
    return [str(table.model().headerData(c, Qt.Orientation.Horizontal))
            for c in range(table.model().columnCount())
            if not header.isSectionHidden(c) and header.sectionSize(c) < heading_width(table, c)]


def test_the_filters_show_their_whole_words(window):
    screen = window.registrations
    for combo in (screen.year, screen.field, screen.kind, screen.mode, screen.status,
                  screen.subunit):
        text = combo.currentText()
        assert combo.isVisible()
        assert combo_text_room(combo) >= combo.fontMetrics().horizontalAdvance(text), text
    window.registrations.kind.setCurrentIndex(0)
    assert screen.kind.currentText() == "Mô hình và điển hình"


def test_every_column_heading_is_whole_and_the_status_is_in_sight(window):
    table = window.registrations.table
    assert not headings_cut(table)
    last = table.model().columnCount() - 1
    assert table.columnViewportPosition(last) + table.columnWidth(last) <= \
        table.viewport().width()
    assert table.horizontalScrollBar().maximum() == 0


def test_milestones_and_the_picker_show_whole_headings(qtbot, window):
    from ui.screens.registration_picker import RegistrationPicker

    dialog = window.registrations.new_registration()
    dialog.form.tabs.setCurrentIndex(3)
    dialog.form.milestones.add_row()
    settle()
    assert not headings_cut(dialog.form.milestones)
    assert not headings_cut(dialog.form.targets)
    dialog.dirty = False
    dialog.close()
    picker = RegistrationPicker(window.ctx, window)
    picker.show()
    settle()
    assert not headings_cut(picker.table)
    picker.close()


def test_a_refusal_is_read_whole(qtbot, window, tmp_path):
    book = write_book(tmp_path / "dang-ky.xlsx", [
        ["STT", "Tên mô hình", "Tập thể đăng ký", "Lĩnh vực", "Năm"],
        [1, "Camera an ninh thôn Đông góp phần giữ gìn trật tự khu dân cư", "Thôn Đông", 8,
         2026],
        [2, "Đường hoa thôn Bắc", "Thôn Bắc", 2, 2026],
    ])
    dialog = open_dialog(qtbot, window, book)
    preview(qtbot, dialog)
    refused = [r for r in dialog.model.rows if r.outcome == "refused"]
    assert refused
    detail = dialog.detail
    assert detail.isVisible() and detail.wordWrap()
    whole = join_reasons(refused[0].reasons + refused[0].conversions + refused[0].notes)
    assert whole in detail.text()
    settle()
    assert detail.height() >= detail.heightForWidth(detail.width())  # every line shown
    for row in range(dialog.model.rowCount()):
        assert ".;" not in (dialog.model.index(row, 4).data() or "")
    dialog.close()


def test_reasons_are_joined_without_a_stray_full_stop():
    assert join_reasons(["Lĩnh vực: 8 không phải 1-4.", "Năm thiếu."]) == \
        "Lĩnh vực: 8 không phải 1-4; Năm thiếu."
    assert join_reasons(["Xem thêm..."]) == "Xem thêm..."
    assert join_reasons([]) == ""
    QApplication.processEvents()
