"""`dvk setup`: tell the program which office this data file belongs to."""

from __future__ import annotations

from app.cli.common import open_context, profile_arg
from app.cli.output import say
from app.domain.units import UNIT_TYPES
from app.i18n import _


def register(sub) -> None:
    parser = sub.add_parser("setup", help=_("choose the office of this data file"))
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--unit", metavar=_("CODE"),
                       help=_("official code of the commune or province, e.g. 14725"))
    which.add_argument("--name", metavar=_("NAME"), help=_("name of a unit not in the list"))
    parser.add_argument("--type", choices=sorted(UNIT_TYPES), default=None,
                        help=_("kind of the unit given by --name"))
    parser.add_argument("--parent", metavar=_("CODE"), help=_("parent of the unit given by --name"))
    parser.add_argument("--profile", choices=["hai-cap", "ba-cap"], required=True,
                        help=_("hierarchy: hai-cap (commune -> province) or ba-cap"))
    parser.add_argument("--district", metavar=_("NAME"),
                        help=_("the commune's district (ba-cap only)"))
    parser.add_argument("--place", metavar=_("NAME"),
                        help=_("place name printed on documents"))
    parser.add_argument("--preset", metavar=_("PRESET"), help=_(
        "the body the office issues its papers as, e.g. dang_uy, ubnd, btgdv_tinh; "
        "\"suggested\" for the one suggested for the office (dvk print presets lists "
        "them; dvk print set print.preset changes it later)"))
    parser.set_defaults(handler=run)


def run(args) -> int:
    with open_context(args, create=True) as ctx:
        unit = ctx.setup.configure(
            profile=profile_arg(args.profile), unit_code=args.unit, new_unit_name=args.name,
            new_unit_type=args.type, parent_code=args.parent, district_name=args.district,
            place_name=args.place)
        say(_("This data file now belongs to {name} ({code}).").format(name=unit.name,
                                                                       code=unit.code))
        if args.preset:
            preset = ctx.printing.suggested_preset() if args.preset == "suggested" \
                else args.preset
            ctx.printing.set_preset(preset)
            say(_("Its papers are issued as: {name}.").format(
                name=ctx.printing.preset().name))
    return 0
