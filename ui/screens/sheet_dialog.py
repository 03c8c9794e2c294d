"""The window around a score sheet: closing asks about unsaved typing, and a second
keying or a corrected edition opens where the clerk expects it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QVBoxLayout, QWidget

from app.context import AppContext
from app.i18n import _
from ui.help import attach_help
from ui.messages import ask
from ui.screens.scoring_screen import ScoringScreen
from ui.widgets.buttons import make_button


class SheetDialog(QDialog):
    saved = Signal(str)

    def __init__(self, ctx: AppContext, sheet_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        attach_help(self, "score_sheet", ctx)  # F1: this window's help
        self.resize(1180, 760)
        self.screen = ScoringScreen(ctx, sheet_id, self)
        self.close_button = make_button(_("Close"), "closeSheet", self.close)
        line = QHBoxLayout()
        line.addStretch(1)
        line.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.screen, 1)
        layout.addLayout(line)
        self.others: list[SheetDialog] = []
        self.screen.saved.connect(self._saved)
        self.screen.open_sheet.connect(self._open_other)
        self._update_title()

    def _update_title(self) -> None:
        sheet = self.screen.sheet
        prefix = _("Second keying") if sheet.check_of else _("Score sheet")
        self.setWindowTitle(f"{prefix}: {sheet.model_name}")

    def _saved(self, sheet_id: str) -> None:
        self._update_title()
        self.saved.emit(sheet_id)

    def _open_other(self, sheet_id: str) -> None:
        other = SheetDialog(self.ctx, sheet_id, self)
        other.saved.connect(self.saved.emit)
        other.saved.connect(lambda _id: self.screen.load(self.screen.sheet.id)
                            if not self.screen.dirty else None)
        self.others.append(other)
        other.show()

    def reject(self) -> None:
        """Escape, Close and the window's X: unsaved typing is saved or dropped, as
        the clerk chooses."""
        if not self.screen.dirty:
            super().reject()
            return
        choice = ask(self, _("Unsaved scores"), _("This sheet has typing that is not saved "
                                                  "yet."),
                     [("save", _("Save")), ("discard", _("Discard changes")),
                      ("cancel", _("Cancel"))], default="save")
        if choice == "save" and self.screen.save() or choice == "discard":
            super().reject()
