"""The audit log on screen: who did what and when, with filters, the state of the
hash chain and of its checkpoints signed with the office key (what they protect and
what not, said plainly), signing one now, the checkpoints the offices below sent up,
and printing to PDF."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.errors import DvkError
from app.i18n import _
from app.services.audit import AuditFilter, AuditService, action_label
from ui.actions import NOT_DONE, run_action
from ui.messages import show_error, show_info
from ui.saving import save_now, show_saved
from ui.screens.passphrase_dialog import PassphraseDialog
from ui.widgets.buttons import make_button
from ui.widgets.combos import fill_combo
from ui.widgets.date_edit import DateEdit
from ui.widgets.empty_state import empty_state

SHOWN = 500
_ALARM = "color: #b00020; font-weight: bold"
_FINE = "color: #1b5e20"
_PLAIN = "color: #7a4f00"


class AuditScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.actor = QComboBox()
        self.actor.setObjectName("auditActor")
        self.action = QComboBox()
        self.action.setObjectName("auditAction")
        self.since = DateEdit()
        self.until = DateEdit()
        self.search = QLineEdit()
        self.search.setObjectName("auditSearch")
        self.search.setPlaceholderText(_("Record or details contain..."))
        for label, widget in ((_("User"), self.actor), (_("Action"), self.action),
                              (_("From day"), self.since), (_("To day"), self.until)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.search, 1)
        show = QPushButton(_("Show"))
        show.clicked.connect(self.refresh)
        self.search.returnPressed.connect(self.refresh)
        filters.addWidget(show)
        printing = make_button(_("Print..."), "auditPrint", self.print_pdf)
        filters.addWidget(printing)
        layout.addLayout(filters)
        self.chain = QLabel()
        self.chain.setObjectName("auditChain")
        layout.addWidget(self.chain)
        keyed = QHBoxLayout()
        self.checkpoints = QLabel()
        self.checkpoints.setObjectName("auditCheckpoints")
        self.checkpoints.setWordWrap(True)
        keyed.addWidget(self.checkpoints, 1)
        self.sign_button = make_button(_("Sign a checkpoint now..."), "auditCheckpoint",
                                       self.sign_checkpoint)
        keyed.addWidget(self.sign_button)
        self.below_button = make_button(_("Offices below..."), "auditChildren",
                                        self.show_offices_below)
        keyed.addWidget(self.below_button)
        layout.addLayout(keyed)
        self.limits = QLabel(self.ctx.audit_checkpoints.limits())
        self.limits.setObjectName("auditLimits")
        self.limits.setWordWrap(True)
        self.limits.setStyleSheet("color: #555")
        layout.addWidget(self.limits)
        self.table = QTableWidget(0, len(AuditService.headers()))
        self.table.setObjectName("auditTable")
        self.table.setHorizontalHeaderLabels(AuditService.headers())
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.empty = empty_state(self.table, lambda: _(
            "No entry for this choice. Choose \u201c{everyone}\u201d, another action or an "
            "earlier day above, clear the words, and press \u201c{show}\u201d.").format(
            everyone=self.actor.itemText(0), show=_("Show")))
        layout.addWidget(self.table, 1)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        self.refresh()

    def _fill_choices(self) -> None:
        choices = self.ctx.audit.choices()
        fill_combo(self.actor, _("(all)"), [(v, v) for v in choices["actor"]])
        fill_combo(self.action, _("(all)"), [(v, action_label(v)) for v in choices["action"]])

    def current_filter(self) -> AuditFilter | None:
        since, since_error = self.since.date_or_error()
        until, until_error = self.until.date_or_error()
        if since_error or until_error:
            show_error(self, since_error or until_error)
            return None
        return AuditFilter(actor=self.actor.currentData() or "",
                           action=self.action.currentData() or "", since=since, until=until,
                           text=self.search.text())

    def refresh(self) -> None:
        def read():
            self._fill_choices()
            where = self.current_filter()
            if where is None:
                return None
            return (self.ctx.audit.entries(where, limit=SHOWN), self.ctx.audit.count(where),
                    self.ctx.audit_checkpoints.state(),  # one pass: chain and checkpoints
                    bool(self.ctx.audit_checkpoints.children()))
        found = run_action(self, read)
        if found is NOT_DONE or found is None:
            return
        rows, total, log, below = found
        self.chain.setText(AuditService.chain_sentence(log.broken_at))
        self.chain.setStyleSheet(_ALARM if log.broken_at is not None else _FINE)
        self.checkpoints.setText(log.text())
        self.checkpoints.setStyleSheet(_ALARM if log.problems else
                                       _FINE if log.latest else _PLAIN)
        self.below_button.setVisible(below)
        self.table.setRowCount(len(rows))
        for row, entry in enumerate(rows):
            for column, text in enumerate(AuditService.row_texts(entry)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.summary.setText(_("{shown} of {total} entries, newest first.").format(
            shown=len(rows), total=total))

    def print_pdf(self) -> None:
        where = self.current_filter()
        if where is None:
            return
        path, _filter = QFileDialog.getSaveFileName(self, _("Print the audit log to"),
                                                    "nhat-ky-thao-tac.pdf", "PDF (*.pdf)")
        if not path:
            return
        saved = save_now(self, path, lambda target: self.ctx.audit.print_pdf(target, where))
        if saved is not None:
            show_saved(self, _("Printed to {path}.").format(path=saved), saved)

    def sign_checkpoint(self) -> None:
        """Sign a checkpoint with the office key: the passphrase is asked when this
        session has not unlocked the key yet."""
        cancelled = object()

        def take():
            passphrase = None  # no key: take_now says how to make one
            if self.ctx.keys.has_key() and not self._unlocked():
                dialog = PassphraseDialog(self, text=_(
                    "Type the passphrase of this office's signing key: it signs a checkpoint "
                    "of the audit log."), check=lambda value: self.ctx.keys.unlock(value))
                if not dialog.exec():
                    return cancelled
                passphrase = dialog.passphrase
            return self.ctx.audit_checkpoints.take_now(passphrase)
        made = run_action(self, take)
        if made is NOT_DONE or made is cancelled:
            return
        self.refresh()
        if made is None:
            show_info(self, _("The log has not grown since its latest checkpoint; nothing new "
                              "to sign."))
        else:
            show_info(self, _("Checkpoint signed: entries 1 to {entries} of the audit log, "
                              "with the office key {key_id}. It goes to the office above "
                              "with the next bundle.").format(entries=made.entries,
                                                              key_id=made.key_id))

    def _unlocked(self) -> bool:
        try:
            self.ctx.keys.unlock(None)  # the key this session unlocked, if any
        # Not an action: asks whether the key is open, a refusal means no
        except DvkError:
            return False
        return True

    def show_offices_below(self) -> None:
        below = run_action(self, lambda: self.ctx.audit_checkpoints.children())
        if below is NOT_DONE:
            return
        show_info(self, "\n\n".join(below_texts(below)), _("Checkpoints of the offices below"))


def below_texts(below) -> list[str]:
    """One paragraph per office below: its latest checkpoint, and where its log went
    back (a restored backup, or checkpoints deleted and entries cut off)."""
    from app.domain import stamps

    texts = []
    for office in below:
        text = _("{name} ({code}): {count} checkpoints; the latest, of {date}, covers "
                 "entries 1 to {entries}.").format(
            name=office.name, code=office.code, count=office.checkpoints,
            date=stamps.show(office.latest.made_at), entries=office.latest.entries)
        texts.append(" ".join([text, *office.notes]))
    return texts or [_("No office below has sent a checkpoint of its audit log yet.")]
