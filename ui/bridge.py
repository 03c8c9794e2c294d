"""Plain service events turned into Qt signals (delivered on the UI thread)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.core import events


class EventBridge(QObject):
    registrations_changed = Signal()
    units_changed = Signal()
    settings_changed = Signal()
    drafts_changed = Signal()
    sync_changed = Signal()
    scores_changed = Signal()
    rubrics_changed = Signal()
    recognition_changed = Signal()

    def __init__(self, bus: events.EventBus, parent: QObject | None = None):
        super().__init__(parent)
        self._signals = {
            events.REGISTRATIONS_CHANGED: self.registrations_changed,
            events.UNITS_CHANGED: self.units_changed,
            events.SETTINGS_CHANGED: self.settings_changed,
            events.DRAFTS_CHANGED: self.drafts_changed,
            events.SYNC_CHANGED: self.sync_changed,
            events.SCORES_CHANGED: self.scores_changed,
            events.RUBRICS_CHANGED: self.rubrics_changed,
            events.RECOGNITION_CHANGED: self.recognition_changed,
        }
        bus.subscribe(None, self._on_event)

    def _on_event(self, name: str, payload: dict) -> None:
        signal = self._signals.get(name)
        if signal is not None:
            signal.emit()
