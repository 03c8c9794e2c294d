"""Offices and units shown by their names, the code only in a tooltip.

A clerk knows "Tỉnh Ninh Bình" and "Xã Liêm Hà", not "37" and "13456". Every list or
message that names an office goes through here: the name on screen, the code (which
the province's IT staff may ask for) in the tooltip. Codes not in the data file (an
office not heard of yet) are shown as they are.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTableWidgetItem, QWidget

from app.context import AppContext
from app.errors import DvkError
from app.i18n import _


class UnitNames:
    """Names of units by code, looked up once per code."""

    def __init__(self, ctx: AppContext):
        self.ctx = ctx
        self._names: dict[str, str] = {}

    def name(self, code: str | None) -> str:
        if not code:
            return ""
        if code not in self._names:
            try:
                unit = self.ctx.units.get(code)
            # Not an action: a unit's name, its code when it cannot be read
            except DvkError:
                unit = None
            self._names[code] = unit.name if unit is not None else code
        return self._names[code]

    def item(self, code: str | None, name: str | None = None) -> QTableWidgetItem:
        """A table cell with the unit's name and its code in the tooltip."""
        return unit_item(name or self.name(code), code)


def code_tooltip(code: str | None) -> str:
    return _("Unit code: {code}").format(code=code) if code else ""


def unit_item(name: str, code: str | None) -> QTableWidgetItem:
    item = QTableWidgetItem(name or code or "")
    item.setToolTip(code_tooltip(code))
    return item


def show_unit(widget: QWidget, name: str, code: str | None) -> None:
    """A label or button showing a unit: its name, the code in the tooltip."""
    widget.setText(name or code or "")
    widget.setToolTip(code_tooltip(code))
