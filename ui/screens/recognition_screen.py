"""Recognition (Công nhận): the models of a year at this office's level with their
score, rating and workflow state; the council recognises, refuses (with the reason)
or sends back (with the reason). A higher office sees here the models its children
proposed, scores them with its own council (Open the score sheet) and decides."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain import recognition as R
from app.domain.fields import field_name
from app.domain.scoring import INELIGIBLE, rating_label
from app.domain.text import sort_key
from app.domain.units import level_label
from app.errors import DvkError
from app.i18n import _
from ui.actions import NOT_DONE, run_action
from ui.messages import confirm, show_error, show_info
from ui.models.rows_model import (
    HIGHLIGHT,
    HIGHLIGHT_COLOUR,
    WARNING,
    WARNING_COLOUR,
    RowsModel,
)
from ui.screens.recognition_common import (
    ReasonDialog,
    fill_campaign_years,
    model_columns,
    points,
    rows_table,
    shown_date,
    sortable,
)
from ui.widgets.buttons import button_row, make_button
from ui.widgets.empty_state import empty_state
from ui.widgets.legend import BACKGROUND, Legend


class RecognitionScreen(QWidget):
    def __init__(self, ctx: AppContext, open_sheet=None, create_sheet=None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.open_sheet = open_sheet
        self.create_sheet = create_sheet
        self.rows = []
        self.year = QComboBox()
        self.year.setObjectName("recognitionYear")
        self.summary = QLabel()
        self.summary.setObjectName("recognitionSummary")
        self.summary.setWordWrap(True)
        self.model = RowsModel([*model_columns(_("State")), _("Commune")], self)
        self.model.numeric = {3}
        self.table = rows_table(self.model, [0, 180, 150, 80, 95, 260, 150],
                                "recognitionTable")
        # The council's list of the day: several models chosen (Ctrl, Shift, or "Choose
        # those waiting") are recognised with one click; the list keeps its order.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        sortable(self.table)
        self.table.doubleClicked.connect(lambda _i: self.open_score_sheet())
        self.waiting_button = make_button(_("Choose those waiting"), "chooseWaiting",
                                          self.choose_waiting)
        self.recognise_button = make_button(_("Recognise"), "recogniseButton",
                                            self.recognise_selected)
        self.refuse_button = make_button(_("Not recognised..."), "refuseButton",
                                         self.refuse_selected)
        self.return_button = make_button(_("Send back..."), "returnButton", self.return_selected)
        self.sheet_button = make_button(_("Score sheet"), "sheetButton", self.open_score_sheet)
        self.history_button = make_button(_("History and replications..."), "historyButton",
                                          self.show_history)
        self.year.currentIndexChanged.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Year")))
        top.addWidget(self.year)
        self.level_label = QLabel()
        top.addWidget(self.level_label, 1)
        buttons = button_row(self.waiting_button, self.recognise_button, self.refuse_button,
                             self.return_button, self.sheet_button, self.history_button)
        self.legend = Legend([
            (BACKGROUND, HIGHLIGHT_COLOUR, _("Green: recognised at this level")),
            (BACKGROUND, WARNING_COLOUR, _("Pink: not recognised, or not eligible"))])
        self.empty = empty_state(self.table, lambda: _(
            "No model of {year} at this level yet. Models show here once they are "
            "registered in the screen \u201c{screen}\u201d (or, at an office above the "
            "communes, proposed to it in a bundle); choose another year above.").format(
            year=self.year.currentText(), screen=_("Registrations")))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.legend)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        fill_campaign_years(self.year, self.ctx)
        try:
            level = self.ctx.recognition.level()
        # Not an action: the level's label, blank when it cannot be read
        except DvkError:
            level = None
        if level:
            self.level_label.setText(_("Recognition at level: {level}").format(
                level=level_label(level)))
        self.refresh()

    def refresh(self) -> None:
        year = self.year.currentData()
        if year is None:
            return
        chosen = self.selected_ids()
        scrolled = self.table.verticalScrollBar().value()
        try:
            self.rows = self.ctx.recognition.models(year)
            above = self.ctx.units.office().level != "xa"
        # Not an action: the list's read; its problem goes under the list
        except DvkError as error:
            self.model.set_rows([])
            self.summary.setText(error.message)
            return
        # A stable order: a step taken never moves a model (by field, then commune and
        # name in Vietnamese order), so the clerk goes down the list.
        self.rows.sort(key=lambda r: (r.field, sort_key(r.commune), sort_key(r.name), r.id))
        self.table.setColumnHidden(6, not above)
        shown = []
        for row in self.rows:
            colour = HIGHLIGHT if row.state.stage == R.RECOGNISED else \
                WARNING if row.state.stage == R.REFUSED or row.rating == INELIGIBLE else None
            state = row.state.label()
            if row.state.stage == R.REFUSED and row.state.reason:
                state += f": {row.state.reason}"
            shown.append((row.id, [row.name, row.registrant, field_name(row.field),
                                   points(row.total), rating_label(row.rating), state,
                                   row.commune], colour))
        self.model.set_rows(shown)
        self.select_many(chosen)
        self.table.verticalScrollBar().setValue(scrolled)
        stages = Counter(r.state.stage for r in self.rows)
        self.summary.setText(_(
            "{count} models. Waiting for the council's verdict: {scored} · Recognised: "
            "{recognised} · Not recognised: {refused} · Proposed upward: {proposed}. "
            "Outstanding models may be proposed to the level above.").format(
            count=len(self.rows), scored=stages[R.SCORED], recognised=stages[R.RECOGNISED],
            refused=stages[R.REFUSED], proposed=stages[R.PROPOSED]))

    def selected(self):
        registration_id = self.model.key(self.table.currentIndex().row())
        chosen = self.selected_ids()
        if registration_id not in chosen and chosen:
            registration_id = chosen[0]
        return next((r for r in self.rows if r.id == registration_id), None)

    def selected_ids(self) -> list[str]:
        """The models chosen, in the list's order."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.key(row) for row in rows if self.model.key(row)]

    def select(self, registration_id: str) -> None:
        for row in range(self.model.rowCount()):
            if self.model.key(row) == registration_id:
                self.table.selectRow(row)
                return

    def select_many(self, registration_ids: list[str]) -> None:
        """Choose these models again (after the list was read again), keeping the first
        one current."""
        wanted = set(registration_ids)
        selection = QItemSelection()
        first = None
        for row in range(self.model.rowCount()):
            if self.model.key(row) in wanted:
                selection.select(self.model.index(row, 0),
                                 self.model.index(row, self.model.columnCount() - 1))
                first = row if first is None else first
        model = self.table.selectionModel()
        model.clearSelection()
        if first is not None:
            model.setCurrentIndex(self.model.index(first, 0),
                                  QItemSelectionModel.SelectionFlag.NoUpdate)
            model.select(selection, QItemSelectionModel.SelectionFlag.Select)

    def choose_waiting(self) -> int:
        """Choose every model waiting for the council's verdict at this level."""
        level = run_action(self, self.ctx.recognition.level)
        if level is NOT_DONE:
            return 0
        waiting = [r.id for r in self.ctx.recognition.waiting_verdict(self.rows, level)]
        self.select_many(waiting)
        return len(waiting)

    def _step(self, action) -> bool:
        row = self.selected()
        if row is None:
            show_error(self, _("Choose a model in the list first."))
            return False
        if run_action(self, lambda: action(row)) is NOT_DONE:
            return False
        self.refresh()
        self.select(row.id)
        return True

    def recognise_selected(self) -> bool:
        chosen = self.selected_ids()
        if len(chosen) <= 1:
            return self._step(lambda row: self.ctx.recognition.recognise(row.id))
        if not confirm(self, _("Recognise"), _(
                "Recognise the {count} models chosen at this level?").format(
                count=len(chosen)), _("Recognise")):
            return False
        found = run_action(self, lambda: self.ctx.recognition.recognise_many(chosen))
        if found is NOT_DONE:
            return False
        done, refused = found
        self.refresh()
        self.select_many(chosen)
        names = {r.id: r.name for r in self.rows}
        text = _("{count} models recognised.").format(count=len(done))
        if refused:
            text += "\n" + _("Not recognised ({count}):").format(count=len(refused)) + "\n" + \
                "\n".join(f"- {names.get(i, i)}: {why}" for i, why in list(refused.items())[:15])
            if len(refused) > 15:
                text += "\n" + _("... and {count} more.").format(count=len(refused) - 15)
        show_info(self, text, _("Recognise"))
        return bool(done)

    def _ask(self, row, title: str, prompt: str, ok: str) -> str | None:
        dialog = ReasonDialog(title, prompt.format(name=row.name), ok, parent=self)
        return dialog.reason() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def refuse_selected(self) -> bool:
        def action(row):
            reason = self._ask(row, _("Not recognised"), _(
                "Why is '{name}' not recognised at this level?"), _("Record"))
            if reason is not None:
                self.ctx.recognition.refuse(row.id, reason)
        return self._step(action)

    def return_selected(self) -> bool:
        def action(row):
            reason = self._ask(row, _("Send back"), _(
                "Why is '{name}' sent back? The reason is recorded and travels with the "
                "model."), _("Send back"))
            if reason is not None:
                self.ctx.recognition.send_back(row.id, reason)
        return self._step(action)

    def open_score_sheet(self):
        row = self.selected()
        if row is None:
            return None
        def action():
            level = R.SHEET_LEVEL[self.ctx.recognition.level()]
            sheet_id = self.ctx.scoring.sheet_for(row.id, level)
            return sheet_id
        sheet_id = run_action(self, action)
        if sheet_id is NOT_DONE:
            return None
        if sheet_id and self.open_sheet:
            return self.open_sheet(sheet_id)
        if self.create_sheet:
            return self.create_sheet(row.id)
        return None

    def show_history(self) -> QDialog | None:
        row = self.selected()
        if row is None:
            return None
        dialog = run_action(self, lambda: HistoryDialog(self.ctx, row.id, self))
        if dialog is NOT_DONE:
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog


class HistoryDialog(QDialog):
    """Every step of a model (who, when, why) and the chain of replications through it."""

    def __init__(self, ctx: AppContext, registration_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        record = ctx.registrations.get(registration_id)
        self.setWindowTitle(_("History: {name}").format(name=record.name))
        self.resize(760, 520)
        steps = ctx.recognition.history(registration_id)
        chain = ctx.recognition.chain(registration_id)
        lines = [_("Steps") + ":"]
        for step in steps:
            target = f" -> {level_label(step.to_level)}" if step.to_level else ""
            lines.append(f"  {shown_date(step.at)}  {level_label(step.level)}: "
                         f"{step.label}{target} ({step.actor}, {step.origin})"
                         + (f" - {step.reason}" if step.reason else ""))
        if not steps:
            lines.append("  " + _("No step yet."))
        lines += ["", _("Chain of replications") + ":"]
        for node in chain.models:
            marks = ", ".join(f"{level_label(r.level)} {r.number}"
                              for r in node.recognised)
            lines.append("  " + "    " * node.depth + ("▶ " if node.this else "• ")
                         + f"{node.name} - {node.registrant} ({node.year})"
                         + (f" [{marks}]" if marks else ""))
        self.text = QPlainTextEdit("\n".join(lines))
        self.text.setObjectName("historyText")
        self.text.setReadOnly(True)
        buttons = QDialogButtonBox()
        buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)

