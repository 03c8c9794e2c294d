"""Entry point: global options, the command registry, errors turned into exit codes."""

from __future__ import annotations

import functools
import os
import sys

from app import __version__, console, errorlog
from app.cli import (
    cmd_audit,
    cmd_backup,
    cmd_calendar,
    cmd_check,
    cmd_communes,
    cmd_decisions,
    cmd_demo,
    cmd_encryption,
    cmd_excel,
    cmd_gui,
    cmd_guide,
    cmd_keys,
    cmd_models,
    cmd_numbering,
    cmd_openformat,
    cmd_pdfsign,
    cmd_print,
    cmd_privacy,
    cmd_proposals,
    cmd_recognition,
    cmd_rubrics,
    cmd_scores,
    cmd_setup,
    cmd_stats,
    cmd_sync,
    cmd_units,
    cmd_users,
    cmd_verify_certificate,
)
from app.cli.output import warn
from app.cli.parser import Parser
from app.errors import DvkError
from app.i18n import SUPPORTED, _, set_language

EXIT_OK = 0
EXIT_INTERNAL = 70
COMMANDS = [cmd_gui, cmd_demo, cmd_setup, cmd_units, cmd_models, cmd_scores, cmd_rubrics,
            cmd_recognition, cmd_proposals, cmd_decisions, cmd_numbering, cmd_print,
            cmd_keys, cmd_sync, cmd_communes, cmd_calendar, cmd_stats, cmd_excel,
            cmd_verify_certificate, cmd_openformat,
            cmd_check, cmd_backup, cmd_users, cmd_audit, cmd_privacy,
            cmd_encryption, cmd_guide, cmd_pdfsign]


def build_parser() -> Parser:
    parser = Parser(prog="dvk", description=_(
        "Dân vận khéo: register, score and recognise models; exchange signed bundles."))
    parser.add_argument("--db", metavar=_("PATH"),
                        help=_("the office data file (default: the per-user data folder)"))
    parser.add_argument("--user", metavar=_("NAME"), help=_(
        "sign in as this user when the office uses accounts (password in the variable "
        "DVK_PASSWORD, or asked)"))
    parser.add_argument("--lang", choices=SUPPORTED, default=None,
                        help=_("language of messages and of the window (vi or en)"))
    parser.add_argument("--version", action="version", version=f"dvk {__version__}",
                        help=_("show the version and exit"))
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=Parser)
    for module in COMMANDS:
        module.register(sub)
    return parser


@functools.cache
def _parser_in(lang: str) -> Parser:
    """The parser with its help in `lang`, built once per process and language: its 157
    subparsers take 50-100 ms to build, once per `dvk` process but once per call for
    whoever calls `main` many times in one process (the test suite calls it thousands of
    times). `parse_args` leaves the parser as it was; nothing in it depends on the time,
    the data file or the environment."""
    return build_parser()


def _language_from_argv(argv: list[str]) -> str | None:
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return os.environ.get("DVK_LANG")


def main(argv: list[str] | None = None) -> int:
    # First: Vietnamese must print on any console, file or pipe, and a program with no
    # console (the windowed dvk.exe) must not fail on a message (app/console.py).
    console.prepare()
    argv = list(sys.argv[1:] if argv is None else argv)
    # Messages of the parser itself must already be in the chosen language.
    parser = _parser_in(set_language(_language_from_argv(argv)))
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_OK
    try:
        return int(args.handler(args) or EXIT_OK)
    except DvkError as error:
        warn(_("Error: {message}").format(message=error.message))
        return error.exit_code
    except KeyboardInterrupt:
        warn(_("Stopped."))
        return 130
    except Exception as error:
        log = errorlog.record()
        if not log:  # no data folder to write the log in
            import traceback

            traceback.print_exception(error, file=sys.stderr)
            log = "stderr"
        warn(_("Unexpected error; nothing saved was lost. Details are in {log}.").format(
            log=log))
        return EXIT_INTERNAL
