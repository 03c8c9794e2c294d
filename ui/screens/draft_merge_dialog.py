"""Restoring a draft over a registration saved since it was typed: both versions side
by side, field by field, and the clerk chooses which to keep (app/domain/draft_merge).
Opened window-modal over the registration form, which takes the result."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.draft_merge import MINE, THEIRS, FieldChoice, describe, merge
from app.domain.fields import field_choices
from app.i18n import _

MAX_SHOWN = 300  # characters of a long text shown in a choice (the whole is kept)


def _short(text: str) -> str:
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN - 1] + "…"


class _Choice(QWidget):
    """A round button and the value it chooses, wrapped over as many lines as it needs;
    a click on the text chooses it too."""

    def __init__(self, text: str, name: str):
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.button = QRadioButton()
        self.button.setObjectName(name)
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.button.setAccessibleName(text)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text, 1)

    def mousePressEvent(self, event) -> None:  # the text is part of the choice
        self.button.setChecked(True)
        super().mousePressEvent(event)


class DraftMergeDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None, *, choices: list[FieldChoice],
                 mine: dict[str, Any], theirs: dict[str, Any], saved_by: str, saved_at: str):
        super().__init__(parent)
        self.setObjectName("draftMerge")
        self.setWindowTitle(_("Compare with the saved version"))
        self.mine, self.theirs = mine, theirs
        self.fields = choices
        self.groups: dict[str, QButtonGroup] = {}
        names = self._names(ctx)
        layout = QVBoxLayout(self)
        intro = QLabel(_(
            "{who} saved this registration at {when}, after your text was typed. Choose, "
            "field by field, which version to keep; fields marked ⚠ were changed on both "
            "sides. Nothing is saved until you press Save in the form.").format(
            who=saved_by or "?", when=saved_at))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid_holder = QWidget()
        grid = QGridLayout(grid_holder)
        for column, text in enumerate((_("Form item"), _("Saved version"), _("Your draft"))):
            header = QLabel(f"<b>{text}</b>")
            grid.addWidget(header, 0, column)
        for row, choice in enumerate(choices, start=1):
            mark = "⚠ " if choice.conflict else ""
            label = QLabel(mark + choice.label)
            label.setObjectName(f"field:{choice.key}")
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            group = QButtonGroup(self)
            for column, (side, value) in enumerate(((THEIRS, choice.theirs),
                                                    (MINE, choice.mine)), start=1):
                cell = _Choice(_short(describe(choice.key, value, names)),
                               f"{side}:{choice.key}")
                cell.button.setChecked(side == choice.default)
                group.addButton(cell.button)
                grid.addWidget(cell, row, column, Qt.AlignmentFlag.AlignTop)
            self.groups[choice.key] = group
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setVerticalSpacing(12)
        grid.setRowStretch(len(choices) + 1, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(grid_holder)
        layout.addWidget(scroll, 1)
        buttons = QDialogButtonBox()
        self.use_button = buttons.addButton(_("Use these choices"),
                                            QDialogButtonBox.ButtonRole.AcceptRole)
        self.use_button.setObjectName("useChoices")
        self.cancel_button = buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(900, min(160 + 60 * len(choices), 640))

    @staticmethod
    def _names(ctx: AppContext) -> dict[str, dict]:
        subunits = {unit.code: unit.name for unit in ctx.units.subunits()}
        return {"subunit_code": subunits,
                "field": {code: f"{code}. {text}" for code, text in field_choices()}}

    def button(self, side: str, key: str) -> QRadioButton:
        return self.findChild(QRadioButton, f"{side}:{key}")

    def value_text(self, side: str, key: str) -> str:
        """The value shown beside a choice."""
        return self.button(side, key).parent().text.text()

    def choices(self) -> dict[str, str]:
        result = {}
        for key, group in self.groups.items():
            checked = group.checkedButton()
            result[key] = checked.objectName().split(":", 1)[0] if checked else THEIRS
        return result

    def result_form(self) -> dict[str, Any]:
        """The form as chosen: the saved version with the fields taken from the draft."""
        return merge(self.mine, self.theirs, self.choices())
