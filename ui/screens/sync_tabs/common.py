"""What the tabs of the data exchange screen share: their tables, the day a bundle was
made, the names of the kinds of records, and the office key's session."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.context import AppContext
from app.domain.accounts import APPROVER
from app.i18n import _, format_timestamp
from app.sync.kinds import get as get_kind
from ui.actions import NOT_DONE, run_action
from ui.screens.passphrase_dialog import PassphraseDialog


def table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def fill(table: QTableWidget, rows: list[list]) -> None:
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            table.setItem(row, column, QTableWidgetItem("" if value is None else str(value)))


def shown_day(stamp: str | None) -> str:
    """The day a bundle was made (Vietnam's date)."""
    return format_timestamp(stamp)[:10] if stamp else ""


def kind_label(name: str) -> str:
    kind = get_kind(name)
    return _(kind.label) if kind else name


class KeySession:
    """The office key's passphrase while the key stays open in this session, shared by
    every tab that signs or opens a sealed bundle: asked once, forgotten when the key
    is locked (here or by signing out). `changed` is called when that may have changed
    (the keys tab shows it)."""

    def __init__(self, ctx: AppContext, parent: QWidget):
        self.ctx = ctx
        self.parent = parent
        self.passphrase: str | None = None
        self.changed: Callable[[], None] = lambda: None

    def ask(self, *, always: bool = False, text: str | None = None) -> str | None:
        """The passphrase, asked once while the key stays open in this session (it is
        checked against the stored key before the dialog closes). `always`: ask even
        then (a passphrase that will lock a new key)."""
        if self.passphrase and not always and self.ctx.keys.is_unlocked():
            return self.passphrase
        dialog = PassphraseDialog(self.parent, text=text or _(
            "Type the passphrase of this office's signing key."),
            check=lambda value: self.ctx.keys.unlock(value))
        if not dialog.exec():
            return None
        self.passphrase = dialog.passphrase
        self.changed()
        return self.passphrase

    def may_sign(self) -> bool:
        """Signing (bundles, key cards, statements about keys) is the approver's job
        once the office uses accounts: said before any passphrase is asked."""
        return run_action(self.parent, lambda: self.ctx.accounts.require(APPROVER)) \
            is not NOT_DONE

    def lock(self) -> None:
        """Khóa lại khóa ký: the next signing asks the passphrase again."""
        self.ctx.keys.lock()
        self.passphrase = None
        self.changed()
