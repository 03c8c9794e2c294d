"""`dvk privacy show|correct|erase|request|requests|erasures|purge`: a person's rights
over their data (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15; docs/privacy.md)."""

from __future__ import annotations

from typing import Any

from app.cli.common import open_context
from app.cli.helptexts import JSON
from app.cli.output import print_json, print_table, say, warn
from app.domain import privacy
from app.domain.dates import parse_date
from app.domain.registration import GENDERS, STATUSES, label
from app.domain.scoring import state_label
from app.domain.units import level_label
from app.errors import DvkError
from app.i18n import N_, _, format_date
from app.services.privacy import Holdings

PERSON = N_("the person: their id, the id of one of their registrations, or their full name")


def register(sub) -> None:
    parser = sub.add_parser("privacy", help=_(
        "a person's data: show everything held, correct, erase; requests; retention"))
    actions = parser.add_subparsers(dest="action", required=True, metavar=_("ACTION"))

    show = actions.add_parser("show", help=_(
        "everything this office holds about a person (registrations, score sheets, "
        "evidence, decisions) and who received it"))
    show.add_argument("person", metavar=_("PERSON"), help=_(PERSON))
    show.add_argument("--json", action="store_true", help=_(JSON))
    show.set_defaults(handler=run_show)

    correct = actions.add_parser("correct", help=_("correct a person's data"))
    correct.add_argument("person", metavar=_("PERSON"), help=_(PERSON))
    correct.add_argument("--full-name", metavar=_("NAME"), help=_("the right full name"))
    correct.add_argument("--birth-year", metavar=_("YEAR"),
                         help=_("the right year of birth (empty: not given)"))
    correct.add_argument("--gender", choices=[*sorted(GENDERS), "none"],
                         help=_("nam, nu, or none"))
    correct.add_argument("--position", metavar=_("TEXT"), help=_("the right position"))
    correct.add_argument("--address", metavar=_("TEXT"), help=_("the right address"))
    correct.add_argument("--phone", metavar=_("PHONE"), help=_("the right phone number"))
    correct.set_defaults(handler=run_correct)

    erase = actions.add_parser("erase", help=_(
        "erase a person's personal data and files (the model's record and the decisions' "
        "numbers stay); or a council member's name"))
    target = erase.add_mutually_exclusive_group(required=True)
    target.add_argument("person", nargs="?", metavar=_("PERSON"), help=_(PERSON))
    target.add_argument("--council-member", metavar=_("NAME"), help=_(
        "erase this council member's name on the score sheets this office made"))
    erase.add_argument("--request", metavar=_("ID"), help=_(
        "the request this erasure answers (see: dvk privacy requests)"))
    erase.set_defaults(handler=run_erase)

    request = actions.add_parser("request", help=_(
        "record a person's request to erase or correct data another office owns (it "
        "travels to that office)"))
    request.add_argument("person", metavar=_("PERSON"), help=_(PERSON))
    what = request.add_mutually_exclusive_group(required=True)
    what.add_argument("--erase", action="store_const", const="erase", dest="what",
                      help=_("the person asks to erase their data"))
    what.add_argument("--correct", action="store_const", const="correct", dest="what",
                      help=_("the person asks to correct their data"))
    request.add_argument("--note", default="", metavar=_("TEXT"), help=_(
        "where the request is (a letter's number and date); no personal data"))
    request.set_defaults(handler=run_request)

    requests = actions.add_parser("requests", help=_(
        "requests about persons of this office not acted on yet"))
    requests.add_argument("--json", action="store_true", help=_(JSON))
    requests.set_defaults(handler=run_requests)

    erasures = actions.add_parser("erasures", help=_("the erasures this data file knows"))
    erasures.add_argument("--json", action="store_true", help=_(JSON))
    erasures.set_defaults(handler=run_erasures)

    purge = actions.add_parser("purge", help=_(
        "at the end of a retention period: erase the personal data of individuals whose "
        "models are no longer active (a backup is made first)"))
    purge.add_argument("--before", type=int, required=True, metavar=_("YEAR"), help=_(
        "individuals whose every registration is of a year before this one"))
    purge.add_argument("--dry-run", action="store_true",
                       help=_("only show who would be erased"))
    purge.add_argument("--json", action="store_true", help=_(JSON))
    purge.set_defaults(handler=run_purge)


def _one_person(ctx, text: str) -> str:
    found = ctx.privacy.find(text)
    if not found:
        raise DvkError(_("No person found for {text}: give their full name, their id or "
                         "the id of one of their registrations.").format(text=text))
    if len(found) > 1:
        raise DvkError(_("{count} persons are called {text}: give one id: {ids}.").format(
            count=len(found), text=text, ids=", ".join(found)))
    return found[0]


def _day(value: str | None) -> str:
    if not value:
        return ""
    day = parse_date(value[:10])
    return format_date(day) if day else value


def run_show(args) -> int:
    with open_context(args) as ctx:
        found = ctx.privacy.find(args.person)
        held = [ctx.privacy.show(person_id) for person_id in found]
        # A name (not an id) may also be a council member's.
        council = ctx.privacy.council(args.person) if " " in args.person.strip() else []
    if args.json:
        print_json({"persons": [item.as_json() for item in held],
                    "council_members": [seat.as_json() for seat in council]})
        return 0
    if not held and not council:
        say(_("This office holds nothing about {text}.").format(text=args.person))
        return 0
    for item in held:
        _print_person(item)
    if council:
        say(_("Council member on these score sheets:"))
        print_table([_("Name"), _("Role"), _("Year"), _("Level"), _("Model"), _("Sheet"),
                     _("Made by")],
                    [(r.name, r.role, r.year, level_label(r.level),
                      r.model_name or "", state_label(r.state), r.origin)
                     for r in council])
    return 0


def _print_person(item: Holdings) -> None:
    person = item.person
    say(_("Person {id} (record of office {owner})").format(id=person.id,
                                                          owner=item.owner))
    say("  " + _("Full name: {value}").format(value=person.full_name))
    say("  " + _("Year of birth: {value}").format(value=person.birth_year or ""))
    say("  " + _("Gender: {value}").format(value=label(GENDERS, person.gender)))
    say("  " + _("Position: {value}").format(value=person.position))
    say("  " + _("Address: {value}").format(value=person.address))
    say("  " + _("Phone: {value}").format(value=person.phone))
    consent = privacy.consent_label(person.consent_how)
    if person.consent_on:
        consent = _("{how}, on {day}").format(how=consent, day=_day(person.consent_on))
    say("  " + _("Consent: {value}").format(value=consent))
    if person.erased_on:
        say("  " + _("Erased on {day}.").format(day=_day(person.erased_on)))
    if item.registrations:
        say(_("Registrations:"))
        print_table([_("Year"), _("Model name"), _("Registrant"), _("Contact phone"),
                     _("Unit"), _("Status"), "ID"],
                    [(r.year, r.name, r.registrant, r.contact_phone,
                      r.unit_name or r.unit_code, label(STATUSES, r.status),
                      r.id[:8]) for r in item.registrations])
    if item.evidence:
        say(_("Evidence files:"))
        print_table([_("File"), _("Caption"), _("Size"), _("State")],
                    [(e.file_name, e.caption, e.size,
                      _("removed") if e.removed else _("kept")) for e in item.evidence])
    if item.score_sheets:
        say(_("Score sheets:"))
        print_table([_("Year"), _("Level"), _("State"), _("Made by")],
                    [(s.year, level_label(s.level), state_label(s.state),
                      s.origin) for s in item.score_sheets])
    if item.decision_items:
        say(_("Decisions that name them:"))
        print_table([_("Number"), _("Date"), _("Name in the decision"), _("Detail"),
                     _("Certificate"), _("Issued by")],
                    [(d.number or _("draft"), _day(d.decided_on), d.registrant,
                      d.detail, d.certificate_number, d.origin)
                     for d in item.decision_items])
    for request in item.requests:
        say(_("Request to {action} received on {day} by {office}.").format(
            action=_(privacy.REQUEST_ACTIONS[request.action]),
            day=_day(request.received_on), office=request.origin))
    if item.sent_to:
        say(_("Sent in bundles to: {offices}.").format(offices=", ".join(
            f"{r.name or r.recipient} ({_day(r.first)} - {_day(r.last)})"
            for r in item.sent_to)))
    if item.drafts or item.conflicts:
        say(_("Also kept here: {drafts} unsaved forms, {conflicts} versions in the review "
              "queue.").format(drafts=item.drafts, conflicts=item.conflicts))


def run_correct(args) -> int:
    changes: dict[str, Any] = {}
    if args.full_name is not None:
        changes["full_name"] = args.full_name
    if args.birth_year is not None:
        text = args.birth_year.strip()
        if text and not text.isdigit():
            raise DvkError(_("The year of birth is a number, for example 1975."))
        changes["birth_year"] = int(text) if text else None
    if args.gender is not None:
        changes["gender"] = None if args.gender == "none" else args.gender
    for name in ("position", "address", "phone"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    if not changes:
        raise DvkError(_("Say what to correct, for example --phone 0912345678."))
    with open_context(args) as ctx:
        changed = ctx.privacy.correct(_one_person(ctx, args.person), changes)
    say(_("Corrected: {fields}.").format(fields=", ".join(changed)) if changed
        else _("Nothing changed."))
    return 0


def run_erase(args) -> int:
    with open_context(args) as ctx:
        if args.council_member:
            count = ctx.privacy.erase_council_member(args.council_member)
            say(_("Erased the name on {count} score sheets of this office.").format(
                count=count))
            return 0
        result = ctx.privacy.erase(_one_person(ctx, args.person), request_id=args.request)
    say(_("Erased: the person's data, {registrations} registrations, {files} files, "
          "{items} decision entries of this office. The erasure goes up and down with the "
          "next bundles.").format(registrations=result.registrations, files=result.files,
                                  items=result.decision_items))
    return 0


def run_request(args) -> int:
    with open_context(args) as ctx:
        request_id = ctx.privacy.request(_one_person(ctx, args.person), args.what, args.note)
    say(_("Request recorded ({id}); it goes to the office that owns the record with the "
          "next bundles.").format(id=request_id))
    return 0


def run_requests(args) -> int:
    with open_context(args) as ctx:
        rows = ctx.privacy.open_requests()
    if args.json:
        print_json([row.as_json() for row in rows])
        return 0
    if not rows:
        say(_("No request waits."))
        return 0
    print_table([_("Received"), _("Action"), _("Person"), _("From"), _("Note"), "ID"],
                [(_day(r.received_on), _(privacy.REQUEST_ACTIONS[r.action]),
                  r.person_id, r.origin, r.note, r.id) for r in rows])
    return 0


def run_erasures(args) -> int:
    with open_context(args) as ctx:
        rows = ctx.privacy.erasures()
    if args.json:
        print_json([row.as_json() for row in rows])
        return 0
    print_table([_("Erased on"), _("What"), _("Record"), _("Why"), _("By")],
                [(_day(r.erased_on), _("a person") if r.subject == "person"
                  else _("a council member"), r.record_id,
                  _(privacy.ERASURE_REASONS[r.reason]), r.origin) for r in rows])
    say(_("{count} erasures.").format(count=len(rows)))
    return 0


def run_purge(args) -> int:
    with open_context(args) as ctx:
        if args.dry_run:
            plan, results = ctx.privacy.purge_plan(args.before), []
        else:
            plan, results = ctx.privacy.purge(args.before)
    if args.json:
        print_json({"before": plan.before_year, "dry_run": args.dry_run,
                    "persons": [c.__dict__ for c in plan.candidates],
                    "erased": len(results)})
        return 0
    print_table([_("Full name"), _("Last year"), _("Registrations"), _("Person")],
                [(c.full_name, c.last_year, c.registrations, c.person_id)
                 for c in plan.candidates])
    if args.dry_run:
        say(_("{count} individuals would be erased (nothing was changed).").format(
            count=len(plan.candidates)))
    else:
        say(_("{count} individuals erased; a backup was made first.").format(
            count=len(results)))
    if not plan.candidates:
        warn(_("No individual of this office has only registrations before {year}.").format(
            year=args.before))
    return 0
