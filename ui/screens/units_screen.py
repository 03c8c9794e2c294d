"""The office and its sub-units (thôn, tổ dân phố, chi bộ, chi hội...), and the
mergers (sáp nhập) it knows of."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.units import level_label, profile_label, type_label
from app.errors import DvkError
from app.i18n import _, format_date
from ui.screens.merge_dialog import MergeDialog
from ui.screens.subunit_dialog import SubunitDialog
from ui.widgets.buttons import make_button
from ui.widgets.empty_state import empty_state


class UnitsScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.heading = QLabel()
        self.heading.setObjectName("officeHeading")
        self.heading.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("unitsTree")
        self.tree.setHeaderLabels([_("Name"), _("Kind"), _("Code")])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.add_button = make_button(_("Add sub-unit..."), "addSubunitButton", self.add_subunit)
        self.merge_button = make_button(_("Merge units..."), "mergeUnitsButton", self.merge_units)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.merge_button)
        buttons.addStretch(1)
        self.mergers_label = QLabel(_("Mergers (sáp nhập)"))
        self.mergers = QTreeWidget()
        self.mergers.setObjectName("mergersList")
        self.mergers.setRootIsDecorated(False)
        self.mergers.setHeaderLabels([_("Unit that was merged"), _("Merged into"),
                                      _("From the day"), _("Note")])
        self.mergers.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.empty = empty_state(self.tree, _(
            "No sub-units yet - press \u201c{add}\u201d to add the villages, residential "
            "groups, Party cells, association branches and agencies of this office.").format(
            add=_("Add sub-unit...").rstrip(".")))
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tree, 3)
        layout.addLayout(buttons)
        layout.addWidget(self.mergers_label)
        layout.addWidget(self.mergers, 1)
        self.refresh()

    def refresh(self) -> None:
        self.tree.clear()
        try:
            office = self.ctx.units.office()
            parent = self.ctx.units.parent_office()
            profile = self.ctx.units.profile
            subunits = self.ctx.units.subunits()
            offices = self.ctx.units.child_offices()
            mergers = self.ctx.units.mergers()
        # Not an action: the screen's read; its problem goes in the heading
        except DvkError as error:
            self.heading.setText(error.message)
            return
        self.heading.setText(_(
            "Office: {office} ({level}). Reports to: {parent}. Profile: {profile}.").format(
            office=office.name, level=level_label(office.level),
            parent=parent.name if parent else _("(none)"), profile=profile_label(profile)))
        if offices:
            below = QTreeWidgetItem([_("Offices under this one"), "", ""])
            self.tree.addTopLevelItem(below)
            for unit in offices:
                name = unit.name
                if unit.merged_into:
                    into = self.ctx.units.get(unit.merged_into)
                    name = _("{name} (merged into {into} from {date})").format(
                        name=unit.name, into=into.name if into else unit.merged_into,
                        date=format_date(dt.date.fromisoformat(unit.merged_on))
                        if unit.merged_on else "?")
                QTreeWidgetItem(below, [name, type_label(unit.type), unit.code])
        groups: dict[str, QTreeWidgetItem] = {}
        for unit in subunits:
            group = groups.get(unit.type)
            if group is None:
                group = QTreeWidgetItem([type_label(unit.type), "", ""])
                groups[unit.type] = group
                self.tree.addTopLevelItem(group)
            QTreeWidgetItem(group, [unit.name, type_label(unit.type), unit.code])
        self.tree.expandAll()
        self.mergers.clear()
        for row in mergers:
            QTreeWidgetItem(self.mergers, [
                f"{row.unit_name} ({row.unit_code})",
                f"{row.into_name} ({row.into_code})",
                format_date(dt.date.fromisoformat(row.merged_on)), row.note])
        self.mergers_label.setVisible(bool(mergers))
        self.mergers.setVisible(bool(mergers))

    def add_subunit(self) -> None:
        dialog = SubunitDialog(self.ctx, self)
        if dialog.exec():
            self.refresh()

    def merge_units(self) -> MergeDialog:
        dialog = MergeDialog(self.ctx, self)
        dialog.finished.connect(lambda _result: self.refresh() if dialog.merged else None)
        dialog.open()
        return dialog
