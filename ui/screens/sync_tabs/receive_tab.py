"""The Receive tab: choose a bundle, see what it would change (checked in a job, nothing
written), import it in one transaction, and the bundles imported so far. A bundle
refused because its sender's key was never enrolled offers the enrolment here."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from app.context import AppContext
from app.core.events import REGISTRATIONS_CHANGED, UNITS_CHANGED
from app.errors import DvkError
from app.i18n import _, format_timestamp
from app.sync.errors import BundleRefused
from app.sync.importer import Preview
from app.sync.merge import OUTCOMES
from ui.jobs import JobRunner, run_with_progress
from ui.screens.sync_tabs.common import KeySession, fill, kind_label, table
from ui.widgets.buttons import make_button
from ui.widgets.empty_state import empty_state
from ui.widgets.unit_names import UnitNames, code_tooltip


class ReceiveTab(QWidget):
    def __init__(self, ctx: AppContext, jobs: JobRunner, session: KeySession, *,
                 choose_bundle_file: Callable[[QWidget], str],
                 enrol_card: Callable[[], None], refresh_all: Callable[[], None]):
        super().__init__()
        self.ctx = ctx
        self.jobs = jobs
        self.session = session
        self.choose_bundle_file = choose_bundle_file
        self.refresh_all = refresh_all
        self._preview_path: str | None = None
        self._preview_passphrase: str | None = None
        box = QVBoxLayout(self)
        line = QHBoxLayout()
        self.choose_button = make_button(_("Choose a bundle..."), "chooseBundle", self.choose_bundle)
        line.addWidget(self.choose_button)
        # A bundle refused because the sender's key is not enrolled: enrol its card here.
        self.enrol_sender_button = make_button(_("Enrol the sender's key card..."),
                                               "enrolSender", lambda: enrol_card())
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
        self.preview = table([_("Kind"), _("New"), _("Updated"), _("Unchanged"),
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
        self.inbox = table([_("Sent by"), _("Bundle number"), _("Imported"),
                            _("Forwarded by"), _("Summary")], "inboxTable")
        self.inbox_empty = empty_state(self.inbox, _(
            "No bundle imported yet. Bundles from the office above (decisions, calendars) "
            "and from the offices below (registrations, proposals) are imported above."))
        box.addWidget(self.inbox, 1)

    # -- showing ------------------------------------------------------------------------
    def show_inbox(self, inbox: list[dict], names: UnitNames) -> None:
        fill(self.inbox, [[names.name(i["sender"]), i["seq"], format_timestamp(i["applied_at"]),
                           names.name(i["relayed_by"]),
                           self._summary_text(json.loads(i["summary"]))] for i in inbox])
        for row, entry in enumerate(inbox):
            self.inbox.item(row, 0).setToolTip(code_tooltip(entry["sender"]))

    @staticmethod
    def _summary_text(summary: dict) -> str:
        totals = {o: sum(s.get(o, 0) for s in summary.values()) for o in OUTCOMES}
        return _("{new} new, {updated} updated, {unchanged} unchanged, {conflicting} "
                 "conflicting, {rejected} rejected").format(**totals)

    # -- receiving ------------------------------------------------------------------------
    def choose_bundle(self) -> None:
        path = self.choose_bundle_file(self)
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
        passphrase = self.session.ask()
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
        fill(self.preview, [[kind_label(name), *(s.as_dict()[o] for o in OUTCOMES),
                             s.total] for name, s in preview.combined().items()])
        rejections = preview.all_rejections()
        if rejections:
            self.rejections.setPlainText("\n".join(
                f"{kind_label(r.kind)} {r.key}: {r.reason}" for r in rejections))
            self.rejections.show()
        self._preview_path = None if preview.already_applied else bundle
        self._preview_passphrase = self.session.passphrase \
            if self.ctx.sync.is_sealed(bundle) else None
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
            self.refresh_all()

        run_with_progress(self, self.jobs, _("Importing the bundle"), job, done)
