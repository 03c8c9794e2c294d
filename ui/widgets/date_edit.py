"""A date field the way clerks type dates (30/3/2026), with a calendar button."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from app.domain.dates import DateError, parse_date
from app.i18n import _


class DateEdit(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.line = QLineEdit(self)
        self.line.setPlaceholderText(_("dd/mm/yyyy"))
        self.line.setMaxLength(10)
        self.line.textEdited.connect(lambda _text: self.changed.emit())
        self.button = QToolButton(self)
        self.button.setText("▾")
        self.button.setToolTip(_("Choose from the calendar"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        menu = QMenu(self)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        self.button.setMenu(menu)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.calendar.clicked.connect(self._picked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.line)
        layout.addWidget(self.button)
        self.setFocusProxy(self.line)

    def _picked(self, qdate: QDate) -> None:
        self.set_date(dt.date(qdate.year(), qdate.month(), qdate.day()))
        self.button.menu().hide()
        self.changed.emit()

    def set_date(self, value: dt.date | None) -> None:
        self.line.setText(value.strftime("%d/%m/%Y") if value else "")
        if value:
            self.calendar.setSelectedDate(QDate(value.year, value.month, value.day))

    def text(self) -> str:
        return self.line.text()

    def date(self) -> dt.date | None:
        """The date typed, or None when blank; raises DateError when impossible."""
        return parse_date(self.line.text())

    def date_or_error(self) -> tuple[dt.date | None, str | None]:
        try:
            return self.date(), None
        except DateError as error:
            return None, str(error)
