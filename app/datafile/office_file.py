"""One office's open data file, as the services see it: the connection, who writes in
it, how records are written, its settings and its events. Services get this and the
services they use in their constructors (`app.context` wires them); none of them holds
the whole context."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path

from sqlite_utils import Database

from app.core.events import EventBus
from app.datafile.location import Location
from app.datafile.presence import Presence
from app.errors import DvkError
from app.i18n import _
from app.repositories import settings as settings_repo
from app.repositories.records import RecordWriter, new_id
from app.repositories.storage import storage_errors, transaction


def _nobody_checks() -> None:
    return None


class OfficeFile:
    """The plumbing shared by services over one data file. `before_write` is asked
    before every record writer is handed out (with accounts on, only a signed-in user
    may write); `check_writable` refuses writes to a read-only or moved file."""

    def __init__(self, db: Database, path: str | Path, *, actor: str, location: Location,
                 session_id: str, check_writable: Callable[[], None],
                 before_write: Callable[[], None] = _nobody_checks):
        self.db = db
        self.path = path
        self.actor = actor
        self.location = location
        # This data file as a window (drafts belong to it; app/datafile/presence.py).
        self.session_id = session_id
        self.check_writable = check_writable
        self.before_write = before_write
        # How new record ids are made; the demo generator swaps in a seeded one.
        self.make_id: Callable[[], str] = new_id
        self.events = EventBus()

    @property
    def read_only(self) -> bool:
        return self.location.read_only

    @property
    def network(self) -> bool:
        return self.location.network

    @cached_property
    def presence(self) -> Presence:
        """The windows open on this data file (this one among them once it has
        entered)."""
        return Presence(Path(str(self.path)), self.session_id)

    def setting(self, key: str, default=None):
        with storage_errors():
            return settings_repo.get(self.db, key, default)

    @property
    def office_code(self) -> str:
        code = self.setting("office_code")
        if not code:
            raise DvkError(_(
                "This data file has no office yet. Run the program once and choose your "
                "office, or run: dvk setup --unit CODE"
            ))
        return code

    def writer(self) -> RecordWriter:
        # Every insert or update of a record goes through here.
        self.before_write()
        return RecordWriter(self.db, origin=self.office_code, actor=self.actor,
                            make_id=self.make_id)

    def transaction(self):
        return transaction(self.db)
