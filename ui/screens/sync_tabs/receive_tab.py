"""The Receive tab: choose bundles, a folder or the whole USB stick (or drag them here),
see what they would bring, commune by commune (checked in a job, nothing written),
import them in order, each in its own transaction, with one report; and the bundles
imported so far. A bundle refused because its sender's key was never enrolled offers
the enrolment here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from app.context import AppContext
from app.core.events import REGISTRATIONS_CHANGED, UNITS_CHANGED
from app.domain.bundles import ReceivedBundle
from app.errors import DvkError
from app.i18n import _, format_timestamp
from app.sync.errors import BundleRefused
from ui.jobs import JobRunner, run_with_progress
from ui.screens.sync_tabs.common import KeySession, fill, kind_label, shown_day, table
from ui.widgets.buttons import make_button
from ui.widgets.empty_state import empty_state
from ui.widgets.unit_names import UnitNames, code_tooltip


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


class ReceiveTab(DropPage):
    def __init__(self, ctx: AppContext, jobs: JobRunner, session: KeySession, *,
                 choose_bundle_files: Callable[[QWidget], list[str] | str],
                 choose_folder: Callable[[QWidget], str],
                 enrol_card: Callable[[], None], refresh_all: Callable[[], None]):
        super().__init__(lambda paths: self.preview_paths(paths))
        self.ctx = ctx
        self.jobs = jobs
        self.session = session
        self.choose_bundle_files = choose_bundle_files
        self.choose_folder_to_open = choose_folder
        self.refresh_all = refresh_all
        self._items: list = []
        self._preview_passphrase: str | None = None
        box = QVBoxLayout(self)
        line = QHBoxLayout()
        self.choose_button = make_button(_("Choose bundles..."), "chooseBundle",
                                         self.choose_bundle)
        self.folder_button = make_button(_("Choose a folder or the USB stick..."),
                                         "chooseFolder", self.choose_folder)
        line.addWidget(self.choose_button)
        line.addWidget(self.folder_button)
        # A bundle refused because the sender's key is not enrolled: enrol its card here.
        self.enrol_sender_button = make_button(_("Enrol the sender's key card..."),
                                               "enrolSender", lambda: enrol_card())
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
        self.preview = table([_("Commune or office"), _("Bundle number"), _("Made on"),
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
        self.inbox = table([_("Sent by"), _("Bundle number"), _("Made on"), _("Imported"),
                            _("Forwarded by"), _("What came")], "inboxTable")
        self.inbox_empty = empty_state(self.inbox, _(
            "No bundle imported yet. Bundles from the office above (decisions, calendars) "
            "and from the offices below (registrations, proposals) are imported above."))
        box.addWidget(self.inbox, 1)

    # -- showing ------------------------------------------------------------------------
    def show_inbox(self, inbox: list[ReceivedBundle], names: UnitNames) -> None:
        fill(self.inbox, [[i.sender_name or names.name(i.sender), i.seq,
                           shown_day(i.created_at), format_timestamp(i.applied_at),
                           (i.relayed_by_name or names.name(i.relayed_by))
                           if i.relayed_by else "", ", ".join(i.what)]
                          for i in inbox])
        for row, entry in enumerate(inbox):
            self.inbox.item(row, 0).setToolTip(code_tooltip(entry.sender))

    def choose_bundle(self) -> None:
        chosen = self.choose_bundle_files(self)
        paths = [chosen] if isinstance(chosen, str) else list(chosen or [])
        if any(paths):
            self.preview_paths([p for p in paths if p])

    def choose_folder(self) -> None:
        folder = self.choose_folder_to_open(self)
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
            # Not an action: a look at each file; one that cannot be read is refused
            # in the preview, with the others
            except DvkError as error:
                if len(files) == 1:
                    self._refused(error)
                    return False, None
        if not needed:
            return True, None
        passphrase = self.session.ask()
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
            with opener() as other:
                return other.stick.scan(paths, passphrase=passphrase, progress=progress)

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
        fill(self.preview, rows)
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
                                      "rejected").format(kind=kind_label(name),
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
                report = other.stick.import_all(items, passphrase=passphrase,
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
            self.refresh_all()

        run_with_progress(self, self.jobs, _("Importing the bundles"), job, done)
