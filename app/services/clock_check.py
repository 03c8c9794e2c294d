"""Is the PC's clock plausible? A PC whose battery is flat starts every day at
01/01/2020; a clock set a year ahead and corrected later goes back in time. Dates
typed today, backups and bundles all take the clock's word, so the clerk is told as
soon as the clock reads earlier than the newest thing this data file knows was
written on it: the last entry of the audit log (every save leaves one) or the newest
backup. Nothing is blocked: the clock may be right and the old entries wrong.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from app import clock
from app.domain import stamps
from app.errors import DvkError
from app.i18n import _
from app.repositories.storage import storage_errors

if TYPE_CHECKING:
    from app.datafile.office_file import OfficeFile
    from app.services.backup import BackupService

# Two PCs on one shared file are rarely a few minutes apart; that is no wrong clock.
TOLERANCE = dt.timedelta(minutes=10)


class ClockCheck:
    def __init__(self, file: OfficeFile, *, backups: Callable[[], BackupService]):
        self.file = file
        self._backups = backups

    def newest_entry(self) -> dt.datetime | None:
        """The newest time this data file recorded a write (index: schema 0011)."""
        with storage_errors():
            row = self.file.db.execute("SELECT max(at) FROM audit_log").fetchone()
        return stamps.parse(row[0]) if row else None

    def newest_backup(self) -> dt.datetime | None:
        try:
            newest = self._backups().newest()
        except (DvkError, OSError):
            return None
        return stamps.parse(newest.made_at) if newest else None

    def latest_known(self) -> tuple[dt.datetime, str] | None:
        """(time, what) of the newest entry or backup, whichever is later."""
        found = [(value, what) for value, what in (
            (self.newest_entry(), "entry"), (self.newest_backup(), "backup")) if value]
        return max(found) if found else None

    def behind(self) -> bool:
        latest = self.latest_known()
        return latest is not None and clock.now() < latest[0] - TOLERANCE

    def problem(self) -> str | None:
        """The warning to show, or None when the clock looks right."""
        latest = self.latest_known()
        if latest is None or clock.now() >= latest[0] - TOLERANCE:
            return None
        when, what = latest
        now = clock.in_vietnam(clock.now()).strftime("%d/%m/%Y %H:%M")
        newest = clock.in_vietnam(when).strftime("%d/%m/%Y %H:%M")
        if what == "backup":
            return _(
                "The computer's clock says {now}, earlier than the newest backup of this "
                "data file ({newest}). If the clock is wrong (a flat battery resets it, "
                "often to 01/01/2020), set the date and time right now: new registrations, "
                "backups and bundles take the clock's date.").format(now=now, newest=newest)
        return _(
            "The computer's clock says {now}, earlier than the newest entry saved in this "
            "data file ({newest}). If the clock is wrong (a flat battery resets it, often to "
            "01/01/2020), set the date and time right now: new registrations, backups and "
            "bundles take the clock's date.").format(now=now, newest=newest)

    def year_warning(self) -> str | None:
        """For a registration being saved: its campaign year and date came from a clock
        that reads an earlier year than this data file's newest entry."""
        newest = self.newest_entry()
        if newest is None or clock.today().year >= clock.in_vietnam(newest).year:
            return None
        return _(
            "The computer's clock is in {year}, but this data file already has entries of "
            "{newest}: check the campaign year and the registration date (and set the "
            "clock right).").format(year=clock.today().year, newest=clock.in_vietnam(newest).year)
