"""The import dialog on real-looking registers (issue 16), driven as a clerk would: the
sheets offered with their rows, hidden rows shown in grey and imported only when the
clerk ticks the box, a column corrected by hand and remembered for the next book like
it, a province naming the commune of a sheet called "Sheet4"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from tests.excel.books import count, write_book
from tests.fixtures.registers import score
from tests.gui.helpers import answer_message_box
from tests.gui.test_registration_form import close_quietly
from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, ctx):
    main = MainWindow(ctx)
    main.show()
    qtbot.waitExposed(main)
    yield main
    close_quietly(main)


def open_dialog(qtbot, window, path):
    dialog = window.registrations.import_excel(str(path))
    qtbot.waitUntil(lambda: dialog.mapping.rowCount() > 0, timeout=10_000)
    return dialog


def preview(qtbot, dialog):
    dialog.pages.setCurrentIndex(0)
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=10_000)


def rows_shown(dialog) -> list[list]:
    model = dialog.model
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def test_hidden_rows_are_shown_and_imported_only_when_included(qtbot, window, ctx):
    dialog = open_dialog(qtbot, window, score.HERE / "10-dong-an-va-loc.xlsm")
    assert dialog.sheets.rowCount() == 1
    assert dialog.sheets.item(0, 1).text() == "DK2025"
    assert dialog.sheets.item(0, 2).text() == "12"
    preview(qtbot, dialog)
    assert "3 dòng bị ẩn" in dialog.summary.text()
    hidden = [row for row in rows_shown(dialog) if "dòng ẩn" in row[1]]
    assert len(hidden) == 3 and all(row[1].startswith("Bỏ qua") for row in hidden)
    assert all(row[2] for row in hidden)  # the model's name is shown
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("__hidden__"))
    assert dialog.model.rowCount() == 3
    assert dialog.confirm_button.text() == "Nhập 6 đăng ký"
    qtbot.mouseClick(dialog.back_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.include_hidden, Qt.MouseButton.LeftButton, pos=QPoint(8, 9))
    assert dialog.include_hidden.isChecked()
    preview(qtbot, dialog)
    assert dialog.confirm_button.text() == "Nhập 9 đăng ký"
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: count(ctx) == 9, timeout=10_000)
    qtbot.waitUntil(lambda: "Đã nhập" in dialog.result.text(), timeout=5000)
    dialog.close()


def test_a_column_corrected_by_hand_is_remembered_for_the_next_book(qtbot, window, ctx,
                                                                     tmp_path):
    header = ["STT", "Nội dung công việc", "Nơi thực hiện", "LV", "Ngày ĐK"]
    first = write_book(tmp_path / "2024.xlsx", [
        ["DANH SÁCH MÔ HÌNH NĂM 2024"], header,
        [1, "Mô hình thứ nhất", "Tổ dân phố số 1", "KT", "05/03/2024"],
        [None, "Người lập biểu", None, "CHỦ TỊCH"]])
    dialog = open_dialog(qtbot, window, first)
    assert dialog.layout_note.text() == "Năm lấy theo tiêu đề hoặc tên trang tính: 2024."
    for column, key in ((1, "name"), (2, "registrant")):
        combo = dialog.combos[column]
        assert combo.currentData() is None
        combo.setCurrentIndex(combo.findData(key))
    preview(qtbot, dialog)
    shown = rows_shown(dialog)
    assert shown[0][1] == "Thêm mới" and shown[0][2] == "Mô hình thứ nhất"
    assert shown[1][1] == "Bỏ qua" and "chữ ký" in shown[1][4]
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: count(ctx) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: "Đã nhập" in dialog.result.text(), timeout=5000)
    dialog.close()

    second = write_book(tmp_path / "2025.xlsx", [
        ["DANH SÁCH MÔ HÌNH NĂM 2025"], header,
        [1, "Mô hình thứ hai", "Tổ dân phố số 1", "VH-XH", "06/03/2025"]])
    dialog = open_dialog(qtbot, window, second)
    assert [combo.currentData() for combo in dialog.combos][:3] == [None, "name", "registrant"]
    assert "như lần trước" in dialog.layout_note.text()
    preview(qtbot, dialog)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: count(ctx) == 2, timeout=10_000)
    qtbot.waitUntil(lambda: "Đã nhập" in dialog.result.text(), timeout=5000)
    dialog.close()


def test_a_province_says_whose_sheet_it_is(qtbot, tmp_path):
    province = score.open_office(tmp_path, "37")
    main = MainWindow(province)
    main.show()
    qtbot.waitExposed(main)
    try:
        dialog = open_dialog(qtbot, main, score.HERE / "25-tinh-trang-khong-ten.ods")
        names = [dialog.sheets.item(r, 1).text() for r in range(dialog.sheets.rowCount())]
        assert names == ["Kim Sơn", "Sheet4"]
        assert dialog.sheet_units["Kim Sơn"].currentText() == "Xã Kim Sơn"
        unit = dialog.sheet_units["Sheet4"]
        assert unit.currentData() is None  # "(chọn)": the clerk must say
        seen: list[str] = []
        answer_message_box("Đóng", seen)
        qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(seen), timeout=5000)
        assert "Sheet4" in seen[0]
        unit.setCurrentIndex(unit.findText("Xã Yên Khánh"))
        preview(qtbot, dialog)
        assert dialog.confirm_button.text() == "Nhập 8 đăng ký"
        assert "Xã Yên Khánh" in dialog.summary.text()
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: count(province) == 8, timeout=10_000)
        owners = {row[0] for row in province.db.execute(
            "SELECT DISTINCT unit_code FROM registrations")}
        assert owners == {"14638", "14560"}
        qtbot.waitUntil(lambda: "Đã nhập" in dialog.result.text(), timeout=5000)
        qtbot.waitUntil(lambda: main.registrations.model.rowCount() == 8, timeout=5000)
        dialog.close()
    finally:
        close_quietly(main)
        province.close()
