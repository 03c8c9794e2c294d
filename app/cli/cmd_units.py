"""`dvk units list|add`: the unit tree and the office's sub-units."""

from __future__ import annotations

from app.cli.common import open_context
from app.cli.output import print_json, print_table, say
from app.domain.units import SUBUNIT_TYPES, UNIT_TYPES, level_label, type_label
from app.i18n import _


def register(sub) -> None:
    units = sub.add_parser("units", help=_("the unit tree and the office's sub-units"))
    actions = units.add_subparsers(dest="action", required=True, metavar=_("ACTION"))
    listing = actions.add_parser("list", help=_("list units under a unit (default: this office)"))
    listing.add_argument("--parent", metavar=_("CODE"))
    listing.add_argument("--level", choices=["tinh", "huyen", "xa", "coso"])
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_list)
    add = actions.add_parser("add", help=_("add a sub-unit (village, cell, branch...)"))
    add.add_argument("name", metavar=_("NAME"))
    add.add_argument("--type", required=True, choices=sorted(UNIT_TYPES))
    add.add_argument("--parent", metavar=_("CODE"))
    add.set_defaults(handler=run_add)


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
