"""`dvk audit [--json] [--print FILE.pdf]`: who did what and when."""

from __future__ import annotations

from app.cli.common import date_arg, open_context
from app.cli.helptexts import JSON
from app.cli.output import print_json, print_table, say
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


def run(args) -> int:
    where = AuditFilter(actor=args.actor, action=args.action, kind=args.kind,
                        since=date_arg(args.since) if args.since else None,
                        until=date_arg(args.until) if args.until else None, text=args.search)
    with open_context(args) as ctx:
        rows = ctx.audit.entries(where, limit=max(args.limit, 0))
        total = ctx.audit.count(where)
        broken = ctx.audit.broken_at()
        chain = ctx.audit.chain_text()
        pdf = ctx.audit.print_pdf(args.pdf, where) if args.pdf else None
    if args.json:
        print_json({"total": total, "chain_intact": broken is None, "broken_at": broken,
                    "entries": rows, "pdf": str(pdf) if pdf else None})
        return 0 if broken is None else 1
    if rows:
        from app.services.audit import AuditService

        print_table(AuditService.headers(), [AuditService.row_texts(r) for r in rows])
    say(_("{shown} of {total} entries, newest first.").format(shown=len(rows), total=total))
    say(chain)
    if pdf:
        say(_("Printed to {path}.").format(path=pdf))
    return 0 if broken is None else 1
