"""Plain events raised by services ("registrations changed"); the UI turns them into
Qt signals, the command line ignores them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

REGISTRATIONS_CHANGED = "registrations_changed"
UNITS_CHANGED = "units_changed"
SETTINGS_CHANGED = "settings_changed"
DRAFTS_CHANGED = "drafts_changed"
SYNC_CHANGED = "sync_changed"
SCORES_CHANGED = "scores_changed"
RUBRICS_CHANGED = "rubrics_changed"
RECOGNITION_CHANGED = "recognition_changed"

Listener = Callable[[str, dict[str, Any]], None]


class EventBus:
    def __init__(self) -> None:
        self._listeners: dict[str, list[Listener]] = defaultdict(list)
        self._any: list[Listener] = []

    def subscribe(self, name: str | None, listener: Listener) -> None:
        """Listen to one event, or to every event when `name` is None."""
        (self._any if name is None else self._listeners[name]).append(listener)

    def emit(self, name: str, **payload: Any) -> None:
        for listener in [*self._listeners.get(name, ()), *self._any]:
            listener(name, payload)
