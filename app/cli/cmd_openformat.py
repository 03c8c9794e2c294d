"""`dvk publish-verifier`, `dvk verifier-link`, `dvk export-data`: the office's
certificates checkable in any browser, and its records as open data (issue 20)."""

from __future__ import annotations

from app.cli.common import open_context
from app.cli.helptexts import JSON
from app.cli.output import print_json, say
from app.i18n import _


def register(sub) -> None:
    publish = sub.add_parser("publish-verifier", help=_(
        "write the web page that checks this office's certificates offline in a browser"))
    publish.add_argument("--out", required=True, metavar=_("FILE"), help=_(
        "the page to write (for example xac-minh.html)"))
    publish.add_argument("--json", action="store_true", help=_(JSON))
    publish.set_defaults(handler=run_publish)

    address = sub.add_parser("verifier-link", help=_(
        "show or set the address of the published verifier page that certificates' QR "
        "codes link to"))
    address.add_argument("url", nargs="?", metavar=_("URL"), help=_(
        "the page's address, https://...; the QR code then holds this address, \"#\" and "
        "the code"))
    address.add_argument("--clear", action="store_true", help=_(
        "QR codes hold the bare code again"))
    address.set_defaults(handler=run_link)

    data = sub.add_parser("export-data", help=_(
        "write the office's records as CSV files with a data dictionary (open data)"))
    data.add_argument("--out", required=True, metavar=_("FOLDER"), help=_(
        "the folder to write (made if missing)"))
    data.add_argument("--personal", action="store_true", help=_(
        "also write phone numbers, addresses and birth years (left out by default)"))
    data.add_argument("--json", action="store_true", help=_(JSON))
    data.set_defaults(handler=run_export_data)


def run_publish(args) -> int:
    from app.openformat.verifier import publish

    with open_context(args) as ctx:
        result = publish(ctx, args.out)
    if args.json:
        print_json(result)
        return 0
    say(_("Verifier page written to {path} ({size} KB): {keys} keys, {decisions} issued "
          "decisions. Publish it on the province's website (https), or open it from a "
          "stick; publish it again after a key is revoked or replaced.").format(
        path=result["path"], size=max(1, result["size"] // 1024), keys=result["keys"],
        decisions=result["decisions"]))
    return 0


def run_link(args) -> int:
    with open_context(args) as ctx:
        if args.clear:
            ctx.certificate_codes.set_link_base("")
        elif args.url is not None:
            ctx.certificate_codes.set_link_base(args.url)
        current = ctx.certificate_codes.link_base()
    if current:
        say(_("Certificates' QR codes link to {url}#<code>.").format(url=current))
    else:
        say(_("Certificates' QR codes hold the bare code (no link)."))
    return 0


def run_export_data(args) -> int:
    from app.openformat.opendata import export_data

    with open_context(args) as ctx:
        result = export_data(ctx, args.out, personal=args.personal)
    if args.json:
        print_json(result)
        return 0
    say(_("{tables} tables, {rows} rows written to {folder} (CSV, UTF-8), with the data "
          "dictionary and a script that loads them into DuckDB.").format(
        tables=len(result["tables"]), rows=sum(result["tables"].values()),
        folder=result["folder"]))
    if not args.personal:
        say(_("Phone numbers, addresses and birth years were left out (--personal writes "
              "them)."))
    return 0
