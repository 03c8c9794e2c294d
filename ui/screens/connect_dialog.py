"""Kết nối với cấp trên: the first exchange walked through, step by step.

1. The office's signing key: a passphrase typed twice, its strength shown as it is
   typed, the key made.
2. The key card: saved as a file to send, and a sheet with the check code printed (or
   saved as PDF) to keep by the phone.
3. What to send and what to say: the card to whom, the check code read group by group,
   and the office above's own card enrolled here the same way.

Each step says what is already done, so the guide can be opened again at any time (the
exchange screen opens it instead of asking for a passphrase of a key that does not
exist yet).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.passphrase import STRONG, TOO_SHORT, WEAK, strength
from app.i18n import _
from app.services.connection import ConnectionState, groups
from ui.actions import NOT_DONE, inline, run_action
from ui.help import attach_help
from ui.screens import key_files
from ui.screens.fingerprint_dialog import FingerprintDialog
from ui.screens.print_preview import PrintPreviewDialog
from ui.widgets.buttons import make_button
from ui.widgets.field_error import FieldError

KEY, CARD, CALL = range(3)
COLORS = {TOO_SHORT: "#b00020", WEAK: "#b00020", 2: "#a86400", STRONG: "#1b7a2f"}


def _text(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ConnectDialog(QDialog):
    """`ask_passphrase()` asks the key's passphrase (None: cancelled) when a step needs
    the key open; `key_opened(passphrase)` tells the exchange screen the key made here
    is open for this session."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 ask_passphrase: Callable[[], str | None] | None = None,
                 key_opened: Callable[[str], None] | None = None):
        super().__init__(parent)
        self.ctx = ctx
        attach_help(self, "connect", ctx)  # F1: this window's help
        self.ask_passphrase = ask_passphrase or (lambda: None)
        self.key_opened = key_opened or (lambda _passphrase: None)
        self.card_path: str | None = None
        self.setWindowTitle(_("Connect with the office above"))
        self.setMinimumWidth(640)
        self.step_label = QLabel()
        self.step_label.setObjectName("connectStep")
        font = self.step_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.step_label.setFont(font)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._key_page())
        self.pages.addWidget(self._card_page())
        self.pages.addWidget(self._call_page())
        self.back_button = make_button(_("Back"), "connectBack", self.back)
        self.next_button = make_button(_("Next step"), "connectNext", self.forward)
        self.close_button = make_button(_("Close"), "connectClose", self.accept)
        line = QHBoxLayout()
        line.addStretch(1)
        for button in (self.back_button, self.next_button, self.close_button):
            button.setAutoDefault(False)
            line.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.step_label)
        layout.addWidget(self.pages, 1)
        layout.addLayout(line)
        self.show_step(KEY if not ctx.keys.has_key() else CARD)

    # -- pages ------------------------------------------------------------------------------
    def _key_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        self.key_intro = _text("keyIntro")
        box.addWidget(self.key_intro)
        self.key_form = QWidget()
        form = QFormLayout(self.key_form)
        form.setContentsMargins(0, 0, 0, 0)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("newPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.textChanged.connect(self._rate)
        form.addRow(_("Passphrase"), self.passphrase)
        self.again = QLineEdit()
        self.again.setObjectName("newPassphraseAgain")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("Once more"), self.again)
        self.meter = QProgressBar()
        self.meter.setObjectName("passphraseStrength")
        self.meter.setRange(0, STRONG)
        self.meter.setTextVisible(False)
        self.meter.setMaximumHeight(10)
        self.strength = QLabel()
        self.strength.setObjectName("strengthText")
        self.strength.setWordWrap(True)
        rating = QVBoxLayout()
        rating.addWidget(self.meter)
        rating.addWidget(self.strength)
        form.addRow(_("Strength"), rating)
        self.key_error = FieldError(reserve=True)
        form.addRow(self.key_error)
        self.create_button = make_button(_("Create the key"), "connectCreateKey",
                                          self.create_key)
        form.addRow("", self.create_button)
        box.addWidget(self.key_form)
        box.addStretch(1)
        self._rate("")
        return page

    def _card_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        self.card_intro = _text("cardIntro")
        box.addWidget(self.card_intro)
        line = QHBoxLayout()
        self.save_card_button = make_button(_("Save the key card..."), "connectSaveCard",
                                            self.save_card)
        self.print_sheet_button = make_button(_("Print the check code sheet..."),
                                              "connectPrintSheet", self.print_sheet)
        line.addWidget(self.save_card_button)
        line.addWidget(self.print_sheet_button)
        line.addStretch(1)
        box.addLayout(line)
        self.card_status = _text("cardStatus")
        box.addWidget(self.card_status)
        box.addStretch(1)
        return page

    def _call_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        self.call_intro = _text("callIntro")
        box.addWidget(self.call_intro)
        self.code_label = QLabel()
        self.code_label.setObjectName("checkCode")
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.code_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.code_label.setFont(font)
        box.addWidget(self.code_label)
        self.script = _text("phoneScript")
        box.addWidget(self.script)
        self.parent_state = _text("parentKeyState")
        box.addWidget(self.parent_state)
        line = QHBoxLayout()
        self.enrol_parent_button = make_button("", "connectEnrolParent", self.enrol_parent)
        line.addWidget(self.enrol_parent_button)
        line.addStretch(1)
        box.addLayout(line)
        box.addStretch(1)
        # On a small screen at 125% text the page scrolls rather than cut its words.
        scroll = QScrollArea()
        scroll.setWidget(page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        return scroll

    # -- moving -----------------------------------------------------------------------------
    def state(self) -> ConnectionState | None:
        def action():
            return self.ctx.connection.state()
        found = run_action(self, action)
        if found is NOT_DONE:
            return None
        return found

    def show_step(self, step: int) -> None:
        state = self.state()
        if state is None:
            return
        self.pages.setCurrentIndex(step)
        titles = {KEY: _("Step 1 of 3: the office's signing key"),
                  CARD: _("Step 2 of 3: the key card"),
                  CALL: _("Step 3 of 3: send the card and call")}
        self.step_label.setText(titles[step])
        self.back_button.setEnabled(step > KEY)
        self.next_button.setVisible(step < CALL)
        self.next_button.setEnabled(step != KEY or state.has_key)
        self.next_button.setDefault(step != KEY or state.has_key)
        {KEY: self._fill_key, CARD: self._fill_card, CALL: self._fill_call}[step](state)

    def keyPressEvent(self, event) -> None:
        """Enter in the first passphrase box goes to the second, in the second makes the
        key; elsewhere it is the highlighted button's (Next)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focus = self.focusWidget()
            if focus is self.passphrase:
                self.again.setFocus()
                return
            if focus is self.again:
                self.create_key()
                return
        super().keyPressEvent(event)

    def forward(self) -> None:
        self.show_step(min(self.pages.currentIndex() + 1, CALL))

    def back(self) -> None:
        self.show_step(max(self.pages.currentIndex() - 1, KEY))

    def _parent_name(self, state: ConnectionState) -> str:
        return state.parent.name if state.parent else _("the office above")

    # -- step 1 -----------------------------------------------------------------------------
    def _fill_key(self, state: ConnectionState) -> None:
        if state.has_key:
            self.key_intro.setText(_(
                "{office} has its signing key. Its check code: {code}. Go on to send its "
                "key card.").format(office=state.office.name,
                                    code=state.own_key.fingerprint))
            self.key_form.hide()
            return
        self.key_intro.setText(_(
            "Every bundle {office} sends is signed with the office's key, so that {parent} "
            "knows it comes from you and was not changed on the way. Choose a passphrase "
            "for the key (at least 8 characters; a few words are easiest to remember), "
            "type it twice and write it down in a safe place: it is asked when a bundle "
            "is signed, and nobody can recover it.").format(
            office=state.office.name, parent=self._parent_name(state)))
        self.key_form.show()
        self.passphrase.setFocus()

    def _rate(self, text: str) -> None:
        rated = strength(text)
        self.meter.setValue(rated.level)
        color = COLORS[rated.level]
        self.meter.setStyleSheet(f"QProgressBar::chunk {{ background: {color}; }}")
        self.strength.setText(f"<b style='color:{color}'>{rated.label}</b>. {rated.advice}"
                              if text else _("Type a passphrase."))
        self.key_error.show_message(None)

    def create_key(self) -> None:
        value = self.passphrase.text()
        if strength(value).level == TOO_SHORT:
            self.key_error.show_message(strength(value).advice)
            self.passphrase.setFocus()
            return
        if self.again.text() != value:
            self.key_error.show_message(_("The two passphrases differ; type them again."))
            self.again.clear()
            self.again.setFocus()
            return
        self.setCursor(Qt.CursorShape.WaitCursor)  # the key's derivation takes a moment
        try:
            made = run_action(self, lambda: self.ctx.keys.create(value),
                              handled=inline(self.key_error.show_message))
        finally:
            self.unsetCursor()
        if made is NOT_DONE:
            return
        self.passphrase.clear()
        self.again.clear()
        self.key_opened(value)
        self.show_step(CARD)

    # -- step 2 -----------------------------------------------------------------------------
    def _fill_card(self, state: ConnectionState) -> None:
        self.card_intro.setText(_(
            "The key card is a small file with the public part of the key (no secret in "
            "it). {parent} enrols it once; from then on it accepts your bundles. Save the "
            "card where you can take it (a USB stick), and print the check code sheet to "
            "read from on the phone.").format(parent=self._parent_name(state)))
        self.save_card_button.setEnabled(state.has_key)
        self.print_sheet_button.setEnabled(state.has_key)

    def _passphrase_if_needed(self) -> str | None | bool:
        """None: the key is open in this session; a passphrase; False: cancelled."""
        if self.ctx.keys.is_unlocked():
            return None
        passphrase = self.ask_passphrase()
        return False if passphrase is None else passphrase

    def save_card(self) -> str | None:
        suggested = self.ctx.connection.card_file_name()
        target = key_files.choose_card_to_save(self, suggested)
        if not target:
            return None
        if not target.lower().endswith(".dvkkey"):
            target += ".dvkkey"
        passphrase = self._passphrase_if_needed()
        if passphrase is False:
            return None
        if run_action(self, lambda: self.ctx.keys.write_card(target, passphrase or None)) is NOT_DONE:
            return None
        self.card_path = target
        self.card_status.setText(_(
            "Key card saved: {path}. Send this file to {parent}.").format(
            path=target, parent=self._parent_name(self.ctx.connection.state())))
        return target

    def print_sheet(self) -> PrintPreviewDialog | None:
        def action():
            pdf = self.ctx.printing.render(self.ctx.connection.card_sheet())
            dialog = PrintPreviewDialog(self.ctx, pdf, title=_("Key card"),
                                        file_name=self.ctx.connection.sheet_file_name(),
                                        parent=self)
            return dialog
        dialog = run_action(self, action)
        if dialog is NOT_DONE:
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    # -- step 3 -----------------------------------------------------------------------------
    def _fill_call(self, state: ConnectionState) -> None:
        parent = self._parent_name(state)
        if not state.has_key:
            self.call_intro.setText(_("Create the office's key first (step 1)."))
            self.code_label.clear()
            self.script.clear()
        else:
            card = Path(self.card_path).name if self.card_path else \
                self.ctx.connection.card_file_name()
            self.call_intro.setText(_(
                "1. Give the key card file {card} to {parent} (on the USB stick, or "
                "attached to an e-mail).\n2. Call {parent} on a number you know is theirs "
                "and read this check code, group by group; they type each group and see "
                "at once whether it matches:").format(card=card, parent=parent))
            fingerprint = state.own_key.fingerprint
            self.code_label.setText("   ".join(groups(fingerprint)))
            # The groups are in large print above; the printed sheet spells them out.
            said = self.ctx.connection.phone_script(fingerprint, state.parent,
                                                    spell_groups=False)
            self.script.setText(_("What to say:") + "\n\u201c" + "\n".join(said) + "\u201d")
        if state.parent is None:
            self.parent_state.setText(_("This office is at the top: it has no office above."))
            self.enrol_parent_button.hide()
            return
        self.enrol_parent_button.setText(_("Enrol the key card of {parent}...").format(
            parent=parent))
        if state.parent_enrolled:
            self.parent_state.setText(_(
                "3. The key of {parent} is enrolled (check code {code}). The connection is "
                "ready: write bundles in Data exchange > Send.").format(
                parent=parent, code=state.parent_key.fingerprint))
            self.enrol_parent_button.hide()
        else:
            self.parent_state.setText(_(
                "3. Ask {parent} for its key card and enrol it here, typing the check code "
                "they read to you. Until then this office cannot check what {parent} sends "
                "down (decisions, certificates).").format(parent=parent))
            self.enrol_parent_button.show()

    def enrol_parent(self) -> bool:
        source = key_files.choose_card_to_open(self)
        if not source:
            return False
        card = run_action(self, lambda: self.ctx.keys.read_card(source))
        if card is NOT_DONE:
            return False
        dialog = FingerprintDialog(self.ctx, Path(source), card.unit_name, card.unit_code,
                                   self, expected=card.fingerprint)
        enrolled = bool(dialog.exec())
        self.show_step(CALL)
        return enrolled
