"""Driving modal dialogs from tests: a timer answers the box that will open."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QInputDialog, QMessageBox

_pending: list[dict] = []


def _pending_answer() -> dict:
    """A token for a queued answer; `cancel_pending_answers` (after every test) turns
    it off, so an answer a test queued but never used cannot click a later test's box."""
    token = {"live": True}
    _pending.append(token)
    return token


def cancel_pending_answers() -> None:
    for token in _pending:
        token["live"] = False
    _pending.clear()


def when_modal(kind, act, delay: int = 20) -> None:
    """Run `act(dialog)` as soon as a modal dialog of `kind` is open."""
    token = _pending_answer()

    def attempt():
        if not token["live"]:
            return
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            act(dialog)
        else:
            QTimer.singleShot(delay, attempt)

    QTimer.singleShot(0, attempt)


def answer_message_box(button_text: str, seen: list | None = None, delay: int = 50,
                       give_up_ms: int = 20_000) -> None:
    """Click the button labelled `button_text` on the next modal message box that has it.

    Several answers may be queued for a chain of boxes; on a loaded machine a later
    answer's timer can fire while an earlier box is still open, so a box without the
    button is left alone (its own answer will come) until `give_up_ms` has passed."""
    waited = {"ms": 0}
    token = _pending_answer()

    def retry():
        waited["ms"] += delay
        QTimer.singleShot(delay, click)

    def click():
        if not token["live"]:
            return
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            retry()
            return
        for button in box.findChildren(QAbstractButton):
            if button.text().replace("&", "") == button_text:
                if seen is not None:
                    seen.append(box.text())
                button.click()
                return
        if waited["ms"] < give_up_ms:
            retry()
            return
        raise AssertionError(f"no button {button_text!r} in {[b.text() for b in box.buttons()]}")

    QTimer.singleShot(delay, click)


def answer_input_dialog(text: str, delay: int = 50) -> None:
    token = _pending_answer()

    def fill():
        if not token["live"]:
            return
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(delay, fill)
            return
        dialog.setTextValue(text)
        dialog.accept()

    QTimer.singleShot(delay, fill)


def type_text(qtbot, widget, text: str) -> None:
    """Type like a clerk with a Vietnamese keyboard (Unikey sends each finished letter as
    a Unicode key event). QTest.keyClicks only knows ASCII, so other letters go as key
    events carrying their text."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent

    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                     Qt.KeyboardModifier.NoModifier, char))


def close_quietly(main):
    """End of a test: close open forms without the unsaved-changes question."""
    for dialog in list(main.registrations._dialogs):
        dialog.dirty = False
        dialog.close()
    main.close()
    main.jobs.wait(3000)
