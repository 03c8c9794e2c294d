"""Enrolling another office's key card: the clerk types the check code that the other
office reads out over the phone, group by group; only a match enrols the key.

The code is six groups of five digits, one box each, as it is read ("group one: five
eight eight four six"). A box that is full moves on to the next; each box says at once
whether its group matches the card, so a misheard group is asked again, not the whole
code. A whole code pasted (from an e-mail) fills every box.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QKeySequence, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.i18n import _
from ui.actions import inline, run_action
from ui.widgets.field_error import FieldError

GROUPS = 6
DIGITS = 5
GOOD = "#1b7a2f"
BAD = "#b00020"


class GroupBox(QLineEdit):
    """One group of five digits. Pasting more spreads it over the following boxes."""

    def __init__(self, dialog: FingerprintDialog, index: int):
        super().__init__()
        self.dialog = dialog
        self.index = index
        self.setObjectName(f"group{index + 1}")
        self.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,5}")))
        self.setMaxLength(DIGITS)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setLetterSpacing(font.SpacingType.PercentageSpacing, 115)
        self.setFont(font)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("0" * (DIGITS + 3)))
        self.setPlaceholderText("_" * DIGITS)
        self.setAccessibleName(_("Group {number} of the check code").format(number=index + 1))

    def keyPressEvent(self, event) -> None:
        key, text = event.key(), event.text()
        if key == Qt.Key.Key_Backspace and not self.text():
            self.dialog.focus_group(self.index - 1, end=True)
            return
        if text in (" ", "-", ".") and self.text():
            self.dialog.focus_group(self.index + 1)  # "next group"
            return
        if event.matches(QKeySequence.StandardKey.Paste):
            self.dialog.spread(self.index, QApplication.clipboard().text())
            return
        if text.isdigit() and len(self.text()) >= DIGITS and not self.hasSelectedText():
            following = self.dialog.next_open(self.index + 1)  # typing on: the next group
            if following is not None:
                self.dialog.spread(following, text)
            return
        super().keyPressEvent(event)


class FingerprintDialog(QDialog):
    """`enrol(fingerprint)` does the job (by default: enrol the card); it raises
    DvkError to keep the dialog open with the message under the boxes. `expected`, the
    card's own check code, lets each box say whether its group matches."""

    def __init__(self, ctx: AppContext, card_path: Path, unit_name: str, unit_code: str,
                 parent: QWidget | None = None, *,
                 enrol: Callable[[str], object] | None = None, title: str | None = None,
                 expected: str | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.card_path = card_path
        self.expected = "".join(ch for ch in (expected or "") if ch.isdigit())
        self.enrol = enrol or (lambda fingerprint: ctx.keys.trust(card_path, fingerprint))
        self.setWindowTitle(title or _("Enrol a key card"))
        layout = QVBoxLayout(self)
        intro = QLabel(_(
            "Key card of {unit}. Call that office on a number you know is theirs, ask them "
            "to read the check code shown on their screen or key card sheet, and type it "
            "here group by group (6 groups of 5 digits).").format(unit=unit_name))
        intro.setToolTip(_("Unit code: {code}").format(code=unit_code))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        self.groups: list[GroupBox] = []
        self.marks: list[QLabel] = []
        for index in range(GROUPS):
            grid.addWidget(QLabel(_("Group {number}").format(number=index + 1)), 0, index,
                           Qt.AlignmentFlag.AlignCenter)
            box = GroupBox(self, index)
            box.textChanged.connect(lambda _text, i=index: self._group_changed(i))
            grid.addWidget(box, 1, index)
            mark = QLabel()
            mark.setObjectName(f"groupMark{index + 1}")
            mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(mark, 2, index)
            self.groups.append(box)
            self.marks.append(mark)
        layout.addLayout(grid)
        self.error = FieldError()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.enrol_button = buttons.addButton(_("Enrol"),
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        self.enrol_button.setDefault(True)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._enrol)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.groups[0].setFocus()

    # -- the boxes --------------------------------------------------------------------------
    def text(self) -> str:
        """The whole code as typed, groups separated by spaces."""
        return " ".join(box.text() for box in self.groups).strip()

    def set_text(self, code: str) -> None:
        for box in self.groups:
            box.clear()
        self.spread(0, code)

    def focus_group(self, index: int, *, end: bool = False) -> None:
        if 0 <= index < GROUPS:
            box = self.groups[index]
            box.setFocus()
            box.setCursorPosition(len(box.text()) if end else 0)
            if not end:
                box.selectAll()

    def spread(self, index: int, text: str) -> None:
        """Digits typed or pasted from group `index` on, five to a box. A few digits
        typed go on after what the box holds; a pasted code replaces."""
        digits = "".join(ch for ch in text if ch.isdigit())
        keep = len(digits) < DIGITS
        while digits and index < GROUPS:
            box = self.groups[index]
            kept = box.text() if keep and len(box.text()) < DIGITS else ""
            room = DIGITS - len(kept)
            box.setText(kept + digits[:room])
            digits, keep = digits[room:], False
            if len(box.text()) == DIGITS:
                index += 1
        self.focus_group(min(index, GROUPS - 1), end=True)

    def next_open(self, index: int) -> int | None:
        """The first group from `index` on that is not full."""
        return next((i for i in range(index, GROUPS)
                     if len(self.groups[i].text()) < DIGITS), None)

    def _group_changed(self, index: int) -> None:
        box, mark = self.groups[index], self.marks[index]
        self.error.show_message(None)
        typed = box.text()
        if len(typed) == DIGITS and self.expected:
            want = self.expected[index * DIGITS:(index + 1) * DIGITS]
            if typed == want:
                mark.setText("\u2713 " + _("matches"))
                mark.setStyleSheet(f"color: {GOOD};")
            else:
                mark.setText("\u2717 " + _("ask again"))
                mark.setStyleSheet(f"color: {BAD};")
        else:
            mark.clear()
        if len(typed) == DIGITS and self.focusWidget() is box and index + 1 < GROUPS:
            self.focus_group(index + 1)

    def wrong_groups(self) -> list[int]:
        """Numbers (from 1) of the groups that do not match the card."""
        if not self.expected:
            return []
        return [i + 1 for i, box in enumerate(self.groups)
                if box.text() != self.expected[i * DIGITS:(i + 1) * DIGITS]]

    # -- enrolling --------------------------------------------------------------------------
    def _enrol(self) -> None:
        code = self.text()
        if len("".join(code.split())) < GROUPS * DIGITS:
            missing = [str(i + 1) for i, box in enumerate(self.groups)
                       if len(box.text()) < DIGITS]
            self.error.show_message(_("Groups {groups} are not complete: each group has 5 "
                                      "digits.").format(groups=", ".join(missing)))
            self.focus_group(int(missing[0]) - 1, end=True)
            return
        run_action(self, lambda: self.enrol(code), lambda _: self.accept(),
                   handled=inline(self._refused))

    def _refused(self, message: str) -> None:
        """Under the groups, with the groups that differ from the key's, the first of
        them to retype."""
        wrong = self.wrong_groups()
        extra = (" " + _("Groups that do not match: {groups}.").format(
            groups=", ".join(map(str, wrong)))) if wrong else ""
        self.error.show_message(message + extra)
        if wrong:
            self.focus_group(wrong[0] - 1)
