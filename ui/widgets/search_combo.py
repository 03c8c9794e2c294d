"""A combo box you can type into, that finds items whatever the case and diacritics
("yen thang" finds "Phường Yên Thắng"), best matches first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from app.domain.text import fold

FOLDED_ROLE = Qt.ItemDataRole.UserRole + 1
VALUE_ROLE = Qt.ItemDataRole.UserRole + 2


def match_rank(folded: str, needle: str) -> tuple | None:
    """How well an item's folded text matches what was typed (smaller is better), or
    None when it does not contain it. Best: the name itself without its kind ("xa",
    "phuong", "thon" ...) equals the text; then the name starts with it; then a word
    of the name does; then it is somewhere inside. Shorter names first within a rank,
    then alphabetical: "yen thang" puts "Phường Yên Thắng" before "Xã Yên Thắng Bắc"
    and before "Thôn Yên Thắng Hạ"."""
    if needle not in folded:
        return None
    core = next((folded[len(prefix) + 1:] for prefix in _KIND_PREFIXES
                 if folded.startswith(prefix + " ")), folded)
    core = core.split(" (")[0]  # "Thôn Đông (thôn)": the kind in brackets is no name
    if folded == needle or core == needle:
        rank = 0
    elif core.startswith(needle) or folded.startswith(needle):
        rank = 1
    elif f" {needle}" in f" {folded}":
        rank = 2
    else:
        rank = 3
    return rank, len(core), folded


# The start of a unit's name that says what kind of unit it is (folded), longest first.
_KIND_PREFIXES = sorted({"xa", "phuong", "thi tran", "dac khu", "tinh", "thanh pho",
                         "huyen", "quan", "thi xa", "thon", "to dan pho", "ap", "ban",
                         "khu pho", "chi bo", "chi hoi", "chi doan", "doi", "xom", "lang"},
                        key=len, reverse=True)


class _FoldedMatches(QSortFilterProxyModel):
    """Items whose folded text contains the folded query, best match first
    (`match_rank`)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.needle = ""

    def set_query(self, text: str) -> None:
        self.beginFilterChange()
        self.needle = fold(text)
        self.endFilterChange()
        self.sort(0)

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:
        folded = self.sourceModel().index(row, 0, parent).data(FOLDED_ROLE) or ""
        return self.needle in folded

    def lessThan(self, left: QModelIndex, right: QModelIndex) -> bool:
        def rank(index: QModelIndex) -> tuple:
            return match_rank(index.data(FOLDED_ROLE) or "", self.needle) or (9, 0, "")

        return rank(left) < rank(right)


class SearchCombo(QComboBox):
    value_changed = Signal()

    def __init__(self, parent: QWidget | None = None, placeholder: str = ""):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        self._matches = _FoldedMatches(self)
        self._matches.setSourceModel(self._model)
        self._completer = QCompleter(self._matches, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setMaxVisibleItems(15)
        self._completer.setWidget(self)
        self._completer.activated[QModelIndex].connect(self._chosen)
        self.lineEdit().textEdited.connect(self._typed)
        if placeholder:
            self.lineEdit().setPlaceholderText(placeholder)
        self.currentIndexChanged.connect(lambda _i: self.value_changed.emit())
        self.setMaxVisibleItems(20)
        # Long unit names must not widen the whole form.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(24)

    def _typed(self, text: str) -> None:
        self._matches.set_query(text)
        if text.strip() and self._matches.rowCount():
            self._completer.complete()
            self._completer.popup().setCurrentIndex(self._matches.index(0, 0))
        else:
            self._completer.popup().hide()

    def _chosen(self, index: QModelIndex) -> None:
        source = self._matches.mapToSource(index)
        if source.isValid():
            self.setCurrentIndex(source.row())
            self.setEditText(self.itemText(source.row()))

    def set_items(self, items: list[tuple[Any, str]], keep: bool = True) -> None:
        current = self.value() if keep else None
        self.blockSignals(True)
        self._model.clear()
        for value, text in items:
            item = QStandardItem(text)
            item.setData(fold(text), FOLDED_ROLE)
            item.setData(value, VALUE_ROLE)
            item.setData(value, Qt.ItemDataRole.UserRole)  # currentData() as in any combo
            self._model.appendRow(item)
        self.setCurrentIndex(-1)
        self.blockSignals(False)
        if current is not None:
            self.set_value(current)

    def value(self) -> Any:
        """The chosen item's value, or the item the typed text means; None when the
        text matches nothing."""
        index = self.currentIndex()
        if index >= 0 and fold(self.currentText()) == fold(self.itemText(index)):
            return self.itemData(index, VALUE_ROLE)
        match = self._find_text(self.currentText())
        return self.itemData(match, VALUE_ROLE) if match >= 0 else None

    def _find_text(self, text: str) -> int:
        """The item the typed text means: the best match (`match_rank`, the order the
        list of matches shows), without case and marks; -1 when none or nothing typed."""
        folded = fold(text)
        if not folded:
            return -1
        ranked = [(rank, row) for row in range(self.count())
                  if (rank := match_rank(fold(self.itemText(row)), folded)) is not None]
        return min(ranked)[1] if ranked else -1

    def set_value(self, value: Any) -> None:
        for row in range(self.count()):
            if self.itemData(row, VALUE_ROLE) == value:
                self.setCurrentIndex(row)
                return
        self.setCurrentIndex(-1)
        self.setEditText("")

    def choose_typed(self) -> None:
        """Make the item the typed text means the current one."""
        match = self._find_text(self.currentText())
        if match >= 0 and (match != self.currentIndex()
                           or fold(self.currentText()) != fold(self.itemText(match))):
            self.setCurrentIndex(match)
            self.setEditText(self.itemText(match))

    def focusOutEvent(self, event) -> None:
        """Leaving the box after typing part of a name chooses the item it means."""
        if not self._completer.popup().isVisible():
            self.choose_typed()
        super().focusOutEvent(event)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.choose_typed()
        super().keyPressEvent(event)
