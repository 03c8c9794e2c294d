"""Recording a merger (sáp nhập): which unit was merged into which, from what day. The
old unit and its records stay; the new unit's office takes them over, and the merger
travels to the offices above and below with the next bundles."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.context import AppContext
from app.domain.units import level_label
from app.i18n import _
from ui.actions import NOT_DONE, fields_inline, run_action
from ui.widgets.date_edit import DateEdit
from ui.widgets.field_error import FieldError


class MergeDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.merged = False
        self.setWindowTitle(_("Merge units"))
        form = QFormLayout(self)
        intro = QLabel(_(
            "The merged unit stays in the list with its records, pointing at the unit it "
            "was merged into; that unit's office takes its records over. Bundles the old "
            "office made before the merger stay valid; later ones are refused."))
        intro.setWordWrap(True)
        form.addRow(intro)
        self.units = ctx.units.mergeable()
        self.old = QComboBox()
        self.old.setObjectName("mergeOld")
        for unit in self.units:
            self.old.addItem(f"{unit.name} ({unit.code}) - {level_label(unit.level)}",
                             unit.code)
        self.old.currentIndexChanged.connect(self._fill_targets)
        form.addRow(_("Unit that was merged"), self.old)
        self.into = QComboBox()
        self.into.setObjectName("mergeInto")
        form.addRow(_("Merged into"), self.into)
        self.on = DateEdit()
        self.on.setObjectName("mergeOn")
        form.addRow(_("From the day"), self.on)
        self.note = QLineEdit()
        self.note.setObjectName("mergeNote")
        self.note.setPlaceholderText(_("e.g. the number of the resolution"))
        form.addRow(_("Note"), self.note)
        self.error = FieldError()
        form.addRow(self.error)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(_("Record the merger"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._merge)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._fill_targets()

    def _fill_targets(self) -> None:
        code = self.old.currentData()
        old = next((u for u in self.units if u.code == code), None)
        self.into.clear()
        for unit in self.units:
            if old is not None and unit.code != old.code and unit.level == old.level:
                self.into.addItem(f"{unit.name} ({unit.code})", unit.code)
        self.ok.setEnabled(self.into.count() > 0)

    def _merge(self) -> None:
        day, problem = self.on.date_or_error()
        if problem or day is None:
            self.error.show_message(problem or _("Give the day of the merger."))
            return
        if run_action(self, lambda: self.ctx.units.merge(
                self.old.currentData(), self.into.currentData(), day.isoformat(),
                note=self.note.text()), handled=fields_inline(
                lambda fields: self.error.show_message(" ".join(fields.values())))
                ) is NOT_DONE:
            return
        self.merged = True
        self.accept()
