"""The review of a year or a whole period (sơ kết / tổng kết): per field the
registrations, replications and recognitions at each level, and per unit; the
summary report of the year, or the review of the period up to it, prints from here,
with the number the office gives it (or room to write it) and "Kính gửi"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.fields import field_name
from app.domain.units import level_label
from app.i18n import _
from app.printing import paper_names
from ui.actions import NOT_DONE, run_action
from ui.models.rows_model import RowsModel
from ui.screens.recognition_common import fill_campaign_years, rows_table
from ui.widgets.buttons import make_button
from ui.widgets.empty_state import empty_state


class ReviewScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.year = QComboBox()
        self.year.setObjectName("reviewYear")
        self.period = QCheckBox(_("The whole campaign period"))
        self.period.setObjectName("reviewPeriod")
        self.totals = QLabel()
        self.totals.setObjectName("reviewTotals")
        self.fields = RowsModel([], self)
        self.fields_table = rows_table(self.fields, [], "reviewFields")
        self.units = RowsModel([], self)
        self.units_table = rows_table(self.units, [], "reviewUnits")
        self.print_button = make_button(_("Print the summary report..."), "printReport", self.print_report)
        self.number = QLineEdit()
        self.number.setObjectName("reportNumber")
        self.number.setPlaceholderText(_("number: empty leaves room to write it"))
        self.number.setMaximumWidth(220)
        self.take_button = make_button(_("Next number"), "takeReportNumber",
                                       self.take_number)
        self.year.currentIndexChanged.connect(self.refresh)
        self.period.toggled.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Year")))
        top.addWidget(self.year)
        top.addWidget(self.period)
        top.addStretch(1)
        top.addWidget(self.number)
        top.addWidget(self.take_button)
        top.addWidget(self.print_button)
        nothing = _("Nothing to count for this choice: no registration of the year (or "
                    "of the period) yet. Choose another year above, or enter registrations "
                    "in the screen \u201c{screen}\u201d.").format(screen=_("Registrations"))
        self.fields_empty = empty_state(self.fields_table, nothing)
        self.units_empty = empty_state(self.units_table, nothing)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.totals)
        layout.addWidget(QLabel(_("Per year and field")))
        layout.addWidget(self.fields_table, 1)
        layout.addWidget(QLabel(_("Per unit")))
        layout.addWidget(self.units_table, 1)
        # Counted when first shown, and recounted after a change only when shown: a year
        # of a national file takes a while, and nobody looks at a hidden screen.
        self.loaded = False
        self.stale = False

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.loaded:
            self.reload()
        elif self.stale:
            self.refresh()

    def reload(self) -> None:
        self.loaded = True
        fill_campaign_years(self.year, self.ctx)
        self.refresh()

    def refresh(self) -> None:
        year = self.year.currentData()
        if year is None:
            return
        if not self.isVisible():
            self.stale = True
            return
        self.stale = False
        def action():
            service = self.ctx.recognition
            years = service.period_years(year) if self.period.isChecked() else [year]
            review = service.review(years)
            levels = review.levels
            return levels, review
        found = run_action(self, action)
        if found is NOT_DONE:
            return
        levels, review = found
        any_level = _("Recognised (any level)")
        self.fields.headers = [_("Year"), _("Field"), _("Registered"), _("Replicated"),
                               *[_("Recognised ({level})").format(level=level_label(lv))
                                 for lv in levels], any_level]
        self.fields.numeric = set(range(2, len(self.fields.headers)))
        rows = []
        for entry in review.years:
            for code in range(1, 5):
                key = str(code)
                rows.append((None, [entry.year, field_name(code),
                                    entry.registered[key], entry.replicated[key],
                                    *[entry.recognised.get(lv, {}).get(key, 0)
                                      for lv in levels], entry.recognised_any[key]], None))
        self.fields.set_rows(rows)
        self.units.headers = [_("Year"), _("Unit"), _("Registered"), _("Replicated"),
                              *[_("Recognised ({level})").format(level=level_label(lv))
                                for lv in levels], any_level]
        self.units.numeric = set(range(2, len(self.units.headers)))
        # Above a commune each commune (office) comes first, its sub-units indented
        # under it: two communes' "Thôn Đông" are two rows.
        self.units.set_rows([(None, [entry.year, "    " * unit.depth + unit.unit,
                                     unit.count("registered"), unit.count("replicated"),
                                     *[unit.count(f"recognised_{lv}") for lv in levels],
                                     unit.count("recognised_any")], None)
                             for entry in review.years for unit in entry.units])
        for table in (self.fields_table, self.units_table):
            table.resizeColumnsToContents()
        totals = review.totals
        self.totals.setText(_("Total: {registered} models registered, {recognised} models "
                              "recognised (at any level), {replicated} replications of "
                              "recognised models.").format(
            registered=totals.registered, recognised=totals.recognised,
            replicated=totals.replicated))

    def take_number(self) -> str | None:
        """The next number of the office's book of reports, used up now."""
        from ui.messages import confirm

        if not confirm(self, _("Number the report"), _(
                "Take the next number of the book of reports? The number is used up even "
                "if the report is not printed."), _("Take the number")):
            return None
        number = run_action(self, lambda: self.ctx.numbering.take_now("report", record_kind="report",
                                                                      record_id=str(self.year.currentData())))
        if number is NOT_DONE:
            return None
        self.number.setText(number)
        return number

    def print_report(self):
        from ui.screens.print_preview import PrintPreviewDialog

        year = self.year.currentData()
        def action():
            pdf = self.ctx.printing.render(self.ctx.recognition_papers.report_document(year, period=self.period.isChecked(),
                number=self.number.text().strip()))
            dialog = PrintPreviewDialog(self.ctx, pdf, title=_("Summary report {year}").format(
                year=year), file_name=paper_names.report(year), parent=self)
            return dialog
        dialog = run_action(self, action)
        if dialog is NOT_DONE:
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog
