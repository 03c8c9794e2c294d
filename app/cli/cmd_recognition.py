"""`dvk recognition ...`: the recognition workflow of this office's level.

    dvk recognition status [--year Y] [--level L] [--all] [--json]
    dvk recognition recognise MODEL [--note TEXT]
    dvk recognition refuse MODEL --reason TEXT
    dvk recognition return MODEL --reason TEXT
    dvk recognition history MODEL [--json]
    dvk recognition chain MODEL [--json]        (the chain of replications)
    dvk recognition review [--year Y | --period Y] [--json]   (sơ kết / tổng kết)
    dvk recognition due [--year Y] [--json]     (deadlines and waiting work)
"""

from __future__ import annotations

import json

from app.cli.common import open_context, resolve_registration
from app.cli.helptexts import JSON, MODEL, YEAR_CURRENT
from app.cli.output import print_json, print_table, say
from app.domain.fields import field_name
from app.domain.scoring import format_score
from app.domain.units import LEVELS, level_label
from app.i18n import _


def register(sub) -> None:
    parser = sub.add_parser("recognition", help=_(
        "the recognition workflow: recognise, refuse, send back, review, deadlines"))
    actions = parser.add_subparsers(dest="action", required=True, metavar=_("ACTION"))

    status = actions.add_parser("status", help=_("the models of a year and their state"))
    status.add_argument("--year", type=int, metavar=_("YEAR"), help=_(YEAR_CURRENT))
    status.add_argument("--level", choices=LEVELS, help=_(
        "the level whose models are shown: tinh, huyen, xa or coso (default: this "
        "office's level)"))
    status.add_argument("--all", action="store_true",
                        help=_("every model of the year, whatever its state"))
    status.add_argument("--json", action="store_true", help=_(JSON))
    status.set_defaults(handler=run_status)

    for name, text, why in (
            ("recognise", _("recognise a model at this office's level"), None),
            ("refuse", _("record that a model is not recognised, with the reason"),
             _("why the model is not recognised")),
            ("return", _("send a model back, with the reason"),
             _("why the model is sent back"))):
        action = actions.add_parser(name, help=text)
        if name == "recognise":  # the council's list of the day: several at once
            action.add_argument("model", nargs="+", metavar=_("MODEL"), help=_(
                "the registration (the first characters of its id); several may be "
                "given: each is recognised if it may be, the others are listed with the "
                "reason"))
        else:
            action.add_argument("model", metavar=_("MODEL"), help=_(MODEL))
        if why:
            action.add_argument("--reason", required=True, metavar=_("TEXT"), help=why)
        else:
            action.add_argument("--note", default="", metavar=_("TEXT"),
                                help=_("a note kept with the recognition"))
        action.set_defaults(handler=run_step, step=name)

    history = actions.add_parser("history", help=_("every step of a model: who, when, why"))
    history.add_argument("model", metavar=_("MODEL"), help=_(MODEL))
    history.add_argument("--json", action="store_true", help=_(JSON))
    history.set_defaults(handler=run_history)

    chain = actions.add_parser("chain", help=_("the chain of replications through a model"))
    chain.add_argument("model", metavar=_("MODEL"), help=_(MODEL))
    chain.add_argument("--json", action="store_true", help=_(JSON))
    chain.set_defaults(handler=run_chain)

    review = actions.add_parser("review", help=_(
        "registrations, recognitions and replications per year, field, level and unit"))
    which = review.add_mutually_exclusive_group()
    which.add_argument("--year", type=int, metavar=_("YEAR"), help=_(YEAR_CURRENT))
    which.add_argument("--period", type=int, metavar=_("YEAR"),
                       help=_("every year of the campaign period this year falls in"))
    review.add_argument("--json", action="store_true", help=_(JSON))
    review.set_defaults(handler=run_review)

    due = actions.add_parser("due", help=_("deadlines of the year and the work waiting"))
    due.add_argument("--year", type=int, metavar=_("YEAR"), help=_(YEAR_CURRENT))
    due.add_argument("--json", action="store_true", help=_(JSON))
    due.set_defaults(handler=run_due)


def run_status(args) -> int:
    with open_context(args) as ctx:
        year = args.year or ctx.recognition.current_year()
        rows = ctx.recognition.models(year, level=args.level, everything=args.all)
        items = [ctx.recognition.row_json(row) for row in rows]
        above = ctx.units.office().level != "xa"  # communes by name, above the commune
    if args.json:
        print_json(items)
        return 0
    print_table([_("Id"), _("Model / exemplar"), *([_("Commune")] if above else []),
                 _("Field"), _("Total"), _("Rating"), _("State")],
                [(i["id"][:8], i["name"], *([i["commune"]] if above else []),
                  field_name(i["field"]),
                  "" if i["total"] is None else format_score(round(i["total"] * 10)),
                  i["rating_label"], i["state_label"]) for i in items], max_width=50)
    say(_("{count} model(s).").format(count=len(items)))
    return 0


def run_recognise_many(args) -> int:
    with open_context(args) as ctx:
        ids = [resolve_registration(ctx, model) for model in args.model]
        done, refused = ctx.recognition.recognise_many(ids, args.note)
        names = dict(ctx.db.execute(
            "SELECT id, name FROM registrations WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(ids)]).fetchall())
    say(_("Recognised: {count} model(s).").format(count=len(done)))
    for registration_id, why in refused.items():
        say(_("Not recognised: {name}: {reason}").format(
            name=names.get(registration_id, registration_id), reason=why))
    return 1 if refused else 0


def run_step(args) -> int:
    if args.step == "recognise":
        if len(args.model) > 1:
            return run_recognise_many(args)
        args.model = args.model[0]
    with open_context(args) as ctx:
        model = resolve_registration(ctx, args.model)
        service = ctx.recognition
        if args.step == "recognise":
            service.recognise(model, args.note)
        elif args.step == "refuse":
            service.refuse(model, args.reason)
        else:
            service.send_back(model, args.reason)
        row = service.model(model)
    say(_("Saved: {name} - {state}.").format(name=row.name, state=row.state.label()))
    return 0


def run_history(args) -> int:
    with open_context(args) as ctx:
        rows = ctx.recognition.history(resolve_registration(ctx, args.model))
    if args.json:
        print_json([row.as_json() for row in rows])
        return 0
    print_table([_("Date"), _("Level"), _("Step"), _("Who"), _("Office"), _("Reason")],
                [(shown_date(r.at), level_label(r.level), r.label + (
                    f" -> {level_label(r.to_level)}" if r.to_level else ""),
                  r.actor, r.origin, r.reason) for r in rows], max_width=50)
    return 0


def run_chain(args) -> int:
    with open_context(args) as ctx:
        chain = ctx.recognition.chain(resolve_registration(ctx, args.model))
    if args.json:
        print_json(chain.as_json())
        return 0
    for node in chain.models:
        marks = ", ".join(f"{level_label(r.level)} {r.number}" for r in node.recognised)
        say("{indent}{star}{name} ({year}){marks}".format(
            indent="  " * node.depth, star="* " if node.this else "- ",
            name=node.name, year=node.year, marks=f" [{marks}]" if marks else ""))
    return 0


def run_review(args) -> int:
    with open_context(args) as ctx:
        year = args.year or args.period or ctx.recognition.current_year()
        years = ctx.recognition.period_years(year) if args.period else [year]
        review = ctx.recognition.review(years)
    if args.json:
        print_json(review.as_json())
        return 0
    levels = review.levels
    for entry in review.years:
        say(_("Year {year}").format(year=entry.year))
        print_table([_("Field"), _("Registered"), _("Replicated"),
                     *[_("Recognised ({level})").format(level=level_label(lv))
                       for lv in levels], _("Recognised (any level)")],
                    [(field_name(f), entry.registered[str(f)], entry.replicated[str(f)],
                      *[entry.recognised[lv][str(f)] for lv in levels],
                      entry.recognised_any[str(f)])
                     for f in range(1, 5)])
        say("")
    totals = review.totals
    say(_("Total: {registered} models registered, {recognised} models recognised (at any "
          "level), {replicated} replications of recognised models.").format(
        registered=totals.registered, recognised=totals.recognised,
        replicated=totals.replicated))
    if len(levels) > 1:
        say(_("Recognised per level: {levels}. A model recognised at several levels is "
              "counted at each of them, and once in the total.").format(levels=", ".join(
                  f"{level_label(lv)} {totals.recognised_levels[lv]}" for lv in levels)))
    return 0


def run_due(args) -> int:
    with open_context(args) as ctx:
        agenda = ctx.agenda.as_json(args.year)
        labels = {c.key: c.label for c in ctx.agenda.lines(agenda["year"], agenda["counts"])}
    if args.json:
        print_json(agenda)
        return 0
    print_table([_("Deadline"), _("Date"), _("Status")],
                [(d["label"], shown_date(d["due"]), d["status"]) for d in agenda["deadlines"]])
    say("")
    print_table([_("Work"), _("Count")],
                [(labels[k], v) for k, v in agenda["counts"].items() if k in labels])
    return 0


def shown_date(text: str | None) -> str:
    """An ISO date or timestamp as dd/MM/yyyy."""
    import datetime as dt

    from app.i18n import format_date

    return format_date(dt.date.fromisoformat(text[:10])) if text else ""
