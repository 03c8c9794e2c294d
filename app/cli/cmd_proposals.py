"""`dvk proposals ...`: proposals (tờ trình đề nghị) to the level above.

    dvk proposals list [--year Y] [--received] [--json]
    dvk proposals candidates [--year Y] [--json]
    dvk proposals create [--year Y] [--model ID [--reason TEXT]]... [--note TEXT]
    dvk proposals add PROPOSAL MODEL [--reason TEXT]
    dvk proposals remove PROPOSAL MODEL
    dvk proposals send PROPOSAL
    dvk proposals show PROPOSAL [--json]
"""

from __future__ import annotations

import argparse

from app.cli.cmd_recognition import shown_date
from app.cli.common import open_context, resolve_registration
from app.cli.helptexts import JSON, MODEL, PROPOSAL, YEAR_CURRENT, YEAR_FILTER
from app.cli.output import print_json, print_table, say
from app.domain.fields import field_name
from app.domain.recognition import proposal_state_label
from app.domain.scoring import format_score, rating_label
from app.domain.units import level_label
from app.i18n import _


def register(sub) -> None:
    parser = sub.add_parser("proposals", help=_("proposals of models to the level above"))
    actions = parser.add_subparsers(dest="action", required=True, metavar=_("ACTION"))

    listing = actions.add_parser("list", help=_("this office's proposals"))
    listing.add_argument("--year", type=int, metavar=_("YEAR"), help=_(YEAR_FILTER))
    listing.add_argument("--received", action="store_true",
                         help=_("the proposals the offices below sent here"))
    listing.add_argument("--json", action="store_true", help=_(JSON))
    listing.set_defaults(handler=run_list)

    candidates = actions.add_parser("candidates", help=_("models that may be proposed"))
    candidates.add_argument("--year", type=int, metavar=_("YEAR"), help=_(YEAR_CURRENT))
    candidates.add_argument("--json", action="store_true", help=_(JSON))
    candidates.set_defaults(handler=run_candidates)

    create = actions.add_parser("create", help=_(
        "a draft proposal (default: every recognised model rated Outstanding)"))
    create.add_argument("--year", type=int, metavar=_("YEAR"), help=_(YEAR_CURRENT))
    create.add_argument("--model", action=_Model, dest="models", default=[], metavar=_("ID"),
                        help=_("a model to propose (repeat); each --reason after it "
                               "belongs to it"))
    create.add_argument("--reason", action=_Reason, metavar=_("TEXT"),
                        help=_("why a model not rated Outstanding is proposed"))
    create.add_argument("--note", default="", metavar=_("TEXT"),
                        help=_("a note on the proposal"))
    create.set_defaults(handler=run_create)

    add = actions.add_parser("add", help=_("add a model to a draft proposal"))
    add.add_argument("proposal", metavar=_("PROPOSAL"), help=_(PROPOSAL))
    add.add_argument("model", metavar=_("MODEL"), help=_(MODEL))
    add.add_argument("--reason", default="", metavar=_("TEXT"),
                     help=_("why a model not rated Outstanding is proposed"))
    add.set_defaults(handler=run_add)

    remove = actions.add_parser("remove", help=_("take a model off a draft proposal"))
    remove.add_argument("proposal", metavar=_("PROPOSAL"), help=_(PROPOSAL))
    remove.add_argument("model", metavar=_("MODEL"), help=_(MODEL))
    remove.set_defaults(handler=run_remove)

    send = actions.add_parser("send", help=_("number the proposal and send it upward"))
    send.add_argument("proposal", metavar=_("PROPOSAL"), help=_(PROPOSAL))
    send.set_defaults(handler=run_send)

    show = actions.add_parser("show", help=_("one proposal with its list"))
    show.add_argument("proposal", metavar=_("PROPOSAL"), help=_(PROPOSAL))
    show.add_argument("--json", action="store_true", help=_(JSON))
    show.set_defaults(handler=run_show)


def _year(ctx, args) -> int:
    return args.year or ctx.recognition.current_year()


def run_list(args) -> int:
    with open_context(args) as ctx:
        rows = ctx.proposals.listing(args.year, received=args.received)
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    print_table([_("Id"), _("Number"), _("Year"), _("Office"), _("To"), _("Models"),
                 _("State"), _("Sent on")],
                [(r.id[:8], r.number, r.year, r.office_name,
                  level_label(r.to_level), r.models, proposal_state_label(r.state),
                  shown_date(r.sent_on)) for r in rows])
    return 0


def run_candidates(args) -> int:
    with open_context(args) as ctx:
        rows = ctx.proposals.candidates(_year(ctx, args))
        items = [ctx.recognition.row_json(r) for r in rows]
        why_none = ctx.proposals.nothing_above()
    if args.json:
        print_json(items)
        return 0
    if why_none:
        say(why_none)
        return 0
    print_table([_("Id"), _("Model / exemplar"), _("Field"), _("Total"), _("Rating")],
                [(i["id"][:8], i["name"], field_name(i["field"]),
                  "" if i["total"] is None else format_score(round(i["total"] * 10)),
                  i["rating_label"]) for i in items], max_width=50)
    return 0


class _Model(argparse.Action):
    def __call__(self, parser, namespace, value, option_string=None):
        items = list(getattr(namespace, self.dest, None) or [])
        items.append([value, ""])
        setattr(namespace, self.dest, items)


class _Reason(argparse.Action):
    """A --reason belongs to the --model before it."""

    def __call__(self, parser, namespace, value, option_string=None):
        items = getattr(namespace, "models", None)
        if not items:
            parser.error(_("Each --reason follows the --model it explains."))
        items[-1][1] = value


def run_create(args) -> int:
    with open_context(args) as ctx:
        pairs = [(resolve_registration(ctx, model), reason) for model, reason in args.models]
        ids = [model for model, _reason in pairs]
        reasons = {model: reason for model, reason in pairs if reason}
        proposal_id = ctx.proposals.create(_year(ctx, args), ids or None, reasons=reasons,
                                           note=args.note)
        count = len(ctx.proposals.as_json(proposal_id)["models"])
    say(_("Draft proposal {id} with {count} model(s). Send it with: dvk proposals send {id}")
        .format(id=proposal_id[:8], count=count))
    return 0


def run_add(args) -> int:
    with open_context(args) as ctx:
        ctx.proposals.add(ctx.proposals.resolve(args.proposal),
                          resolve_registration(ctx, args.model), args.reason)
    say(_("Saved."))
    return 0


def run_remove(args) -> int:
    with open_context(args) as ctx:
        ctx.proposals.remove(ctx.proposals.resolve(args.proposal),
                             resolve_registration(ctx, args.model))
    say(_("Saved."))
    return 0


def run_send(args) -> int:
    with open_context(args) as ctx:
        number = ctx.proposals.send(ctx.proposals.resolve(args.proposal))
    say(_("Sent as number {number}; the next bundle to the level above carries it.").format(
        number=number))
    return 0


def run_show(args) -> int:
    with open_context(args) as ctx:
        proposal = ctx.proposals.as_json(ctx.proposals.resolve(args.proposal))
    if args.json:
        print_json(proposal)
        return 0
    say(_("Proposal {number} ({state}), {year}, to {level}: {addressee}").format(
        number=proposal["number"] or proposal["id"][:8], state=proposal["state_label"],
        year=proposal["year"], level=proposal["to_level_label"],
        addressee=proposal["addressee"]))
    print_table([_("Model / exemplar"), _("Field"), _("Total"), _("Rating"), _("Reason")],
                [(m["name"], field_name(m["field"]),
                  "" if m["total"] is None else format_score(round(m["total"] * 10)),
                  rating_label(m["rating"]), m["reason"]) for m in proposal["models"]],
                max_width=50)
    return 0
