"""`dvk numbering ...`: the issuing body's numbering books.

    dvk numbering list [--json]
    dvk numbering set KIND [--pattern P] [--per term|year] [--term 2025-2030] [--name N]
    dvk numbering entries KIND [--json]

KIND: decision, certificate or proposal. A pattern holds the number once: {n:02d} (two
digits, "05-QĐ/BCĐ") or {n} ("15/QĐ-UBND"). Party books number per term, State books
per calendar year; setting a new term starts again from 01.
"""

from __future__ import annotations

from app.cli.common import open_context
from app.cli.helptexts import JSON
from app.cli.output import print_json, print_table, say
from app.i18n import N_, _
from app.services.numbering import KINDS, SCOPES

BOOK = N_("which book: decision, certificate or proposal")


def register(sub) -> None:
    parser = sub.add_parser("numbering", help=_("numbering books of decisions, certificates "
                                                "and proposals"))
    actions = parser.add_subparsers(dest="action", required=True, metavar=_("ACTION"))
    listing = actions.add_parser("list", help=_("the books and their last numbers"))
    listing.add_argument("--json", action="store_true", help=_(JSON))
    listing.set_defaults(handler=run_list)
    put = actions.add_parser("set", help=_("a new book: pattern, per term or year, term"))
    put.add_argument("kind", choices=sorted(KINDS), help=_(BOOK))
    put.add_argument("--pattern", metavar=_("PATTERN"), help=_(
        "the number's pattern with {n} or {n:02d} (two digits) once, e.g. {n:02d}-QĐ/BCĐ "
        "(default: the current book's)"))
    put.add_argument("--per", choices=sorted(SCOPES), dest="scope", help=_(
        "numbers run per term (Party books) or per year (State books)"))
    put.add_argument("--term", metavar=_("TERM"), help=_(
        "the Party term, e.g. 2025-2030; a new term starts again from 01"))
    put.add_argument("--name", metavar=_("NAME"), help=_("name of the book"))
    put.set_defaults(handler=run_set)
    entries = actions.add_parser("entries", help=_("the numbers a book handed out"))
    entries.add_argument("kind", choices=sorted(KINDS), help=_(BOOK))
    entries.add_argument("--json", action="store_true", help=_(JSON))
    entries.set_defaults(handler=run_entries)


def run_list(args) -> int:
    with open_context(args) as ctx:
        books = ctx.numbering.books()
        previews = {b.kind: ctx.numbering.next_preview(b.kind) for b in books if b.active}
    if args.json:
        print_json([{**b.as_json(), "next": previews.get(b.kind) if b.active else None}
                    for b in books])
        return 0
    print_table([_("Book"), _("Name"), _("Pattern"), _("Numbers run"), _("Term"),
                 _("Last"), _("Next")],
                [(b.kind_label + ("" if b.active else _(" (old)")), b.name,
                  b.pattern, b.scope_label, b.term, b.last,
                  previews.get(b.kind, "") if b.active else "") for b in books])
    return 0


def run_set(args) -> int:
    with open_context(args) as ctx:
        book = ctx.numbering.configure(args.kind, pattern=args.pattern, scope=args.scope,
                                       term=args.term, name=args.name)
        preview = ctx.numbering.next_preview(args.kind)
    say(_("Saved. The next number of the book '{name}' is {number}.").format(
        name=book.name, number=preview))
    return 0


def run_entries(args) -> int:
    with open_context(args) as ctx:
        rows = ctx.numbering.entries(args.kind)
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    print_table([_("Number"), _("Term or year"), _("Date"), _("Who")],
                [(r.text, r.scope_key, r.issued_on, r.actor) for r in rows])
    return 0
