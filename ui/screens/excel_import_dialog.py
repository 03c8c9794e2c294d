"""Importing registrations from Excel: which column is which (the mapping, proposed
from the headers), then a preview of every row - added, updated, unchanged, refused
and why, skipped, legacy text converted - and only then, when the clerk confirms, the
import itself in one transaction. Reading, preview and import run off the UI thread
with a progress bar and a cancel button; each job opens its own connection."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.errors import DvkError
from app.excel.importer import (
    ADD,
    OUTCOMES,
    REFUSED,
    UPDATE,
    ImportOptions,
    ImportReport,
    known_columns,
    outcome_label,
)
from app.i18n import N_, _, format_date
from app.services.events import REGISTRATIONS_CHANGED, UNITS_CHANGED
from ui.jobs import JobRunner, run_with_progress
from ui.messages import show_error
from ui.widgets.buttons import make_button
from ui.widgets.date_edit import DateEdit

CONVERTED = "__converted__"
_ROOT = QModelIndex()
NO_YEAR = 1999  # the spin box's "take it from the file"
_COLORS = {ADD: "#e6f4ea", UPDATE: "#e8f0fb", REFUSED: "#fde8e8"}
_HEADERS = [N_("Row"), N_("Result"), N_("Name of the model"), N_("Collective / sub-unit"),
            N_("Why / conversions")]


def _sample(value: Any) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return format_date(value.date() if isinstance(value, dt.datetime) else value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def choose_workbook(parent: QWidget) -> str:
    path, _filter = QFileDialog.getOpenFileName(
        parent, _("Choose an Excel workbook"), "",
        _("Excel workbooks") + " (*.xlsx *.xlsm);;" + _("All files") + " (*)")
    return path


class PreviewModel(QAbstractTableModel):
    """Every row of the preview (a 100,000-row sheet too), filtered by outcome."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.all: list = []
        self.rows: list = []

    def set_report(self, report: ImportReport | None, outcome: str | None = None) -> None:
        self.beginResetModel()
        self.all = list(report.rows) if report else []
        if outcome == CONVERTED:
            self.rows = [row for row in self.all if row.conversions]
        elif outcome:
            self.rows = [row for row in self.all if row.outcome == outcome]
        else:
            self.rows = list(self.all)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(_HEADERS[section])
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = [row.row, outcome_label(row.outcome), row.name, row.registrant,
                      "; ".join(row.reasons + row.conversions)]
            return values[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and row.outcome in _COLORS:
            return QBrush(QColor(_COLORS[row.outcome]))
        return None


class ExcelImportDialog(QDialog):
    imported = Signal()

    def __init__(self, ctx: AppContext, jobs: JobRunner, path: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.jobs = jobs
        self.path = path
        self.report: ImportReport | None = None
        self.setWindowTitle(_("Import registrations from Excel"))
        self.resize(1000, 640)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._mapping_page())
        self.pages.addWidget(self._preview_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

    # -- pages ------------------------------------------------------------------------------
    def _mapping_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        self.file_label = QLabel(self.path)
        self.file_label.setObjectName("importFile")
        self.file_label.setWordWrap(True)
        box.addWidget(self.file_label)
        line = QHBoxLayout()
        line.addWidget(QLabel(_("Sheet")))
        self.sheet = QComboBox()
        self.sheet.setObjectName("importSheet")
        self.sheet.activated.connect(lambda _i: self.start(self.sheet.currentText()))
        line.addWidget(self.sheet, 1)
        box.addLayout(line)
        intro = QLabel(_(
            "Say what each column of the sheet holds. DVK proposed it from the headers; "
            "columns left on \u201cnot imported\u201d are ignored."))
        intro.setWordWrap(True)
        box.addWidget(intro)
        self.mapping = QTableWidget(0, 4)
        self.mapping.setObjectName("importMapping")
        self.mapping.setHorizontalHeaderLabels([_("Column"), _("Header in the sheet"),
                                                _("First values"), _("Holds")])
        self.mapping.verticalHeader().setVisible(False)
        self.mapping.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.mapping.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        self.mapping.setColumnWidth(1, 220)
        self.mapping.setColumnWidth(3, 240)
        box.addWidget(self.mapping, 1)
        defaults = QFormLayout()
        self.default_year = QSpinBox()
        self.default_year.setObjectName("defaultYear")
        self.default_year.setRange(NO_YEAR, 2100)
        self.default_year.setSpecialValueText(_("(from the file)"))
        self.default_year.setValue(NO_YEAR)
        defaults.addRow(_("Year for rows without one"), self.default_year)
        self.default_date = DateEdit()
        self.default_date.setObjectName("defaultDate")
        defaults.addRow(_("Registration date for rows without one"), self.default_date)
        self.create_units = QCheckBox(_("Add sub-units the file names that DVK does not know"))
        self.create_units.setObjectName("createUnits")
        self.create_units.setChecked(True)
        defaults.addRow("", self.create_units)
        box.addLayout(defaults)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.preview_button = make_button(_("Preview"), "previewImport")
        self.preview_button.setDefault(True)
        self.preview_button.clicked.connect(self.preview)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.reject)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(close)
        box.addLayout(buttons)
        return page

    def _preview_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        box.addWidget(self.summary)
        line = QHBoxLayout()
        line.addWidget(QLabel(_("Show rows:")))
        self.outcome = QComboBox()
        self.outcome.setObjectName("outcomeFilter")
        self.outcome.addItem(_("Every row"), None)
        for name in OUTCOMES:
            self.outcome.addItem(outcome_label(name), name)
        self.outcome.addItem(_("Legacy text converted"), CONVERTED)
        self.outcome.currentIndexChanged.connect(
            lambda _i: self.model.set_report(self.report, self.outcome.currentData()))
        line.addWidget(self.outcome)
        line.addStretch(1)
        box.addLayout(line)
        self.model = PreviewModel(self)
        self.table = QTableView()
        self.table.setObjectName("importPreview")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column, width in enumerate([60, 110, 300, 200]):
            self.table.setColumnWidth(column, width)
        header.setStretchLastSection(True)
        box.addWidget(self.table, 1)
        self.result = QLabel()
        self.result.setObjectName("importResult")
        self.result.setWordWrap(True)
        box.addWidget(self.result)
        buttons = QHBoxLayout()
        self.back_button = make_button(_("Back to the columns"), "backToMapping", lambda: self.pages.setCurrentIndex(0))
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        self.confirm_button = make_button("", "confirmImport", self.confirm)  # text set per step
        close = make_button(_("Close"), "closeImport", self.accept)
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(close)
        box.addLayout(buttons)
        return page

    # -- step 1: the sheet and its columns --------------------------------------------------
    def start(self, sheet: str | None = None) -> None:
        path = self.path

        def job(_progress):
            with AppContext.open(self.ctx.path, create=False) as other:
                return other.excel.inspect(path, sheet)

        run_with_progress(self, self.jobs, _("Reading the workbook"), job, self._show_layout,
                          on_error=lambda _e: self.reject())

    def _show_layout(self, found) -> None:
        names, layout = found
        self.layout_found = layout
        self.sheet.blockSignals(True)
        self.sheet.clear()
        self.sheet.addItems(names)
        self.sheet.setCurrentText(layout.name)
        self.sheet.blockSignals(False)
        self.file_label.setText(_("{file}: header found in row {rows}.").format(
            file=self.path, rows=", ".join(str(r) for r in layout.header_rows)))
        targets = [(None, _("(not imported)"))] + known_columns()
        self.mapping.setRowCount(layout.width)
        self.combos: list[QComboBox] = []
        from app.excel.book import column_letter

        for column in range(layout.width):
            self.mapping.setItem(column, 0, QTableWidgetItem(column_letter(column)))
            self.mapping.setItem(column, 1, QTableWidgetItem(layout.headers[column]))
            samples = [_sample(row[column]) for row in layout.sample
                       if column < len(row) and row[column] not in (None, "")][:3]
            self.mapping.setItem(column, 2, QTableWidgetItem(" | ".join(samples)))
            combo = QComboBox()
            for key, text in targets:
                combo.addItem(text, key)
            combo.setCurrentIndex(max(combo.findData(layout.mapping[column]), 0))
            self.mapping.setCellWidget(column, 3, combo)
            self.combos.append(combo)
        self.pages.setCurrentIndex(0)

    def options(self) -> ImportOptions:
        """The mapping and defaults chosen; a DvkError for an impossible date."""
        year = self.default_year.value()
        default_date, problem = self.default_date.date_or_error()
        if problem:
            raise DvkError(problem)
        return ImportOptions(sheet=self.sheet.currentText() or None,
                             mapping=[combo.currentData() for combo in self.combos],
                             default_year=None if year == NO_YEAR else year,
                             default_date=default_date,
                             create_subunits=self.create_units.isChecked())

    # -- step 2: the preview ----------------------------------------------------------------
    def preview(self) -> None:
        try:
            options, path = self.options(), self.path
        except DvkError as error:
            show_error(self, error)
            return

        def job(progress):
            with AppContext.open(self.ctx.path, create=False) as other:
                return other.excel.run_import(path, options, apply=False, progress=progress)

        run_with_progress(self, self.jobs, _("Checking every row"), job, self._show_preview)

    def _show_preview(self, report: ImportReport) -> None:
        self.report = report
        counts = report.counts()
        lines = [_("Nothing has been written yet. {summary}.").format(summary=", ".join(
            f"{outcome_label(name)}: {number}" for name, number in counts.items()))]
        if report.conversions:
            lines.append(_("Legacy text (TCVN3, VNI) converted to Unicode in {count} rows."
                           ).format(count=report.conversions))
        if report.new_subunits:
            lines.append(_("New sub-units: {names}").format(
                names=", ".join(report.new_subunits)))
        if report.ignored_columns:
            lines.append(_("Columns not used: {columns}").format(
                columns=", ".join(report.ignored_columns)))
        self.summary.setText("\n".join(lines))
        self.outcome.setCurrentIndex(0)
        self.model.set_report(report)
        self.confirm_button.setText(_("Import {count} registrations").format(
            count=report.changes))
        self.confirm_button.setEnabled(report.changes > 0)
        self.back_button.setEnabled(True)
        self.result.clear()
        self.pages.setCurrentIndex(1)

    # -- step 3: the import -----------------------------------------------------------------
    def confirm(self) -> None:
        if self.report is None or not self.report.changes:
            return
        options, path = self.options(), self.path
        self.confirm_button.setEnabled(False)
        self.back_button.setEnabled(False)

        def job(progress):
            # Run again on this job's own connection, in one transaction: what is
            # written is what this connection sees now.
            with AppContext.open(self.ctx.path, create=False) as other:
                return other.excel.run_import(path, options, apply=True, progress=progress)

        run_with_progress(self, self.jobs, _("Importing"), job, self._done,
                          on_error=lambda _e: self._show_preview(self.report))

    def _done(self, report: ImportReport) -> None:
        self.report = report
        self.model.set_report(report, self.outcome.currentData())
        counts = report.counts()
        self.result.setText(_("Imported: {added} added, {updated} updated, {unchanged} "
                              "unchanged, {refused} refused.").format(
            added=counts[ADD], updated=counts[UPDATE], unchanged=counts["unchanged"],
            refused=counts[REFUSED]))
        self.confirm_button.setText(_("Import done"))
        self.ctx.events.emit(REGISTRATIONS_CHANGED)
        if report.new_subunits:
            self.ctx.events.emit(UNITS_CHANGED)
        self.imported.emit()
