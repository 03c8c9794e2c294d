"""Score sheets with their totals, ratings and ranks as a Qt table model.

The rows are `Standing`s the scoring service recomputed for the chosen year, level
and field (hundreds for a commune, a few thousand for a province field); the model
only shows them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.domain.fields import field_name
from app.domain.registration import Status
from app.domain.rubrics import subject_label
from app.domain.scoring import INELIGIBLE, TOP, format_score, rating_label, state_label
from app.domain.units import level_label
from app.i18n import N_, _
from app.services.standings import Standing

HEADERS = {
    "rank": N_("Rank"),
    "model": N_("Model / exemplar"),
    "registrant": N_("Registrant"),
    "commune": N_("Commune"),
    "field": N_("Field"),
    "rubric": N_("Rubric"),
    "year": N_("Year"),
    "level": N_("Level"),
    "state": N_("State"),
    "self": N_("Self total"),
    "council": N_("Council total"),
    "total": N_("Total"),
    "rating": N_("Rating"),
}
_NUMBERS = {"rank", "self", "council", "total", "year"}
_ROOT = QModelIndex()
TOP_COLOUR, INELIGIBLE_COLOUR = "#e3f4e1", "#fbe3e4"
TOP_BRUSH = QBrush(QColor(TOP_COLOUR))
INELIGIBLE_BRUSH = QBrush(QColor(INELIGIBLE_COLOUR))
# What the colours mean (the screens' legends under the list).
LEGEND = [(TOP_COLOUR, N_("Green: the top rating, may be proposed to the level above")),
          (INELIGIBLE_COLOUR, N_("Pink: a prerequisite failed, not eligible"))]


def unscored(standing: Standing) -> bool:
    """The council has not scored the sheet yet: no council total, and no prerequisite
    it found failed (a failed prerequisite is the council's verdict: not eligible)."""
    return standing.result.total_council is None and standing.result.rating != INELIGIBLE


class StandingsModel(QAbstractTableModel):
    def __init__(self, columns: list[str], parent=None, *, council: bool = False):
        """`council`: the council's view: a sheet the council has not scored shows no
        total and no rating (its self scores alone rate nothing there)."""
        super().__init__(parent)
        self.columns = columns
        self.council = council
        self.rows: list[Standing] = []

    def set_rows(self, rows: list[Standing]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def standing(self, row: int) -> Standing | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: QModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.columns):
            return _(HEADERS[self.columns[section]])
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole) -> Any:
        standing = self.standing(index.row()) if index.isValid() else None
        if standing is None or not 0 <= index.column() < len(self.columns):
            return None
        key = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if self.council and key in ("total", "rating") and unscored(standing):
                return "" if key == "total" else _("Not scored by the council")
            return self.display(standing, key)
        if role == Qt.ItemDataRole.TextAlignmentRole and key in _NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if self.council and unscored(standing):
                return None
            if standing.result.rating == TOP:
                return TOP_BRUSH
            if standing.result.rating == INELIGIBLE:
                return INELIGIBLE_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "state" and standing.return_reason and standing.state == "tra_lai":
                return standing.return_reason
            if key in ("model", "registrant"):
                return self.display(standing, key)
        return None

    @staticmethod
    def display(standing: Standing, key: str) -> str:
        result = standing.result
        values = {
            "rank": str(standing.rank) if standing.rank else "-",
            "model": standing.model_name,
            "registrant": standing.registrant,
            "commune": standing.commune,
            "field": field_name(standing.field),
            "rubric": subject_label(standing.rubric.subject),
            "year": str(standing.year),
            "level": level_label(standing.level),
            "state": state_label(standing.state) + (
                " " + _("(edition {number})").format(number=standing.edition)
                if standing.edition > 1 else "") + (
                # Why a scored model has no rank: it counts nowhere once withdrawn.
                " " + _("(registration withdrawn)") if standing.status == Status.WITHDRAWN else ""),
            "self": format_score(result.total_self),
            "council": format_score(result.total_council),
            "total": format_score(result.total),
            "rating": rating_label(result.rating),
        }
        return values[key]
