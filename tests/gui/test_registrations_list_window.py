"""The list in the window: read once on opening, newest first; search as you type from
the first letter; a header click sorts, a second click reverses."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from app.domain.listing import ListQuery
from tests.gui.helpers import close_quietly
from tests.unit.list_data import fill
from ui.main_window import MainWindow
from ui.models.registrations_model import COLUMNS

pytestmark = pytest.mark.gui


@pytest.fixture
def window(ctx, qtbot):
    fill(ctx, 60)
    pages: list[tuple[ListQuery, int]] = []
    read_page = ctx.registrations.page

    def counting(query, offset, limit):
        pages.append((query, offset))
        return read_page(query, offset, limit)

    ctx.registrations.page = counting
    main = MainWindow(ctx)
    main.show()
    main.pages = pages
    yield main
    close_quietly(main)  # waits for the window's jobs


def shown_ids(screen) -> list[str]:
    return [screen.model.registration_id(row) for row in range(screen.model.rowCount())]


def expected_ids(ctx, query: ListQuery) -> list[str]:
    return [row["id"] for row in ctx.registrations.list_json(query)]


def test_opening_reads_one_page_newest_first(window, ctx, qtbot):
    screen = window.registrations
    assert window.pages == [(ListQuery(), 0)]
    header = screen.table.horizontalHeader()
    assert header.sortIndicatorSection() == 6
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert shown_ids(screen) == expected_ids(ctx, ListQuery())
    qtbot.waitUntil(lambda: screen.count_label.text().startswith("60 "), timeout=5000)


@pytest.mark.parametrize("typed", ["d", "hoa gi", "nguyen thi h", "zz"])
def test_search_as_you_type(window, ctx, qtbot, typed):
    screen = window.registrations
    screen.search.setFocus()
    qtbot.keyClicks(screen.search, typed)
    qtbot.waitUntil(lambda: screen.model.query.search == typed, timeout=3000)
    expected = expected_ids(ctx, ListQuery(search=typed))
    assert shown_ids(screen) == expected
    assert (expected == []) == (typed == "zz")
    qtbot.waitUntil(lambda: screen.count_label.text().startswith(f"{len(expected)} "),
                    timeout=5000)


def test_header_click_sorts_then_reverses(window, ctx, qtbot):
    screen = window.registrations
    qtbot.keyClicks(screen.search, "an")
    qtbot.waitUntil(lambda: screen.model.query.search == "an", timeout=3000)
    header = screen.table.horizontalHeader()
    name_column = [key for key, _title in COLUMNS].index("name")
    spot = QPoint(header.sectionViewportPosition(name_column) + 10, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    first = screen.model.query
    assert first.sort == "name" and first.search == "an"
    assert shown_ids(screen) == expected_ids(ctx, first)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    second = screen.model.query
    assert second.sort == "name" and second.descending != first.descending
    assert shown_ids(screen) == expected_ids(ctx, second)
    assert shown_ids(screen) == list(reversed(expected_ids(ctx, first)))


def test_dialogs_open_from_the_list(window, qtbot):
    """The form is loaded on first use; new, open (Enter on a row) and replicate work."""
    screen = window.registrations

    def only_dialog():
        assert len(screen._dialogs) == 1
        dialog = screen._dialogs[0]
        dialog.close()
        assert screen._dialogs == []
        return dialog

    qtbot.mouseClick(screen.new_button, Qt.MouseButton.LeftButton)
    assert only_dialog().registration_id is None
    first = screen.model.index(0, 0)
    screen.table.setCurrentIndex(first)
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    assert only_dialog().registration_id == screen.model.registration_id(0)
    qtbot.mouseClick(screen.replicate_button, Qt.MouseButton.LeftButton)
    assert only_dialog().registration_id is None
