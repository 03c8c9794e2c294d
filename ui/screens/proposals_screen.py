"""Proposals (Tờ trình đề nghị): this office's proposals to the level above, and those
its children sent here. A new proposal starts with every recognised model rated
Tiêu biểu ticked; ticking another asks for the reason."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.fields import field_name
from app.domain.recognition import ProposalState, proposal_state_label
from app.domain.scoring import rating_label
from app.domain.units import level_label
from app.i18n import _
from app.printing import paper_names
from ui.actions import NOT_DONE, inline, run_action
from ui.messages import confirm, show_info
from ui.models.rows_model import HIGHLIGHT, HIGHLIGHT_COLOUR, RowsModel
from ui.screens.recognition_common import (
    fill_campaign_years,
    model_columns,
    points,
    points_from,
    rows_table,
    shown_date,
)
from ui.widgets.buttons import button_row, make_button
from ui.widgets.empty_state import empty_state
from ui.widgets.legend import BACKGROUND, Legend


class ProposalsScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.year = QComboBox()
        self.year.setObjectName("proposalsYear")
        self.received = QCheckBox(_("Proposals received from the offices below"))
        self.received.setObjectName("proposalsReceived")
        self.model = RowsModel([_("Number"), _("Office"), _("To"), _("Models"), _("State"),
                                _("Sent on")], self)
        self.table = rows_table(self.model, [130, 0, 90, 95, 90, 95], "proposalsTable")
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self.show_items())
        self.items = RowsModel(model_columns(_("Reason")), self)
        self.items_table = rows_table(self.items, [0, 170, 140, 80, 90, 220], "proposalItems")
        self.new_button = make_button(_("New proposal..."), "newProposal", self.new_proposal)
        self.send_button = make_button(_("Send"), "sendProposal", self.send_selected)
        self.print_button = make_button(_("Print the proposal..."), "printProposal",
                                        self.print_selected)
        self.year.currentIndexChanged.connect(self.refresh)
        self.received.toggled.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Year")))
        top.addWidget(self.year)
        top.addWidget(self.received)
        top.addStretch(1)
        buttons = button_row(self.new_button, self.send_button, self.print_button)
        self.legend = Legend([(BACKGROUND, HIGHLIGHT_COLOUR, _(
            "Green: sent to the level above (it no longer changes)"))])
        self.empty = empty_state(self.table, self._empty_text)
        self.items_empty = empty_state(self.items_table, _(
            "Choose a proposal above to see its models."))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.legend)
        layout.addWidget(QLabel(_("Models on the selected proposal")))
        layout.addWidget(self.items_table, 3)
        layout.addLayout(buttons)
        self.reload()

    def _empty_text(self) -> str:
        if self.received.isChecked():
            return _("No proposal received from the offices below for {year}. They arrive "
                     "in the offices' bundles (screen \u201c{screen}\u201d, tab "
                     "\u201c{tab}\u201d).").format(year=self.year.currentText(),
                                                    screen=_("Data exchange"), tab=_("Receive"))
        return _("No proposal for {year} yet. Once models are recognised here, press "
                 "\u201c{new}\u201d and tick the ones to propose to the level above.").format(
            year=self.year.currentText(), new=_("New proposal...").rstrip("."))

    def reload(self) -> None:
        fill_campaign_years(self.year, self.ctx)
        self.refresh()

    def refresh(self) -> None:
        year = self.year.currentData()
        rows = run_action(self, lambda: self.ctx.proposals.listing(year, received=self.received.isChecked()))
        if rows is NOT_DONE:
            return
        self.model.set_rows([(r.id, [
            r.number or _("(draft)"), r.office_name, level_label(r.to_level),
            r.models, proposal_state_label(r.state), shown_date(r.sent_on)],
            None if r.state == ProposalState.DRAFT else HIGHLIGHT) for r in rows])
        self.send_button.setEnabled(not self.received.isChecked())
        self.new_button.setEnabled(not self.received.isChecked())
        if rows:
            self.table.selectRow(0)
        self.show_items()

    def selected_id(self) -> str | None:
        return self.model.key(self.table.currentIndex().row())

    def select(self, proposal_id: str) -> None:
        for row in range(self.model.rowCount()):
            if self.model.key(row) == proposal_id:
                self.table.selectRow(row)

    def show_items(self) -> None:
        proposal_id = self.selected_id()
        if not proposal_id:
            self.items.set_rows([])
            return
        proposal = run_action(self, lambda: self.ctx.proposals.record(proposal_id))
        if proposal is NOT_DONE:
            return
        self.items.set_rows([(m.id, [m.name, m.registrant, field_name(m.field),
                                     points_from(m.total), rating_label(m.rating),
                                     m.reason], None) for m in proposal.models])

    def new_proposal(self) -> str | None:
        year = self.year.currentData()
        def action():
            candidates = self.ctx.proposals.candidates(year)
            why_none = self.ctx.proposals.nothing_above()
            return candidates, why_none
        found = run_action(self, action)
        if found is NOT_DONE:
            return None
        candidates, why_none = found
        if why_none:
            show_info(self, why_none)
            return None
        if not candidates:
            show_info(self, _("No model can be proposed for {year}: recognise models at this "
                              "level first (Recognition); models already on a proposal are "
                              "not listed.").format(year=year))
            return None
        dialog = NewProposalDialog(self.ctx, year, candidates, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.created:
            return None
        self.refresh()
        self.select(dialog.created)
        return dialog.created

    def send_selected(self) -> str | None:
        proposal_id = self.selected_id()
        if not proposal_id:
            return None
        if not confirm(self, _("Send the proposal"), _(
                "Send this proposal? It gets its number, its list is frozen, and the next "
                "bundle to the level above carries it."), _("Send")):
            return None
        number = run_action(self, lambda: self.ctx.proposals.send(proposal_id))
        if number is NOT_DONE:
            return None
        self.refresh()
        self.select(proposal_id)
        show_info(self, _("Sent as number {number}.").format(number=number))
        return number

    def print_selected(self):
        from ui.screens.print_preview import PrintPreviewDialog

        proposal_id = self.selected_id()
        if not proposal_id:
            return None
        def action():
            doc = self.ctx.recognition_papers.proposal_document(proposal_id)
            pdf = self.ctx.printing.render(doc)
            dialog = PrintPreviewDialog(self.ctx, pdf, title=_("Proposal"),
                                        file_name=paper_names.proposal(
                                            self.ctx.proposals.get(proposal_id).year),
                                        parent=self)
            return dialog
        dialog = run_action(self, action)
        if dialog is NOT_DONE:
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog


class NewProposalDialog(QDialog):
    """Tick the models to propose; a model not rated Tiêu biểu needs a reason."""

    def __init__(self, ctx: AppContext, year: int, candidates, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.year = year
        self.candidates = candidates
        self.created: str | None = None
        self.setWindowTitle(_("New proposal to the level above ({year})").format(year=year))
        self.resize(900, 480)
        note = QLabel(_("Models rated Outstanding are ticked. To include another, tick it "
                        "and write the reason in the last column."))
        note.setWordWrap(True)
        self.table = QTableWidget(len(candidates), 5)
        self.table.setObjectName("candidates")
        self.table.setHorizontalHeaderLabels([_("Model / exemplar"), _("Field"), _("Total"),
                                              _("Rating"), _("Reason (if not Outstanding)")])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(4, 260)
        for row, model in enumerate(candidates):
            name = QTableWidgetItem(model.name)
            name.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
                          | Qt.ItemFlag.ItemIsSelectable)
            name.setCheckState(Qt.CheckState.Checked if ctx.recognition.is_top(model)
                               else Qt.CheckState.Unchecked)
            name.setData(Qt.ItemDataRole.UserRole, model.id)
            self.table.setItem(row, 0, name)
            for column, text in ((1, field_name(model.field)), (2, points(model.total)),
                                 (3, rating_label(model.rating))):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, column, item)
            self.table.setItem(row, 4, QTableWidgetItem(""))
        self.error = QLabel()
        self.error.setObjectName("proposalError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        buttons = QDialogButtonBox()
        self.create_button = buttons.addButton(_("Create the draft"),
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.setObjectName("createProposal")
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.create)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def chosen(self) -> tuple[list[str], dict[str, str]]:
        ids, reasons = [], {}
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item.checkState() == Qt.CheckState.Checked:
                model_id = item.data(Qt.ItemDataRole.UserRole)
                ids.append(model_id)
                reason = self.table.item(row, 4).text()
                if reason.strip():
                    reasons[model_id] = reason
        return ids, reasons

    def create(self) -> None:
        ids, reasons = self.chosen()
        if not ids:
            self.error.setText(_("Tick at least one model."))
            return
        created = run_action(self, lambda: self.ctx.proposals.create(
            self.year, ids, reasons=reasons), handled=inline(self.error.setText))
        if created is NOT_DONE:
            return
        self.created = created
        self.accept()
