"""The window around the registration form: save, autosave drafts, close safely.

Every change restarts a short timer; when it fires, the form's contents are written
as a draft. Closing the window or killing the program therefore loses at most the
last `AUTOSAVE_MS` of typing. Saving for real removes the draft.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.context import AppContext
from app.domain.registration import RegistrationInput, from_plain, to_plain
from app.errors import DvkError, ValidationError
from app.i18n import _
from ui.messages import ask, show_error
from ui.screens.print_preview import preview_registration
from ui.screens.registration_form import RegistrationForm
from ui.widgets.buttons import make_button

AUTOSAVE_MS = 2000
DRAFT_KIND = "registration"


class RegistrationDialog(QDialog):
    saved = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 registration_id: str | None = None, initial: RegistrationInput | None = None,
                 draft_id: str | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.registration_id = registration_id
        self.version: int | None = None
        self.draft_id = draft_id or (f"registration:{registration_id}" if registration_id
                                     else f"new:{uuid.uuid4()}")
        self.dirty = False
        self.resize(900, 680)
        self.form = RegistrationForm(ctx, self)
        self.status = QLabel()
        self.status.setObjectName("saveStatus")
        self.save_button = make_button(_("Save"), "save")
        self.save_button.setDefault(True)
        self.save_close_button = make_button(_("Save and close"), "saveClose")
        self.close_button = make_button(_("Close"), "close")
        self.print_button = make_button(_("Print the registration"), "printRegistration", self.print_registration)
        self.save_button.clicked.connect(self.save)
        self.save_close_button.clicked.connect(self.save_and_close)
        self.close_button.clicked.connect(self.close)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.save_close_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form, 1)
        layout.addLayout(buttons)

        self.autosave = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self.autosave.timeout.connect(self.save_draft)
        self._load(initial)
        self.form.changed.connect(self._on_changed)
        self._update_title()

    def _load(self, initial: RegistrationInput | None) -> None:
        draft = self.ctx.drafts.load(self.draft_id)
        if self.registration_id:
            record = self.ctx.registrations.get(self.registration_id)
            self.version = record["version"]
            reg = self.ctx.registrations.to_input(self.registration_id)
            if record["status"] == "rut":
                self.save_button.setEnabled(False)
                self.save_close_button.setEnabled(False)
                self.status.setText(_("Withdrawn: {reason}").format(
                    reason=record["withdraw_reason"]))
        else:
            reg = initial or self.ctx.registrations.blank()
        if draft is not None:
            reg = from_plain({**to_plain(reg), **draft}, year=reg.year)
            self.dirty = True
            self.status.setText(_("Restored the unsaved text from the draft."))
        self.form.load(reg)

    def _on_changed(self) -> None:
        self.dirty = True
        self.autosave.start()
        self._update_title()

    def _update_title(self) -> None:
        prefix = _("Registration") if self.registration_id else _("New registration")
        mark = " *" if self.dirty else ""
        self.setWindowTitle(f"{prefix}: {self.form.title()}{mark}")

    # -- drafts ---------------------------------------------------------------------
    def save_draft(self) -> bool:
        if not self.dirty:
            return True
        reg, _errors = self.form.collect()
        try:
            self.ctx.drafts.save(self.draft_id, kind=DRAFT_KIND, record_id=self.registration_id,
                                 title=self.form.title(), content=to_plain(reg))
        except DvkError as error:
            # The text stays on the screen; say why it could not be kept.
            self.status.setText(_("Draft not kept: {message}").format(message=error.message))
            return False
        return True

    # -- saving ---------------------------------------------------------------------
    def save(self) -> bool:
        self.autosave.stop()
        reg, parse_errors = self.form.collect()
        try:
            cleaned, errors = self.ctx.registrations.check(reg)
        except DvkError as error:
            show_error(self, error)
            return False
        errors = {**errors, **parse_errors}
        if errors:
            self.form.show_errors(errors)
            self.status.setText(_("Not saved yet: please correct the marked fields."))
            self.save_draft()
            return False
        try:
            self.registration_id = self.ctx.registrations.save(
                reg, self.registration_id, expected_version=self.version)
        except ValidationError as error:
            self.form.show_errors(error.fields)
            self.save_draft()
            return False
        except DvkError as error:
            self.save_draft()
            show_error(self, error)
            return False
        self.version = self.ctx.registrations.get(self.registration_id)["version"]
        old_draft = self.draft_id
        self.draft_id = f"registration:{self.registration_id}"
        try:
            self.ctx.drafts.discard(old_draft)
        except DvkError:
            pass
        self.dirty = False
        self.form.show_errors({})
        warnings = self.ctx.registrations.warnings(cleaned)
        self.status.setText(" ".join([_("Saved."), *warnings]))
        self._update_title()
        self.saved.emit(self.registration_id)
        return True

    def print_registration(self):
        """Preview the paper form of what is saved; unsaved changes are saved first,
        so the paper never differs from the data file."""
        if self.dirty or not self.registration_id:
            if self.save_button.isEnabled() and not self.save():
                return None
        if not self.registration_id:
            return None
        self.preview = preview_registration(self.ctx, self.registration_id, self)
        return self.preview

    def save_and_close(self) -> None:
        if self.save():
            self.accept()

    def reject(self) -> None:
        """Escape, the Close button and the window's X all come here (QDialog's close
        event calls reject): unsaved text is saved, kept as a draft or discarded, as
        the clerk chooses."""
        if self._may_close():
            super().reject()

    def _may_close(self) -> bool:
        if not self.dirty:
            return True
        self.autosave.stop()
        choice = ask(self, _("Unsaved changes"),
                     _("This registration has changes that are not saved yet."),
                     [("save", _("Save")), ("later", _("Keep as draft")),
                      ("discard", _("Discard changes")), ("cancel", _("Cancel"))],
                     default="save")
        if choice == "save":
            return self.save()
        if choice == "later":
            if self.save_draft():
                return True
            show_error(self, _("The draft could not be kept, so the window stays open: "
                               "{reason}").format(reason=self.status.text()))
            return False
        if choice == "discard":
            try:
                self.ctx.drafts.discard(self.draft_id)
            except DvkError:
                pass
            self.dirty = False
            return True
        return False
