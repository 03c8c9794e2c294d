"""Message boxes with Vietnamese buttons and the program's wording."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from app.errors import DvkError
from app.i18n import _


def show_error(parent: QWidget | None, error: BaseException | str, title: str | None = None):
    text = error.message if isinstance(error, DvkError) else str(error)
    box = QMessageBox(QMessageBox.Icon.Warning, title or _("Cannot do that"), text,
                      QMessageBox.StandardButton.NoButton, parent)
    box.addButton(_("Close"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def show_info(parent: QWidget | None, text: str, title: str | None = None) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, title or _("Information"), text,
                      QMessageBox.StandardButton.NoButton, parent)
    box.addButton(_("Close"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def ask(parent: QWidget | None, title: str, text: str, choices: list[tuple[str, str]],
        default: str | None = None) -> str | None:
    """Ask with named choices [(key, label)]; returns the key, or None if closed."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.NoButton, parent)
    buttons = {}
    for key, label in choices:
        role = QMessageBox.ButtonRole.RejectRole if key == "cancel" else \
            QMessageBox.ButtonRole.AcceptRole
        buttons[box.addButton(label, role)] = key
        if key == default:
            box.setDefaultButton(list(buttons)[-1])
    box.exec()
    return buttons.get(box.clickedButton())


def confirm(parent: QWidget | None, title: str, text: str, yes: str) -> bool:
    return ask(parent, title, text, [("yes", yes), ("cancel", _("Cancel"))],
               default="cancel") == "yes"
