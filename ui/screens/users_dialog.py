"""Accounts in the window (Tools > Accounts...): the list, adding one, disabling or
enabling, setting a password. The first account turns accounts on and must be an
administrator; later changes need a signed-in administrator (the service checks)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain import stamps
from app.domain.accounts import ADMIN, ROLES, role_label
from app.i18n import _
from ui.actions import NOT_DONE, inline, run_action
from ui.help import attach_help
from ui.widgets.buttons import make_button
from ui.widgets.empty_state import empty_state
from ui.widgets.field_error import FieldError


class UsersDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        attach_help(self, "accounts", ctx)  # F1: this window's help
        self.setWindowTitle(_("Accounts"))
        layout = QVBoxLayout(self)
        self.state = QLabel()
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        headers = [_("User"), _("Full name"), _("Account role"), _("Active"), _("Last sign-in")]
        self.table = QTableWidget(0, len(headers))
        self.table.setObjectName("usersTable")
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.empty = empty_state(self.table, _(
            "No account: everyone using this PC may do everything. If several people share "
            "it, type a user name and a password below, choose the role "
            "\u201c{admin}\u201d for the first one and press \u201c{add}\u201d.").format(
            admin=role_label(ADMIN), add=_("Add the account")))
        layout.addWidget(self.table, 1)
        actions = QHBoxLayout()
        self.toggle = QPushButton(_("Disable or enable"))
        self.toggle.clicked.connect(self.toggle_selected)
        actions.addWidget(self.toggle)
        password = QPushButton(_("Set password..."))
        password.clicked.connect(self.set_password)
        actions.addWidget(password)
        actions.addStretch(1)
        layout.addLayout(actions)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setObjectName("newUserName")
        self.full_name = QLineEdit()
        self.role = QComboBox()
        for role in ROLES:
            self.role.addItem(role_label(role), role)
        self.password = QLineEdit()
        self.password.setObjectName("newUserPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("User name"), self.name)
        form.addRow(_("Full name"), self.full_name)
        form.addRow(_("Account role"), self.role)
        form.addRow(_("Password"), self.password)
        add = make_button(_("Add the account"), "addUser", self.add)
        form.addRow(add)
        self.error = FieldError()
        form.addRow(self.error)
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 560)
        self.refresh()

    def refresh(self) -> None:
        enabled = self.ctx.accounts.enabled()
        self.state.setText(_(
            "Accounts are on: everyone signs in, and roles decide who may sign bundles and "
            "decisions.") if enabled else _(
            "Accounts are off: everyone using this PC may do everything. Add an administrator "
            "to turn them on."))
        if not enabled:
            self.role.setCurrentIndex(self.role.findData(ADMIN))
        rows = self.ctx.accounts.users()
        self.table.setRowCount(len(rows))
        for row, user in enumerate(rows):
            values = [user.name, user.full_name, role_label(user.role),
                      _("yes") if user.active else _("no"), stamps.show(user.last_login_at)]
            for column, text in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def _selected(self) -> str | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return item.text() if item else None

    def add(self) -> None:
        if run_action(self, lambda: self.ctx.accounts.add(
                self.name.text(), self.password.text(), self.role.currentData(),
                self.full_name.text()), handled=inline(self.error.show_message)) is NOT_DONE:
            return
        self.error.show_message(None)
        for field in (self.name, self.full_name, self.password):
            field.clear()
        self.refresh()

    def toggle_selected(self) -> None:
        name = self._selected()
        if not name:
            return
        active = next(u.active for u in self.ctx.accounts.users() if u.name == name)
        run_action(self, lambda: self.ctx.accounts.set_active(name, not active),
                   lambda _: self.refresh(), handled=inline(self.error.show_message))

    def set_password(self) -> None:
        name = self._selected()
        if not name:
            return
        text, ok = QInputDialog.getText(self, _("Set password..."),
                                        _("New password for {name}").format(name=name),
                                        QLineEdit.EchoMode.Password)
        if not ok:
            return
        if run_action(self, lambda: self.ctx.accounts.set_password(name, text),
                      handled=inline(self.error.show_message)) is NOT_DONE:
            return
        self.error.show_message(_("The password of {name} was changed.").format(name=name))
