"""A combo box you can type into, that finds items whatever the case and diacritics
("yen thang" finds "Phường Yên Thắng")."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from app.domain.text import fold

FOLDED_ROLE = Qt.ItemDataRole.UserRole + 1
VALUE_ROLE = Qt.ItemDataRole.UserRole + 2


class _FoldingCompleter(QCompleter):
    def splitPath(self, path: str) -> list[str]:
        return [fold(path)]

    def pathFromIndex(self, index) -> str:
        return index.data(Qt.ItemDataRole.DisplayRole) or ""


class SearchCombo(QComboBox):
    value_changed = Signal()

    def __init__(self, parent: QWidget | None = None, placeholder: str = ""):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        completer = _FoldingCompleter(self)
        completer.setModel(self._model)
        completer.setCompletionRole(FOLDED_ROLE)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        if placeholder:
            self.lineEdit().setPlaceholderText(placeholder)
        self.currentIndexChanged.connect(lambda _i: self.value_changed.emit())
        self.setMaxVisibleItems(20)

    def set_items(self, items: list[tuple[Any, str]], keep: bool = True) -> None:
        current = self.value() if keep else None
        self.blockSignals(True)
        self._model.clear()
        for value, text in items:
            item = QStandardItem(text)
            item.setData(fold(text), FOLDED_ROLE)
            item.setData(value, VALUE_ROLE)
            self._model.appendRow(item)
        self.setCurrentIndex(-1)
        self.blockSignals(False)
        if current is not None:
            self.set_value(current)

    def value(self) -> Any:
        """The chosen item's value; None when nothing (or text matching nothing)."""
        index = self.currentIndex()
        if index < 0:
            return None
        if fold(self.currentText()) != fold(self.itemText(index)):
            match = self._find_text(self.currentText())
            return self.itemData(match, VALUE_ROLE) if match >= 0 else None
        return self.itemData(index, VALUE_ROLE)

    def _find_text(self, text: str) -> int:
        folded = fold(text)
        for row in range(self.count()):
            if fold(self.itemText(row)) == folded:
                return row
        return -1

    def set_value(self, value: Any) -> None:
        for row in range(self.count()):
            if self.itemData(row, VALUE_ROLE) == value:
                self.setCurrentIndex(row)
                return
        self.setCurrentIndex(-1)
        self.setEditText("")

    def focusOutEvent(self, event) -> None:
        """Typed text that names an item exactly (but for marks) selects it."""
        match = self._find_text(self.currentText())
        if match >= 0 and match != self.currentIndex():
            self.setCurrentIndex(match)
        super().focusOutEvent(event)


