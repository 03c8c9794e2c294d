"""`dvk calendar ...`: the campaign periods and the deadlines of each year (they go
down to the offices below with the next bundles).

    dvk calendar list [--json]                     each year's deadlines
    dvk calendar set YEAR [--registration D] [--proposal D] [--recognition D]
    dvk calendar periods [--json]                  the periods and their guidelines
    dvk calendar guideline YEAR TEXT               the guideline of YEAR's period
    dvk calendar period-add --from Y --to Y --registration DD/MM --proposal DD/MM
                            --recognition DD/MM [--name TEXT]
"""

from __future__ import annotations

import datetime as dt

from app.cli.common import date_arg, open_context
from app.cli.helptexts import JSON, YEAR
from app.cli.output import print_json, print_table, say
from app.i18n import _, format_date


def register(sub) -> None:
    calendar = sub.add_parser("calendar", help=_("the deadlines of each campaign year"))
    actions = calendar.add_subparsers(dest="action", required=True, metavar=_("ACTION"))
    listing = actions.add_parser("list", help=_("list the campaign years and their deadlines"))
    listing.add_argument("--json", action="store_true", help=_(JSON))
    listing.set_defaults(handler=run_list)
    change = actions.add_parser("set", help=_("change deadlines of a campaign year"))
    change.add_argument("year", type=int, metavar=_("YEAR"), help=_(YEAR))
    change.add_argument("--registration", metavar=_("DATE"),
                        help=_("the last day to register models, dd/mm/yyyy"))
    change.add_argument("--proposal", metavar=_("DATE"),
                        help=_("the last day to send proposals to the level above, dd/mm/yyyy"))
    change.add_argument("--recognition", metavar=_("DATE"),
                        help=_("the last day to recognise models, dd/mm/yyyy"))
    change.set_defaults(handler=run_set)
    periods = actions.add_parser("periods", help=_("the campaign periods and their guidelines"))
    periods.add_argument("--json", action="store_true", help=_(JSON))
    periods.set_defaults(handler=run_periods)
    guideline = actions.add_parser("guideline", help=_(
        "the guideline of a campaign period, which its decisions cite"))
    guideline.add_argument("year", type=int, metavar=_("YEAR"), help=_(
        "a year of the period"))
    guideline.add_argument("text", metavar=_("TEXT"), help=_(
        "number, date, issuer and subject, e.g. \"Hướng dẫn số 05-HD/BTGDVTU ngày "
        "18/11/2025 của Ban Tuyên giáo và Dân vận Tỉnh ủy ... về ...\""))
    guideline.set_defaults(handler=run_guideline)
    add = actions.add_parser("period-add", help=_(
        "a new campaign period with the same deadlines each year"))
    add.add_argument("--from", dest="start", type=int, required=True, metavar=_("YEAR"),
                     help=_("its first year"))
    add.add_argument("--to", dest="end", type=int, required=True, metavar=_("YEAR"),
                     help=_("its last year"))
    add.add_argument("--name", metavar=_("TEXT"), help=_(
        "its name (default: Giai đoạn FIRST - LAST)"))
    for name, text in (("registration", _("the last day to register models each year, "
                                          "dd/mm")),
                       ("proposal", _("the last day to send proposals each year, dd/mm")),
                       ("recognition", _("the last day to recognise models each year, "
                                         "dd/mm"))):
        add.add_argument(f"--{name}", required=True, metavar=_("DAY"), help=text)
    add.set_defaults(handler=run_period_add)


def _show(value: str) -> str:
    return format_date(dt.date.fromisoformat(value))


def run_list(args) -> int:
    with open_context(args) as ctx:
        years = ctx.calendar.years()
    if args.json:
        print_json([y.as_json() for y in years])
        return 0
    print_table([_("Year"), _("Registration by"), _("Proposals by"), _("Recognition by"),
                 _("Set by")],
                [(y.year, _show(y.registration_deadline), _show(y.proposal_deadline),
                  _show(y.recognition_deadline),
                  _("shipped default") if y.origin == "VN" else y.origin) for y in years])
    return 0


def run_set(args) -> int:
    dates = {name: date_arg(value) for name, value in (
        ("registration", args.registration), ("proposal", args.proposal),
        ("recognition", args.recognition)) if value}
    with open_context(args) as ctx:
        row = ctx.calendar.set_deadlines(args.year, **dates)
    say(_("Campaign year {year}: registration by {registration}, proposals by {proposal}, "
          "recognition by {recognition}.").format(
        year=row.year, registration=_show(row.registration_deadline),
        proposal=_show(row.proposal_deadline),
        recognition=_show(row.recognition_deadline)))
    return 0


def run_periods(args) -> int:
    with open_context(args) as ctx:
        periods = ctx.calendar.periods()
    if args.json:
        print_json([p.as_json() for p in periods])
        return 0
    print_table([_("Period"), _("Years"), _("Guideline"), _("Set by")],
                [(p.name, f"{p.start_year}-{p.end_year}", p.guideline or _("(not set)"),
                  _("shipped default") if p.origin == "VN" else p.origin)
                 for p in periods], max_width=70)
    return 0


def run_guideline(args) -> int:
    with open_context(args) as ctx:
        period = ctx.calendar.set_guideline(args.year, args.text)
    say(_("{name}: {guideline}").format(name=period.name, guideline=period.guideline))
    return 0


def _day_month(value: str) -> tuple[int, int]:
    from app.errors import DvkError

    parts = value.replace(".", "/").replace("-", "/").split("/")
    try:
        day, month = int(parts[0]), int(parts[1])
    except (ValueError, IndexError):
        raise DvkError(_("{value} is not a day and month; write it as 30/3.").format(
            value=value)) from None
    return day, month


def run_period_add(args) -> int:
    deadlines = {key: _day_month(getattr(args, key))
                 for key in ("registration", "proposal", "recognition")}
    with open_context(args) as ctx:
        period = ctx.calendar.add_period(args.start, args.end, name=args.name or "",
                                         deadlines=deadlines)
    say(_("{name} added: {first} to {last}.").format(
        name=period.name, first=period.start_year, last=period.end_year))
    return 0
