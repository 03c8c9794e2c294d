"""`dvk calendar list|set`: the deadlines of each campaign year (they go down to the
offices below with the next bundles)."""

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


def _show(value: str) -> str:
    return format_date(dt.date.fromisoformat(value))


def run_list(args) -> int:
    with open_context(args) as ctx:
        years = ctx.calendar.years()
    if args.json:
        print_json(years)
        return 0
    print_table([_("Year"), _("Registration by"), _("Proposals by"), _("Recognition by"),
                 _("Set by")],
                [(y["year"], _show(y["registration_deadline"]), _show(y["proposal_deadline"]),
                  _show(y["recognition_deadline"]),
                  _("shipped default") if y["origin"] == "VN" else y["origin"]) for y in years])
    return 0


def run_set(args) -> int:
    dates = {name: date_arg(value) for name, value in (
        ("registration", args.registration), ("proposal", args.proposal),
        ("recognition", args.recognition)) if value}
    with open_context(args) as ctx:
        row = ctx.calendar.set_deadlines(args.year, **dates)
    say(_("Campaign year {year}: registration by {registration}, proposals by {proposal}, "
          "recognition by {recognition}.").format(
        year=row["year"], registration=_show(row["registration_deadline"]),
        proposal=_show(row["proposal_deadline"]),
        recognition=_show(row["recognition_deadline"])))
    return 0
