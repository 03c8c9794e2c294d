"""The message shown right under a field that cannot be saved as it is."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class FieldError(QLabel):
    """`reserve`: a line is kept free under the field even without a message, so the
    fields below do not move when a message appears (a click meant for the next box
    would land in another one); only a message longer than the line grows it."""

    def __init__(self, parent: QWidget | None = None, *, reserve: bool = False):
        super().__init__(parent)
        self.reserve = reserve
        self.setWordWrap(True)
        self.setStyleSheet("color: #b00020;")
        self.setObjectName("fieldError")
        if reserve:
            policy = self.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            policy.setVerticalPolicy(QSizePolicy.Policy.Minimum)
            self.setSizePolicy(policy)
            self.setMinimumHeight(self.fontMetrics().lineSpacing() + 2)
        self.hide()

    def show_message(self, message: str | None) -> None:
        self.setText(message or "")
        self.setToolTip(message or "")
        self.setVisible(bool(message))

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if self.reserve and event.type() == event.Type.FontChange:
            self.setMinimumHeight(self.fontMetrics().lineSpacing() + 2)
