"""The statistics screen and the Excel import dialog, driven with the mouse."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt

from app.context import AppContext
from tests.excel.books import count, write_book
from tests.gui.test_registration_form import close_quietly
from tests.stats.test_statistics import offices
from ui.main_window import MainWindow


@pytest.fixture
def province_window(qtbot, demo_network):
    office = next(o for key, o in offices(demo_network).items() if key.startswith("tinh"))
    ctx = AppContext.open(demo_network / office["db"])
    main = MainWindow(ctx)
    main.show()
    qtbot.waitExposed(main)
    yield main
    close_quietly(main)
    ctx.close()


def click_cell(qtbot, table, row: int, column: int) -> None:
    rect = table.visualItemRect(table.item(row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_province_clicks_a_commune_figure_and_sees_its_registrations(qtbot, province_window):
    window = province_window
    window.nav.setCurrentRow(window.stack.indexOf(window.stats))
    screen = window.stats
    assert screen.by.currentData() == "unit"  # a province looks at its communes first
    table = screen.table
    first = table.item(0, 0).text()
    figure = int(table.item(0, 1).text().replace(".", ""))
    assert figure > 0 and table.item(table.rowCount() - 1, 0).text() == "Tổng cộng"
    click_cell(qtbot, table, 0, 1)
    registrations = window.registrations
    assert window.stack.currentWidget() is registrations
    assert registrations.unit.currentText() == first
    qtbot.waitUntil(lambda: registrations.count_label.text().startswith(f"{figure} "),
                    timeout=5000)
    assert registrations.model.rowCount() == figure


def test_a_bar_opens_the_replications_of_a_field(qtbot, province_window):
    window = province_window
    window.nav.setCurrentRow(window.stack.indexOf(window.stats))
    screen = window.stats
    screen.by.setCurrentIndex(screen.by.findData("field"))
    screen.year.setCurrentIndex(screen.year.findData(2026))
    screen.measure.setCurrentIndex(screen.measure.findData("replications"))
    qtbot.waitUntil(lambda: len(screen.chart.hits()) == len(screen.current.rows), timeout=3000)
    row = next(i for i, r in enumerate(screen.current.rows) if r.counts["replications"])
    figure = screen.current.rows[row].counts["replications"]
    point: QPoint = screen.chart.bar_center(row, 0)
    qtbot.mouseClick(screen.chart, Qt.MouseButton.LeftButton, pos=point)
    registrations = window.registrations
    assert window.stack.currentWidget() is registrations
    assert registrations.year.currentData() == 2026
    assert registrations.field.currentData() == screen.current.rows[row].key
    qtbot.waitUntil(lambda: registrations.model.rowCount() == figure, timeout=5000)
    assert all(registrations.model.index(i, 4).data() == "Nhân rộng" for i in range(figure))


def test_a_level_figure_shows_its_filter_and_can_be_cleared(qtbot, province_window):
    window = province_window
    screen = window.stats
    screen.by.setCurrentIndex(screen.by.findData("level"))
    row = next(i for i, r in enumerate(screen.current.rows) if r.counts["scored"])
    column = [name for name, _l in screen.current.measures].index("scored") + 1
    figure = screen.current.rows[row].counts["scored"]
    window.nav.setCurrentRow(window.stack.indexOf(screen))
    click_cell(qtbot, screen.table, row, column)
    registrations = window.registrations
    qtbot.waitUntil(lambda: registrations.model.rowCount() == figure, timeout=5000)
    assert registrations.extra_filter.isVisible()
    assert "Đã chấm điểm" in registrations.extra_text.text()
    qtbot.mouseClick(registrations.clear_extra, Qt.MouseButton.LeftButton)
    assert not registrations.extra_filter.isVisible()
    qtbot.waitUntil(lambda: registrations.model.rowCount() > figure, timeout=5000)


@pytest.fixture
def window(qtbot, ctx):
    main = MainWindow(ctx)
    main.show()
    qtbot.waitExposed(main)
    yield main
    close_quietly(main)


def test_import_dialog_maps_previews_and_imports_on_confirm(qtbot, window, ctx, tmp_path):
    rows = [["STT", "Tên mô hình", "Nơi thực hiện", "Lĩnh vực", "Năm", "Ngày đăng ký"],
            [1, "D©n vËn khÐo trong vÖ sinh m«i tr­êng", "Tæ d©n phè sè 1", "Kinh tÕ", 2025,
             "30/3/2025"],
            [2, "Mô hình thứ hai", "Chi bộ tổ dân phố số 2", "Thể thao", 2025, "01/03/2025"],
            [],
            [3, "Mô hình thứ ba", "Tổ dân phố số 1", "Quốc phòng - an ninh", 2025,
             dt.datetime(2025, 3, 5)]]
    path = write_book(tmp_path / "so.xlsx", rows)
    dialog = window.registrations.import_excel(str(path))
    qtbot.waitUntil(lambda: dialog.mapping.rowCount() == 6, timeout=5000)
    # "Nơi thực hiện" is not a header DVK knows: the clerk says it is the sub-unit.
    combo = dialog.combos[2]
    assert combo.currentData() is None
    combo.setCurrentIndex(combo.findData("registrant"))
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=10_000)
    assert count(ctx) == 0  # a preview writes nothing
    assert "Thêm mới: 2" in dialog.summary.text() and "Bị từ chối: 1" in dialog.summary.text()
    model = dialog.model
    texts = [[model.index(r, c).data() for c in range(model.columnCount())]
             for r in range(model.rowCount())]
    assert texts[0][2] == "Dân vận khéo trong vệ sinh môi trường"
    assert "TCVN3" in texts[0][4]
    assert texts[1][1] == "Bị từ chối" and "Thể thao" in texts[1][4]
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("refused"))
    assert model.rowCount() == 1
    assert dialog.confirm_button.text() == "Nhập 2 đăng ký"
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: count(ctx) == 2, timeout=10_000)
    qtbot.waitUntil(lambda: "Đã nhập" in dialog.result.text(), timeout=5000)
    qtbot.waitUntil(lambda: window.registrations.model.rowCount() == 2, timeout=5000)
    names = {window.registrations.model.index(r, 0).data() for r in range(2)}
    assert "Dân vận khéo trong vệ sinh môi trường" in names
    dialog.close()


def test_a_file_that_is_no_workbook_is_refused_in_words(qtbot, window, tmp_path):
    from tests.gui.helpers import answer_message_box

    path = tmp_path / "ghi-chu.xlsx"
    path.write_text("không phải bảng tính", encoding="utf-8")
    seen: list[str] = []
    answer_message_box("Đóng", seen)
    dialog = window.registrations.import_excel(str(path))
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert "không phải bảng tính Excel" in seen[0]
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)


def test_export_of_the_list_writes_every_row(qtbot, window, ctx, tmp_path):
    from openpyxl import load_workbook

    rows = [["Tên mô hình", "Đơn vị", "Lĩnh vực", "Năm", "Ngày đăng ký"]] + [
        [f"Mô hình {i}", "Tổ dân phố số 1", "Kinh tế", 2025, "01/03/2025"] for i in range(300)]
    ctx.excel.run_import(write_book(tmp_path / "a.xlsx", rows), apply=True)
    window.registrations.refresh()
    target = tmp_path / "danh-sach.xlsx"
    from tests.gui.helpers import answer_message_box

    answer_message_box("Đóng")
    window.registrations.export_to(str(target))
    qtbot.waitUntil(target.exists, timeout=10_000)
    window.jobs.wait(5000)
    sheet = load_workbook(target).worksheets[0]
    assert sheet.max_row == 301  # more than the 200 rows the list has fetched


def test_any_list_exports_as_shown_with_numbers_as_numbers(qtbot, demo_network, tmp_path):
    from openpyxl import load_workbook

    from tests.gui.helpers import answer_message_box
    from ui.table_export import export_model_to

    office = next(o for key, o in offices(demo_network).items() if key.startswith("xa"))
    ctx = AppContext.open(demo_network / office["db"])
    main = MainWindow(ctx)
    main.show()
    try:
        screen = main.scoring
        shown = screen.model.rowCount()
        assert shown > 5
        target = tmp_path / "phieu.xlsx"
        answer_message_box("Đóng")
        export_model_to(screen, screen.model, "Phiếu chấm điểm", str(target))
        qtbot.waitUntil(target.exists, timeout=10_000)
        main.jobs.wait(5000)
        sheet = load_workbook(target).worksheets[0]
        headers = [c.value for c in sheet[1]]
        assert sheet.max_row == shown + 1
        year = headers.index("Năm") + 1
        assert all(isinstance(sheet.cell(row=r, column=year).value, int)
                   for r in range(2, shown + 2))
        total = next(i for i, h in enumerate(headers) if "Tổng" in h) + 1
        values = [sheet.cell(row=r, column=total).value for r in range(2, shown + 2)]
        assert any(isinstance(v, int | float) for v in values)
        assert all(v is None or isinstance(v, int | float) for v in values)
    finally:
        close_quietly(main)
        ctx.close()
