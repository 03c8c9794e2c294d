"""Data exchange (Trao đổi dữ liệu): send a bundle to the parent or a child, import a
bundle with its preview, the trusted keys, and the conflicts to review."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.accounts import APPROVER
from app.errors import DvkError
from app.i18n import _, format_timestamp
from app.services.events import REGISTRATIONS_CHANGED, UNITS_CHANGED
from app.services.progress import Cancelled
from app.sync.errors import BundleRefused
from app.sync.importer import Preview
from app.sync.kinds import get as get_kind
from app.sync.merge import OUTCOMES
from app.sync.trust_service import day_text, state_text, via_text
from ui.jobs import JobRunner, run_with_progress
from ui.messages import confirm, show_error, show_info
from ui.saving import save_in_job
from ui.screens.connect_dialog import ConnectDialog
from ui.screens.fingerprint_dialog import FingerprintDialog
from ui.screens.key_files import choose_card_to_open, choose_card_to_save
from ui.screens.passphrase_dialog import PassphraseDialog
from ui.screens.revoke_dialog import RevokeDialog
from ui.widgets.buttons import make_button
from ui.widgets.empty_state import empty_state
from ui.widgets.search_combo import SearchCombo
from ui.widgets.unit_names import UnitNames, code_tooltip

BUNDLE_FILTER = "*.dvk"


def choose_bundle_to_open(parent: QWidget) -> str:
    path, _filter = QFileDialog.getOpenFileName(
        parent, _("Choose a bundle"), "", _("DVK bundles") + f" ({BUNDLE_FILTER})")
    return path


def choose_bundle_to_save(parent: QWidget, suggested: str) -> str:
    path, _filter = QFileDialog.getSaveFileName(
        parent, _("Where to write the bundle (e.g. the USB stick)"), suggested,
        _("DVK bundles") + f" ({BUNDLE_FILTER})")
    return path


def _table(headers: list[str], name: str) -> QTableWidget:
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


def _fill(table: QTableWidget, rows: list[list]) -> None:
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            table.setItem(row, column, QTableWidgetItem("" if value is None else str(value)))


class SyncScreen(QWidget):
    def __init__(self, ctx: AppContext, jobs: JobRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.jobs = jobs
        self._passphrase: str | None = None
        self._preview_path: str | None = None
        self._preview_passphrase: str | None = None
        self.connect_dialog: ConnectDialog | None = None
        self.tabs = QTabWidget()
        self.tabs.setObjectName("syncTabs")
        self.tabs.addTab(self._send_tab(), _("Send"))
        self.tabs.addTab(self._receive_tab(), _("Receive"))
        self.tabs.addTab(self._keys_tab(), _("Keys"))
        self.tabs.addTab(self._conflicts_tab(), _("Conflicts"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.refresh()

    # -- building ---------------------------------------------------------------------
    def _send_tab(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
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
                                          "connectButton", self.open_connect_guide)
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
        self.export_status = QLabel()
        self.export_status.setObjectName("exportStatus")
        self.export_status.setWordWrap(True)
        box.addWidget(self.export_status)
        box.addWidget(QLabel(_("Bundles written")))
        self.outbox = _table([_("Sent to"), _("Bundle number"), _("Records"), _("File"),
                              _("Written")], "outboxTable")
        self.outbox_empty = empty_state(self.outbox, _(
            "No bundle written yet. Choose the office above and press \u201c{write}\u201d; "
            "the first time, \u201c{connect}\u201d prepares the office key and the key card."
        ).format(write=_("Write bundle...").rstrip("."),
                 connect=_("Connect with the office above...").rstrip(".")))
        box.addWidget(self.outbox, 1)
        return page

    def _receive_tab(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        line = QHBoxLayout()
        self.choose_button = make_button(_("Choose a bundle..."), "chooseBundle", self.choose_bundle)
        line.addWidget(self.choose_button)
        # A bundle refused because the sender's key is not enrolled: enrol its card here.
        self.enrol_sender_button = make_button(_("Enrol the sender's key card..."),
                                               "enrolSender", self.enrol_card)
        self.enrol_sender_button.hide()
        line.addWidget(self.enrol_sender_button)
        line.addStretch(1)
        box.addLayout(line)
        self.preview_label = QLabel(_(
            "Choose a bundle (.dvk) from the USB stick. It is checked first and you see what "
            "it would change before anything is written."))
        self.preview_label.setObjectName("previewLabel")
        self.preview_label.setWordWrap(True)
        box.addWidget(self.preview_label)
        self.preview = _table([_("Kind"), _("New"), _("Updated"), _("Unchanged"),
                               _("Conflicting"), _("Rejected"), _("Total count")], "previewTable")
        self.preview_empty = empty_state(self.preview, _(
            "Press \u201c{choose}\u201d and pick the bundle (.dvk) on the USB stick: what it "
            "would change shows here before anything is written.").format(
            choose=_("Choose a bundle...").rstrip(".")))
        box.addWidget(self.preview, 1)
        self.rejections = QPlainTextEdit()
        self.rejections.setObjectName("rejections")
        self.rejections.setReadOnly(True)
        self.rejections.setMaximumHeight(110)
        self.rejections.hide()
        box.addWidget(self.rejections)
        line = QHBoxLayout()
        self.import_button = make_button(_("Import into this office's data"), "importButton")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.import_previewed)
        line.addStretch(1)
        line.addWidget(self.import_button)
        box.addLayout(line)
        self.import_status = QLabel()
        self.import_status.setObjectName("importStatus")
        self.import_status.setWordWrap(True)
        box.addWidget(self.import_status)
        box.addWidget(QLabel(_("Bundles imported")))
        self.inbox = _table([_("Sent by"), _("Bundle number"), _("Imported"),
                             _("Forwarded by"), _("Summary")], "inboxTable")
        self.inbox_empty = empty_state(self.inbox, _(
            "No bundle imported yet. Bundles from the office above (decisions, calendars) "
            "and from the offices below (registrations, proposals) are imported above."))
        box.addWidget(self.inbox, 1)
        return page

    def _keys_tab(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
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
        self.keys_table = _table([_("Office"), _("Check code"), _("Known by"),
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
        self._key_rows: list[dict] = []
        return page

    def _conflicts_tab(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        intro = QLabel(_(
            "When the same record was changed in two offices, the same rule everywhere keeps "
            "one version (higher version, then the later change) and the other one is kept "
            "here, whole, so nothing is lost. Check each one and mark it as reviewed."))
        intro.setWordWrap(True)
        box.addWidget(intro)
        self.conflicts = _table([_("No."), _("Kind"), _("Record"), _("From"), _("Kept aside"),
                                 _("Version"), _("Date")], "conflictsTable")
        self.conflicts.itemSelectionChanged.connect(self._show_conflict)
        self.conflicts_empty = empty_state(self.conflicts, _(
            "No conflict: no record was changed in two offices at once. Nothing to do."))
        box.addWidget(self.conflicts, 1)
        self.conflict_detail = QPlainTextEdit()
        self.conflict_detail.setObjectName("conflictDetail")
        self.conflict_detail.setReadOnly(True)
        box.addWidget(self.conflict_detail, 1)
        line = QHBoxLayout()
        line.addStretch(1)
        self.reviewed_button = make_button(_("Mark as reviewed"), "markReviewed", self.mark_reviewed)
        line.addWidget(self.reviewed_button)
        box.addLayout(line)
        self._conflict_rows: list[dict] = []
        return page

    # -- showing ------------------------------------------------------------------------
    def refresh(self) -> None:
        try:
            partners = self.ctx.sync.partners()
            own = self.ctx.keys.own()
            known = self.ctx.trust.keys()
            problem = self.ctx.trust.own_problem() if own else None
            outbox = self.ctx.sync.outbox()
            inbox = self.ctx.sync.inbox()
            conflicts = self.ctx.sync.conflicts()
        except DvkError as error:
            self.export_status.setText(error.message)
            return
        current = self.recipient.value()
        self.recipient.set_items(
            [(unit.code, f"{unit.name} - " + (_("office above") if relation == "parent"
                                                else _("office below")))
             for unit, relation in partners], keep=False)
        self.recipient.set_value(current if current else
                                 (partners[0][0].code if partners else None))
        self.recipient.setToolTip(code_tooltip(self.recipient.value()))
        self._recipient_chosen()
        if own:
            self.own_key.setText(_(
                "This office has its signing key. Its check code, which you read out over "
                "the phone when the office above enrols your key card: {code}").format(
                code=own["fingerprint"]))
            self.own_key.setToolTip(_("Key identifier: {key_id}").format(key_id=own["key_id"]))
        else:
            self.own_key.setText(_("This office has no signing key yet: create it first."))
        self.create_key_button.setVisible(own is None)
        self.card_button.setEnabled(own is not None)
        self.rotate_button.setEnabled(own is not None)
        self.own_problem.setText(problem or "")
        self.own_problem.setVisible(bool(problem))
        self._show_key_session()
        self._show_connection()
        self._key_rows = known
        _fill(self.keys_table, [[k["unit_name"] or k["unit_code"], k["fingerprint"],
                                 via_text(k["via"]), day_text(k["expires_at"]), state_text(k)]
                                for k in known])
        for row, k in enumerate(known):  # the code and the key's identifier on hover
            cell = self.keys_table.item(row, 0)
            cell.setData(Qt.ItemDataRole.UserRole, k["unit_code"])
            cell.setToolTip(code_tooltip(k["unit_code"]) + "\n" + _(
                "Key identifier: {key_id}").format(key_id=k["key_id"]))
        self._key_selected()
        names = UnitNames(self.ctx)
        _fill(self.outbox, [[names.name(o["recipient"]), o["seq"], o["records"], o["file_name"],
                             format_timestamp(o["created_at"])] for o in outbox])
        _fill(self.inbox, [[names.name(i["sender"]), i["seq"], format_timestamp(i["applied_at"]),
                            names.name(i["relayed_by"]),
                            self._summary_text(json.loads(i["summary"]))] for i in inbox])
        for table, rows, key in ((self.outbox, outbox, "recipient"),
                                 (self.inbox, inbox, "sender")):
            for row, entry in enumerate(rows):
                table.item(row, 0).setToolTip(code_tooltip(entry[key]))
        self._conflict_rows = conflicts
        sides = {"local": _("this office's version"), "incoming": _("the bundle's version")}
        _fill(self.conflicts, [[c["id"], self._kind_label(c["kind"]), c["record_key"][:13],
                                names.name(c["sender"]), sides.get(c["loser_side"], c["loser_side"]),
                                c["loser_version"], format_timestamp(c["created_at"])] for c in conflicts])
        self.conflict_detail.clear()
        self.tabs.setTabText(3, _("Conflicts ({count})").format(count=len(conflicts))
                             if conflicts else _("Conflicts"))

    @staticmethod
    def _kind_label(name: str) -> str:
        kind = get_kind(name)
        return _(kind.label) if kind else name

    def _summary_text(self, summary: dict) -> str:
        totals = {o: sum(s.get(o, 0) for s in summary.values()) for o in OUTCOMES}
        return _("{new} new, {updated} updated, {unchanged} unchanged, {conflicting} "
                 "conflicting, {rejected} rejected").format(**totals)

    # -- passphrase -----------------------------------------------------------------------
    def ask_passphrase(self, *, always: bool = False, text: str | None = None) -> str | None:
        """The passphrase, asked once while the key stays open in this session (it is
        checked against the stored key before the dialog closes). `always`: ask even
        then (a passphrase that will lock a new key)."""
        if self._passphrase and not always and self.ctx.keys.is_unlocked():
            return self._passphrase
        dialog = PassphraseDialog(self, text=text or _(
            "Type the passphrase of this office's signing key."),
            check=lambda value: self.ctx.keys.unlock(value))
        if not dialog.exec():
            return None
        self._passphrase = dialog.passphrase
        self._show_key_session()
        return self._passphrase

    def _may_sign(self) -> bool:
        """Signing (bundles, key cards, statements about keys) is the approver's job
        once the office uses accounts: said before any passphrase is asked."""
        try:
            self.ctx.accounts.require(APPROVER)
        except DvkError as error:
            show_error(self, error)
            return False
        return True

    def lock_key(self) -> None:
        """Khóa lại khóa ký: the next signing asks the passphrase again."""
        self.ctx.keys.lock()
        self._passphrase = None
        self._show_key_session()

    def _show_key_session(self) -> None:
        open_now = self.ctx.keys.is_unlocked()
        if not open_now:
            self._passphrase = None
        self.lock_button.setEnabled(open_now)
        self.key_session.setText(_(
            "The office key is open in this session: signing asks nothing until you lock "
            "it again or sign out.") if open_now else "")
        self.key_session.setVisible(open_now)

    # -- sending --------------------------------------------------------------------------
    def export_bundle(self) -> None:
        to = self.recipient.value()
        if not to:
            show_error(self, _("There is no office to send to: set up the parent office "
                               "first."))
            return
        from app.sync.exporter import default_file_name

        try:
            office = self.ctx.office_code
        except DvkError as error:
            show_error(self, error)
            return
        # What an earlier export said must not stand for this one.
        self.export_status.clear()
        if not self._may_sign():
            return
        if not self.ctx.keys.has_key():
            # A fresh office: no file and no passphrase of a key that does not exist;
            # the guide makes the key and says what the office above needs.
            self.export_status.setText(_(
                "No bundle was written: this office has no signing key yet. The guide "
                "“Connect with the office above” makes it."))
            self.open_connect_guide()
            return
        target = choose_bundle_to_save(self, default_file_name(office, to, 1))
        if not target:
            self._not_written()
            return
        passphrase = self.ask_passphrase()
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
            self.refresh()

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
        except DvkError:
            known = False
        self.encrypt.setEnabled(known)
        self.encrypt.setChecked(known)
        self.encrypt.setToolTip(_(
            "Only the receiving office can open the file: a lost stick shows no names, "
            "phone numbers or addresses. It asks for its passphrase when importing.")
            if known else _("This office knows no key of the recipient yet: the bundle can "
                            "only be written unencrypted. Enrol its key card (Keys tab)."))

    # -- receiving ------------------------------------------------------------------------
    def choose_bundle(self) -> None:
        path = choose_bundle_to_open(self)
        if path:
            self.preview_bundle(path)

    def _passphrase_for(self, bundle: str) -> tuple[bool, str | None]:
        """(go on?, passphrase): an encrypted bundle for this office needs it."""
        try:
            if not self.ctx.sync.needs_passphrase(bundle):
                return True, None
        except DvkError as error:
            self._refused(error)
            return False, None
        passphrase = self.ask_passphrase()
        return passphrase is not None, passphrase

    def preview_bundle(self, bundle: str) -> None:
        self._preview_path = None
        self.import_button.setEnabled(False)
        self.import_status.clear()
        self.preview.setRowCount(0)
        self.rejections.hide()
        go_on, passphrase = self._passphrase_for(bundle)
        if not go_on:
            return
        self.preview_label.setText(_("Checking {name}...").format(name=Path(bundle).name))
        opener = self.ctx.opener()

        def job(_progress):
            with opener() as other:
                return other.sync.prepare(bundle, passphrase)

        self.jobs.start(job, on_done=lambda preview: self._show_preview(bundle, preview),
                        on_error=self._refused)

    def _refused(self, error: BaseException) -> None:
        message = error.message if isinstance(error, DvkError) else str(error)
        unknown = isinstance(error, BundleRefused) and error.reason == "unknown_key"
        if unknown:
            # The first bundle of an office whose card was never enrolled: say by name
            # what to ask for and what to do, with the button for it.
            sender = UnitNames(self.ctx).name(error.unit) if error.unit else \
                _("the sending office")
            message = _(
                "{sender} is not connected with this office yet: its key card was never "
                "enrolled here, so its bundle cannot be checked. Ask {sender} for its key "
                "card (Data exchange > Connect with the office above makes it), click "
                "“Enrol the sender's key card...” and type the check code "
                "{sender} reads to you over the phone; then choose the bundle again. "
                "Nothing was changed.").format(sender=sender)
        self.enrol_sender_button.setVisible(unknown)
        self.preview_label.setText(message)
        self.import_status.setText(message)

    def _show_preview(self, bundle: str, preview: Preview) -> None:
        m = preview.bundle.manifest
        lines = [_("Bundle number {seq} from {name}, made {created}. The signature is "
                   "valid.").format(seq=m["seq"], name=m["sender_name"] or m["sender"],
                                    created=format_timestamp(m["created_at"]))]
        if preview.already_applied:
            lines.append(_("This bundle was already imported; importing it again changes "
                           "nothing."))
        if preview.missing_before:
            lines.append(_("Earlier bundles from this office have not arrived yet: "
                           "{numbers}. This one can be imported now; import the others when "
                           "they come.").format(
                numbers=", ".join(str(n) for n in preview.missing_before)))
        if preview.relayed:
            lines.append(_("It forwards, unchanged, {count} bundles of offices under {name}; "
                           "each was checked against the signature of the office that made "
                           "it: {list}.").format(
                count=len(preview.relayed), name=m["sender_name"],
                list=", ".join(_("{name}, bundle number {seq}").format(
                    name=p.bundle.manifest['sender_name'] or p.bundle.sender,
                    seq=p.bundle.seq) for p in preview.relayed)))
        statements = len(preview.bundle.all_statements())
        if statements:
            lines.append(_("New statements about keys: {count}").format(count=statements))
        if preview.files:
            lines.append(_("Evidence files: {count}").format(count=preview.files))
        self.preview_label.setText("\n".join(lines))
        _fill(self.preview, [[self._kind_label(name), *(s.as_dict()[o] for o in OUTCOMES),
                              s.total] for name, s in preview.combined().items()])
        rejections = preview.all_rejections()
        if rejections:
            self.rejections.setPlainText("\n".join(
                f"{self._kind_label(r.kind)} {r.key}: {r.reason}" for r in rejections))
            self.rejections.show()
        self._preview_path = None if preview.already_applied else bundle
        self._preview_passphrase = self._passphrase if self.ctx.sync.is_sealed(bundle) else None
        self.import_button.setEnabled(not preview.already_applied)

    def import_previewed(self) -> None:
        bundle = self._preview_path
        if not bundle:
            return
        self.import_button.setEnabled(False)
        opener, passphrase = self.ctx.opener(), self._preview_passphrase

        def job(progress):
            # Checked again on this job's own connection: what is written is exactly
            # what this connection sees, all in one transaction.
            with opener() as other:
                return other.sync.import_bundle(bundle, progress=progress,
                                                passphrase=passphrase)

        def done(result) -> None:
            self._preview_path = None
            totals = {o: sum(getattr(s, o) for s in result.preview.combined().values())
                      for o in OUTCOMES}
            self.import_status.setText(_(
                "Imported: {new} new, {updated} updated, {unchanged} unchanged, "
                "{conflicting} conflicting, {rejected} rejected.").format(**totals))
            self.ctx.events.emit(REGISTRATIONS_CHANGED)
            self.ctx.events.emit(UNITS_CHANGED)
            self.refresh()

        run_with_progress(self, self.jobs, _("Importing the bundle"), job, done)

    # -- connecting -------------------------------------------------------------------------
    def open_connect_guide(self) -> ConnectDialog | None:
        if not self._may_sign():
            return None
        dialog = ConnectDialog(self.ctx, self, ask_passphrase=self.ask_passphrase,
                               key_opened=self._key_opened)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self.refresh())
        dialog.open()
        self.connect_dialog = dialog
        return dialog

    def _key_opened(self, passphrase: str) -> None:
        self._passphrase = passphrase
        self.refresh()

    def _show_connection(self) -> None:
        try:
            state = self.ctx.connection.state()
        except DvkError:
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

    # -- keys -----------------------------------------------------------------------------
    def create_key(self) -> None:
        if not self._may_sign():
            return
        dialog = PassphraseDialog(self, confirm=True, text=_(
            "Choose a passphrase for this office's signing key (at least 8 characters) and "
            "write it down in a safe place. It is asked every time a bundle is written."),
            check=lambda value: self.ctx.keys.create(value))
        if dialog.exec():
            self._passphrase = dialog.passphrase
            self.refresh()

    def write_card(self) -> None:
        if not self._may_sign():
            return
        target = choose_card_to_save(self, self.ctx.connection.card_file_name())
        if not target:
            return
        passphrase = self.ask_passphrase()
        if passphrase is None:
            return
        try:
            card = self.ctx.keys.write_card(target, passphrase)
        except DvkError as error:
            show_error(self, error)
            return
        self.own_key.setText(_(
            "Key card written to {path}. Its check code, to read over the phone: "
            "{code}").format(path=target, code=card.fingerprint))

    def _open_card(self):
        """(path, card) of a key card the clerk chooses, or None (cancelled, or not a
        key card: the reason is shown)."""
        source = choose_card_to_open(self)
        if not source:
            return None
        try:
            return source, self.ctx.keys.read_card(source)
        except DvkError as error:
            show_error(self, error)
            return None

    def enrol_card(self) -> None:
        if not self._may_sign():
            return
        chosen = self._open_card()
        if chosen is None:
            return
        source, card = chosen
        dialog = FingerprintDialog(self.ctx, Path(source), card.unit_name, card.unit_code, self,
                                   expected=card.fingerprint)
        if dialog.exec():
            self.enrol_sender_button.hide()
            self.refresh()

    def _selected_key(self) -> dict | None:
        row = self.keys_table.currentRow()
        return self._key_rows[row] if 0 <= row < len(self._key_rows) else None

    def _key_selected(self) -> None:
        key = self._selected_key()
        below = key is not None and key["below"] and key["valid"]
        self.revoke_button.setEnabled(below)
        self.certify_button.setEnabled(below and key["enrolled"])

    def rotate_key(self) -> None:
        if not self._may_sign():
            return
        if not confirm(self, _("Change our key"), _(
                "Make a new key for this office, signed by the current one, which is then "
                "retired? The offices above and below accept the new key with the next "
                "bundles; bundles signed before stay valid. The passphrase stays the same."),
                _("Change the key")):
            return
        # Asked every time, even with the key open: the new key is locked with it.
        passphrase = self.ask_passphrase(always=True, text=_(
            "Type the passphrase of this office's signing key. It is checked, and the new "
            "key is locked with the same passphrase."))
        if passphrase is None:
            return
        try:
            key = self.ctx.trust.rotate(passphrase)
        except DvkError as error:
            show_error(self, error)
            return
        self.refresh()
        show_info(self, _("The office has a new signing key; the old one is retired. Its new "
                          "check code, to read over the phone if asked: {fingerprint}").format(
            fingerprint=key["fingerprint"]), _("Change our key"))

    def revoke_key(self) -> None:
        key = self._selected_key()
        if key is None or not self._may_sign():
            return
        dialog = RevokeDialog(key["unit_name"], key["unit_code"], key["key_id"], self)
        if not dialog.exec():
            return
        passphrase = self.ask_passphrase()
        if passphrase is None:
            return
        try:
            self.ctx.trust.revoke(key["unit_code"], reason=dialog.reason.text(),
                                  passphrase=passphrase, key_id=key["key_id"])
        except DvkError as error:
            show_error(self, error)
            return
        self.refresh()

    def certify_key(self) -> None:
        key = self._selected_key()
        if key is None or not self._may_sign():
            return
        passphrase = self.ask_passphrase()
        if passphrase is None:
            return
        try:
            result = self.ctx.trust.certify(key["unit_code"], passphrase=passphrase)
        except DvkError as error:
            show_error(self, error)
            return
        self.refresh()
        show_info(self, _("The key of {name} is certified until {date}.").format(
            name=UnitNames(self.ctx).name(result["unit_code"]),
            date=day_text(result["expires_at"])), _("Renew its certificate"))

    def replace_key(self) -> None:
        if not self._may_sign():
            return
        chosen = self._open_card()
        if chosen is None:
            return
        source, card = chosen
        passphrase = self.ask_passphrase()
        if passphrase is None:
            return
        dialog = FingerprintDialog(
            self.ctx, Path(source), card.unit_name, card.unit_code, self,
            title=_("Replace a lost key"),
            enrol=lambda fingerprint: self.ctx.trust.replace(
                card.unit_code, source, fingerprint, passphrase=passphrase))
        if dialog.exec():
            self.refresh()

    # -- conflicts ------------------------------------------------------------------------
    def _selected_conflict(self) -> dict | None:
        row = self.conflicts.currentRow()
        return self._conflict_rows[row] if 0 <= row < len(self._conflict_rows) else None

    def _show_conflict(self) -> None:
        entry = self._selected_conflict()
        if entry is None:
            self.conflict_detail.clear()
            return
        aside = json.loads(entry["loser_json"])
        try:
            current = self.ctx.sync.current_version(entry["kind"], entry["record_key"]) or {}
        except DvkError:
            current = {}
        lines = [_("Version kept aside ({version}) and the version kept now ({current}); "
                   "fields that differ:").format(version=entry["loser_version"],
                                                  current=current.get("version", "?"))]
        for name in sorted(set(aside) | set(current)):
            if aside.get(name) != current.get(name):
                lines.append(f"- {name}: {aside.get(name)!r}  ->  {current.get(name)!r}")
        self.conflict_detail.setPlainText("\n".join(lines))

    def mark_reviewed(self) -> None:
        entry = self._selected_conflict()
        if entry is None:
            return
        try:
            self.ctx.sync.mark_reviewed(entry["id"])
        except DvkError as error:
            show_error(self, error)
            return
        self.refresh()
