"""The Send tab: write a signed bundle for the office above or one below, one for every
office below in one go (each in a folder named after it), and the bundles written so
far, with whether each recipient imported it. Until the office has its key and knows the key of the office
above, it says what to do first, with the connection guide one click away."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.context import AppContext
from app.core.progress import Cancelled
from app.domain.bundles import SentBundle
from app.errors import DvkError
from app.i18n import _, format_timestamp
from ui.actions import NOT_DONE, run_action
from ui.jobs import JobRunner, run_with_progress
from ui.messages import show_error
from ui.saving import save_in_job
from ui.screens.sync_tabs.common import KeySession, fill, table
from ui.widgets.buttons import make_button
from ui.widgets.empty_state import empty_state
from ui.widgets.search_combo import SearchCombo
from ui.widgets.unit_names import UnitNames, code_tooltip


class SendTab(QWidget):
    def __init__(self, ctx: AppContext, jobs: JobRunner, session: KeySession, *,
                 choose_target: Callable[[QWidget, str], str],
                 choose_folder: Callable[[QWidget], str],
                 open_connect_guide: Callable[[], object],
                 refresh_all: Callable[[], None]):
        super().__init__()
        self.ctx = ctx
        self.jobs = jobs
        self.session = session
        self.choose_target = choose_target
        self.choose_folder = choose_folder
        self.open_connect_guide = open_connect_guide
        self.refresh_all = refresh_all
        box = QVBoxLayout(self)
        intro = QLabel(_(
            "Write a signed bundle with everything the chosen office has not received yet, "
            "then carry it on a USB stick. The office key's passphrase is asked once."))
        intro.setWordWrap(True)
        box.addWidget(intro)
        # Until the office has its key and knows the key of the office above, the first
        # thing to do is said here, with the guide one click away.
        guide = QHBoxLayout()
        self.connect_note = QLabel()
        self.connect_note.setObjectName("connectNote")
        self.connect_note.setWordWrap(True)
        self.connect_note.setStyleSheet("color: #7a4b00;")
        guide.addWidget(self.connect_note, 1)
        self.connect_button = make_button(_("Connect with the office above..."),
                                          "connectButton", lambda: self.open_connect_guide())
        guide.addWidget(self.connect_button)
        box.addLayout(guide)
        line = QHBoxLayout()
        line.addWidget(QLabel(_("Send to")))
        # A province sends to 129 communes: type part of the name to find one.
        self.recipient = SearchCombo(placeholder=_("Type to find the office"))
        self.recipient.setObjectName("recipient")
        line.addWidget(self.recipient, 1)
        self.full = QCheckBox(_("Send everything again"))
        self.full.setObjectName("fullExport")
        line.addWidget(self.full)
        self.encrypt = QCheckBox(_("Encrypt for the recipient"))
        self.encrypt.setObjectName("encryptExport")
        self.encrypt.setToolTip(_(
            "Only the receiving office can open the file: a lost stick shows no names, "
            "phone numbers or addresses. It asks for its passphrase when importing."))
        line.addWidget(self.encrypt)
        self.recipient.value_changed.connect(self._recipient_chosen)
        self.export_button = make_button(_("Write bundle..."), "exportButton", self.export_bundle)
        line.addWidget(self.export_button)
        box.addLayout(line)
        line = QHBoxLayout()
        self.send_all_button = make_button(_("Send to every office below..."), "sendAllButton",
                                           self.send_to_all)
        line.addWidget(self.send_all_button)
        line.addStretch(1)
        box.addLayout(line)
        self.export_status = QLabel()
        self.export_status.setObjectName("exportStatus")
        self.export_status.setWordWrap(True)
        box.addWidget(self.export_status)
        box.addWidget(QLabel(_("Bundles written")))
        self.outbox = table([_("Sent to"), _("Bundle number"), _("Records"), _("File"),
                             _("Written"), _("Imported by it")], "outboxTable")
        self.outbox_empty = empty_state(self.outbox, _(
            "No bundle written yet. Choose the office above and press \u201c{write}\u201d; "
            "the first time, \u201c{connect}\u201d prepares the office key and the key card."
        ).format(write=_("Write bundle...").rstrip("."),
                 connect=_("Connect with the office above...").rstrip(".")))
        box.addWidget(self.outbox, 1)

    # -- showing ------------------------------------------------------------------------
    def show_partners(self, partners: list) -> None:
        current = self.recipient.value()
        self.recipient.set_items(
            [(unit.code, f"{unit.name} - " + (_("office above") if relation == "parent"
                                                else _("office below")))
             for unit, relation in partners], keep=False)
        self.recipient.set_value(current if current else
                                 (partners[0][0].code if partners else None))
        self.recipient.setToolTip(code_tooltip(self.recipient.value()))
        self._recipient_chosen()

    def show_connection(self) -> None:
        try:
            state = self.ctx.connection.state()
        except DvkError:  # not an action: the connection's note, hidden when unreadable
            self.connect_note.hide()
            self.connect_button.hide()
            return
        parent = state.parent.name if state.parent else ""
        if not state.has_key:
            note = _("First exchange: this office has no signing key yet. The guide makes it "
                     "and says what to send to {parent} and what to say on the phone.").format(
                parent=parent or _("the office above"))
        elif state.parent is not None and not state.parent_enrolled:
            note = _("The key of {parent} is not enrolled here yet: this office cannot check "
                     "what {parent} sends down. The guide shows how.").format(parent=parent)
        else:
            note = ""
        self.connect_note.setText(note)
        self.connect_note.setVisible(bool(note))
        # A province has no office above; its children connect to it.
        self.connect_button.setVisible(state.parent is not None or not state.has_key)

    def show_outbox(self, outbox: list[SentBundle], names: UnitNames) -> None:
        imported = {True: _("yes"), False: _("not yet"), None: ""}
        fill(self.outbox, [[o.recipient_name or names.name(o.recipient), o.seq,
                            o.records, o.file_name, format_timestamp(o.created_at),
                            imported[o.imported]] for o in outbox])
        for row, entry in enumerate(outbox):
            self.outbox.item(row, 0).setToolTip(code_tooltip(entry.recipient))

    # -- sending --------------------------------------------------------------------------
    def export_bundle(self) -> None:
        to = self.recipient.value()
        if not to:
            show_error(self, _("There is no office to send to: set up the parent office "
                               "first."))
            return
        from app.sync.exporter import default_file_name

        office = run_action(self, lambda: self.ctx.office_code)
        if office is NOT_DONE:
            return
        # What an earlier export said must not stand for this one.
        self.export_status.clear()
        if not self.session.may_sign():
            return
        if not self.ctx.keys.has_key():
            # A fresh office: no file and no passphrase of a key that does not exist;
            # the guide makes the key and says what the office above needs.
            self.export_status.setText(_(
                "No bundle was written: this office has no signing key yet. The guide "
                "“Connect with the office above” makes it."))
            self.open_connect_guide()
            return
        target = self.choose_target(self, default_file_name(office, to, 1))
        if not target:
            self._not_written()
            return
        passphrase = self.session.ask()
        if passphrase is None:
            self._not_written()
            return
        opener, full, encrypt = self.ctx.opener(), self.full.isChecked(), self.encrypt.isChecked()

        def job(out, progress):
            with opener() as other:
                return other.sync.export(to, out, passphrase=passphrase, full=full,
                                         encrypt=encrypt, progress=progress)

        def done(result) -> None:
            to_name = UnitNames(self.ctx).name(result.recipient)
            lines = [_("Bundle number {seq} for {to} written to {path}: {records} records, "
                       "{files} files.").format(seq=result.seq, to=to_name, path=result.path,
                                                records=result.records, files=result.files)]
            if result.relayed:
                lines.append(_("It forwards {count} bundles of the offices below unchanged, "
                               "with their own signatures.").format(count=result.relayed))
            if result.encrypted:
                lines.append(_("Encrypted: only {to} can open it.").format(to=to_name))
            self.export_status.setText(" ".join(lines))
            self.refresh_all()

        # An older bundle of that name held open (a viewer, a virus scan): try again or
        # another name; nothing is recorded as sent until the file is written.
        return save_in_job(self, self.jobs, _("Writing the bundle"), target, job, done,
                           on_failed=self._not_written)

    def _not_written(self, error: BaseException | None = None) -> None:
        """A cancelled or failed export says so, in place of what an earlier one said."""
        if error is None or isinstance(error, Cancelled):
            self.export_status.setText(_("No bundle was written: cancelled."))
        else:
            self.export_status.setText(_("No bundle was written: {reason}").format(
                reason=error.message if isinstance(error, DvkError) else error))

    def _recipient_chosen(self, *_args) -> None:
        """Encrypted whenever the recipient's key is known (the clerk may untick it for
        a plain bundle); without its key the box says why it cannot be ticked."""
        to = self.recipient.value()
        try:
            known = bool(to) and self.ctx.sync.can_encrypt_to(to)
        except DvkError:  # not an action: the box stays unticked when the key is unknown
            known = False
        self.encrypt.setEnabled(known)
        self.encrypt.setChecked(known)
        self.encrypt.setToolTip(_(
            "Only the receiving office can open the file: a lost stick shows no names, "
            "phone numbers or addresses. It asks for its passphrase when importing.")
            if known else _("This office knows no key of the recipient yet: the bundle can "
                            "only be written unencrypted. Enrol its key card (Keys tab)."))

    def send_to_all(self, folder: str | None = None):
        """One bundle for every office below (or those ticked), each in its own folder
        named after it, in one go; the key's passphrase is asked once."""
        from ui.screens.send_down_dialog import SendDownDialog

        offices = run_action(self, self.ctx.send_down.children)
        if offices is NOT_DONE:
            return None
        if not offices:
            show_error(self, _("This office has no office below it to send to."))
            return None
        dialog = SendDownDialog(offices, self)
        if not dialog.exec():
            return None
        chosen = dialog.chosen()
        if not chosen:
            show_error(self, _("Tick at least one office to send to."))
            return None
        folder = folder or self.choose_folder(self)
        if not folder:
            return None
        passphrase = self.session.ask()
        if passphrase is None:
            return None
        opener, full = self.ctx.opener(), self.full.isChecked()
        # Each office's bundle is encrypted to it whenever its key is known, unless the
        # clerk unticked the box to write plain bundles.
        encrypt = False if self.encrypt.isEnabled() and not self.encrypt.isChecked() else None
        codes = None if len(chosen) == len(offices) else chosen

        def job(progress):
            with opener() as other:
                return other.send_down.send(folder, codes, passphrase=passphrase, full=full,
                                            encrypt=encrypt, progress=progress)

        def done(sent) -> None:
            failed = [s for s in sent if s.error]
            lines = [_("{written} of {count} bundles written under {folder}, one folder per "
                       "office.").format(written=len(sent) - len(failed), count=len(sent),
                                         folder=folder)]
            lines += [_("{name} ({code}): NOT written: {error}").format(
                name=s.name, code=s.code, error=s.error) for s in failed]
            self.export_status.setText("\n".join(lines))
            self.refresh_all()

        return run_with_progress(self, self.jobs, _("Writing the bundles"), job, done)
