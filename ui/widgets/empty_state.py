"""What an empty list says: a line over the list's empty area telling the clerk what to
do ("No sub-units yet - press “Add sub-unit...” to add villages, cells, branches"),
instead of a blank white box. It shows while the list has no rows and hides as soon as
one arrives; its text may depend on the moment (a search that found nothing says so),
and it may carry a button that does the first step (clear the filters)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QFrame, QLabel, QPushButton, QVBoxLayout

Text = str | Callable[[], str]


class EmptyState(QFrame):
    def __init__(self, view: QAbstractItemView, text: Text,
                 action: tuple[str, Callable[[], object]] | None = None):
        super().__init__(view.viewport())
        self.view = view
        self._text = text
        self.setObjectName("emptyState")
        self.label = QLabel()
        self.label.setObjectName("emptyStateText")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setStyleSheet("color: #555555; font-size: 11pt;")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.label)
        self.button: QPushButton | None = None
        if action is not None:
            self.button = QPushButton(action[0])
            self.button.setObjectName("emptyStateAction")
            self.button.clicked.connect(lambda _checked=False: action[1]())
            layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self._watch = _Resizes(self)
        view.viewport().installEventFilter(self._watch)
        model = view.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved,
                       model.layoutChanged):
            signal.connect(self.refresh)
        self.refresh()

    def text(self) -> str:
        return self._text() if callable(self._text) else self._text

    def set_text(self, text: Text) -> None:
        self._text = text
        self.refresh()

    def set_action_visible(self, visible: bool) -> None:
        if self.button is not None:
            self.button.setVisible(visible)

    @property
    def empty(self) -> bool:
        model = self.view.model()
        return model is None or model.rowCount() == 0

    def refresh(self, *_args) -> None:
        if not self.empty:
            self.hide()
            return
        self.label.setText(self.text())
        self.setGeometry(self.view.viewport().rect().adjusted(12, 8, -12, -8))
        self.show()
        self.raise_()


class _Resizes(QObject):
    """Keeps the text over the whole empty area when the list is resized."""

    def __init__(self, state: EmptyState):
        super().__init__(state)
        self.state = state

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.state.refresh()
        return False


def empty_state(view: QAbstractItemView, text: Text,
                action: tuple[str, Callable[[], object]] | None = None) -> EmptyState:
    """Give `view` its empty-state text (and a button doing the first step)."""
    return EmptyState(view, text, action)
