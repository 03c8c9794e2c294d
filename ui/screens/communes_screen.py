"""The communes (Các xã, phường): the status board of an office above the communes,
one line per commune: its last bundle and when it came, its registrations of the year,
the models it proposed here waiting for a decision and those late, what was recognised
here, and the decisions sent down and whether it has imported them. Print it, or export
it to Excel; `dvk communes` shows the same."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.errors import DvkError
from app.filenames import safe_file_name
from app.i18n import _
from ui.actions import NOT_DONE, run_action
from ui.models.rows_model import HIGHLIGHT, WARNING, RowsModel
from ui.screens.recognition_common import fill_years, rows_table, sortable
from ui.table_export import export_model
from ui.widgets.buttons import make_button
from ui.widgets.empty_state import empty_state


class CommunesScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        from app.services.communes import headers

        super().__init__(parent)
        self.ctx = ctx
        self.board = None
        self.year = QComboBox()
        self.year.setObjectName("communesYear")
        self.missing_only = QCheckBox(_("Only those that have sent nothing this year"))
        self.missing_only.setObjectName("communesMissingOnly")
        self.summary = QLabel()
        self.summary.setObjectName("communesSummary")
        self.summary.setWordWrap(True)
        self.model = RowsModel(headers(), self)
        self.model.numeric = {4, 5, 6, 7}
        self.table = rows_table(self.model, [0, 60, 170, 115, 115, 130, 65, 105, 210],
                                "communesTable")
        sortable(self.table)
        self.empty = empty_state(self.table, self._empty_text)
        self.print_button = make_button(_("Print..."), "printCommunes", self.print_board)
        self.export_button = make_button(_("Export to Excel..."), "exportCommunes",
                                         self.export_board)
        self.refresh_button = make_button(_("Refresh"), "refreshCommunes", self.refresh)
        self.year.currentIndexChanged.connect(self.refresh)
        self.missing_only.toggled.connect(self.show_rows)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Year")))
        top.addWidget(self.year)
        top.addWidget(self.missing_only)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.print_button)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.reload()

    def _empty_text(self) -> str:
        if self.missing_only.isChecked() and self.board is not None and self.board.rows:
            return _("Every commune has sent a bundle this year: nothing is missing.")
        return _("No commune below this office yet. The communes come with the units of "
                 "the office (screen \u201c{screen}\u201d); a commune office sees its own "
                 "data on the other screens.").format(screen=_("Units"))

    def reload(self) -> None:
        try:
            years = self.ctx.recognition.years()
            current = self.ctx.recognition.current_year()
        except DvkError:  # not an action: the years' choices, this year alone then
            years, current = [], self.ctx.recognition.current_year()
        fill_years(self.year, years, current)
        self.refresh()

    def refresh(self) -> None:
        year = self.year.currentData()
        try:
            self.board = self.ctx.communes.board(year)
        # Not an action: the board's read; its problem goes under the board
        except DvkError as error:
            self.board = None
            self.model.set_rows([])
            self.summary.setText(error.message)
            return
        self.show_rows()

    def show_rows(self) -> None:
        from app.services.communes import IMPORTED, cells

        if self.board is None:
            return
        rows = self.board.not_sent if self.missing_only.isChecked() else self.board.rows
        shown = []
        for row in rows:
            colour = WARNING if (not row.sent_this_year or row.late) else \
                HIGHLIGHT if row.decision_state == IMPORTED else None
            shown.append((row.code, cells(row), colour))
        self.model.set_rows(shown)
        totals = self.board.totals()
        self.summary.setText(_(
            "{communes} communes under {office}: {sent} sent a bundle in {year}, {not_sent} "
            "have sent nothing (shown in red). Proposed here and not decided: {pending}, of "
            "them late: {late}. Decisions not sent yet: {decisions_not_sent}; sent, not "
            "imported yet: {decisions_sent}; imported: {decisions_imported}.").format(
            office=self.board.office_name, year=self.board.year, **totals))

    def print_board(self):
        from ui.screens.print_preview import PrintPreviewDialog

        if self.board is None:
            return None
        def preview():
            pdf = self.ctx.printing.render(self.ctx.communes.document(self.board))
            return PrintPreviewDialog(
                self.ctx, pdf, title=_("The communes' status board"),
                file_name=safe_file_name(_("communes-{year}.pdf").format(
                    year=self.board.year)), parent=self)

        dialog = run_action(self, preview)
        if dialog is NOT_DONE:
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def export_board(self) -> None:
        year = self.board.year if self.board else ""
        export_model(self, self.model, _("Communes {year}").format(year=year),
                     safe_file_name(_("communes-{year}.xlsx").format(year=year)))
