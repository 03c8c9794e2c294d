"""Adding a sub-unit (thôn, tổ dân phố, chi bộ, chi hội...) without leaving the form."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from app.context import AppContext
from app.domain.units import SUBUNIT_TYPES, type_label
from app.i18n import _
from ui.actions import NOT_DONE, fields_inline, run_action
from ui.widgets.field_error import FieldError


class SubunitDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, name: str = ""):
        super().__init__(parent)
        self.ctx = ctx
        self.unit = None
        self.setWindowTitle(_("New sub-unit"))
        form = QFormLayout(self)
        self.name = QLineEdit(name)
        self.name.setObjectName("subunitName")
        self.name.setPlaceholderText(_("e.g. Chi hội Phụ nữ thôn Đông"))
        self.type = QComboBox()
        self.type.setObjectName("subunitType")
        for value in SUBUNIT_TYPES:
            self.type.addItem(type_label(value), value)
        self.error = FieldError()
        form.addRow(_("Name"), self.name)
        form.addRow(_("Kind"), self.type)
        form.addRow(self.error)
        buttons = QDialogButtonBox()
        buttons.addButton(_("Add"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._add)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _add(self) -> None:
        unit = run_action(self, lambda: self.ctx.units.add_subunit(
            self.name.text(), self.type.currentData()), handled=fields_inline(
            lambda fields: self.error.show_message(" ".join(fields.values()))))
        if unit is NOT_DONE:
            return
        self.unit = unit
        self.accept()
