"""A window on a data file among others: entering it (the lock file that tells other
windows this one is open, app/datafile/presence.py), and what the clerk is told about
the file and the other windows."""

from __future__ import annotations

from app.context import AppContext
from app.datafile.presence import Window
from app.domain import stamps
from app.errors import DvkError
from app.i18n import _


def describe(window: Window) -> str:
    return _("{user} on {computer}, since {since}").format(
        user=window.user, computer=window.computer, since=stamps.show(window.since))


def enter_window(ctx: AppContext) -> list[Window]:
    """Make this context a window on its data file; return the other windows open on
    it. A data file on a network share takes one window at a time: DvkError when
    another one has it open."""
    others = ctx.presence.others()
    if ctx.network and others:
        raise DvkError(_(
            "This data file is on a network share and is already open in another window "
            "({window}). Over a network only one window may use it at a time, or saves "
            "could be lost: close the other window first.").format(window=describe(others[0])))
    user = ctx.accounts.user
    ctx.presence.enter(user.name if user else ctx.actor)
    return others


def file_notices(ctx: AppContext) -> dict[str, str]:
    notices = {}
    if ctx.read_only:
        notices["read_only"] = _(
            "This data file is read-only (a write-protected stick, a CD, a read-only file or "
            "folder): you can look, print, check and back up, but nothing can be saved. Copy "
            "it to a writable folder to work in it.")
    if ctx.network:
        notices["network"] = _(
            "This data file is on a network share: it is opened in the safe way for shared "
            "folders (one window at a time, slower saves). Keeping it on this PC is safer.")
    if ctx.presence.entered:
        others = ctx.presence.others()
        if others:
            notices["windows"] = _(
                "This data file is also open in another window ({window}). Both can work; "
                "if both change the same registration, DVK asks which version to keep.").format(
                window="; ".join(describe(w) for w in others))
    return notices
