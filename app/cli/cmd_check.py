"""`dvk check`: the integrity check of the data file."""

from __future__ import annotations

from app.cli.common import open_context
from app.cli.output import say
from app.i18n import _


def register(sub) -> None:
    parser = sub.add_parser("check", help=_("check the data file for damage"))
    parser.set_defaults(handler=run)


def run(args) -> int:
    with open_context(args) as ctx:
        report = ctx.maintenance.check()
    for line in report.lines:
        say(line)
    for problem in report.problems:
        say(_("PROBLEM: {problem}").format(problem=problem))
    return 0 if report.ok else 1
