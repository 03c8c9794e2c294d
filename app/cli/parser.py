"""argparse with Vietnamese messages and one-line errors."""

from __future__ import annotations

import argparse
import sys

from app.domain.safe_output import for_terminal
from app.i18n import N_, _

EXIT_USAGE = 2


class HelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix=_("Usage: ") if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", HelpFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        # argparse titles its two groups in English, out of any catalog.
        self._positionals.title = _("commands and arguments")
        self._optionals.title = _("options")
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help=_("show this help and exit"))

    def error(self, message: str):
        sys.stderr.write(for_terminal(_("dvk: wrong usage: {detail}. See: {prog} --help").format(
            detail=_translate_argparse(message), prog=self.prog)) + "\n")
        sys.exit(EXIT_USAGE)


_ARGPARSE_PHRASES = {
    "the following arguments are required": N_("Missing required arguments"),
    "unrecognized arguments": N_("Unknown arguments"),
    "invalid choice": N_("Invalid choice"),
    "expected one argument": N_("A value is expected"),
    "invalid int value": N_("Not a whole number"),
    "invalid float value": N_("Not a number"),
    "invalid decimal_arg value": N_("Not a number"),
    "argument": N_("argument"),
    "choose from": N_("choose from"),
    "not allowed with argument": N_("cannot be used together with"),
    "one of the arguments": N_("One of these arguments is required"),
}


def _translate_argparse(message: str) -> str:
    for english, msgid in _ARGPARSE_PHRASES.items():
        message = message.replace(english, _(msgid))
    return message
