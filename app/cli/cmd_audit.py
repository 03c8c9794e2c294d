"""`dvk audit [--json] [--print FILE.pdf]`: who did what and when; `dvk audit
checkpoint`: sign a checkpoint of the log with the office key; `dvk audit children`: the
checkpoints the offices below sent up; `dvk audit accept FILE --reason TEXT`: accept the
rewritten log of an office below that a refused bundle shows."""

from __future__ import annotations

from app.cli.common import date_arg, open_context
from app.cli.helptexts import JSON
from app.cli.output import print_json, print_table, say
from app.domain import stamps
from app.i18n import _
from app.services.audit import AuditFilter


def register(sub) -> None:
    audit = sub.add_parser("audit", help=_("the audit log: who did what and when"))
    audit.add_argument("--actor", default="", metavar=_("NAME"), help=_("only this user"))
    audit.add_argument("--action", default="", metavar=_("ACTION"),
                       help=_("only this action (login, import...)"))
    audit.add_argument("--kind", default="", metavar=_("KIND"),
                       help=_("only this kind of record"))
    audit.add_argument("--since", metavar="dd/mm/yyyy", help=_("from this day"))
    audit.add_argument("--until", metavar="dd/mm/yyyy", help=_("to this day"))
    audit.add_argument("--search", default="", metavar=_("TEXT"),
                       help=_("text in the record or the details"))
    audit.add_argument("--limit", type=int, default=50, metavar=_("NUMBER"),
                       help=_("show at most this many entries, newest first (default: 50)"))
    audit.add_argument("--json", action="store_true", help=_(JSON))
    audit.add_argument("--print", dest="pdf", metavar=_("FILE.pdf"),
                       help=_("print the log (with these filters) to a PDF file"))
    audit.set_defaults(handler=run)
    more = audit.add_subparsers(dest="what", metavar=_("ACTION"), help=_(
        "without an action: the log itself"))
    checkpoint = more.add_parser("checkpoint", help=_(
        "sign a checkpoint of the log now with the office key (DVK_PASSPHRASE)"))
    checkpoint.add_argument("--json", action="store_true", help=_(JSON))
    checkpoint.set_defaults(handler=run_checkpoint)
    children = more.add_parser("children", help=_(
        "the checkpoints of the logs of the offices below, kept here"))
    children.add_argument("--json", action="store_true", help=_(JSON))
    children.set_defaults(handler=run_children)
    accept = more.add_parser("accept", help=_(
        "accept the rewritten audit log a refused bundle from below shows, after looking "
        "into it, so that office can send again"))
    accept.add_argument("file", metavar=_("FILE"), help=_("the refused bundle"))
    accept.add_argument("--reason", required=True, metavar=_("TEXT"), help=_(
        "why it is accepted (what the office below explained)"))
    accept.set_defaults(handler=run_accept)


def run(args) -> int:
    where = AuditFilter(actor=args.actor, action=args.action, kind=args.kind,
                        since=date_arg(args.since) if args.since else None,
                        until=date_arg(args.until) if args.until else None, text=args.search)
    with open_context(args) as ctx:
        rows = ctx.audit.entries(where, limit=max(args.limit, 0))
        total = ctx.audit.count(where)
        log = ctx.audit_checkpoints.state()  # the chain and the signed checkpoints
        pdf = ctx.audit.print_pdf(args.pdf, where) if args.pdf else None
    broken = log.broken_at
    if args.json:
        print_json({"total": total, "chain_intact": broken is None, "broken_at": broken,
                    "checkpoints": _state_json(log),
                    "entries": [entry.as_json() for entry in rows],
                    "pdf": str(pdf) if pdf else None})
        return 0 if log.ok else 1
    from app.services.audit import AuditService

    if rows:
        print_table(AuditService.headers(), [AuditService.row_texts(r) for r in rows])
    say(_("{shown} of {total} entries, newest first.").format(shown=len(rows), total=total))
    say(AuditService.chain_sentence(broken))
    say(log.text())
    if pdf:
        say(_("Printed to {path}.").format(path=pdf))
    return 0 if log.ok else 1


def _state_json(log) -> dict:
    latest = log.latest
    return {"count": log.checkpoints, "problems": log.problems,
            "protected_entries": latest.entries if latest else 0,
            "latest": None if latest is None else {
                "id": latest.id, "made_at": latest.made_at, "entries": latest.entries,
                "key_id": latest.key_id, "occasion": latest.occasion}}


def run_checkpoint(args) -> int:
    """Sign a checkpoint now (the approver's job: it uses the office key)."""
    from app.cli.passphrase import passphrase

    with open_context(args) as ctx:
        ctx.units.office()
        made = ctx.audit_checkpoints.take_now(passphrase() if ctx.keys.has_key() else None)
        log = ctx.audit_checkpoints.state()
    if args.json:
        print_json({"made": made is not None, "checkpoints": _state_json(log)})
        return 0 if log.ok else 1
    if made is None:
        say(_("The log has not grown since its latest checkpoint; nothing new to sign."))
    else:
        say(_("Checkpoint signed: entries 1 to {entries} of the audit log, with the office "
              "key {key_id}. It goes to the office above with the next bundle.").format(
            entries=made.entries, key_id=made.key_id))
    say(log.text())
    return 0 if log.ok else 1


def run_children(args) -> int:
    with open_context(args) as ctx:
        below = ctx.audit_checkpoints.children()
    if args.json:
        print_json([office.as_json() for office in below])
        return 0
    if not below:
        say(_("No office below has sent a checkpoint of its audit log yet."))
        return 0
    from app.sync.checkpoint_service import occasion_label

    print_table([_("Office"), _("Name"), _("Checkpoints"), _("Latest"), _("Entries covered"),
                 _("Key")],
                [[o.code, o.name, o.checkpoints,
                  f"{stamps.show(o.latest.made_at)} ({occasion_label(o.latest.occasion)})",
                  o.latest.entries, o.latest.key_id] for o in below])
    for office in below:
        for text in office.notes:
            say(_("Note: {office} ({code}): {text}").format(office=office.name,
                                                           code=office.code, text=text))
    return 0


def run_accept(args) -> int:
    from app.cli.passphrase import passphrase

    with open_context(args) as ctx:
        sealed = ctx.sync.needs_passphrase(args.file)  # an encrypted bundle for this office
        accepted = ctx.audit_checkpoints.accept(args.file, args.reason,
                                                passphrase() if sealed else None)
    for checkpoint in accepted:
        say(_("Accepted: the audit log of {office} as its checkpoint of {date} finds it. "
              "Import the file again.").format(office=checkpoint.office,
                                               date=stamps.show(checkpoint.made_at)))
    return 0
