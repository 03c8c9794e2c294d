"""`dvk gui` and `dvk screenshots`: the window.

The core never imports Qt; the window is an optional front end found by module name
(`ui.launch`) at run time, so the command line works even where PySide6 is missing.
"""

from __future__ import annotations

import importlib

from app.cli.common import db_path
from app.errors import DvkError
from app.i18n import _, language


def register(sub) -> None:
    gui = sub.add_parser("gui", help=_("open the window"))
    gui.add_argument("--demo", action="store_true",
                     help=_("open a ready-made demo office (created on first use)"))
    gui.set_defaults(handler=run_gui)
    shots = sub.add_parser("screenshots", help=_("render every main screen to PNG files"))
    shots.add_argument("--out", required=True, metavar=_("FOLDER"),
                       help=_("folder for the PNG files"))
    shots.set_defaults(handler=run_screenshots)


def _frontend():
    try:
        return importlib.import_module("ui.launch")
    except ImportError as error:
        raise DvkError(_("The window cannot start: {detail}. Reinstall DVK.").format(
            detail=error)) from error


def run_gui(args) -> int:
    return _frontend().run_gui(db=db_path(args) if args.db or not args.demo else None,
                               demo=args.demo, lang=language())


def run_screenshots(args) -> int:
    if args.db:
        # Every screen of a real office, rendered without signing in, with the form
        # drafts the window saves as it goes: the administrator's job once accounts are
        # on. (Without --db it renders a demo office of its own.)
        from app.cli.common import open_context
        from app.domain.accounts import ADMIN

        with open_context(args) as ctx:
            ctx.accounts.require(ADMIN)
    return _frontend().run_screenshots(db=db_path(args) if args.db else None, out=args.out,
                                       lang=language())
