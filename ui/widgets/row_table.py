"""A table the clerk grows and shrinks row by row (target indicators, milestones,
rubric criteria), with its "Add row" / "Remove row" buttons beside it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from app.i18n import _
from ui.widgets.empty_state import empty_state


class RowTable(QTableWidget):
    rows_changed = Signal()

    def __init__(self, headers: list[str], what: str, parent: QWidget | None = None):
        """`what` names the buttons ("add<what>", "remove<what>") for tests and styling."""
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(headers)
        self.setMinimumHeight(120)
        self.buttons = QWidget()
        column = QVBoxLayout(self.buttons)
        column.setContentsMargins(0, 0, 0, 0)
        add = QPushButton(_("Add row"))
        add.setObjectName(f"add{what}")
        remove = QPushButton(_("Remove row"))
        remove.setObjectName(f"remove{what}")
        add.clicked.connect(lambda: self.add_row())
        remove.clicked.connect(self.remove_current_row)
        column.addWidget(add)
        column.addWidget(remove)
        column.addStretch(1)
        self.empty = empty_state(self, _("No row yet - press \u201c{add}\u201d to add one.").format(
            add=_("Add row")))

    def add_row(self, values: list[str] | None = None) -> None:
        """Append a row; without values it is a new blank row for the clerk to type in."""
        row = self.rowCount()
        self.insertRow(row)
        for column in range(self.columnCount()):
            text = values[column] if values and column < len(values) else ""
            self.setItem(row, column, QTableWidgetItem(text))
        if values is None:
            self.setCurrentCell(row, 0)
            self.setFocus()
            self.rows_changed.emit()

    def remove_current_row(self) -> None:
        row = self.currentRow()
        if row >= 0:
            self.removeRow(row)
            self.rows_changed.emit()

    def set_rows(self, rows: list[list[str]]) -> None:
        self.setRowCount(0)
        for values in rows:
            self.add_row(values)

    def text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text() if item else ""
