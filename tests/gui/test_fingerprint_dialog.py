"""The check-code dialog: six boxes of five digits, as the other office reads the code
out over the phone (issue 18, point 3). Each group shows whole, a full box moves on to
the next, each box says at once whether its group matches the card, a pasted code fills
every box, and a wrong group is named."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from app.errors import DvkError
from ui.screens.fingerprint_dialog import FingerprintDialog

pytestmark = pytest.mark.gui

CODE = "58846 54932 46639 45458 69322 16570"


def dialog_for(ctx, qtbot, enrolled: list) -> FingerprintDialog:
    def enrol(code: str) -> None:
        if "".join(code.split()) != "".join(CODE.split()):
            raise DvkError("Mã đối chiếu vừa gõ không khớp với thẻ khóa này.")
        enrolled.append(code)

    dialog = FingerprintDialog(ctx, Path("card.dvkkey"), "Xã Yên Mô", "14701",
                               enrol=enrol, expected=CODE)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_every_group_is_shown_whole(ctx, qtbot):
    dialog = dialog_for(ctx, qtbot, [])
    qtbot.keyClicks(dialog.groups[0], CODE)
    for box, group in zip(dialog.groups, CODE.split(), strict=True):
        assert box.text() == group
        assert box.width() > box.fontMetrics().horizontalAdvance(group)
    assert dialog.text() == CODE


def test_typed_group_by_group_with_a_misheard_group(ctx, qtbot):
    enrolled: list[str] = []
    dialog = dialog_for(ctx, qtbot, enrolled)
    groups = CODE.split()
    assert dialog.focusWidget() is dialog.groups[0]
    for index, group in enumerate(groups):
        typed = "45459" if index == 3 else group  # group 4 misheard
        qtbot.keyClicks(dialog.focusWidget(), typed)
    assert dialog.marks[0].text().endswith("khớp")
    assert dialog.marks[3].text().endswith("hỏi lại")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert not enrolled and dialog.isVisible()
    assert "Các nhóm không khớp: 4." in dialog.error.text()
    assert dialog.focusWidget() is dialog.groups[3]  # the misheard group, selected to type again
    qtbot.keyClicks(dialog.groups[3], groups[3])
    assert dialog.marks[3].text().endswith("khớp")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert enrolled == [CODE]


def test_an_incomplete_code_names_the_groups_left(ctx, qtbot):
    dialog = dialog_for(ctx, qtbot, [])
    qtbot.keyClicks(dialog.groups[0], "58846 549")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert "Nhóm 2, 3, 4, 5, 6 chưa đủ" in dialog.error.text()
    assert dialog.focusWidget() is dialog.groups[1]


def test_a_pasted_code_fills_every_box(ctx, qtbot):
    dialog = dialog_for(ctx, qtbot, [])
    QGuiApplication.clipboard().setText("Mã: " + CODE.replace(" ", "-"))
    dialog.groups[0].setFocus()
    qtbot.keyClick(dialog.groups[0], Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert dialog.text() == CODE
    assert all(mark.text().endswith("khớp") for mark in dialog.marks)


def test_backspace_in_an_empty_group_goes_back(ctx, qtbot):
    dialog = dialog_for(ctx, qtbot, [])
    qtbot.keyClicks(dialog.groups[0], "58846")
    assert dialog.focusWidget() is dialog.groups[1]
    qtbot.keyClick(dialog.groups[1], Qt.Key.Key_Backspace)
    assert dialog.focusWidget() is dialog.groups[0]
