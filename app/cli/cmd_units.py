"""`dvk units list|add|merge|mergers`: the unit tree, the office's sub-units and
mergers (sáp nhập)."""

from __future__ import annotations

import datetime as dt

from app.cli.common import open_context
from app.cli.helptexts import JSON, LEVEL_FILTER
from app.cli.output import print_json, print_table, say
from app.domain.units import SUBUNIT_TYPES, UNIT_TYPES, level_label, type_label
from app.i18n import _, format_date


def register(sub) -> None:
    units = sub.add_parser("units", help=_("the unit tree and the office's sub-units"))
    actions = units.add_subparsers(dest="action", required=True, metavar=_("ACTION"))
    listing = actions.add_parser("list", help=_("list units under a unit (default: this office)"))
    listing.add_argument("--parent", metavar=_("CODE"),
                         help=_("code of the unit whose units are listed "
                                "(default: this office)"))
    listing.add_argument("--level", choices=["tinh", "huyen", "xa", "coso"],
                         help=_(LEVEL_FILTER))
    listing.add_argument("--json", action="store_true", help=_(JSON))
    listing.set_defaults(handler=run_list)
    add = actions.add_parser("add", help=_("add a sub-unit (village, cell, branch...)"))
    add.add_argument("name", metavar=_("NAME"), help=_("name of the new unit"))
    add.add_argument("--type", required=True, choices=sorted(UNIT_TYPES), help=_(
        "kind of the new unit, e.g. thon (village), to_dan_pho (residential group), "
        "chi_bo (Party cell), chi_hoi (association branch)"))
    add.add_argument("--parent", metavar=_("CODE"),
                     help=_("code of the unit it belongs to (default: this office)"))
    add.set_defaults(handler=run_add)
    merge = actions.add_parser("merge", help=_(
        "record that a unit was merged into another (the new unit's office takes over "
        "its records)"))
    merge.add_argument("unit", metavar=_("OLD"), help=_("code of the unit that was merged"))
    merge.add_argument("--into", required=True, metavar=_("NEW"),
                       help=_("code of the unit it was merged into"))
    merge.add_argument("--on", required=True, metavar=_("DATE"),
                       help=_("the day of the merger, YYYY-MM-DD"))
    merge.add_argument("--note", default="", help=_("for example the resolution's number"))
    merge.set_defaults(handler=run_merge)
    mergers = actions.add_parser("mergers", help=_("list the mergers this office knows of"))
    mergers.add_argument("--json", action="store_true", help=_(JSON))
    mergers.set_defaults(handler=run_mergers)


def run_list(args) -> int:
    with open_context(args) as ctx:
        parent = args.parent or ctx.office_code
        units = ctx.units.children(parent, level=args.level)
    if args.json:
        print_json([{"code": u.code, "name": u.name, "type": u.type, "level": u.level,
                     "parent": u.parent_code} for u in units])
    else:
        print_table([_("Code"), _("Name"), _("Kind"), _("Level")],
                    [(u.code, u.name, type_label(u.type), level_label(u.level)) for u in units])
    return 0


def run_add(args) -> int:
    with open_context(args) as ctx:
        if args.type in SUBUNIT_TYPES:
            unit = ctx.units.add_subunit(args.name, args.type, args.parent)
        else:
            unit = ctx.units.add_unit(args.name, args.type, args.parent)
    say(_("Added {name} ({code}).").format(name=unit.name, code=unit.code))
    return 0


def run_merge(args) -> int:
    with open_context(args) as ctx:
        ctx.units.merge(args.unit, args.into, args.on, note=args.note)
        old, new = ctx.units.require(args.unit), ctx.units.require(args.into)
    say(_("{old} ({code}) was merged into {new} ({into}) on {date}; the merger goes to the "
          "offices above and below with the next bundles.").format(
        old=old.name, code=old.code, new=new.name, into=new.code,
        date=format_date(dt.date.fromisoformat(args.on))))
    return 0


def run_mergers(args) -> int:
    with open_context(args) as ctx:
        rows = ctx.units.mergers()
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    if not rows:
        say(_("No mergers."))
        return 0
    print_table([_("Unit"), _("Merged into"), _("On"), _("Recorded by"), _("Note")],
                [(f"{r.unit_name} ({r.unit_code})", f"{r.into_name} ({r.into_code})",
                  format_date(dt.date.fromisoformat(r.merged_on)), r.origin, r.note)
                 for r in rows])
    return 0
