"""Autosaved form contents: nothing typed is lost when the window closes or the
program is killed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.repositories import drafts as repo
from app.repositories.storage import storage_errors, transaction
from app.services.events import DRAFTS_CHANGED

if TYPE_CHECKING:
    from app.context import AppContext


class DraftService:
    def __init__(self, ctx: AppContext):
        self.ctx = ctx

    def save(self, draft_id: str, *, kind: str, record_id: str | None, title: str,
             content: dict[str, Any]) -> None:
        with transaction(self.ctx.db):
            repo.save(self.ctx.db, draft_id, kind=kind, record_id=record_id, title=title,
                      content=content)
        self.ctx.events.emit(DRAFTS_CHANGED)

    def load(self, draft_id: str) -> dict[str, Any] | None:
        with storage_errors():
            return repo.load(self.ctx.db, draft_id)

    def discard(self, draft_id: str) -> None:
        with transaction(self.ctx.db):
            repo.discard(self.ctx.db, draft_id)
        self.ctx.events.emit(DRAFTS_CHANGED)

    def listing(self, kind: str | None = None) -> list[dict[str, Any]]:
        with storage_errors():
            return repo.listing(self.ctx.db, kind)
