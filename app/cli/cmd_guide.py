"""`dvk guide --out FILE.pdf`: the user guide, as the window's *Help > User guide*
shows it (app/services/guide.py)."""

from __future__ import annotations

from app.cli.common import open_context
from app.cli.helptexts import PDF_OUT
from app.cli.output import say
from app.i18n import _


def register(sub) -> None:
    guide = sub.add_parser("guide", help=_(
        "write the user guide (the first week, the campaign year step by step, every "
        "screen, the shortcuts) as a PDF"))
    guide.add_argument("--out", required=True, metavar=_("FILE.pdf"), help=_(PDF_OUT))
    guide.set_defaults(handler=run)


def run(args) -> int:
    with open_context(args) as ctx:
        path = ctx.guide.save(args.out)
    say(_("Saved {path}.").format(path=path))
    return 0
