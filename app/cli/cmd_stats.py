"""`dvk stats [--year Y] [--by DIMENSION] [--json]`: the statistics tables."""

from __future__ import annotations

from app.cli.common import open_context
from app.cli.helptexts import JSON, YEAR_FILTER
from app.cli.output import print_json, print_table, say
from app.i18n import _
from app.repositories.statistics import DIMENSIONS


def register(sub) -> None:
    stats = sub.add_parser("stats", help=_(
        "counts of models registered, replicated, scored, recognised and withdrawn by year, "
        "field, kind, level, status, sub-unit or unit below"))
    stats.add_argument("--year", type=int, metavar=_("YEAR"), help=_(YEAR_FILTER))
    stats.add_argument("--by", choices=list(DIMENSIONS), default="field",
                       help=_("how to break the counts down (default: field)"))
    stats.add_argument("--json", action="store_true", help=_(JSON))
    stats.set_defaults(handler=run_stats)


def run_stats(args) -> int:
    with open_context(args) as ctx:
        table = ctx.statistics.table(args.by, args.year)
    if args.json:
        print_json(table.as_json())
        return 0
    names = [name for name, _label in table.measures]
    rows = [(row.label, *(row.counts[name] for name in names)) for row in table.rows]
    rows.append((table.total_label, *(table.totals[name] for name in names)))
    print_table([table.title, *(label for _name, label in table.measures)], rows)
    if table.note:
        say(table.note)
    if args.year:
        say(_("Year: {year}").format(year=args.year))
    return 0
