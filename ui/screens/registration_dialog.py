"""The window around the registration form: save, autosave drafts, close safely.

Every change restarts a short timer; when it fires, the form's contents are written
as a draft. Closing the window or killing the program therefore loses at most the
last `AUTOSAVE_MS` of typing. Saving for real removes the draft, in the same
transaction as the save.

Each form has its own draft, with the version of the record it loaded. Opening a
registration takes over a draft of it that no open form is typing into (one kept when
a form closed, or left by a window that died); when the registration was saved since
that draft's base version, or when a save finds that someone else saved meanwhile,
the two versions are compared field by field (DraftMergeDialog) instead of one
silently undoing the other.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.context import AppContext
from app.domain import stamps
from app.domain.draft_merge import differences
from app.domain.drafts import Draft
from app.domain.registration import RegistrationInput, Status, from_plain, to_plain
from app.errors import DvkError
from app.i18n import _
from app.services.registrations import Conflict, Invalid, NotSaved, YearToConfirm
from ui.actions import NOT_DONE, run_action
from ui.help import attach_help
from ui.messages import ask, show_error
from ui.screens.draft_merge_dialog import DraftMergeDialog
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
        attach_help(self, "registration_form", ctx)  # F1: this window's help
        self.registration_id = registration_id
        self.version: int | None = None
        self.base: dict | None = None  # the record as this form loaded it (plain)
        # A new registration's id is chosen now: a save repeated after a failure that
        # was in fact committed updates it instead of adding it twice.
        self.new_id = None if registration_id else str(uuid.uuid4())
        self.draft_id = f"{DRAFT_KIND}:{uuid.uuid4()}"
        self.merge_dialog: DraftMergeDialog | None = None
        self.dirty = False
        self.resize(900, 680)
        self.form = RegistrationForm(ctx, self)
        self.status = QLabel()
        self.status.setObjectName("saveStatus")
        self.status.setWordWrap(True)
        self.save_button = make_button(_("Save (Ctrl+S)"), "save")
        self.save_close_button = make_button(_("Save and close"), "saveClose")
        self.close_button = make_button(_("Close"), "close")
        self.print_button = make_button(_("Print the registration"), "printRegistration", self.print_registration)
        # Enter moves to the next field (ui/form_keys.py): no button is the default.
        for button in (self.save_button, self.save_close_button, self.close_button,
                       self.print_button):
            button.setAutoDefault(False)
            button.setDefault(False)
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
        self._load(initial, draft_id)
        self.ctx.drafts.hold(self.draft_id)
        self.finished.connect(lambda _result: self.ctx.drafts.release(self.draft_id))
        self.form.changed.connect(self._on_changed)
        self._update_title()
        # The keyboard starts in the first field, not on the tab bar.
        QTimer.singleShot(0, self, self.form.focus_first_field)
        self._year_confirmed: int | None = None

    def _load(self, initial: RegistrationInput | None, draft_id: str | None) -> None:
        draft = self._take_draft(draft_id)
        if draft is not None and draft.record_id and not self.registration_id:
            if self.ctx.registrations.exists(draft.record_id):
                self.registration_id = draft.record_id
                self.new_id = None
            else:  # a new registration's draft: saved, it gets the id it was given
                self.new_id = draft.record_id
        record = None
        if self.registration_id:
            record = self.ctx.registrations.get(self.registration_id)
            self.version = record.version
            reg = self.ctx.registrations.to_input(self.registration_id)
            self.base = to_plain(reg)
            if record.status == Status.WITHDRAWN:
                self.save_button.setEnabled(False)
                self.save_close_button.setEnabled(False)
                self.status.setText(_("Withdrawn: {reason}").format(
                    reason=record.withdraw_reason))
            if draft is None:
                draft = self._waiting_draft()
        else:
            reg = initial or self.ctx.registrations.blank()
        if draft is None:
            self.form.load(reg)
            return
        self.draft_id = draft.id
        content = draft.content or {}
        if record is not None and draft.base_version != self.version:
            # Saved by someone since this draft was typed: the saved version stays on
            # the screen until the clerk has compared the two.
            self.form.load(reg)
            mine = {**self.base, **content}
            self.status.setText(_("This registration was saved again after your draft was "
                                  "typed: compare the two versions."))
            QTimer.singleShot(0, lambda: self.offer_merge(
                draft.base, mine, self.base, record.updated_by,
                record.updated_at, record.version, from_draft=True))
            return
        reg = from_plain({**to_plain(reg), **content}, year=reg.year)
        self.dirty = True
        self.status.setText(_("Restored the unsaved text from the draft."))
        self.form.load(reg)

    def _take_draft(self, draft_id: str | None) -> Draft | None:
        if not draft_id:
            return None
        try:
            draft = self.ctx.drafts.claim(draft_id)
        # Not an action: a draft to restore, none when it cannot be claimed
        except DvkError:
            return None
        if draft is None:
            self.status.setText(_("That draft is open in another window; it was left to it."))
        return draft

    def _waiting_draft(self) -> Draft | None:
        """A draft of this registration that no open form is typing into."""
        try:
            for row in self.ctx.drafts.waiting_for(DRAFT_KIND, self.registration_id):
                draft = self.ctx.drafts.claim(row.id)
                if draft is not None:
                    return draft
        # Not an action: a draft to restore, none when the drafts cannot be read
        except DvkError:
            return None
        return None

    # -- comparing with a version saved meanwhile -----------------------------------------
    def offer_merge(self, base: dict | None, mine: dict, theirs: dict, saved_by: str,
                    saved_at: str, version: int, *, from_draft: bool = False) -> None:
        choices = differences(base, mine, theirs)
        if not choices:  # the draft says nothing the saved version does not
            self._take_merged(theirs, theirs, version)
            return
        dialog = DraftMergeDialog(self.ctx, self, choices=choices, mine=mine, theirs=theirs,
                                  saved_by=saved_by, saved_at=stamps.show(saved_at))
        dialog.accepted.connect(lambda: self._take_merged(dialog.result_form(), theirs,
                                                          version))
        if from_draft:
            dialog.rejected.connect(self._leave_draft)
        self.merge_dialog = dialog
        dialog.open()

    def _take_merged(self, merged: dict, theirs: dict, version: int) -> None:
        year = int(theirs.get("year") or self.ctx.registrations.default_year())
        self.form.load(from_plain(merged, year=year))
        self.version = version
        self.base = theirs
        self.dirty = merged != theirs
        self.status.setText(_("Your choices are in the form; check them and save.")
                            if self.dirty else _("The saved version is shown."))
        if self.dirty:
            self.save_draft()
        else:
            self._discard_own_draft()
        self._update_title()

    def _leave_draft(self) -> None:
        """The clerk did not compare now: the draft is kept, untouched, for later, and
        this form goes on with the saved version under a draft of its own."""
        self.ctx.drafts.release(self.draft_id)
        self.draft_id = f"{DRAFT_KIND}:{uuid.uuid4()}"
        self.ctx.drafts.hold(self.draft_id)
        self.dirty = False
        self.status.setText(_("The draft is kept; reopen it from the list to compare later."))
        self._update_title()

    def _discard_own_draft(self) -> None:
        try:
            self.ctx.drafts.discard(self.draft_id)
        # Not an action: tidying after a save; a draft left over is offered later
        except DvkError:
            pass

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
            # A new registration's draft names the id it will be saved under: reopened
            # after a save whose success was not seen, it updates that one.
            self.ctx.drafts.save(self.draft_id, kind=DRAFT_KIND,
                                 record_id=self.registration_id or self.new_id,
                                 title=self.form.title(), content=to_plain(reg),
                                 base_version=self.version, base=self.base)
        # Not an action: the autosave's timer; the reason goes to the status line
        except DvkError as error:
            # The text stays on the screen; say why it could not be kept.
            self.status.setText(_("Draft not kept: {message}").format(message=error.message))
            return False
        return True

    # -- saving ---------------------------------------------------------------------
    def save(self) -> bool:
        self.autosave.stop()
        reg, parse_errors = self.form.collect()
        outcome = run_action(self, lambda: self.ctx.registrations.save_form(
            reg, self.registration_id, expected_version=self.version,
            draft_id=self.draft_id, new_id=self.new_id, form_errors=parse_errors,
            year_confirmed=self._year_confirmed))
        if outcome is NOT_DONE:
            return False
        if isinstance(outcome, YearToConfirm):
            if self._year_is_meant(outcome):
                return self.save()
            self.status.setText(_("Not saved: correct the campaign year."))
            self.save_draft()
            return False
        if isinstance(outcome, Invalid):
            self.form.show_errors(outcome.errors)
            if outcome.at_check:
                self.status.setText(_("Not saved yet: please correct the marked fields."))
            self.save_draft()
            return False
        if isinstance(outcome, Conflict):
            self.save_draft()
            self.status.setText(outcome.message)
            self.offer_merge(self.base, to_plain(reg), to_plain(outcome.theirs), outcome.by,
                             outcome.at, outcome.version)
            return False
        if isinstance(outcome, NotSaved):
            self.save_draft()
            show_error(self, outcome.message)
            return False
        self.registration_id = outcome.id
        self.new_id = None
        self.version = outcome.version
        self.base = to_plain(outcome.base)
        self.dirty = False
        self.form.show_errors({})
        self.status.setText(" ".join([_("Saved."), *outcome.warnings]))
        self._update_title()
        self.saved.emit(self.registration_id)
        return True

    def _year_is_meant(self, asked: YearToConfirm) -> bool:
        """A campaign year far from this one (2035 typed for 2025) is saved only once
        the clerk says it is meant."""
        year = asked.year
        choice = ask(self, _("Check the campaign year"), asked.question,
                     [("keep", _("Yes, save with {year}").format(year=year)),
                      ("cancel", _("Correct the year"))], default="cancel")
        if choice == "keep":
            self._year_confirmed = year
            return True
        self.form.tabs.setCurrentIndex(0)
        self.form.year.setFocus()
        self.form.year.selectAll()
        return False

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
            self._discard_own_draft()
            self.dirty = False
            return True
        return False
