"""`dvk decisions ...`: recognition decisions (quyết định công nhận).

    dvk decisions list [--year Y] [--level L] [--state nhap|ban_hanh] [--json]
    dvk decisions show NUMBER [--issuer CODE] [--json]
    dvk decisions draft [--year Y] [--model ID]...     (default: every model to decide)
    dvk decisions add DECISION MODEL / remove DECISION MODEL   (drafts only)
    dvk decisions issue DECISION [--date D] [--allow-blanks]  (numbers it, freezes it, final)
    dvk decisions amend NUMBER --reason TEXT            (a correcting decision)

NUMBER is the number as printed ("05-QĐ/BCĐ"; "Số 05-QĐ/BCĐ" also works) or the first
characters of the decision's id (drafts have no number yet).
"""

from __future__ import annotations

from app.cli.cmd_recognition import shown_date
from app.cli.common import date_arg, open_context, resolve_registration
from app.cli.helptexts import DECISION, JSON, LEVEL_FILTER, MODEL, YEAR_CURRENT, YEAR_FILTER
from app.cli.output import print_json, print_table, say
from app.domain.fields import field_name
from app.domain.recognition import DECISION_STATES
from app.domain.scoring import format_score
from app.domain.units import LEVELS, level_label
from app.i18n import _


def register(sub) -> None:
    parser = sub.add_parser("decisions", help=_("recognition decisions: draft, issue, correct"))
    actions = parser.add_subparsers(dest="action", required=True, metavar=_("ACTION"))

    listing = actions.add_parser("list", help=_("decisions issued and drafted"))
    listing.add_argument("--year", type=int, metavar=_("YEAR"), help=_(YEAR_FILTER))
    listing.add_argument("--level", choices=LEVELS, help=_(LEVEL_FILTER))
    listing.add_argument("--state", choices=sorted(DECISION_STATES),
                         help=_("only this state: nhap (draft) or ban_hanh (issued)"))
    listing.add_argument("--json", action="store_true", help=_(JSON))
    listing.set_defaults(handler=run_list)

    show = actions.add_parser("show", help=_("one decision with the models it recognises"))
    show.add_argument("number", metavar=_("NUMBER"), help=_(DECISION))
    show.add_argument("--issuer", metavar=_("CODE"),
                      help=_("the issuing office, when several issued the same number"))
    show.add_argument("--year", type=int, metavar=_("YEAR"),
                      help=_("the year the decision was issued, when numbers repeat"))
    show.add_argument("--json", action="store_true", help=_(JSON))
    show.set_defaults(handler=run_show)

    draft = actions.add_parser("draft", help=_("a draft decision for the models recognised here"))
    draft.add_argument("--year", type=int, metavar=_("YEAR"), help=_(YEAR_CURRENT))
    draft.add_argument("--model", action="append", metavar=_("ID"),
                       help=_("a model to list (repeat); default: every model to decide"))
    draft.set_defaults(handler=run_draft)

    for name, text in (("add", _("add a model to a draft decision")),
                       ("remove", _("take a model off a draft decision"))):
        action = actions.add_parser(name, help=text)
        action.add_argument("decision", metavar=_("DECISION"), help=_(DECISION))
        action.add_argument("model", metavar=_("MODEL"), help=_(MODEL))
        action.set_defaults(handler=run_item, step=name)

    issue = actions.add_parser("issue", help=_("number the decision and its certificates"))
    issue.add_argument("decision", metavar=_("DECISION"), help=_(DECISION))
    issue.add_argument("--date", metavar=_("DATE"), help=_(
        "the day it is signed, as day/month/year (default: today); never a day to come, "
        "nor before the office's last decision"))
    issue.add_argument("--allow-blanks", action="store_true", help=_(
        "issue even with blanks (no signer's name, no guideline number, no codes on the "
        "certificates): they stay blank on the issued paper"))
    issue.set_defaults(handler=run_issue)

    amend = actions.add_parser("amend", help=_("a correcting decision naming the one it amends"))
    amend.add_argument("number", metavar=_("NUMBER"), help=_(DECISION))
    amend.add_argument("--reason", required=True, metavar=_("TEXT"),
                       help=_("why the decision is corrected"))
    amend.set_defaults(handler=run_amend)


def run_list(args) -> int:
    with open_context(args) as ctx:
        ids = [r.id for r in ctx.decisions.listing(year=args.year, state=args.state,
                                                      level=args.level)]
        items = [ctx.decisions.as_json(i) for i in ids]
    if args.json:
        print_json(items)
        return 0
    print_table([_("Number"), _("Date"), _("Level"), _("Year"), _("Issuer"), _("Models"),
                 _("State")],
                [(d["number"] or d["id"][:8], shown_date(d["date"]), d["level_label"],
                  d["year"], d["issuer"] or d["issuer_code"], len(d["models"]),
                  d["state_label"] + (_(" (corrected by {number})").format(
                      number=d["amended_by"]) if d["amended_by"] else ""))
                 for d in items], max_width=50)
    return 0


def run_show(args) -> int:
    with open_context(args) as ctx:
        decision = ctx.decisions.as_json(
            ctx.decisions.resolve(args.number, args.issuer, args.year))
    if args.json:
        print_json(decision)
        return 0
    say(_("Decision {number} of {date}, {issuer}: recognised at {level}, {year}").format(
        number=decision["number"] or _("(draft)"), date=shown_date(decision["date"]),
        issuer=decision["issuer"] or decision["issuer_code"], level=decision["level_label"],
        year=decision["year"]))
    if decision["amends"]:
        say(_("Corrects decision {number}: {reason}").format(number=decision["amends"],
                                                             reason=decision["amend_reason"]))
    print_table([_("Model / exemplar"), _("Registrant"), _("Field"), _("Total"), _("Rating"),
                 _("Certificate")],
                [(e["name"], e["registrant"], field_name(e["field"]),
                  "" if e["total"] is None else format_score(round(e["total"] * 10)),
                  e["rating_label"], e["certificate_number"]) for e in decision["entries"]],
                max_width=45)
    return 0


def run_draft(args) -> int:
    with open_context(args) as ctx:
        year = args.year or ctx.recognition.current_year()
        ids = [resolve_registration(ctx, m) for m in args.model] if args.model else None
        decision_id = ctx.decisions.draft(year, ids)
        count = len(ctx.decisions.items(decision_id))
        level = level_label(ctx.recognition.level())
    say(_("Draft decision {id} recognising {count} model(s) at {level}. Issue it with: "
          "dvk decisions issue {id}").format(id=decision_id[:8], count=count, level=level))
    return 0


def run_item(args) -> int:
    with open_context(args) as ctx:
        decision_id = ctx.decisions.resolve(args.decision)
        model = resolve_registration(ctx, args.model)
        if args.step == "add":
            ctx.decisions.add(decision_id, model)
        else:
            ctx.decisions.remove(decision_id, model)
    say(_("Saved."))
    return 0


def run_issue(args) -> int:
    import sys

    from app.certificates.service import NO_KEY
    from app.errors import DvkError
    from app.services.decisions import Issued

    on = date_arg(args.date) if args.date else None
    with open_context(args) as ctx:
        decision_id = ctx.decisions.resolve(args.decision)
        if on is not None:
            ctx.decisions.check_date(on)  # a wrong date is said before the passphrase
        signer = None
        if ctx.certificate_codes.status() != NO_KEY:
            # The certificates' codes are signed at issue: DVK_PASSPHRASE, or asked.
            from app.cli.passphrase import passphrase

            try:
                signer = ctx.certificate_codes.signer(passphrase())
            except DvkError as error:
                if not args.allow_blanks:
                    raise
                sys.stderr.write(_("Warning: {message}").format(message=error.message) + "\n")
        outcome = ctx.decisions.issue_form(decision_id, signer, on, confirmed=True,
                                           allow_blanks=args.allow_blanks)
        if not isinstance(outcome, Issued):
            raise DvkError(_("Not issued: the issued paper would keep these blanks for "
                             "good:\n- {blanks}\nFill them in, or issue with "
                             "--allow-blanks.").format(blanks="\n- ".join(outcome.blanks)))
    for blank in outcome.warnings:
        sys.stderr.write(_("Warning: {message}").format(message=blank) + "\n")
    say(_("Issued as number {number}.").format(number=outcome.number))
    return 0


def run_amend(args) -> int:
    with open_context(args) as ctx:
        decision_id = ctx.decisions.amend(args.number, args.reason)
    say(_("Draft correcting decision {id}; change its list, then issue it.").format(
        id=decision_id[:8]))
    return 0

