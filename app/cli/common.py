"""Helpers shared by commands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app import atrest
from app.cli.output import warn
from app.context import AppContext
from app.domain.dates import DateError, parse_date
from app.errors import DvkError
from app.i18n import _
from app.paths import default_db_path


def db_path(args) -> Path:
    return Path(args.db) if args.db else default_db_path()


def open_context(args, *, create: bool = False) -> AppContext:
    """The office's data file (an encrypted one unlocked with DVK_DATA_PASSPHRASE, or
    its passphrase asked), signed in as `--user` when one was given. A missing file is
    an error (exit 3), except for `dvk setup`, which makes it (`create`)."""
    path = db_path(args)
    if atrest.needs_unlocking(path):
        from app.cli.passphrase import unlock_data_file

        unlock_data_file(path)
    ctx = AppContext.open(path, create=create)
    for warning in ctx.open_warnings():
        warn(_("Warning: {message}").format(message=warning))
    for note in ctx.open_notes():
        warn(_("Note: {message}").format(message=note))
    user = getattr(args, "user", None)
    if user:
        from app.cli.passphrase import password

        try:
            ctx.accounts.login(user, password())
        except BaseException:
            ctx.close()
            raise
    return ctx


def date_arg(text: str) -> dt.date:
    """A date as clerks type it (30/3/2026) or ISO (2026-03-30); else a clear refusal."""
    try:
        day = parse_date(text)
    except DateError as error:
        raise DvkError(f"{text}: {error}") from None
    if day is None:
        raise DvkError(_("Write the date as day/month/year, for example 30/03/2026."))
    return day


def decimal_arg(text: str) -> float:
    """A number as clerks type it, "2,5" or "2.5" (argparse refuses anything else as
    "Not a number")."""
    return float(text.strip().replace(",", "."))


def profile_arg(value: str) -> str:
    """'hai-cap' on the command line is 'hai_cap' inside."""
    return value.replace("-", "_")


def resolve_registration(ctx: AppContext, prefix: str) -> str:
    """Accept the first characters of a registration id, as the lists print them."""
    rows = ctx.db.execute("SELECT id FROM registrations WHERE id LIKE ? LIMIT 2",
                          [prefix + "%"]).fetchall()
    if len(rows) == 1:
        return rows[0][0]
    if not rows:
        raise DvkError(_("No registration has the id {id}.").format(id=prefix))
    raise DvkError(_("Several registrations start with {id}; give more characters.").format(
        id=prefix))
