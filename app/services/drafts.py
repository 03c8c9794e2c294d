"""Autosaved form contents: nothing typed is lost when the window closes or the
program is killed.

A draft belongs to one window (this context's session, `ctx.session_id`) and one base
version of its record. Other windows never load a draft whose window is still open
(app/datafile/presence.py says which are); a draft whose window is gone, or that this
window kept and closed, is offered again, and whoever reopens it takes it over
(`claim`). Saving a record removes its own window's draft in the same transaction
(RegistrationService.save), never another's.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from app.core.events import DRAFTS_CHANGED
from app.domain.drafts import Draft
from app.repositories import drafts as repo
from app.repositories.storage import storage_errors, transaction

if TYPE_CHECKING:
    from app.datafile.office_file import OfficeFile


class DraftService:
    def __init__(self, file: OfficeFile):
        self.file = file
        self._held: set[str] = set()  # drafts of this window's open forms

    def save(self, draft_id: str, *, kind: str, record_id: str | None, title: str,
             content: dict[str, Any], base_version: int | None = None,
             base: dict[str, Any] | None = None) -> None:
        with transaction(self.file.db):
            repo.save(self.file.db, draft_id, kind=kind, record_id=record_id, title=title,
                      content=content, owner=self.file.session_id, base_version=base_version,
                      base=base)
        self.file.events.emit(DRAFTS_CHANGED)

    def get(self, draft_id: str) -> Draft | None:
        with storage_errors():
            return repo.get(self.file.db, draft_id)

    def discard(self, draft_id: str) -> None:
        with transaction(self.file.db):
            repo.discard(self.file.db, draft_id)
        self._held.discard(draft_id)
        self.file.events.emit(DRAFTS_CHANGED)

    # -- which window a draft belongs to ------------------------------------------------
    def hold(self, draft_id: str) -> None:
        """An open form of this window types into `draft_id`."""
        self._held.add(draft_id)

    def release(self, draft_id: str) -> None:
        """The form closed; a draft it kept is offered again."""
        self._held.discard(draft_id)
        self.file.events.emit(DRAFTS_CHANGED)

    def open_elsewhere(self, draft: Draft) -> bool:
        """The draft belongs to a form open now: this window's or another live one's."""
        owner = draft.owner
        if owner == self.file.session_id:
            return draft.id in self._held
        return bool(owner) and self.file.presence.alive(owner)

    def listing(self, kind: str | None = None) -> list[Draft]:
        """Every draft kept in the data file, newest first."""
        with storage_errors():
            return repo.listing(self.file.db, kind)

    def waiting(self, kind: str | None = None) -> list[Draft]:
        """Drafts waiting to be reopened (none that an open form is typing into),
        newest first."""
        return [row for row in self.listing(kind) if not self.open_elsewhere(row)]

    def waiting_for(self, kind: str, record_id: str) -> list[Draft]:
        """Drafts of one record waiting to be reopened, newest first."""
        with storage_errors():
            rows = repo.listing(self.file.db, kind, record_id)
        return [row for row in rows if not self.open_elsewhere(row)]

    def claim(self, draft_id: str) -> Draft | None:
        """Take a waiting draft over for a form of this window; None when it is gone or
        another window took it first."""
        draft = self.get(draft_id)
        if draft is None or self.open_elsewhere(draft):
            return None
        if draft.owner != self.file.session_id:
            with transaction(self.file.db):
                if not repo.claim(self.file.db, draft_id, self.file.session_id, draft.owner):
                    return None
            draft = replace(draft, owner=self.file.session_id)
        self.hold(draft_id)
        return draft
