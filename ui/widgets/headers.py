"""Column headers whose words are never cut: a column is at least as wide as its
heading (and the sort arrow beside it)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView

SORT_ARROW = 24  # the sort indicator and the section's padding
PADDING = 12  # the section's padding alone (a table that does not sort)


def heading_width(view: QAbstractItemView, column: int) -> int:
    header = view.horizontalHeader()
    text = view.model().headerData(column, Qt.Orientation.Horizontal) or ""
    widest = max((header.fontMetrics().horizontalAdvance(line)
                  for line in str(text).split("\n")), default=0)
    sorts = getattr(view, "isSortingEnabled", lambda: False)()
    return widest + (SORT_ARROW if sorts else PADDING)


def fit_headings(view: QAbstractItemView, *, values: dict[int, list[str]] | None = None,
                 exact: bool = False) -> None:
    """Widen every column that would cut its heading (or, when given, the longest of
    its usual `values`); `exact`: set each to just that width. A column set to stretch
    is left to stretch."""
    header: QHeaderView = view.horizontalHeader()
    metrics = view.fontMetrics()
    for column in range(view.model().columnCount()):
        if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch:
            continue
        wanted = heading_width(view, column)
        for text in (values or {}).get(column, []):
            wanted = max(wanted, metrics.horizontalAdvance(text) + 16)
        if exact or header.sectionSize(column) < wanted:
            header.resizeSection(column, wanted)
