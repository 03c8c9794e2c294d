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
from app.sync.kinds import get as get_kind
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


def choose_bundle_to_open(parent: QWidget) -> list[str] | str:
    """One bundle or several (Ctrl+A on the stick takes them all)."""
    paths, _filter = QFileDialog.getOpenFileNames(
        parent, _("Choose bundles"), "", _("DVK bundles") + f" ({BUNDLE_FILTER})")
    return paths


def choose_folder_to_open(parent: QWidget) -> str:
    """A folder, or the whole USB stick: every bundle in it is found."""
    return QFileDialog.getExistingDirectory(
        parent, _("Choose the folder or the USB stick with the bundles"))


def choose_folder_to_save(parent: QWidget) -> str:
    return QFileDialog.getExistingDirectory(
        parent, _("Choose the folder (or the USB stick) the bundles go into"))


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


def shown_day(stamp: str | None) -> str:
    """The day a bundle was made (Vietnam's date)."""
    return format_timestamp(stamp)[:10] if stamp else ""


class DropPage(QWidget):
    """A page that takes bundles and folders dragged from the stick (Explorer)."""

    def __init__(self, dropped, parent: QWidget | None = None):
        super().__init__(parent)
        self.dropped = dropped
        self.setAcceptDrops(True)

    @staticmethod
    def _paths(event) -> list[str]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event) -> None:
        if self._paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if self._paths(event):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = self._paths(event)
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.dropped(paths)


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
        self.outbox = _table([_("Sent to"), _("Bundle number"), _("Records"), _("File"),
                              _("Written"), _("Imported by it")], "outboxTable")
        self.outbox_empty = empty_state(self.outbox, _(
            "No bundle written yet. Choose the office above and press \u201c{write}\u201d; "
            "the first time, \u201c{connect}\u201d prepares the office key and the key card."
        ).format(write=_("Write bundle...").rstrip("."),
                 connect=_("Connect with the office above...").rstrip(".")))
        box.addWidget(self.outbox, 1)
        return page

    def _receive_tab(self) -> QWidget:
        page = DropPage(self.preview_paths)
        box = QVBoxLayout(page)
        line = QHBoxLayout()
        self.choose_button = make_button(_("Choose bundles..."), "chooseBundle",
                                         self.choose_bundle)
        self.folder_button = make_button(_("Choose a folder or the USB stick..."),
                                         "chooseFolder", self.choose_folder)
        line.addWidget(self.choose_button)
        line.addWidget(self.folder_button)
        # A bundle refused because the sender's key is not enrolled: enrol its card here.
        self.enrol_sender_button = make_button(_("Enrol the sender's key card..."),
                                               "enrolSender", self.enrol_card)
        self.enrol_sender_button.hide()
        line.addWidget(self.enrol_sender_button)
        line.addStretch(1)
        box.addLayout(line)
        self.preview_label = QLabel(_(
            "Choose bundles (.dvk), a folder or the whole USB stick, or drag them here from "
            "the stick. Each is checked first, and you see what they would bring, commune "
            "by commune, before anything is written."))
        self.preview_label.setObjectName("previewLabel")
        self.preview_label.setWordWrap(True)
        box.addWidget(self.preview_label)
        self.preview = _table([_("Commune or office"), _("Bundle number"), _("Made on"),
                               _("State"), _("What it brings")], "previewTable")
        self.preview_empty = empty_state(self.preview, _(
            "Press \u201c{files}\u201d or \u201c{folder}\u201d (or drag the bundles here from "
            "the USB stick): what each would bring, commune by commune, shows here before "
            "anything is written.").format(
            files=_("Choose bundles...").rstrip("."),
            folder=_("Choose a folder or the USB stick...").rstrip(".")))
        box.addWidget(self.preview, 2)
        self.rejections = QPlainTextEdit()
        self.rejections.setObjectName("rejections")
        self.rejections.setReadOnly(True)
        self.rejections.setMaximumHeight(110)
        self.rejections.hide()
        box.addWidget(self.rejections)
        line = QHBoxLayout()
        self.details_button = make_button(_("Details per kind of record"), "previewDetails",
                                          self.toggle_details)
        self.details_button.setEnabled(False)
        self.import_button = make_button(_("Import into this office's data"), "importButton")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.import_previewed)
        line.addWidget(self.details_button)
        line.addStretch(1)
        line.addWidget(self.import_button)
        box.addLayout(line)
        self.import_status = QLabel()
        self.import_status.setObjectName("importStatus")
        self.import_status.setWordWrap(True)
        box.addWidget(self.import_status)
        self.report = QPlainTextEdit()
        self.report.setObjectName("importReport")
        self.report.setReadOnly(True)
        self.report.hide()
        box.addWidget(self.report, 1)
        box.addWidget(QLabel(_("Bundles imported")))
        self.inbox = _table([_("Sent by"), _("Bundle number"), _("Made on"), _("Imported"),
                             _("Forwarded by"), _("What came")], "inboxTable")
        self.inbox_empty = empty_state(self.inbox, _(
            "No bundle imported yet. Bundles from the office above (decisions, calendars) "
            "and from the offices below (registrations, proposals) are imported above."))
        box.addWidget(self.inbox, 1)
        self._items: list = []
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
            from app.sync.batch import received
            from app.sync.send_down import sent_list

            outbox = sent_list(self.ctx)
            inbox = received(self.ctx)
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
        imported = {True: _("yes"), False: _("not yet"), None: ""}
        names = UnitNames(self.ctx)
        _fill(self.outbox, [[o["recipient_name"] or names.name(o["recipient"]), o["seq"],
                             o["records"], o["file_name"], format_timestamp(o["created_at"]),
                             imported[o["imported"]]] for o in outbox])
        _fill(self.inbox, [[i["sender_name"] or names.name(i["sender"]), i["seq"],
                            shown_day(i["created_at"]), format_timestamp(i["applied_at"]),
                            (i["relayed_by_name"] or names.name(i["relayed_by"]))
                            if i["relayed_by"] else "", ", ".join(i["what"])]
                           for i in inbox])
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

    def send_to_all(self, folder: str | None = None):
        """One bundle for every office below (or those ticked), each in its own folder
        named after it, in one go; the key's passphrase is asked once."""
        from app.sync.send_down import children
        from ui.screens.send_down_dialog import SendDownDialog

        try:
            offices = children(self.ctx)
        except DvkError as error:
            show_error(self, error)
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
        folder = folder or choose_folder_to_save(self)
        if not folder:
            return None
        passphrase = self.ask_passphrase()
        if passphrase is None:
            return None
        opener, full = self.ctx.opener(), self.full.isChecked()
        # Each office's bundle is encrypted to it whenever its key is known, unless the
        # clerk unticked the box to write plain bundles.
        encrypt = False if self.encrypt.isEnabled() and not self.encrypt.isChecked() else None
        codes = None if len(chosen) == len(offices) else chosen

        def job(progress):
            from app.sync.send_down import send_down

            with opener() as other:
                return send_down(other, folder, codes, passphrase=passphrase, full=full,
                                 encrypt=encrypt, progress=progress)

        def done(sent) -> None:
            failed = [s for s in sent if s.error]
            lines = [_("{written} of {count} bundles written under {folder}, one folder per "
                       "office.").format(written=len(sent) - len(failed), count=len(sent),
                                         folder=folder)]
            lines += [_("{name} ({code}): NOT written: {error}").format(
                name=s.name, code=s.code, error=s.error) for s in failed]
            self.export_status.setText("\n".join(lines))
            self.refresh()

        return run_with_progress(self, self.jobs, _("Writing the bundles"), job, done)

    # -- receiving ------------------------------------------------------------------------
    def choose_bundle(self) -> None:
        chosen = choose_bundle_to_open(self)
        paths = [chosen] if isinstance(chosen, str) else list(chosen or [])
        if any(paths):
            self.preview_paths([p for p in paths if p])

    def choose_folder(self) -> None:
        folder = choose_folder_to_open(self)
        if folder:
            self.preview_paths([folder])

    def _passphrase_for(self, paths: list[str]) -> tuple[bool, str | None]:
        """(go on?, passphrase): an encrypted bundle for this office needs it (asked
        once for the whole stick)."""
        from app.sync import batch

        files, _missing = batch.find(paths)
        needed = False
        for file in files:
            try:
                needed = needed or self.ctx.sync.needs_passphrase(file)
            except DvkError as error:
                if len(files) == 1:
                    self._refused(error)
                    return False, None
        if not needed:
            return True, None
        passphrase = self.ask_passphrase()
        return passphrase is not None, passphrase

    def preview_bundle(self, bundle: str) -> None:
        self.preview_paths([bundle])

    def preview_paths(self, paths: list[str]) -> None:
        """Check every bundle found in `paths` (files, folders, a whole stick) and show
        what they would bring, commune by commune; nothing is written."""
        self._items = []
        self.import_button.setEnabled(False)
        self.details_button.setEnabled(False)
        self.import_status.clear()
        self.report.hide()
        self.preview.setRowCount(0)
        self.rejections.hide()
        go_on, passphrase = self._passphrase_for(paths)
        if not go_on:
            return
        self._preview_passphrase = passphrase
        shown = Path(paths[0]).name if len(paths) == 1 else _("{count} places").format(
            count=len(paths))
        self.preview_label.setText(_("Checking {name}...").format(name=shown))
        opener = self.ctx.opener()

        def job(progress):
            from app.sync import batch

            with opener() as other:
                return batch.scan(other, paths, passphrase=passphrase, progress=progress)

        self.jobs.start(job, on_done=self._show_preview, on_error=self._refused)

    def _refused(self, error: BaseException) -> None:
        message = error.message if isinstance(error, DvkError) else str(error)
        unknown = isinstance(error, BundleRefused) and error.reason == "unknown_key"
        if unknown:
            message = self._not_connected(error.unit)
        self.enrol_sender_button.setVisible(unknown)
        self.preview_label.setText(message)
        self.import_status.setText(message)

    def _not_connected(self, code: str | None) -> str:
        """The first bundle of an office whose card was never enrolled: say by name what
        to ask for and what to do (the button for it is shown)."""
        sender = UnitNames(self.ctx).name(code) if code else _("the sending office")
        return _(
            "{sender} is not connected with this office yet: its key card was never "
            "enrolled here, so its bundle cannot be checked. Ask {sender} for its key "
            "card (Data exchange > Connect with the office above makes it), click "
            "“Enrol the sender's key card...” and type the check code "
            "{sender} reads to you over the phone; then choose the bundle again. "
            "Nothing was changed.").format(sender=sender)

    def _show_preview(self, items: list) -> None:
        from app.sync import batch

        self._items = items
        ready = batch.ordered(items)
        self.enrol_sender_button.setVisible(any(
            item.status == batch.REFUSED and item.reason == "unknown_key" for item in items))
        if not items:
            self.preview_label.setText(_(
                "No bundle (.dvk) was found there. Check the stick or the folder chosen; "
                "nothing was changed."))
            return
        self.preview_label.setText("\n".join(self._preview_lines(items, ready)))
        rows: list[list] = []
        codes: list[str] = []  # each row's office, its code on hover
        others = [i for i in items if i not in ready]
        for item in [*ready, *others]:
            state = item.label
            if item.status == batch.REFUSED:
                state += ": " + batch.reason_label(item.reason)
            made = shown_day(item.created_at)
            if not item.parts:
                rows.append([item.sender_name or item.sender or item.path.name,
                             item.seq or "", made, state, item.message])
                codes.append(item.sender or "")
                continue
            for part in item.parts:
                what = ", ".join(part.what) if not part.already else _("already imported")
                rows.append([part.sender_name or part.sender, part.seq, made, state, what])
                codes.append(part.sender)
                rows += [["", "", "", "", f"• {name} ({about})"]
                         for name, about in part.models]
                codes += [""] * len(part.models)
        _fill(self.preview, rows)
        for row, code in enumerate(codes):
            if code:
                self.preview.item(row, 0).setToolTip(code_tooltip(code))
        rejections = [line for item in items for line in item.rejections]
        if rejections:
            self.rejections.setPlainText("\n".join(rejections))
            self.rejections.show()
        self.details_button.setEnabled(any(item.kinds for item in items))
        self.import_button.setEnabled(bool(ready))

    def _preview_lines(self, items: list, ready: list) -> list[str]:
        from app.sync import batch

        if len(items) == 1:  # one file: what it is, as the single import always said
            item = items[0]
            if item.status == batch.REFUSED:
                return [self._not_connected(item.sender) if item.reason == "unknown_key"
                        else item.message]
            lines = [_("Bundle number {seq} from {name}, made {created}. The signature is "
                       "valid.").format(seq=item.seq, name=item.sender_name or item.sender,
                                        created=format_timestamp(item.created_at))]
            if item.status == batch.ALREADY:
                lines.append(_("This bundle was already imported; importing it again "
                               "changes nothing."))
            if item.missing_before:
                lines.append(_("Earlier bundles from this office have not arrived yet: "
                               "{numbers}. This one can be imported now; import the others "
                               "when they come.").format(
                    numbers=", ".join(str(n) for n in item.missing_before)))
            relayed = [p for p in item.parts if p.sender != item.sender]
            if relayed:
                lines.append(_("It forwards, unchanged, {count} bundles of offices under "
                               "{name}; each was checked against the signature of the "
                               "office that made it: {list}.").format(
                    count=len(relayed), name=item.sender_name,
                    list=", ".join(_("{name}, bundle number {seq}").format(
                        name=p.sender_name or p.sender, seq=p.seq) for p in relayed)))
            return lines
        counts = {status: len([i for i in items if i.status == status])
                  for status in batch.STATUSES}
        return [_("{count} bundle files: {ready} to import (in this order: by commune, and "
                  "each commune's bundles by number), {refused} refused, {duplicates} copies "
                  "of another file, {already} imported before.").format(
            count=len(items), ready=counts[batch.READY], refused=counts[batch.REFUSED],
            duplicates=counts[batch.DUPLICATE], already=counts[batch.ALREADY])]

    def toggle_details(self) -> None:
        """The preview's counts per kind of record (new, updated... rejected), for
        whoever wants them."""
        if self.rejections.isVisible() and self.rejections.property("details"):
            self.rejections.hide()
            self.rejections.setProperty("details", False)
            return
        lines = []
        for item in self._items:
            if not item.kinds:
                continue
            lines.append(f"{item.path.name} - {item.sender_name} {item.seq}:")
            for name, counts in item.kinds.items():
                lines.append("  " + _("{kind}: {new} new, {updated} updated, {unchanged} "
                                      "unchanged, {conflicting} conflicting, {rejected} "
                                      "rejected").format(kind=self._kind_label(name),
                                                         **counts))
        self.rejections.setPlainText("\n".join(lines))
        self.rejections.setProperty("details", True)
        self.rejections.show()

    def import_previewed(self) -> None:
        from app.sync import batch

        items = self._items
        if not batch.ordered(items):
            return
        self.import_button.setEnabled(False)
        opener, passphrase = self.ctx.opener(), self._preview_passphrase

        def job(progress):
            # Each bundle is checked again on this job's own connection, against what the
            # ones before it wrote, and imported in its own transaction.
            with opener() as other:
                report = batch.import_all(other, items, passphrase=passphrase,
                                          progress=progress)
                return report, other.units.office().name

        def done(result) -> None:
            report, office_name = result
            self._items = []
            offices = report.per_office()
            self.import_status.setText(_(
                "Imported: {imported} bundle(s) from {offices} office(s); refused: "
                "{refused}; copies: {duplicates}; imported before: {already}.").format(
                imported=len(report.imported), offices=len(offices),
                refused=len(report.refused), duplicates=len(report.of(batch.DUPLICATE)),
                already=len(report.of(batch.ALREADY))))
            self.report.setPlainText("\n".join(batch.report_lines(report, office_name)))
            self.report.show()
            self.ctx.events.emit(REGISTRATIONS_CHANGED)
            self.ctx.events.emit(UNITS_CHANGED)
            self.refresh()

        run_with_progress(self, self.jobs, _("Importing the bundles"), job, done)

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
