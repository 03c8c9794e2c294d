"""The registrations list as a Qt table model over pages of rows fetched on demand:
a list of a million opens as fast as a list of ten."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.context import AppContext
from app.domain.dates import from_iso
from app.domain.fields import field_name
from app.domain.listing import LIST_COLUMNS, ListQuery
from app.domain.registration import KINDS, MODES, STATUSES, SUBJECTS, Status, Subject, label
from app.i18n import N_, _, format_date

PAGE_SIZE = 200
WITHDRAWN_GREY = "#777777"  # the letters of a withdrawn registration's line
ID_ROLE = Qt.ItemDataRole.UserRole + 10

# (column key in the row, header)
COLUMNS: list[tuple[str, str]] = [
    ("name", N_("Model / exemplar")),
    ("registrant", N_("Registrant")),
    ("field", N_("Field")),
    ("kind", N_("Kind")),
    ("mode", N_("Form")),
    ("year", N_("Year")),
    ("registered_on", N_("Registered on")),
    ("subunit_name", N_("Sub-unit")),
    ("status", N_("Status")),
]
_INDEX = {name: LIST_COLUMNS.index(name) for name, _header in COLUMNS}
_ROOT = QModelIndex()


class RegistrationsModel(QAbstractTableModel):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.query = ListQuery()
        self._rows: list[tuple] = []
        self._exhausted = False
        self._resetting = False

    # -- query ----------------------------------------------------------------------
    def set_query(self, query: ListQuery) -> None:
        self.query = query
        self.reload()

    def reload(self) -> None:
        """Start over with the first page, fetched inside the reset so that views never
        see rows inserted while the model is being reset."""
        first = self.ctx.registrations.page(self.query, 0, PAGE_SIZE)
        self._resetting = True
        try:
            self.beginResetModel()
            self._rows = list(first)
            self._exhausted = len(first) < PAGE_SIZE
            self.endResetModel()
        finally:
            self._resetting = False

    def canFetchMore(self, parent: QModelIndex) -> bool:
        return not parent.isValid() and not self._exhausted and not self._resetting

    def fetchMore(self, parent: QModelIndex) -> None:
        if parent.isValid() or self._exhausted or self._resetting:
            return
        rows = self.ctx.registrations.page(self.query, len(self._rows), PAGE_SIZE)
        if len(rows) < PAGE_SIZE:
            self._exhausted = True
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Qt asks again for the order already shown (when sorting is switched on, or
        the header is set up): only a new order costs a query."""
        if 0 <= column < len(COLUMNS):
            query = dataclasses.replace(self.query, sort=COLUMNS[column][0],
                                        descending=order == Qt.SortOrder.DescendingOrder)
            if query != self.query:
                self.set_query(query)

    # -- table ----------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(COLUMNS):
            return _(COLUMNS[section][1])
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)) \
                or not (0 <= index.column() < len(COLUMNS)):
            return None
        row = self._rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(key, row[_INDEX[key]], row)
        if role == ID_ROLE:
            return row[0]
        if role == Qt.ItemDataRole.ForegroundRole and row[_INDEX["status"]] == Status.WITHDRAWN:
            return QBrush(QColor(WITHDRAWN_GREY))
        if role == Qt.ItemDataRole.ToolTipRole and key in ("name", "registrant"):
            return row[_INDEX[key]]
        return None

    @staticmethod
    def _display(key: str, value: Any, row: tuple) -> str:
        if key == "field":
            return field_name(value)
        if key == "kind":
            return label(KINDS, value)
        if key == "mode":
            return label(MODES, value)
        if key == "status":
            return label(STATUSES, value)
        if key == "registered_on":
            return format_date(from_iso(value))
        if key == "registrant":
            subject = row[_INDEX.get("subject", LIST_COLUMNS.index("subject"))]
            return f"{value}" if subject == Subject.COLLECTIVE else f"{value} ({label(SUBJECTS, subject)})"
        return "" if value is None else str(value)

    def registration_id(self, row: int) -> str | None:
        return self._rows[row][0] if 0 <= row < len(self._rows) else None
