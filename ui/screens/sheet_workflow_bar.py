"""The row of buttons under a score sheet: saving, the council's members, the steps of
the sheet's life (submit, return, approve, lock, correct), a second keying and its
comparison, printing. Which of them a clerk may press follows the sheet's state and
edition alone, so it is decided here, in one place (`show_for`); the screen does the
work of each."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from app.domain import scoring as S
from app.domain.sheets import Sheet
from app.i18n import _

# The steps of a sheet's life: hidden on a second keying, which has none of its own.
_STEPS = ("submit", "approve", "lock", "correct", "rekey", "send_back")


class SheetWorkflowBar(QWidget):
    def __init__(self, slots: dict[str, Callable[[], object]], parent: QWidget | None = None):
        super().__init__(parent)
        captions = [
            ("save", _("Save")),
            ("add_member", _("Add member...")),
            ("remove_member", _("Remove member")),
            ("submit", _("Submit")),
            ("send_back", _("Return...")),
            ("approve", _("Approve")),
            ("lock", _("Lock")),
            ("correct", _("Correct...")),
            ("rekey", _("Second keying...")),
            ("compare", _("Compare keyings")),
            ("print", _("Print...")),
        ]
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QPushButton] = {}
        for name, caption in captions:
            button = QPushButton(caption)
            button.setObjectName(f"{name}Button")
            button.clicked.connect(slots[name])
            self.buttons[name] = button
            line.addWidget(button)
        line.addStretch(1)

    def show_for(self, sheet: Sheet, *, dirty: bool,
                 has_second_keying: Callable[[], bool]) -> None:
        """Enable what the sheet allows now (`has_second_keying` is asked only for the
        current edition of a first keying)."""
        primary = sheet.is_current and not sheet.check_of
        council = sheet.council_editable()
        enabled = {
            "save": dirty and (council or sheet.self_editable()),
            "add_member": council,
            "remove_member": council and bool(sheet.members),
            "submit": primary and sheet.state in (S.DRAFT, S.RETURNED),
            "send_back": primary and sheet.state in (S.SUBMITTED, S.APPROVED),
            "approve": primary and sheet.state == S.SUBMITTED,
            "lock": primary and sheet.state == S.APPROVED,
            "correct": primary and sheet.state == S.LOCKED,
            "rekey": primary and council,
            "compare": bool(sheet.check_of) or (primary and has_second_keying()),
            "print": True,
        }
        for name, button in self.buttons.items():
            button.setEnabled(enabled[name])
            button.setVisible(name not in _STEPS or not sheet.check_of)
