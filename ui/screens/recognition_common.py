"""Pieces shared by the recognition screens: a reason dialog with our own buttons, a
table set up for rows, year choices, dates and points as shown."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.scoring import format_score
from app.errors import DvkError
from app.i18n import _, format_date
from ui.screens.score_sheets_screen import setup_columns


class ReasonDialog(QDialog):
    """Asks for a reason (required or not) with Vietnamese buttons."""

    def __init__(self, title: str, prompt: str, ok: str, *, required: bool = True,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(520, 240)
        self.required = required
        label = QLabel(prompt)
        label.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setObjectName("reasonText")
        self.error = QLabel()
        self.error.setObjectName("reasonError")
        self.error.setStyleSheet("color: #b00020;")
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("reasonOk")
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        if self.required and not self.text.toPlainText().strip():
            self.error.setText(_("Give the reason: it is recorded with the step."))
            return
        self.accept()

    def reason(self) -> str:
        return self.text.toPlainText()


def rows_table(model, widths: list[int], name: str) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    setup_columns(table, widths)
    return table


def sortable(table: QTableView) -> None:
    """A click on a column's header sorts the list by it (Vietnamese order); until then
    the screen's own order stands."""
    table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    table.setSortingEnabled(True)


def fill_years(combo: QComboBox, years: list[int], default: int) -> None:
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for year in sorted(set(years) | {default}, reverse=True):
        combo.addItem(str(year), year)
    index = combo.findData(current if current is not None else default)
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)


def fill_campaign_years(combo: QComboBox, ctx) -> None:
    """The years that have registrations or recognition work, newest first selected
    (this year when there are none), keeping the year shown if it is still there."""
    try:
        years = ctx.recognition.years()
    # Not an action: the years' choices, this year alone when they cannot be read
    except DvkError:
        years = []
    fill_years(combo, years, years[0] if years else ctx.recognition.current_year())


def model_columns(last: str) -> list[str]:
    """The columns of a list of models (recognition, proposals, decisions), the last
    one the screen's own."""
    return [_("Model / exemplar"), _("Registrant"), _("Field"), _("Total"), _("Rating"), last]


def shown_date(value: str | None) -> str:
    return format_date(dt.date.fromisoformat(value[:10])) if value else ""


def points(tenths: int | None) -> str:
    return format_score(tenths)


def points_from(value: float | None) -> str:
    return "" if value is None else format_score(round(value * 10))
