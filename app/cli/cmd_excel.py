"""`dvk import-excel FILE [--dry-run]`, `dvk export-excel --out FILE [--year Y]` and
`dvk excel-template --out FILE`: registrations in and out of Excel workbooks."""

from __future__ import annotations

from app.cli.common import open_context
from app.cli.helptexts import JSON, XLSX_OUT, YEAR_FILTER
from app.cli.output import print_json, print_table, say, warn
from app.domain.dates import DateError, parse_date
from app.errors import DvkError
from app.excel.importer import REFUSED, ImportOptions, outcome_label
from app.i18n import _


class UsageError(DvkError):
    exit_code = 2


def register(sub) -> None:
    importing = sub.add_parser("import-excel", help=_(
        "import registrations from a register kept in Excel (.xlsx, .xls, .xlsm) or "
        "LibreOffice (.ods)"))
    importing.add_argument("file", metavar=_("FILE"),
                           help=_("the workbook to read (.xlsx, .xls, .xlsm, .ods)"))
    importing.add_argument("--dry-run", action="store_true",
                           help=_("only show what would be added, updated or refused"))
    importing.add_argument("--sheet", metavar=_("WORKSHEET"), action="append",
                           help=_("a sheet to read; repeat for several (default: every "
                                  "sheet that holds registrations)"))
    importing.add_argument("--sheet-unit", metavar=_("SHEET=UNIT"), action="append",
                           default=[], help=_(
                               "whose registrations a sheet holds, by unit code or name "
                               "(a province or district importing its communes' book), "
                               "e.g. \"Sheet4=14560\"; repeat for several sheets"))
    importing.add_argument("--include-hidden", action="store_true",
                           help=_("also import the rows the sheet hides or filters out"))
    importing.add_argument("--year", type=int, metavar=_("YEAR"), help=_("the year of rows that give none"))
    importing.add_argument("--registered-on", metavar=_("DD/MM/YYYY"),
                           help=_("the registration date of rows that give none"))
    importing.add_argument("--no-new-units", action="store_true",
                           help=_("refuse rows whose sub-unit does not exist yet"))
    importing.add_argument("--json", action="store_true", help=_(JSON))
    importing.set_defaults(handler=run_import)

    export = sub.add_parser("export-excel", help=_(
        "export the registrations and every statistics table to an Excel workbook"))
    export.add_argument("--out", required=True, metavar=_("FILE.xlsx"), help=_(XLSX_OUT))
    export.add_argument("--year", type=int, metavar=_("YEAR"), help=_(YEAR_FILTER))
    export.add_argument("--personal", action="store_true", help=_(
        "also individuals' years of birth, addresses and phone numbers (left out by "
        "default: docs/privacy.md)"))
    export.set_defaults(handler=run_export)

    template = sub.add_parser("excel-template", help=_(
        "write the Excel template for registrations"))
    template.add_argument("--out", required=True, metavar=_("FILE.xlsx"), help=_(XLSX_OUT))
    template.set_defaults(handler=run_template)


def run_import(args) -> int:
    default_date = None
    if args.registered_on:
        try:
            default_date = parse_date(args.registered_on)
        except DateError as error:
            raise DvkError(str(error)) from None
    sheet_units = {}
    for text in args.sheet_unit:
        sheet, found, unit = text.rpartition("=")
        if not found or not sheet.strip() or not unit.strip():
            raise UsageError(_("Write --sheet-unit as \"SHEET=UNIT\" (the sheet's name, an "
                               "equals sign, the unit's code or name), not \"{text}\"."
                               ).format(text=text))
        sheet_units[sheet.strip()] = unit.strip()
    options = ImportOptions(sheets=args.sheet, default_year=args.year,
                            default_date=default_date, create_subunits=not args.no_new_units,
                            sheet_units=sheet_units, include_hidden=args.include_hidden)
    with open_context(args) as ctx:
        report = ctx.excel.run_import(args.file, options, apply=not args.dry_run)
    if args.json:
        print_json(report.as_json())
    else:
        _print_report(report)
    return 1 if report.counts()[REFUSED] else 0


def _print_sheets(report) -> None:
    if len(report.sheets) < 2 and all(sheet.imported for sheet in report.sheets):
        return
    rows = []
    for sheet in report.sheets:
        if sheet.imported:
            what = _("imported") + (f" ({sheet.unit})" if sheet.unit else "")
        else:
            what = _("not imported: {why}").format(why=sheet.why)
        rows.append((sheet.name, sheet.rows, what))
    print_table([_("Sheet"), _("Rows"), _("Import")], rows, max_width=60)
    for sheet in report.sheets:  # in full: what to do may not fit in the table
        if not sheet.imported and len(sheet.why) > 45:
            say(f"{sheet.name}: {sheet.why}")


def _print_report(report) -> None:
    _print_sheets(report)
    counts = report.counts()
    shown = [row for row in report.rows if row.outcome == REFUSED or row.conversions]
    if shown:
        several = len({row.sheet for row in report.rows}) > 1
        print_table(([_("Sheet")] if several else []) +
                    [_("Row"), _("Result"), _("Model name"), _("Why / conversions")],
                    [([row.sheet] if several else []) +
                     [row.row, outcome_label(row.outcome), row.name,
                      "; ".join(row.reasons + row.conversions)] for row in shown],
                    max_width=90)
    if report.ignored_columns:
        say(_("Columns not used: {columns}").format(columns=", ".join(report.ignored_columns)))
    hidden = sum(1 for row in report.rows if row.hidden and row.outcome == "skipped")
    if hidden:
        say(_("{count} rows hidden in the sheet were not imported (--include-hidden imports "
              "them).").format(count=hidden))
    if report.new_subunits:
        say(_("New sub-units: {names}").format(names=", ".join(report.new_subunits)))
    summary = ", ".join(f"{outcome_label(name)}: {number}" for name, number in counts.items())
    if report.applied:
        say(_("Imported from {file} (sheet {sheet}): {summary}.").format(
            file=report.path, sheet=report.sheet, summary=summary))
    else:
        say(_("Preview only, nothing written. {file} (sheet {sheet}): {summary}.").format(
            file=report.path, sheet=report.sheet, summary=summary))
    if counts[REFUSED]:
        warn(_("{count} rows were refused (listed above); the other rows {what}.").format(
            count=counts[REFUSED],
            what=_("were imported") if report.applied else _("would be imported")))


def run_export(args) -> int:
    with open_context(args) as ctx:
        path = ctx.excel.export(args.out, args.year, personal=args.personal)
    say(_("Written: {path}").format(path=path))
    return 0


def run_template(args) -> int:
    with open_context(args) as ctx:
        path = ctx.excel.template(args.out)
    say(_("Written: {path}").format(path=path))
    return 0
