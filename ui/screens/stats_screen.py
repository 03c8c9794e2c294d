"""Statistics (Thống kê): counts by year, field, kind, level, status, sub-unit or unit
below, as a table and a bar chart. A click on a figure (a table cell or a bar) opens the
registrations list with the matching filters; every table exports to Excel."""

from __future__ import annotations

import textwrap

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.listing import ListQuery
from app.errors import DvkError
from app.i18n import _
from app.services.statistics import StatsTable
from ui.actions import NOT_DONE, run_action
from ui.jobs import JobRunner
from ui.saving import save_in_job, show_saved
from ui.widgets.bar_chart import BarChart
from ui.widgets.buttons import make_button
from ui.widgets.combos import fill_combo
from ui.widgets.empty_state import empty_state

ALL = "__all__"


class StatsScreen(QWidget):
    open_list = Signal(object)  # a ListQuery

    def __init__(self, ctx: AppContext, jobs: JobRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.jobs = jobs
        self.current: StatsTable | None = None

        self.by = QComboBox()
        self.by.setObjectName("statsBy")
        self.year = QComboBox()
        self.year.setObjectName("statsYear")
        self.measure = QComboBox()
        self.measure.setObjectName("statsMeasure")
        self.export_button = make_button(_("Export to Excel..."), "statsExport")
        self.hint = QLabel(_("Click a figure to see the registrations behind it."))
        self.hint.setObjectName("statsHint")
        self.note = QLabel()
        self.note.setObjectName("statsNote")
        self.note.setWordWrap(True)
        self.note.setVisible(False)

        self.table = QTableWidget(0, 0)
        self.table.setObjectName("statsTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.empty = empty_state(self.table, _(
            "Nothing to count for this choice yet: figures show here once registrations "
            "are entered (screen \u201c{screen}\u201d). Choose another year or measure "
            "above.").format(screen=_("Registrations")))
        self.chart = BarChart()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(scroll)
        splitter.setSizes([520, 560])

        controls = QHBoxLayout()
        for label, widget in ((_("Break down by"), self.by), (_("Year"), self.year),
                              (_("Chart"), self.measure)):
            controls.addWidget(QLabel(label))
            controls.addWidget(widget, 1)
        controls.addStretch(1)
        controls.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.hint)

        self._fill_controls()
        for combo in (self.by, self.year):
            combo.currentIndexChanged.connect(self.refresh)
        self.measure.currentIndexChanged.connect(self._draw_chart)
        self.table.cellActivated.connect(self.open_cell)
        self.table.cellClicked.connect(self.open_cell)
        self.chart.bar_clicked.connect(self.open_bar)
        self.export_button.clicked.connect(self.export)
        self.refresh()

    # -- controls ---------------------------------------------------------------------------
    def _fill_controls(self) -> None:
        try:
            dimensions = self.ctx.statistics.dimensions()
            below = self.ctx.statistics.has_units_below()
            years = self.ctx.registrations.years()
            measures = self.ctx.statistics.measures()
        # Not an action: the controls' choices, empty when they cannot be read
        except DvkError:
            dimensions, below, years, measures = [], False, [], []
        dimensions = [(name, text) for name, text in dimensions if name != "unit" or below]
        if below:  # a district or province looks at its units first
            dimensions.sort(key=lambda item: item[0] != "unit")
        else:
            dimensions.sort(key=lambda item: item[0] != "field")
        fill_combo(self.by, "", dimensions)
        fill_combo(self.year, _("All years"), [(y, str(y)) for y in years])
        fill_combo(self.measure, "", [(ALL, _("All figures"))] + measures)

    def reload(self) -> None:
        """After a change: recount now if the screen is shown, else when it is next
        shown (a province's counts take a moment; nobody looks at them meanwhile)."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        self._fill_controls()
        self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if getattr(self, "_stale", False):
            self.reload()

    def refresh(self) -> None:
        by = self.by.currentData()
        if not by:
            return
        def action():
            self.current = self.ctx.statistics.table(by, self.year.currentData())
        if run_action(self, action) is NOT_DONE:
            return
        self._fill_table()
        self.note.setText(self.current.note)
        self.note.setVisible(bool(self.current.note))
        self._draw_chart()

    def _fill_table(self) -> None:
        table = self.current
        measures = table.measures
        self.table.clear()
        self.table.setColumnCount(1 + len(measures))
        # Long names of figures ("Nhân rộng từ mô hình đã được công nhận") wrap in the
        # header instead of pushing the other columns out of sight.
        self.table.setHorizontalHeaderLabels(
            [table.title] + ["\n".join(textwrap.wrap(text, 14)) for _n, text in measures])
        self.table.setRowCount(len(table.rows) + 1)
        bold = QFont(self.table.font())
        bold.setBold(True)
        for row, stats_row in enumerate(table.rows + [None]):
            label = stats_row.label if stats_row else (table.total_label or _("Grand total"))
            counts = stats_row.counts if stats_row else table.totals
            item = QTableWidgetItem(label)
            if stats_row is None:
                item.setFont(bold)
            self.table.setItem(row, 0, item)
            for column, (name, _text) in enumerate(measures, start=1):
                cell = QTableWidgetItem(f"{counts[name]:,}".replace(",", "."))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                clickable = table.query_for(stats_row.key if stats_row else None, name)
                if clickable is not None:
                    cell.setForeground(QBrush(QColor("#1f4e9c")))
                    cell.setToolTip(_("Open the list of these registrations"))
                if stats_row is None:
                    cell.setFont(bold)
                self.table.setItem(row, column, cell)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 1 + len(measures)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    def _draw_chart(self) -> None:
        table = self.current
        if table is None:
            return
        chosen = self.measure.currentData()
        shown = [(n, t) for n, t in table.measures if chosen in (ALL, None) or n == chosen]
        self._chart_measures = [name for name, _text in shown]
        title = _("Statistics by {what}").format(what=table.title.lower())
        if table.year:
            title += " - " + _("year {year}").format(year=table.year)
        self.chart.set_data([row.label for row in table.rows], [text for _n, text in shown],
                            [[row.counts[name] for name, _t in shown] for row in table.rows],
                            title)

    # -- click-through ----------------------------------------------------------------------
    def query_at(self, row: int, column: int) -> ListQuery | None:
        table = self.current
        if table is None or column < 1 or column > len(table.measures):
            return None
        key = table.rows[row].key if row < len(table.rows) else None
        return table.query_for(key, table.measures[column - 1][0])

    def open_cell(self, row: int, column: int) -> None:
        query = self.query_at(row, column)
        if query is not None:
            self.open_list.emit(query)

    def open_bar(self, row: int, series: int) -> None:
        if self.current is None:
            return
        column = [name for name, _t in self.current.measures].index(
            self._chart_measures[series]) + 1
        self.open_cell(row, column)

    # -- export -----------------------------------------------------------------------------
    def export(self) -> None:
        year = self.year.currentData()
        suggested = f"thong-ke-{year}.xlsx" if year else "thong-ke.xlsx"
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export the statistics to Excel"), suggested, _("Excel workbooks") +
            " (*.xlsx)")
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> None:
        """Every statistics table of the chosen year, one sheet each, off the UI thread."""
        opener, year = self.ctx.opener(), self.year.currentData()

        def job(target, _progress):
            with opener() as other:
                return other.excel.export_stats(target, other.statistics.all_tables(year))

        # A workbook of that name open in Excel: try again or another name.
        return save_in_job(self, self.jobs, _("Exporting the statistics"), path, job,
                           lambda written: show_saved(self, _("Written: {path}").format(
                               path=written), written, _("Export to Excel")))
