"""The Conflicts tab: the versions the conflict rule kept aside when one record was
changed in two offices, each shown beside the version kept, to mark as reviewed."""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from app.context import AppContext
from app.domain.conflicts import Conflict, KeptVersion
from app.errors import DvkError
from app.i18n import _, format_timestamp
from ui.actions import run_action
from ui.screens.sync_tabs.common import fill, kind_label, table
from ui.widgets.buttons import make_button
from ui.widgets.empty_state import empty_state
from ui.widgets.unit_names import UnitNames


class ConflictsTab(QWidget):
    def __init__(self, ctx: AppContext, *, refresh_all: Callable[[], None]):
        super().__init__()
        self.ctx = ctx
        self.refresh_all = refresh_all
        box = QVBoxLayout(self)
        intro = QLabel(_(
            "When the same record was changed in two offices, the same rule everywhere keeps "
            "one version (higher version, then the later change) and the other one is kept "
            "here, whole, so nothing is lost. Check each one and mark it as reviewed."))
        intro.setWordWrap(True)
        box.addWidget(intro)
        self.conflicts = table([_("No."), _("Kind"), _("Record"), _("From"), _("Kept aside"),
                                _("Version"), _("Date")], "conflictsTable")
        self.conflicts.itemSelectionChanged.connect(self._show_conflict)
        self.conflicts_empty = empty_state(self.conflicts, _(
            "No conflict: no record was changed in two offices at once. Nothing to do."))
        box.addWidget(self.conflicts, 1)
        self.conflict_detail = QPlainTextEdit()
        self.conflict_detail.setObjectName("conflictDetail")
        self.conflict_detail.setReadOnly(True)
        box.addWidget(self.conflict_detail, 1)
        line = QHBoxLayout()
        line.addStretch(1)
        self.reviewed_button = make_button(_("Mark as reviewed"), "markReviewed", self.mark_reviewed)
        line.addWidget(self.reviewed_button)
        box.addLayout(line)
        self._conflict_rows: list[Conflict] = []

    def show_conflicts(self, conflicts: list[Conflict], names: UnitNames) -> None:
        self._conflict_rows = conflicts
        sides = {"local": _("this office's version"), "incoming": _("the bundle's version")}
        fill(self.conflicts, [[c.id, kind_label(c.kind), c.record_key[:13],
                               names.name(c.sender), sides.get(c.loser_side, c.loser_side),
                               c.loser_version, format_timestamp(c.created_at)]
                              for c in conflicts])
        self.conflict_detail.clear()

    def _selected_conflict(self) -> Conflict | None:
        row = self.conflicts.currentRow()
        return self._conflict_rows[row] if 0 <= row < len(self._conflict_rows) else None

    def _show_conflict(self) -> None:
        entry = self._selected_conflict()
        if entry is None:
            self.conflict_detail.clear()
            return
        aside = json.loads(entry.loser_json)
        nothing = KeptVersion(entry.kind, entry.record_key, None, {})
        try:
            current = self.ctx.sync.current_version(entry.kind, entry.record_key) or nothing
        except DvkError:  # not an action: the detail, without the version kept when unreadable
            current = nothing
        lines = [_("Version kept aside ({version}) and the version kept now ({current}); "
                   "fields that differ:").format(
            version=entry.loser_version,
            current="?" if current.version is None else current.version)]
        for name, kept_aside, kept_now in current.differences(aside):
            lines.append(f"- {name}: {kept_aside!r}  ->  {kept_now!r}")
        self.conflict_detail.setPlainText("\n".join(lines))

    def mark_reviewed(self) -> None:
        entry = self._selected_conflict()
        if entry is None:
            return
        run_action(self, lambda: self.ctx.sync.mark_reviewed(entry.id),
                   lambda _: self.refresh_all())
