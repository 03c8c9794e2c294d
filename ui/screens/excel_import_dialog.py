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
from app.core.events import REGISTRATIONS_CHANGED, UNITS_CHANGED
from app.errors import DvkError
from app.excel import row_kinds
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
from ui.actions import NOT_DONE, run_action
from ui.help import attach_help
from ui.jobs import JobRunner
from ui.widgets.buttons import make_button
from ui.widgets.date_edit import DateEdit

CONVERTED = "__converted__"
_ROOT = QModelIndex()
NO_YEAR = 1999  # the spin box's "take it from the file"
_COLORS = {ADD: "#e6f4ea", UPDATE: "#e8f0fb", REFUSED: "#fde8e8"}
_HEADERS = [N_("Row"), N_("Result"), N_("Name of the model"), N_("Collective / sub-unit"),
            N_("Why / conversions"), N_("Sheet")]
HIDDEN = "__hidden__"
_HIDDEN_COLOR = "#eeeeee"


def _sample(value: Any) -> str:
    if isinstance(value, str):
        return row_kinds.readable(value)  # legacy text as the clerk reads it
    if isinstance(value, dt.datetime | dt.date):
        return format_date(value.date() if isinstance(value, dt.datetime) else value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def join_reasons(parts: list[str]) -> str:
    """Reasons, conversions and notes as one text: 'A; B; C.' (a part's own full stop
    is dropped before the semicolon, not left as '8.;')."""
    cleaned = [part.strip() for part in parts if part and part.strip()]
    if not cleaned:
        return ""
    body = [part[:-1] if part.endswith(".") and not part.endswith("...") else part
            for part in cleaned]
    text = "; ".join(body)
    return text if text.endswith(("...", "!", "?")) else text + "."


def choose_workbook(parent: QWidget) -> str:
    path, _filter = QFileDialog.getOpenFileName(
        parent, _("Choose an Excel workbook"), "",
        _("Spreadsheets (Excel, LibreOffice)") + " (*.xlsx *.xlsm *.xls *.ods);;" +
        _("All files") + " (*)")
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
        elif outcome == HIDDEN:
            self.rows = [row for row in self.all if row.hidden]
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
            result = outcome_label(row.outcome)
            if row.hidden:
                result += " (" + _("hidden row") + ")"
            values = [row.row, result, row.name, row.registrant,
                      join_reasons(row.reasons + row.conversions + row.notes), row.sheet]
            return values[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and row.hidden and row.outcome not in _COLORS:
            return QBrush(QColor(_HIDDEN_COLOR))
        if role == Qt.ItemDataRole.BackgroundRole and row.outcome in _COLORS:
            return QBrush(QColor(_COLORS[row.outcome]))
        return None


class ExcelImportDialog(QDialog):
    imported = Signal()

    def __init__(self, ctx: AppContext, jobs: JobRunner, path: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        attach_help(self, "excel_import", ctx)  # F1: this window's help
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
        self.sheets = QTableWidget(0, 4)
        self.sheets.setObjectName("importSheets")
        self.sheets.setHorizontalHeaderLabels([_("Import"), _("Sheet"), _("Rows"),
                                               _("Whose registrations")])
        self.sheets.verticalHeader().setVisible(False)
        self.sheets.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sheets.horizontalHeader().setStretchLastSection(True)
        self.sheets.setColumnWidth(1, 260)
        box.addWidget(self.sheets)
        line = QHBoxLayout()
        line.addWidget(QLabel(_("Columns of the sheet")))
        self.sheet = QComboBox()
        self.sheet.setObjectName("importSheet")
        self.sheet.activated.connect(lambda _i: self.start(self.sheet.currentData()))
        line.addWidget(self.sheet, 1)
        box.addLayout(line)
        self.layout_note = QLabel()
        self.layout_note.setObjectName("layoutNote")
        self.layout_note.setWordWrap(True)
        box.addWidget(self.layout_note)
        intro = QLabel(_(
            "Say what each column of the sheet holds. DVK proposed it from the headers; "
            "columns left on \u201cnot imported\u201d are ignored. Sheets with the same "
            "headers use the same choice."))
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
        self.include_hidden = QCheckBox(_("Also import the rows the sheet hides or filters "
                                          "out"))
        self.include_hidden.setObjectName("includeHidden")
        defaults.addRow("", self.include_hidden)
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
        self.outcome.addItem(_("Hidden rows"), HIDDEN)
        self.outcome.currentIndexChanged.connect(self._filter_rows)
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
        for column, width in enumerate([50, 130, 280, 180, 420]):
            self.table.setColumnWidth(column, width)
        header.setStretchLastSection(True)
        box.addWidget(self.table, 1)
        # The whole of the chosen row's reasons, wrapped: a long refusal never stays cut
        # at the column's edge.
        self.detail = QLabel()
        self.detail.setObjectName("importRowDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setStyleSheet("background: #f6f6f6; padding: 4px;")
        box.addWidget(self.detail)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_detail(current.row()))
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

    def _filter_rows(self, _index: int = 0) -> None:
        self.model.set_report(self.report, self.outcome.currentData())
        self._show_detail(-1)

    def _show_detail(self, row: int) -> None:
        rows = self.model.rows
        if not 0 <= row < len(rows):
            self.detail.setText(_("Click a row to read all of what it says."))
            return
        line = rows[row]
        why = join_reasons(line.reasons + line.conversions + line.notes)
        self.detail.setText(_("Row {row} ({result}): {why}").format(
            row=line.row, result=outcome_label(line.outcome), why=why or "-"))

    # -- step 1: the sheet and its columns --------------------------------------------------
    def start(self, sheet: str | None = None) -> None:
        path = self.path

        opener = self.ctx.opener()

        def job(_progress):
            with opener() as other:
                found = other.excel.survey(path, sheet)
                return (*found, other.excel.units_below())

        run_action(self, job, self._show_layout, jobs=self.jobs,
                   progress=_("Reading the workbook"), on_error=lambda _e: self.reject())

    def _show_layout(self, found) -> None:
        survey, layout, remembered, below = found
        self.layout_found = layout
        self.survey = survey
        self.below = below
        if self.sheets.rowCount() == 0:
            self._show_sheets(survey, below)
        self.sheet.blockSignals(True)
        self.sheet.clear()
        for info in survey:
            if info.layout is not None:
                self.sheet.addItem(info.name, info.name)
        self.sheet.setCurrentIndex(max(self.sheet.findData(layout.name), 0))
        self.sheet.blockSignals(False)
        self.file_label.setText(_("{file}: header found in row {rows}.").format(
            file=self.path, rows=", ".join(str(r) for r in layout.header_rows)))
        notes = []
        if remembered:
            notes.append(_("The columns are as chosen last time for a book with these "
                           "headers."))
        if layout.year:
            notes.append(_("Year from the title or the sheet's name: {year}.").format(
                year=layout.year))
        if layout.field:
            from app.domain.fields import field_name

            notes.append(_("Field from the sheet: {field}.").format(
                field=field_name(layout.field)))
        self.layout_note.setText(" ".join(notes))
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

    def _show_sheets(self, survey, below) -> None:
        """One line per sheet: import it or not, its rows, and (at a province or a
        district) whose registrations it holds."""
        from app.excel.attribution import unit_of_sheet

        self.sheets.setRowCount(len(survey))
        shown = min(len(survey), 5)  # the table as high as its sheets, five at most
        self.sheets.setFixedHeight(self.sheets.horizontalHeader().height() + 6 +
                                   shown * self.sheets.verticalHeader().defaultSectionSize())
        self.sheet_checks: dict[str, QCheckBox] = {}
        self.sheet_units: dict[str, QComboBox] = {}
        for row, info in enumerate(survey):
            check = QCheckBox()
            check.setChecked(info.registrations and info.visible)
            check.setEnabled(info.layout is not None)
            self.sheets.setCellWidget(row, 0, check)
            self.sheet_checks[info.name] = check
            self.sheets.setItem(row, 1, QTableWidgetItem(info.name))
            self.sheets.setItem(row, 2, QTableWidgetItem(str(info.rows)))
            if info.layout is None:
                self.sheets.setItem(row, 3, QTableWidgetItem(
                    _("No registrations: {why}").format(why=info.why)))
                continue
            if not below:
                self.sheets.setItem(row, 3, QTableWidgetItem(_("This office")))
                continue
            combo = QComboBox()
            combo.addItem(_("(choose)"), None)
            combo.addItem(_("This office"), "")
            for unit in below:
                combo.addItem(unit.name, unit.code)
            named = unit_of_sheet(info.name, below)
            combo.setCurrentIndex(max(combo.findData(named.code if named else None), 0))
            self.sheets.setCellWidget(row, 3, combo)
            self.sheet_units[info.name] = combo
        if not any(check.isChecked() for check in self.sheet_checks.values()):
            # No sheet names its models' column: the clerk is about to say which it is.
            first = next((info.name for info in survey if info.layout is not None), None)
            if first is not None:
                self.sheet_checks[first].setChecked(True)

    def options(self) -> ImportOptions:
        """The sheets, mapping and defaults chosen; a DvkError for an impossible date or
        a sheet whose unit is still to choose."""
        year = self.default_year.value()
        default_date, problem = self.default_date.date_or_error()
        if problem:
            raise DvkError(problem)
        chosen = [name for name, check in self.sheet_checks.items() if check.isChecked()]
        if not chosen:
            raise DvkError(_("Tick at least one sheet to import."))
        mapping = [combo.currentData() for combo in self.combos]
        shown = self.layout_found
        same = {info.name for info in self.survey if info.layout is not None and
                info.layout.headers == shown.headers}
        units = {}
        for name in chosen:
            combo = self.sheet_units.get(name)
            if combo is None:
                continue
            if combo.currentData() is None and any(
                    c.currentData() for c in self.sheet_units.values()):
                raise DvkError(_("Choose whose registrations the sheet {sheet} holds."
                                 ).format(sheet=name))
            if combo.currentData() is not None:
                units[name] = combo.currentData()  # "": this office's own
        return ImportOptions(sheets=chosen,
                             mappings={name: mapping for name in chosen
                                       if name in same | {shown.name}},
                             default_year=None if year == NO_YEAR else year,
                             default_date=default_date,
                             create_subunits=self.create_units.isChecked(),
                             sheet_units=units,
                             include_hidden=self.include_hidden.isChecked(),
                             remember=True)

    # -- step 2: the preview ----------------------------------------------------------------
    def preview(self) -> None:
        found = run_action(self, lambda: (self.options(), self.path))
        if found is NOT_DONE:
            return
        options, path = found

        opener = self.ctx.opener()

        def job(progress):
            with opener() as other:
                return other.excel.run_import(path, options, apply=False, progress=progress)

        run_action(self, job, self._show_preview, jobs=self.jobs,
                   progress=_("Checking every row"))

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
        hidden = sum(1 for row in report.rows if row.hidden)
        if hidden:
            lines.append(_("{count} rows are hidden in the sheet (shown in grey); they are "
                           "imported only when hidden rows are included.").format(count=hidden))
        sheets = [sheet for sheet in report.sheets if sheet.imported]
        if len(report.sheets) > 1:
            lines.append(_("Sheets imported: {sheets}").format(sheets=", ".join(
                f"{sheet.name} ({sheet.unit})" if sheet.unit else sheet.name
                for sheet in sheets)))
        self.summary.setText("\n".join(lines))
        self.outcome.setCurrentIndex(0)
        self.model.set_report(report)
        refused = next((i for i, row in enumerate(self.model.rows) if row.outcome == REFUSED),
                       0 if self.model.rows else -1)
        if refused >= 0:  # the first refusal read out in full, at once
            self.table.selectRow(refused)
        self._show_detail(refused)
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

        opener = self.ctx.opener()

        def job(progress):
            # Run again on this job's own connection, in one transaction: what is
            # written is what this connection sees now.
            with opener() as other:
                return other.excel.run_import(path, options, apply=True, progress=progress)

        run_action(self, job, self._done, jobs=self.jobs, progress=_("Importing"),
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
