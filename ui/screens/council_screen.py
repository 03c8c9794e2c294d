"""The council view (Hội đồng xét): every model of a year and field side by side with
its totals, rating and rank, to decide who is proposed to the level above. Ranks are
the council's ranking (app/repositories/figures.py): approved sheets of models still
registered, per council, field and rubric, the same whatever the filters show."""

from __future__ import annotations

from collections import Counter

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain import scoring as S
from app.domain.fields import field_choices
from app.domain.sheets import SheetFilter
from app.domain.text import sort_key
from app.domain.units import LEVELS, level_label
from app.errors import DvkError
from app.i18n import _
from ui.actions import NOT_DONE, run_action
from ui.models.standings_model import LEGEND, StandingsModel, unscored
from ui.screens.score_sheets_screen import setup_columns
from ui.table_export import export_model
from ui.widgets.buttons import make_button
from ui.widgets.combos import fill_combo
from ui.widgets.empty_state import empty_state
from ui.widgets.legend import BACKGROUND, Legend

COLUMNS = ["rank", "field", "rubric", "model", "registrant", "state", "self", "council",
           "total", "rating", "commune"]


class CouncilScreen(QWidget):
    def __init__(self, ctx: AppContext, open_sheet=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.open_sheet = open_sheet
        self.year = QComboBox()
        self.year.setObjectName("councilYear")
        self.level = QComboBox()
        self.level.setObjectName("councilLevel")
        self.field = QComboBox()
        self.field.setObjectName("councilField")
        self.summary = QLabel()
        self.summary.setObjectName("councilSummary")
        self.summary.setWordWrap(True)
        self.model = StandingsModel(COLUMNS, self, council=True)
        self.table = QTableView()
        self.table.setObjectName("councilTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        setup_columns(self.table, [55, 150, 90, 0, 170, 150, 95, 75, 75, 130, 150])
        self.table.doubleClicked.connect(self._open)
        filters = QHBoxLayout()
        for combo in (self.year, self.level, self.field):
            filters.addWidget(combo)
            combo.currentIndexChanged.connect(self.refresh)
        filters.addStretch(1)
        self.export_button = make_button(_("Export to Excel..."), "exportCouncil")
        self.export_button.clicked.connect(lambda: export_model(
            self, self.model, _("Council view"), "xep-hang-hoi-dong.xlsx"))
        filters.addWidget(self.export_button)
        self.legend = Legend([(BACKGROUND, colour, _(words)) for colour, words in LEGEND])
        self.empty = empty_state(self.table, lambda: _(
            "No score sheet approved by the council for this choice yet. A sheet shows here "
            "once \u201c{approve}\u201d was pressed on it in the screen \u201c{scoring}\u201d."
        ).format(approve=_("Approve"), scoring=_("Scoring")))
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.legend)
        self.reload()

    def reload(self) -> None:
        try:
            years = self.ctx.scoring.years()
            level = self.ctx.scoring.default_level()
        # Not an action: the filters' choices, empty when they cannot be read
        except DvkError:
            years, level = [], None
        fill_combo(self.year, "", [(y, str(y)) for y in years])
        fill_combo(self.level, "", [(v, level_label(v)) for v in LEVELS])
        if self.level.currentIndex() == 0 and level:
            self.level.blockSignals(True)
            self.level.setCurrentIndex(self.level.findData(level))
            self.level.blockSignals(False)
        fill_combo(self.field, _("All fields"), field_choices())
        self.refresh()

    def refresh(self) -> None:
        if self.year.currentData() is None:
            self.model.set_rows([])
            self.summary.setText(_("No score sheets yet."))
            return
        where = SheetFilter(year=self.year.currentData(), level=self.level.currentData(),
                            field=self.field.currentData())
        rows = run_action(self, lambda: self.ctx.scoring.standings(where))
        if rows is NOT_DONE:
            return
        rows.sort(key=lambda s: (s.field, s.origin, s.rubric.subject, s.rubric.id,
                                 s.rank is None, s.rank or 0, sort_key(s.model_name)))
        self.model.set_rows(rows)
        self.table.setColumnHidden(COLUMNS.index("field"), self.field.currentData() is not None)
        # Communes by name above the commune; a commune's own list needs no such column.
        self.table.setColumnHidden(COLUMNS.index("commune"), not self._above_commune())
        # Only the council's scores rate a sheet here: a sheet scored by its registrant
        # alone is "not scored yet", whatever its self total.
        ratings = Counter(None if unscored(s) else s.result.rating for s in rows)
        self.summary.setText(_(
            "{count} models; {ranked} ranked: the approved sheets of models still "
            "registered, within each field and rubric (collectives and individuals apart). "
            "Outstanding: {top} (may be proposed to the level above) · Passed: {passed} · "
            "Not passed: {failed} · Not eligible: {ineligible} · Not scored yet: {none}"
        ).format(count=len(rows), ranked=sum(1 for s in rows if s.rank),
                 top=ratings[S.TOP], passed=ratings[S.PASS], failed=ratings[S.FAIL],
                 ineligible=ratings[S.INELIGIBLE], none=ratings[None]))

    def _above_commune(self) -> bool:
        try:
            return self.ctx.units.office().level != "xa"
        except DvkError:  # not an action: which columns show; a commune's when unreadable
            return False

    def _open(self, index) -> None:
        standing = self.model.standing(index.row())
        if standing and self.open_sheet:
            self.open_sheet(standing.sheet_id)
