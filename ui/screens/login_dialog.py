"""Signing in when the office uses accounts (several people share one PC)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from app.context import AppContext
from app.errors import DvkError
from app.i18n import _
from ui.actions import NOT_DONE, inline, run_action
from ui.help import attach_help
from ui.widgets.field_error import FieldError


class LoginDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        attach_help(self, "sign_in", ctx)  # F1: this window's help
        self.setWindowTitle(_("Sign in to DVK"))
        form = QFormLayout(self)
        intro = QLabel(_("This office uses accounts. Sign in with your user name and "
                         "password."))
        intro.setWordWrap(True)
        form.addRow(intro)
        self.demo_hint = QLabel(self._demo_text())
        self.demo_hint.setObjectName("demoSignIn")
        self.demo_hint.setWordWrap(True)
        self.demo_hint.setVisible(bool(self.demo_hint.text()))
        form.addRow(self.demo_hint)
        self.name = QLineEdit()
        self.name.setObjectName("userName")
        form.addRow(_("User name"), self.name)
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("Password"), self.password)
        self.error = FieldError()
        form.addRow(self.error)
        buttons = QDialogButtonBox()
        ok = buttons.addButton(_("Sign in"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setDefault(True)
        buttons.addButton(_("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(420)
        self.adjustSize()

    def _demo_text(self) -> str:
        try:
            demo = self.ctx.accounts.demo_sign_in()
        except DvkError:  # not an action: a hint under the fields, none when unreadable
            return ""
        if demo is None:
            return ""
        users, password = demo
        return _("Demo data: sign in as {users}; the password of every account is "
                 "{password}.").format(
            users=", ".join(f"{name} ({role})" for name, role in users), password=password)

    def show_refusal(self, message: str) -> None:
        """The reason under the fields, the dialog grown to hold its wrapped lines."""
        self.error.show_message(message)
        self.adjustSize()

    def _accept(self) -> None:
        if run_action(self, lambda: self.ctx.accounts.login(self.name.text(),
                                                            self.password.text()),
                      handled=inline(self.show_refusal)) is NOT_DONE:
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()
