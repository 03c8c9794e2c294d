"""The audit log on screen: who did what and when, with filters, the state of the
hash chain, and printing to PDF."""

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
from ui.messages import show_error
from ui.saving import save_now, show_saved
from ui.widgets.buttons import make_button
from ui.widgets.combos import fill_combo
from ui.widgets.date_edit import DateEdit

SHOWN = 500


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
        self.table = QTableWidget(0, len(AuditService.headers()))
        self.table.setObjectName("auditTable")
        self.table.setHorizontalHeaderLabels(AuditService.headers())
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
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
        try:
            self._fill_choices()
            where = self.current_filter()
            if where is None:
                return
            rows = self.ctx.audit.entries(where, limit=SHOWN)
            total = self.ctx.audit.count(where)
            chain = self.ctx.audit.chain_text()
            broken = self.ctx.audit.broken_at() is not None
        except DvkError as error:
            show_error(self, error)
            return
        self.chain.setText(chain)
        self.chain.setStyleSheet("color: #b00020; font-weight: bold" if broken else
                                 "color: #1b5e20")
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
