"""The Keys tab: this office's signing key (create it, write its key card, change it,
lock it for the session) and the keys it trusts along the unit tree (enrol a key card
after a phone call, revoke, renew a certificate, replace a lost key)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.context import AppContext
from app.domain.keys import KnownKey, OwnKey
from app.i18n import _
from app.sync.trust_service import day_text, state_text, via_text
from ui.actions import NOT_DONE, run_action
from ui.messages import confirm, show_info
from ui.screens.fingerprint_dialog import FingerprintDialog
from ui.screens.passphrase_dialog import PassphraseDialog
from ui.screens.revoke_dialog import RevokeDialog
from ui.screens.sync_tabs.common import KeySession, fill, table
from ui.widgets.buttons import make_button
from ui.widgets.empty_state import empty_state
from ui.widgets.unit_names import UnitNames, code_tooltip


class KeysTab(QWidget):
    def __init__(self, ctx: AppContext, session: KeySession, *,
                 choose_card_to_save: Callable[[QWidget, str], str],
                 choose_card_to_open: Callable[[QWidget], str],
                 enrolled: Callable[[], None], refresh_all: Callable[[], None]):
        super().__init__()
        self.ctx = ctx
        self.session = session
        self.choose_card_to_save = choose_card_to_save
        self.choose_card_to_open = choose_card_to_open
        self.enrolled = enrolled
        self.refresh_all = refresh_all
        box = QVBoxLayout(self)
        self.own_key = QLabel()
        self.own_key.setObjectName("ownKey")
        self.own_key.setWordWrap(True)
        self.own_key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.own_key)
        self.own_problem = QLabel()
        self.own_problem.setObjectName("ownKeyProblem")
        self.own_problem.setWordWrap(True)
        self.own_problem.setStyleSheet("color: #a40000;")
        box.addWidget(self.own_problem)
        line = QHBoxLayout()
        self.create_key_button = make_button(_("Create the office key..."), "createKey", self.create_key)
        self.card_button = make_button(_("Write our key card..."), "writeCard", self.write_card)
        self.rotate_button = make_button(_("Change our key..."), "rotateKey", self.rotate_key)
        self.enrol_button = make_button(_("Enrol a key card..."), "enrolCard", self.enrol_card)
        self.lock_button = make_button(_("Lock the signing key"), "lockKey", self.lock_key)
        self.lock_button.setToolTip(_(
            "Close the office key for this session: the next signing asks its passphrase "
            "again. Do it before leaving the computer."))
        for button in (self.create_key_button, self.card_button, self.rotate_button,
                       self.enrol_button, self.lock_button):
            line.addWidget(button)
        line.addStretch(1)
        box.addLayout(line)
        self.key_session = QLabel()
        self.key_session.setObjectName("keySession")
        self.key_session.setWordWrap(True)
        box.addWidget(self.key_session)
        box.addWidget(QLabel(_("Keys this office trusts: its parent and child offices "
                               "(key card and phone call) and the keys certified along the "
                               "unit tree")))
        self.keys_table = table([_("Office"), _("Check code"), _("Known by"),
                                 _("Valid until"), _("State")], "keysTable")
        self.keys_table.itemSelectionChanged.connect(self._key_selected)
        self.keys_empty = empty_state(self.keys_table, _(
            "No other office's key is trusted yet. Press \u201c{enrol}\u201d with the key card "
            "the office sent, after hearing its check code on the phone (\u201c{connect}\u201d "
            "on the tab \u201c{send}\u201d guides you).").format(
            enrol=_("Enrol a key card...").rstrip("."),
            connect=_("Connect with the office above...").rstrip("."), send=_("Send")))
        box.addWidget(self.keys_table, 1)
        line = QHBoxLayout()
        self.revoke_button = make_button(_("Revoke the selected key..."), "revokeKey", self.revoke_key)
        self.certify_button = make_button(_("Renew its certificate"), "certifyKey", self.certify_key)
        self.replace_button = make_button(_("Replace a lost key..."), "replaceKey", self.replace_key)
        for button in (self.revoke_button, self.certify_button, self.replace_button):
            line.addWidget(button)
        line.addStretch(1)
        box.addLayout(line)
        self.key_rows: list[KnownKey] = []

    # -- showing ------------------------------------------------------------------------
    def show_own_key(self, own: OwnKey | None, problem: str | None) -> None:
        if own:
            self.own_key.setText(_(
                "This office has its signing key. Its check code, which you read out over "
                "the phone when the office above enrols your key card: {code}").format(
                code=own.fingerprint))
            self.own_key.setToolTip(_("Key identifier: {key_id}").format(key_id=own.key_id))
        else:
            self.own_key.setText(_("This office has no signing key yet: create it first."))
        self.create_key_button.setVisible(own is None)
        self.card_button.setEnabled(own is not None)
        self.rotate_button.setEnabled(own is not None)
        self.own_problem.setText(problem or "")
        self.own_problem.setVisible(bool(problem))

    def show_session(self) -> None:
        open_now = self.ctx.keys.is_unlocked()
        if not open_now:
            self.session.passphrase = None
        self.lock_button.setEnabled(open_now)
        self.key_session.setText(_(
            "The office key is open in this session: signing asks nothing until you lock "
            "it again or sign out.") if open_now else "")
        self.key_session.setVisible(open_now)

    def show_keys(self, known: list[KnownKey]) -> None:
        self.key_rows = known
        fill(self.keys_table, [[k.unit_name or k.unit_code, k.fingerprint,
                                via_text(k.via), day_text(k.expires_at), state_text(k)]
                               for k in known])
        for row, k in enumerate(known):  # the code and the key's identifier on hover
            cell = self.keys_table.item(row, 0)
            cell.setData(Qt.ItemDataRole.UserRole, k.unit_code)
            cell.setToolTip(code_tooltip(k.unit_code) + "\n" + _(
                "Key identifier: {key_id}").format(key_id=k.key_id))
        self._key_selected()

    # -- this office's key ----------------------------------------------------------------
    def lock_key(self) -> None:
        self.session.lock()

    def create_key(self) -> None:
        if not self.session.may_sign():
            return
        dialog = PassphraseDialog(self, confirm=True, text=_(
            "Choose a passphrase for this office's signing key (at least 8 characters) and "
            "write it down in a safe place. It is asked every time a bundle is written."),
            check=lambda value: self.ctx.keys.create(value))
        if dialog.exec():
            self.session.passphrase = dialog.passphrase
            self.refresh_all()

    def write_card(self) -> None:
        if not self.session.may_sign():
            return
        target = self.choose_card_to_save(self, self.ctx.connection.card_file_name())
        if not target:
            return
        passphrase = self.session.ask()
        if passphrase is None:
            return
        card = run_action(self, lambda: self.ctx.keys.write_card(target, passphrase))
        if card is NOT_DONE:
            return
        self.own_key.setText(_(
            "Key card written to {path}. Its check code, to read over the phone: "
            "{code}").format(path=target, code=card.fingerprint))

    def rotate_key(self) -> None:
        if not self.session.may_sign():
            return
        if not confirm(self, _("Change our key"), _(
                "Make a new key for this office, signed by the current one, which is then "
                "retired? The offices above and below accept the new key with the next "
                "bundles; bundles signed before stay valid. The passphrase stays the same."),
                _("Change the key")):
            return
        # Asked every time, even with the key open: the new key is locked with it.
        passphrase = self.session.ask(always=True, text=_(
            "Type the passphrase of this office's signing key. It is checked, and the new "
            "key is locked with the same passphrase."))
        if passphrase is None:
            return
        key = run_action(self, lambda: self.ctx.trust.rotate(passphrase))
        if key is NOT_DONE:
            return
        self.refresh_all()
        show_info(self, _("The office has a new signing key; the old one is retired. Its new "
                          "check code, to read over the phone if asked: {fingerprint}").format(
            fingerprint=key.fingerprint), _("Change our key"))

    # -- the keys it trusts ---------------------------------------------------------------
    def _open_card(self):
        """(path, card) of a key card the clerk chooses, or None (cancelled, or not a
        key card: the reason is shown)."""
        source = self.choose_card_to_open(self)
        if not source:
            return None
        card = run_action(self, lambda: self.ctx.keys.read_card(source))
        return None if card is NOT_DONE else (source, card)

    def enrol_card(self) -> None:
        if not self.session.may_sign():
            return
        chosen = self._open_card()
        if chosen is None:
            return
        source, card = chosen
        dialog = FingerprintDialog(self.ctx, Path(source), card.unit_name, card.unit_code, self,
                                   expected=card.fingerprint)
        if dialog.exec():
            self.enrolled()

    def _selected_key(self) -> KnownKey | None:
        row = self.keys_table.currentRow()
        return self.key_rows[row] if 0 <= row < len(self.key_rows) else None

    def _key_selected(self) -> None:
        key = self._selected_key()
        below = key is not None and key.below and key.valid
        self.revoke_button.setEnabled(below)
        self.certify_button.setEnabled(below and key.enrolled)

    def revoke_key(self) -> None:
        key = self._selected_key()
        if key is None or not self.session.may_sign():
            return
        dialog = RevokeDialog(key.unit_name, key.unit_code, key.key_id, self)
        if not dialog.exec():
            return
        passphrase = self.session.ask()
        if passphrase is None:
            return
        run_action(self, lambda: self.ctx.trust.revoke(
            key.unit_code, reason=dialog.reason.text(), passphrase=passphrase,
            key_id=key.key_id), lambda _: self.refresh_all())

    def certify_key(self) -> None:
        key = self._selected_key()
        if key is None or not self.session.may_sign():
            return
        passphrase = self.session.ask()
        if passphrase is None:
            return
        result = run_action(self, lambda: self.ctx.trust.certify(key.unit_code,
                                                                  passphrase=passphrase))
        if result is NOT_DONE:
            return
        self.refresh_all()
        show_info(self, _("The key of {name} is certified until {date}.").format(
            name=UnitNames(self.ctx).name(result.unit_code),
            date=day_text(result.expires_at)), _("Renew its certificate"))

    def replace_key(self) -> None:
        if not self.session.may_sign():
            return
        chosen = self._open_card()
        if chosen is None:
            return
        source, card = chosen
        passphrase = self.session.ask()
        if passphrase is None:
            return
        dialog = FingerprintDialog(
            self.ctx, Path(source), card.unit_name, card.unit_code, self,
            title=_("Replace a lost key"),
            enrol=lambda fingerprint: self.ctx.trust.replace(
                card.unit_code, source, fingerprint, passphrase=passphrase))
        if dialog.exec():
            self.refresh_all()
