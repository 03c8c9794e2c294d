"""`dvk communes`: the communes' status board of an office above the communes (issue
25): last bundle received, registrations, proposals waiting for a decision (and late),
recognised, and the decisions sent down and whether each commune has imported them.

    dvk communes [--year Y] [--missing] [--json]
    dvk communes --print FILE.pdf | --excel FILE.xlsx
"""

from __future__ import annotations

from app.cli.common import open_context
from app.cli.helptexts import JSON
from app.cli.output import print_json, print_table, say
from app.i18n import _


def register(sub) -> None:
    board = sub.add_parser("communes", help=_(
        "the communes' status board: who has sent, what waits, what is late, decisions "
        "sent and imported"))
    board.add_argument("--year", type=int, metavar=_("YEAR"),
                       help=_("the campaign year (default: this year)"))
    board.add_argument("--missing", action="store_true",
                       help=_("only the communes that have sent nothing this year"))
    out = board.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help=_(JSON))
    out.add_argument("--print", metavar=_("FILE.pdf"), dest="pdf",
                     help=_("write the board as a printable PDF"))
    out.add_argument("--excel", metavar=_("FILE.xlsx"),
                     help=_("write the board as an Excel workbook"))
    board.set_defaults(handler=run_board)


def run_board(args) -> int:
    from app.services.communes import cells, headers

    with open_context(args) as ctx:
        service = ctx.communes
        board = service.board(args.year)
        if args.missing:
            board.rows = board.not_sent
        if args.pdf:
            path = ctx.printing.save(service.document(board), args.pdf)
            say(_("Saved {path}.").format(path=path))
            return 0
        if args.excel:
            path = service.write_excel(board, args.excel)
            say(_("Saved {path}.").format(path=path))
            return 0
    if args.json:
        print_json(board.as_json())
        return 0
    print_table(headers(), [cells(row) for row in board.rows], max_width=40)
    totals = board.totals()
    say(_("{communes} communes under {office}: {sent} sent a bundle in {year}, {not_sent} "
          "have not. Proposed here and not decided: {pending} (late: {late}).").format(
        office=board.office_name, year=board.year, **totals))
    return 0
