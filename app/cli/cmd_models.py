"""`dvk models list|show|add|withdraw`: registrations of models and exemplars."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from app import clock
from app.cli.common import open_context, resolve_registration
from app.cli.helptexts import FIELD, FIELD_FILTER, JSON, MODEL, YEAR_FILTER
from app.cli.output import print_json, print_table, say, warn
from app.domain.dates import DateError, parse_date
from app.domain.fields import field_name
from app.domain.listing import ListQuery
from app.domain.privacy import CONSENT_METHODS
from app.domain.registration import KINDS, STATUSES, Mode, from_plain, label, to_plain
from app.errors import DvkError
from app.i18n import _, format_date


def register(sub) -> None:
    models = sub.add_parser("models", help=_("registrations of models and exemplars"))
    actions = models.add_subparsers(dest="action", required=True, metavar=_("ACTION"))

    listing = actions.add_parser("list", help=_("list registrations"))
    listing.add_argument("--search", default="", metavar=_("TEXT"),
                         help=_("words to find, with or without diacritics"))
    listing.add_argument("--year", type=int, metavar=_("YEAR"), help=_(YEAR_FILTER))
    listing.add_argument("--field", type=int, choices=[1, 2, 3, 4], help=_(FIELD_FILTER))
    listing.add_argument("--kind", choices=sorted(KINDS),
                         help=_("only this kind: mo_hinh (model) or dien_hinh (exemplar)"))
    listing.add_argument("--status", choices=sorted(STATUSES), help=_(
        "only this status: da_dang_ky (registered) or rut (withdrawn)"))
    listing.add_argument("--limit", type=int, default=None, metavar=_("NUMBER"),
                         help=_("show at most this many registrations (default: all)"))
    listing.add_argument("--json", action="store_true", help=_(JSON))
    listing.set_defaults(handler=run_list)

    show = actions.add_parser("show", help=_("show one registration"))
    show.add_argument("id", metavar=_("MODEL"), help=_(MODEL))
    show.add_argument("--json", action="store_true", help=_(JSON))
    show.set_defaults(handler=run_show)

    add = actions.add_parser("add", help=_("register a model or exemplar"))
    add.add_argument("--from-json", metavar=_("FILE"),
                     help=_("the registration as JSON (- for standard input)"))
    add.add_argument("--name", metavar=_("NAME"), help=_("name of the model or exemplar"))
    add.add_argument("--field", type=int, choices=[1, 2, 3, 4], help=_(FIELD))
    add.add_argument("--kind", choices=sorted(KINDS),
                     help=_("mo_hinh (a model) or dien_hinh (an exemplar)"))
    add.add_argument("--subunit", metavar=_("CODE"), help=_(
        "code of the sub-unit that registers it (see: dvk units list)"))
    add.add_argument("--year", type=int, metavar=_("YEAR"), help=_(
        "the campaign year, e.g. 2026 (default: this year; next year once this "
        "year's registration deadline has passed)"))
    add.add_argument("--registered-on", metavar=_("DD/MM/YYYY"), help=_(
        "the registration date, dd/mm/yyyy or yyyy-mm-dd (default: today)"))
    add.add_argument("--replicates", metavar=_("ID"), help=_("the model this one replicates"))
    add.add_argument("--consent-on", metavar=_("DD/MM/YYYY"), help=_(
        "an individual: the day the person signed their consent to DVK holding their data"))
    add.add_argument("--consent-how", choices=sorted(CONSENT_METHODS), help=_(
        "an individual: how they consented: phieu_dang_ky (the consent line of the signed "
        "registration form) or van_ban (a separate signed statement)"))
    add.set_defaults(handler=run_add)

    withdraw = actions.add_parser("withdraw", help=_("withdraw a registration (kept, marked)"))
    withdraw.add_argument("id", metavar=_("MODEL"), help=_(MODEL))
    withdraw.add_argument("--reason", required=True, metavar=_("TEXT"),
                          help=_("why the registration is withdrawn"))
    withdraw.set_defaults(handler=run_withdraw)


def run_list(args) -> int:
    query = ListQuery(search=args.search, year=args.year, field=args.field, kind=args.kind,
                      status=args.status)
    with open_context(args) as ctx:
        items = ctx.registrations.list_json(query, limit=args.limit)
    if args.json:
        print_json(items)
        return 0
    print_table(
        [_("Year"), _("Model name"), _("Registrant"), _("Field"), _("Status"), "ID"],
        [(i["year"], i["name"], i["registrant"], field_name(i["field"]),
          label(STATUSES, i["status"]), i["id"][:8]) for i in items])
    say(_("{count} registrations.").format(count=len(items)))
    return 0


def run_show(args) -> int:
    with open_context(args) as ctx:
        record = ctx.registrations.get(resolve_registration(ctx, args.id))
        replications = ctx.registrations.replications(record.id)
    if args.json:
        print_json({**record.as_json(),
                    "replications": [r.as_json() for r in replications]})
        return 0
    say(f"{record.name}")
    say(_("Registrant: {name}").format(name=record.registrant))
    say(_("Field: {field}").format(field=field_name(record.field)))
    say(_("Registered on: {date}").format(
        date=format_date(parse_date(record.registered_on))))
    say(_("Status: {status}").format(status=label(STATUSES, record.status)))
    if record.withdraw_reason:
        say(_("Reason for withdrawal: {reason}").format(reason=record.withdraw_reason))
    for target in record.targets:
        say(f"  - {target.indicator}: {target.target} {target.unit_of_measure}")
    return 0


def run_add(args) -> int:
    data: dict = {}
    if args.from_json:
        try:
            text = sys.stdin.read() if args.from_json == "-" else \
                Path(args.from_json).read_text(encoding="utf-8")
            data = json.loads(text)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise DvkError(_("The JSON file cannot be read: {detail}").format(
                detail=error)) from error
        if not isinstance(data, dict):
            raise DvkError(_("The JSON file must hold one registration (an object)."))
    with open_context(args) as ctx:
        base = to_plain(ctx.registrations.blank(args.year))
        reg = from_plain({**base, **data}, year=args.year or clock.today().year)
        if args.name is not None:
            reg.name = args.name
        if args.field is not None:
            reg.field = args.field
        if args.kind is not None:
            reg.kind = args.kind
        if args.subunit is not None:
            reg.subunit_code = args.subunit
        if args.replicates:
            reg.mode, reg.replicates_id = Mode.REPLICATION, resolve_registration(ctx, args.replicates)
        if args.registered_on:
            try:
                reg.registered_on = parse_date(args.registered_on)
            except DateError as error:
                raise DvkError(str(error)) from None
        if args.consent_on or args.consent_how:
            if reg.person is None:
                raise DvkError(_("Consent is recorded for an individual: give the person "
                                 "in --from-json."))
            if args.consent_on:
                try:
                    reg.person.consent_on = parse_date(args.consent_on)
                except DateError as error:
                    raise DvkError(str(error)) from None
            reg.person.consent_how = args.consent_how or reg.person.consent_how or \
                "phieu_dang_ky"
        if "receiving_body" not in data:
            reg.receiving_body = ctx.registrations.proposed_receiving_body(
                reg.subject, reg.subunit_code)
        registration_id = ctx.registrations.save(reg)
        for warning in ctx.registrations.warnings(reg):
            warn(_("Warning: {message}").format(message=warning))
    say(registration_id)
    return 0


def run_withdraw(args) -> int:
    with open_context(args) as ctx:
        ctx.registrations.withdraw(resolve_registration(ctx, args.id), args.reason)
    say(_("Withdrawn."))
    return 0
