"""A table a clerk types scores into from the keyboard, as on a spreadsheet.

Typing on a cell starts editing it (the old value is replaced); Tab and Shift+Tab go
to the next or previous cell that can be typed into, and leave the table after the
last one; arrows move between cells (also out of an open editor, keeping what was
typed); Enter keeps the value and goes down one row; Delete clears a cell. While a
cell is being typed into, `typing` reports its text on every key, so totals can
follow live. Typing on a cell that cannot change reports `refused` instead.

It is a view over a table model (`ui/models/score_sheet_model.py`), whose `setData`
takes what is typed. A few calls of a QTableWidget (`item(row, column).text()`,
`setCurrentCell`, `currentRow`, `visualItemRect`) are kept, as the score sheet was a
QTableWidget before and its GUI tests drive the grid with them.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QModelIndex, QRect, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QLineEdit,
    QStyledItemDelegate,
    QTableView,
    QWidget,
)

_EDITABLE = Qt.ItemFlag.ItemIsEditable
_TEXT_MODIFIERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


class _LiveDelegate(QStyledItemDelegate):
    """A one-line editor that reports each change and lets Up/Down leave the cell."""

    def __init__(self, table: ScoreTable):
        super().__init__(table)
        self.table = table

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        editor = QLineEdit(parent)
        editor.setObjectName("scoreEditor")
        editor.setFrame(False)
        editor.setProperty("cell", [index.row(), index.column()])
        editor.textEdited.connect(self._edited)
        return editor

    def _edited(self, text: str) -> None:
        editor = self.sender()
        if editor is not None:
            row, column = editor.property("cell")
            self.table.typing.emit(row, column, text)

    def eventFilter(self, editor, event) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Up,
                                                                    Qt.Key.Key_Down):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            step = -1 if event.key() == Qt.Key.Key_Up else 1
            self.table.move_to(self.table.currentRow() + step, self.table.currentColumn())
            return True
        return super().eventFilter(editor, event)


@dataclass(frozen=True)
class Cell:
    """One cell of the table, as a QTableWidget's item answered for it."""

    index: QModelIndex

    def text(self) -> str:
        return self.index.data() or ""

    def flags(self) -> Qt.ItemFlag:
        return self.index.flags()

    def row(self) -> int:
        return self.index.row()

    def column(self) -> int:
        return self.index.column()


class ScoreTable(QTableView):
    typing = Signal(int, int, str)
    refused = Signal(int, int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setItemDelegate(_LiveDelegate(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(True)

    # -- the calls of a QTableWidget ----------------------------------------------------
    def rowCount(self) -> int:
        return self.model().rowCount() if self.model() is not None else 0

    def columnCount(self) -> int:
        return self.model().columnCount() if self.model() is not None else 0

    def item(self, row: int, column: int) -> Cell | None:
        index = self.model().index(row, column) if self.model() is not None else QModelIndex()
        return Cell(index) if index.isValid() else None

    def currentRow(self) -> int:
        return self.currentIndex().row()

    def currentColumn(self) -> int:
        return self.currentIndex().column()

    def setCurrentCell(self, row: int, column: int) -> None:
        self.setCurrentIndex(self.model().index(row, column))

    def visualItemRect(self, cell: Cell) -> QRect:
        return self.visualRect(cell.index)

    # -- moving ---------------------------------------------------------------------------
    def _editable_cells(self) -> list[tuple[int, int]]:
        model = self.model()
        return [(row, column) for row in range(self.rowCount())
                for column in range(self.columnCount())
                if model.flags(model.index(row, column)) & _EDITABLE]

    def first_editable(self) -> tuple[int, int] | None:
        cells = self._editable_cells()
        return cells[0] if cells else None

    def move_to(self, row: int, column: int) -> None:
        if 0 <= row < self.rowCount() and 0 <= column < self.columnCount():
            self.setCurrentCell(row, column)

    def moveCursor(self, action, modifiers) -> QModelIndex:
        """Tab and Shift+Tab skip the cells that cannot be typed into, and give the
        focus back to the window after the last (or before the first) of them."""
        if action not in (QAbstractItemView.CursorAction.MoveNext,
                          QAbstractItemView.CursorAction.MovePrevious):
            return super().moveCursor(action, modifiers)
        cells = self._editable_cells()
        here = (self.currentRow(), self.currentColumn())
        if action == QAbstractItemView.CursorAction.MoveNext:
            target = next((cell for cell in cells if cell > here), None)
        else:
            target = next((cell for cell in reversed(cells) if cell < here), None)
        return self.model().index(*target) if target else QModelIndex()

    def keyPressEvent(self, event) -> None:
        editing = self.state() == QAbstractItemView.State.EditingState
        index = self.currentIndex()
        typed = event.text() and event.text().isprintable() and \
            not event.modifiers() & _TEXT_MODIFIERS
        if not editing and index.isValid() and not index.flags() & _EDITABLE and (
                typed or event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)):
            self.refused.emit(self.currentRow(), self.currentColumn())
            event.accept()
            return
        if not editing and index.isValid() and event.key() in (Qt.Key.Key_Delete,
                                                               Qt.Key.Key_Backspace):
            self.model().setData(index, "", Qt.ItemDataRole.EditRole)
            self.typing.emit(self.currentRow(), self.currentColumn(), "")
            event.accept()
            return
        if not editing and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.move_to(self.currentRow() + 1, self.currentColumn())
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEditor(self, editor, hint) -> None:
        """Enter in a cell keeps the value and goes down one row."""
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            self.move_to(self.currentRow() + 1, self.currentColumn())
