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


def register(sub) -> None:
    importing = sub.add_parser("import-excel", help=_(
        "import registrations from an Excel workbook (.xlsx)"))
    importing.add_argument("file", metavar=_("FILE"),
                           help=_("the Excel workbook to read (.xlsx)"))
    importing.add_argument("--dry-run", action="store_true",
                           help=_("only show what would be added, updated or refused"))
    importing.add_argument("--sheet", metavar=_("WORKSHEET"), help=_("the sheet to read (default: the first with data)"))
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
    options = ImportOptions(sheet=args.sheet, default_year=args.year,
                            default_date=default_date, create_subunits=not args.no_new_units)
    with open_context(args) as ctx:
        report = ctx.excel.run_import(args.file, options, apply=not args.dry_run)
    if args.json:
        print_json(report.as_json())
    else:
        _print_report(report)
    return 1 if report.counts()[REFUSED] else 0


def _print_report(report) -> None:
    counts = report.counts()
    shown = [row for row in report.rows if row.outcome == REFUSED or row.conversions]
    if shown:
        print_table([_("Row"), _("Result"), _("Model name"), _("Why / conversions")],
                    [(row.row, outcome_label(row.outcome), row.name,
                      "; ".join(row.reasons + row.conversions)) for row in shown],
                    max_width=90)
    if report.ignored_columns:
        say(_("Columns not used: {columns}").format(columns=", ".join(report.ignored_columns)))
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
        path = ctx.excel.export(args.out, args.year)
    say(_("Written: {path}").format(path=path))
    return 0


def run_template(args) -> int:
    with open_context(args) as ctx:
        path = ctx.excel.template(args.out)
    say(_("Written: {path}").format(path=path))
    return 0
