"""Progress and cancellation for long jobs, without Qt: the UI adapts these."""

from __future__ import annotations

from collections.abc import Callable

from app.errors import DvkError
from app.i18n import _


class Cancelled(DvkError):
    def __init__(self) -> None:
        super().__init__(_("Cancelled; nothing was changed."))


class Progress:
    """Passed into long jobs: report(done, total, text) and check for cancel."""

    def __init__(self, callback: Callable[[int, int, str], None] | None = None):
        self._callback = callback
        self.cancelled = False

    def report(self, done: int, total: int, text: str = "") -> None:
        if self._callback:
            self._callback(done, total, text)
        if self.cancelled:
            raise Cancelled()

    def cancel(self) -> None:
        self.cancelled = True


NO_PROGRESS = Progress()
