"""Choosing an existing registration (the model a new one replicates)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.listing import ListQuery
from app.domain.registration import Status
from app.i18n import _
from ui.models.registrations_model import RegistrationsModel
from ui.widgets.empty_state import empty_state
from ui.widgets.headers import fit_headings


class RegistrationPicker(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Choose the model to replicate"))
        self.resize(820, 480)
        self.chosen_id: str | None = None
        self.search = QLineEdit()
        self.search.setObjectName("pickerSearch")
        self.search.setPlaceholderText(_("Type part of the name, with or without diacritics"))
        self.model = RegistrationsModel(ctx, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 320)
        fit_headings(self.table)  # no heading cut ("Tập thể, cá nhân đăng ký")
        self.table.doubleClicked.connect(lambda _i: self._choose())
        self.empty = empty_state(self.table, lambda: _(
            "No registration has these words: type fewer letters.") if self.search.text().strip()
            else _("No registration to choose yet: register the model first in the screen "
                   "\u201c{screen}\u201d.").format(screen=_("Registrations")))
        buttons = QDialogButtonBox()
        buttons.addButton(_("Choose"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._choose)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self._refresh)
        self.search.textEdited.connect(lambda _t: self._timer.start())
        self._refresh()

    def _refresh(self) -> None:
        self.model.set_query(ListQuery(search=self.search.text(), status=Status.REGISTERED.value))

    def _choose(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.chosen_id = self.model.registration_id(index.row())
            self.accept()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.currentIndex() \
                .isValid():
            self._choose()
            return
        super().keyPressEvent(event)
