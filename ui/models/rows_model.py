"""A read-only table model over a list of rows (each a list of display values), with
an object kept per row for the screen (a model id, a decision id...).

A click on a column's header sorts by it in Vietnamese order (app/domain/text.py
`sort_key`, the order the papers use too), numbers by value and dates by date; the
order chosen stays when the rows are read again (a list does not jump after a step)."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.domain.text import sort_key

_ROOT = QModelIndex()
_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})")
_NUMBER = re.compile(r"^-?\d+(,\d+)?$")
HIGHLIGHT_COLOUR, WARNING_COLOUR = "#e3f4e1", "#fbe3e4"
HIGHLIGHT = QBrush(QColor(HIGHLIGHT_COLOUR))
WARNING = QBrush(QColor(WARNING_COLOUR))


class RowsModel(QAbstractTableModel):
    def __init__(self, headers: list[str], parent=None):
        super().__init__(parent)
        self.headers = headers
        self.rows: list[list[Any]] = []
        self.keys: list[Any] = []
        self.colours: list[QBrush | None] = []
        self.numeric: set[int] = set()
        self.sorted_by: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: list[tuple[Any, list[Any], QBrush | None]]) -> None:
        """(key, display values, background or None) per row."""
        self.beginResetModel()
        if self.sorted_by is not None:
            rows = self._ordered(rows, *self.sorted_by)
        self.keys = [key for key, _values, _colour in rows]
        self.rows = [values for _key, values, _colour in rows]
        self.colours = [colour for _key, _values, colour in rows]
        self.endResetModel()

    @staticmethod
    def sort_value(value: Any) -> tuple:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return (0, value, ())
        text = "" if value is None else str(value).strip()
        if _NUMBER.match(text):
            return (0, float(text.replace(",", ".")), ())
        date = _DATE.match(text)
        if date:
            return (1, 0, (int(date[3]), int(date[2]), int(date[1])))
        return (2, 0, sort_key(text))

    def _ordered(self, rows: list, column: int, order: Qt.SortOrder) -> list:
        if not 0 <= column < len(self.headers):
            return rows
        return sorted(rows, key=lambda row: self.sort_value(row[1][column]),
                      reverse=order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A click on a header: by that column (-1: back to the screen's own order)."""
        if column < 0:
            self.sorted_by = None
            return
        self.sorted_by = (column, order)
        self.layoutAboutToBeChanged.emit()
        numbered = list(enumerate(zip(self.keys, self.rows, self.colours, strict=True)))
        numbered.sort(key=lambda pair: self.sort_value(pair[1][1][column])
                      if 0 <= column < len(self.headers) else (),
                      reverse=order == Qt.SortOrder.DescendingOrder)
        moved = {old: new for new, (old, _row) in enumerate(numbered)}
        self.keys = [row[0] for _old, row in numbered]
        self.rows = [row[1] for _old, row in numbered]
        self.colours = [row[2] for _old, row in numbered]
        before = self.persistentIndexList()
        self.changePersistentIndexList(
            before, [self.index(moved.get(i.row(), i.row()), i.column()) for i in before])
        self.layoutChanged.emit()

    def key(self, row: int) -> Any:
        return self.keys[row] if 0 <= row < len(self.keys) else None

    def rowCount(self, parent: QModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.headers):
            return self.headers[section]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = self.rows[index.row()][index.column()]
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self.colours[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
