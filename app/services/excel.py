"""Excel in and out: the template, exports of lists and statistics, imports of
registrations (preview first, then one transaction)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.progress import NO_PROGRESS, Progress
from app.domain.accounts import CLERK
from app.domain.dates import from_iso
from app.domain.fields import FIELDS, field_name
from app.domain.listing import ListQuery
from app.domain.privacy import CONSENT_SHORT, CONTACT_COLUMNS
from app.domain.registration import GENDERS, KINDS, MODES, STATUSES, SUBJECTS, label
from app.excel import book as books
from app.excel.columns import COLUMNS, DATE, NUMBER, TEXT
from app.excel.importer import Importer, ImportOptions, ImportReport
from app.excel.writer import TableSheet, write
from app.i18n import _
from app.repositories import registrations as registrations_repo
from app.repositories.storage import storage_errors

if TYPE_CHECKING:
    from app.datafile.office_file import OfficeFile
    from app.services.accounts import AccountService
    from app.services.registrations import RegistrationService
    from app.services.statistics import StatisticsService, StatsTable
    from app.services.units import UnitService

_CHOICES = {"kind": KINDS, "subject": SUBJECTS, "gender": GENDERS, "mode": MODES,
            "consent_how": CONSENT_SHORT}


class ExcelService:
    def __init__(self, file: OfficeFile, *, accounts: AccountService, units: UnitService, registrations: RegistrationService, statistics: StatisticsService,
                 importer: Callable[[str | Path, ImportOptions | None], Importer]):
        self.file = file
        self.accounts = accounts
        self.units = units
        self.registrations = registrations
        self.statistics = statistics
        # How a workbook is read into this data file (app/excel/importer.py).
        self._importer = importer

    # -- template -----------------------------------------------------------------------
    def template(self, path: str | Path) -> Path:
        """The registration template: one header row, drop-down lists for the coded
        columns, and a sheet that explains every column."""
        headers = [_(c.header) for c in COLUMNS]
        validations = {index: [_(text) for text in _CHOICES[c.key].values()]
                       for index, c in enumerate(COLUMNS) if c.key in _CHOICES}
        field_column = next(i for i, c in enumerate(COLUMNS) if c.key == "field")
        validations[field_column] = [field_name(code) for code in FIELDS]
        sheets = [
            TableSheet(_("Registrations"), headers, [c.kind for c in COLUMNS], [],
                       widths=[c.width for c in COLUMNS], validations=validations),
            TableSheet(_("How to fill in"), [_("Column"), _("What to write")], [TEXT, TEXT],
                       self._guide(), widths=[30, 90]),
        ]
        return write(path, sheets)

    def _guide(self) -> list[tuple[str, str]]:
        notes = {
            "year": _("The campaign year, e.g. 2026. Empty: the year of the registration date."),
            "name": _("Required. The name of the model or exemplar."),
            "kind": _("Mô hình or Điển hình (empty: Mô hình for a collective, Điển hình for "
                      "a person)."),
            "subject": _("Tập thể or Cá nhân (empty: Cá nhân when only a full name is given)."),
            "registrant": _("The village, cell, branch... that registers (for a person: where "
                            "they live). A name DVK does not know yet is added as a new "
                            "sub-unit."),
            "person_name": _("For an individual exemplar: the person's full name."),
            "consent_on": _("For an individual: the day they signed their consent to DVK "
                            "holding their data (empty with a way given: the registration "
                            "date)."),
            "consent_how": _("Registration form (they signed its consent line) or Separate "
                             "statement. Empty: no consent recorded."),
            "field": _("Kinh tế, Văn hóa - xã hội, Quốc phòng - an ninh or Xây dựng hệ thống "
                       "chính trị (or 1 to 4)."),
            "mode": _("Xây dựng mới or Nhân rộng."),
            "replicates": _("For a replication: the name (or ID) of the model it replicates."),
            "registered_on": _("A date cell, or day/month/year such as 30/03/2026."),
            "id": _("Leave empty for new rows. Exported lists fill it in: such a row updates "
                    "that registration. Do not change it."),
        }
        rows = [(_(c.header), notes.get(c.key, "")) for c in COLUMNS]
        rows.append(("", ""))
        rows.append((_("Notes"), _(
            "A blank cell never erases what DVK holds. Importing the same file again adds "
            "nothing: a row is the same registration when it has the same year, model name "
            "and registrant. Text typed in TCVN3 (.VnTime) or VNI fonts is converted to "
            "Unicode; the preview shows every conversion.")))
        return rows

    # -- exports ------------------------------------------------------------------------
    def list_sheet(self, query: ListQuery, title: str | None = None, *,
                   personal: bool = False) -> TableSheet:
        """The registrations a list shows, as one sheet: every column, except a
        person's year of birth, address and phones unless `personal` (minimisation,
        docs/privacy.md). A column left out never erases anything when the sheet is
        imported again."""
        with storage_errors():
            total = self.registrations.count(query)
            cursor = registrations_repo.export_rows(self.file.db, query)
        kept = [index for index, c in enumerate(COLUMNS)
                if personal or c.key not in CONTACT_COLUMNS]
        columns = [COLUMNS[index] for index in kept]
        kept += [len(COLUMNS), len(COLUMNS) + 1]
        headers = [_(c.header) for c in columns] + [_("Status"), _("Registered at")]
        kinds = [c.kind for c in columns] + [TEXT, TEXT]
        return TableSheet(title or _("Registrations"), headers, kinds,
                          ([row[i] for i in kept] for row in map(self._list_row, cursor)),
                          widths=[c.width for c in columns] + [12, 24], expected_rows=total)

    @staticmethod
    def _list_row(row: tuple) -> list[Any]:
        values = list(row)
        keys = [c.key for c in COLUMNS] + ["status", "unit"]
        for index, key in enumerate(keys):
            value = values[index]
            kind = COLUMNS[index].kind if index < len(COLUMNS) else TEXT
            if key in _CHOICES:
                values[index] = label(_CHOICES[key], value) if value else None
            elif key == "status":
                values[index] = label(STATUSES, value)
            elif key == "field":
                values[index] = field_name(value)
            elif kind == DATE:
                values[index] = from_iso(value) if value else None
            elif value == "":
                values[index] = None
        return values

    def stats_sheet(self, table: StatsTable) -> TableSheet:
        measures = [name for name, _label in table.measures]
        heading = _("Statistics by {what}").format(what=table.title.lower())
        if table.year:
            heading += " - " + _("year {year}").format(year=table.year)
        return TableSheet(
            table.title, [table.title, *(text for _name, text in table.measures)],
            [TEXT, *([NUMBER] * len(measures))],
            [[row.label, *(row.counts[name] for name in measures)] for row in table.rows],
            heading=heading, chart=True,
            total=[table.total_label or _("Grand total"),
                   *(table.totals[name] for name in measures)], footnote=table.note)

    def export_list(self, path: str | Path, query: ListQuery,
                    progress: Progress = NO_PROGRESS, *, personal: bool = False) -> Path:
        sheet = self.list_sheet(query, personal=personal)
        return write(path, [sheet], lambda done, total, text: progress.report(
            done, total, _("Writing row {row}...").format(row=done)))

    def export_stats(self, path: str | Path, tables: list[StatsTable]) -> Path:
        return write(path, [self.stats_sheet(table) for table in tables])

    def export(self, path: str | Path, year: int | None = None,
               progress: Progress = NO_PROGRESS, *, personal: bool = False) -> Path:
        """`dvk export-excel`: the registrations (of a year) and every statistics table;
        years of birth, addresses and phones only when `personal`."""
        sheets = [self.list_sheet(ListQuery(year=year, sort="registered_on", descending=False),
                                  personal=personal)]
        sheets += [self.stats_sheet(table) for table in self.statistics.all_tables(year)]
        return write(path, sheets, lambda done, total, text: progress.report(
            done, total, _("Writing row {row}...").format(row=done)))

    # -- import -------------------------------------------------------------------------
    def inspect(self, path: str | Path, sheet: str | None = None) -> tuple[list[str],
                                                                            books.SheetLayout]:
        """The sheet names and the found header and proposed mapping of a sheet."""
        book = books.open_book(path)
        try:
            with books.reading(path):
                return list(book.sheetnames), books.layout(book, sheet)
        finally:
            book.close()

    def survey(self, path: str | Path, sheet: str | None = None
               ) -> tuple[list[books.SheetInfo], books.SheetLayout, bool]:
        """Every sheet of a workbook (name, rows, whether it holds registrations), the
        layout of one (the first with registrations unless named) with the mapping
        remembered for books like it, and whether it was remembered."""
        from app.excel import layouts

        book = books.open_book(path)
        try:
            with books.reading(path):
                found = books.survey(book)
                layout = books.layout(book, sheet)
        finally:
            book.close()
        remembered = layouts.remembered(self.file, layout.headers)
        if remembered:
            layout.mapping = remembered
        return found, layout, bool(remembered)

    def units_below(self) -> list:
        """The units whose books a province or district may import (empty at a
        commune)."""
        from app.excel import attribution

        return attribution.units_below(self.file, self.units.office())

    def prepare(self, path: str | Path, options: ImportOptions | None = None,
                progress: Progress = NO_PROGRESS) -> Importer:
        importer = self._importer(path, options)
        importer.read(progress)
        return importer

    def run_import(self, path: str | Path, options: ImportOptions | None = None, *,
                   apply: bool, progress: Progress = NO_PROGRESS) -> ImportReport:
        """Read and run every row: a preview (`apply=False`, nothing written) or the
        import itself (one transaction). Both are the data-entry clerk's job."""
        self.accounts.require(CLERK)
        importer = self.prepare(path, options, progress)
        with storage_errors():
            return importer.run(apply=apply, progress=progress)
