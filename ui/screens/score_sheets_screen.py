"""Scoring (Chấm điểm): the score sheets of a year with totals and ratings; make a
sheet for a model, open one to type scores."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.fields import field_choices
from app.domain.scoring import STATES, state_label
from app.domain.sheets import SheetFilter
from app.domain.units import LEVELS, level_label
from app.errors import DvkError
from app.i18n import _
from ui.actions import NOT_DONE, run_action
from ui.models.standings_model import LEGEND, StandingsModel
from ui.screens.sheet_dialog import SheetDialog
from ui.table_export import export_model
from ui.widgets.buttons import make_button
from ui.widgets.combos import fill_combo
from ui.widgets.empty_state import empty_state
from ui.widgets.legend import BACKGROUND, Legend

COLUMNS = ["model", "registrant", "field", "year", "level", "state", "self", "council",
           "rating"]


def setup_columns(table: QTableView, widths: list[int]) -> None:
    """One line per row; the column of width 0 (the model's name) takes the rest."""
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(24)
    header = table.horizontalHeader()
    for column, width in enumerate(widths):
        if width:
            table.setColumnWidth(column, width)
        else:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)


class ScoreSheetsScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.dialogs: list[SheetDialog] = []
        self.year = QComboBox()
        self.year.setObjectName("scoresYear")
        self.level = QComboBox()
        self.level.setObjectName("scoresLevel")
        self.state = QComboBox()
        self.state.setObjectName("scoresState")
        self.field = QComboBox()
        self.field.setObjectName("scoresField")
        # Whose sheets: a province holds its communes' sheets too (thousands); it opens
        # on the sheets its own council scores.
        self.whose = QComboBox()
        self.whose.setObjectName("scoresWhose")
        self.new_button = make_button(_("New score sheet..."), "newSheet")
        self.open_button = make_button(_("Open"), "openSheet")
        self.count = QLabel()
        self.count.setObjectName("sheetsCount")
        self.model = StandingsModel(COLUMNS, self)
        self.table = QTableView()
        self.table.setObjectName("sheetsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        setup_columns(self.table, [0, 160, 140, 50, 80, 150, 95, 75, 120])

        filters = QHBoxLayout()
        for combo in (self.whose, self.year, self.level, self.state, self.field):
            filters.addWidget(combo)
            combo.currentIndexChanged.connect(self.refresh)
        filters.addStretch(1)
        filters.addWidget(self.count)
        self.export_button = make_button(_("Export to Excel..."), "exportSheets")
        self.export_button.clicked.connect(lambda: export_model(
            self, self.model, _("Score sheets"), "phieu-cham-diem.xlsx"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        self.legend = Legend([(BACKGROUND, colour, _(words)) for colour, words in LEGEND])
        self.empty = empty_state(self.table, lambda: _(
            "No score sheet for this choice. Press \u201c{new}\u201d (Ctrl+N) and choose the "
            "model to score, or choose another year, level or state above.").format(
            new=_("New score sheet...").rstrip(".")))
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.legend)
        layout.addLayout(buttons)
        self.new_button.clicked.connect(self.new_sheet)
        self.open_button.clicked.connect(self.open_selected)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.activated.connect(lambda _i: self.open_selected())
        self._fill_filters()
        self.refresh()

    def _fill_filters(self) -> None:
        try:
            years = self.ctx.scoring.years()
        # Not an action: the filters' choices, empty when they cannot be read
        except DvkError:
            years = []
        fill_combo(self.year, _("All years"), [(y, str(y)) for y in years])
        fill_combo(self.level, _("All levels"), [(v, level_label(v)) for v in LEVELS])
        fill_combo(self.state, _("All states"), [(s, state_label(s)) for s in STATES])
        fill_combo(self.field, _("All fields"), field_choices())
        try:
            own = self.ctx.office_code
        except DvkError:  # not an action: the filter offers every office's sheets then
            own = None
        fill_combo(self.whose, _("Every office's sheets"),
                   [(own, _("This office's sheets"))] if own else [])
        if self.whose.count() > 1 and not getattr(self, "_whose_set", False):
            self.whose.blockSignals(True)
            self.whose.setCurrentIndex(1)  # first opened on the office's own sheets
            self.whose.blockSignals(False)
            self._whose_set = True

    def refresh(self) -> None:
        where = SheetFilter(year=self.year.currentData(), level=self.level.currentData(),
                            state=self.state.currentData(), field=self.field.currentData(),
                            origin=self.whose.currentData())
        rows = run_action(self, lambda: self.ctx.scoring.standings(where))
        if rows is NOT_DONE:
            return
        self.model.set_rows(rows)
        self.count.setText(_("{count} score sheets").format(count=len(rows)))

    def reload(self) -> None:
        self._fill_filters()
        self.refresh()

    def selected_id(self) -> str | None:
        standing = self.model.standing(self.table.currentIndex().row())
        return standing.sheet_id if standing else None

    def open_sheet(self, sheet_id: str) -> SheetDialog | None:
        dialog = run_action(self, lambda: SheetDialog(self.ctx, sheet_id, self.window()))
        if dialog is NOT_DONE:
            return None
        dialog.saved.connect(lambda _id: self.reload())
        dialog.finished.connect(lambda _r: self.dialogs.remove(dialog)
                                if dialog in self.dialogs else None)
        self.dialogs.append(dialog)
        dialog.show()
        return dialog

    def open_selected(self) -> SheetDialog | None:
        sheet_id = self.selected_id()
        return self.open_sheet(sheet_id) if sheet_id else None

    def new_sheet(self) -> SheetDialog | None:
        from ui.screens.registration_picker import RegistrationPicker

        picker = RegistrationPicker(self.ctx, self)
        picker.setWindowTitle(_("Choose the model to score"))
        if not picker.exec() or not picker.chosen_id:
            return None
        return self.create_for(picker.chosen_id)

    def create_for(self, registration_id: str) -> SheetDialog | None:
        def action():
            level = self.ctx.scoring.default_level()
            sheet_id = self.ctx.scoring.sheet_for(registration_id, level) or \
                self.ctx.scoring.create(registration_id, level)
            return sheet_id
        sheet_id = run_action(self, action)
        if sheet_id is NOT_DONE:
            return None
        self.reload()
        return self.open_sheet(sheet_id)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected_id():
            self.open_selected()
            return
        super().keyPressEvent(event)
