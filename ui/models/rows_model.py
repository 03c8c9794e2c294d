"""A read-only table model over a list of rows (each a list of display values), with
an object kept per row for the screen (a model id, a decision id...)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

_ROOT = QModelIndex()
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

    def set_rows(self, rows: list[tuple[Any, list[Any], QBrush | None]]) -> None:
        """(key, display values, background or None) per row."""
        self.beginResetModel()
        self.keys = [key for key, _values, _colour in rows]
        self.rows = [values for _key, values, _colour in rows]
        self.colours = [colour for _key, _values, colour in rows]
        self.endResetModel()

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
