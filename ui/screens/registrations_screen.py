"""The list of registrations: filters, search as you type, open, replicate, withdraw."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.fields import field_choices
from app.domain.listing import ListQuery
from app.domain.registration import KINDS, MODES, STATUSES, SUBJECTS, label
from app.domain.units import level_label
from app.errors import DvkError
from app.i18n import _
from ui.actions import NOT_DONE, run_action
from ui.jobs import JobRunner
from ui.messages import show_error
from ui.models.registrations_model import WITHDRAWN_GREY, RegistrationsModel
from ui.widgets.buttons import make_button
from ui.widgets.combos import fill_combo
from ui.widgets.empty_state import empty_state
from ui.widgets.flow import FlowLayout
from ui.widgets.headers import heading_width
from ui.widgets.legend import TEXT, Legend

if TYPE_CHECKING:
    from ui.screens.registration_dialog import RegistrationDialog

SEARCH_DELAY_MS = 120


class DraftsBanner(QFrame):
    """"You have N unsaved drafts" with buttons to reopen or discard the newest."""

    reopen = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("draftsBanner")
        self.setStyleSheet("#draftsBanner { background: #fff4d6; border: 1px solid #e0c068; }")
        self.text = QLabel()
        self.open_button = make_button(_("Reopen"), "reopenDraft")
        self.discard_button = make_button(_("Discard"), "discardDraft")
        line = QHBoxLayout(self)
        line.addWidget(self.text, 1)
        line.addWidget(self.open_button)
        line.addWidget(self.discard_button)
        self.open_button.clicked.connect(lambda: self.reopen.emit(self._draft_id))
        self.discard_button.clicked.connect(self._discard)
        self._draft_id = ""
        self.refresh()

    def refresh(self) -> None:
        try:
            drafts = self.ctx.drafts.waiting("registration")
        # Not an action: the drafts' banner, hidden when the drafts cannot be read
        except DvkError:
            drafts = []
        self.setVisible(bool(drafts))
        if drafts:
            newest = drafts[0]
            self._draft_id = newest.id
            self.text.setText(_("{count} unsaved draft(s). Newest: {title}").format(
                count=len(drafts), title=newest.title or _("(untitled registration)")))

    def _discard(self) -> None:
        run_action(self, lambda: self.ctx.drafts.discard(self._draft_id))
        self.refresh()


class RegistrationsScreen(QWidget):
    def __init__(self, ctx: AppContext, jobs: JobRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.jobs = jobs
        self._dialogs: list[RegistrationDialog] = []

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            _("Search by model name, registrant or sub-unit (diacritics optional)"))
        self.year = QComboBox()
        self.year.setObjectName("yearFilter")
        self.field = QComboBox()
        self.field.setObjectName("fieldFilter")
        self.kind = QComboBox()
        self.kind.setObjectName("kindFilter")
        self.status = QComboBox()
        self.status.setObjectName("statusFilter")
        self.subunit = QComboBox()
        self.subunit.setObjectName("subunitFilter")
        self.mode = QComboBox()
        self.mode.setObjectName("modeFilter")
        self.unit = QComboBox()
        self.unit.setObjectName("unitFilter")
        self.unit.setToolTip(_("The unit below (commune, district) where it was registered"))
        self._fill_filters()
        # Filters a statistics figure sets that have no combo (measure, level, the
        # office's own records only): shown as a line with a button that clears them.
        self.extra_filter = QFrame()
        self.extra_filter.setObjectName("extraFilter")
        self.extra_filter.setStyleSheet("#extraFilter { background: #e8f0fb; }")
        self.extra_text = QLabel()
        self.extra_text.setObjectName("extraFilterText")
        self.clear_extra = make_button(_("Show all"), "clearExtraFilter")
        extra_line = QHBoxLayout(self.extra_filter)
        extra_line.setContentsMargins(6, 2, 6, 2)
        extra_line.addWidget(self.extra_text, 1)
        extra_line.addWidget(self.clear_extra)
        self.extra_filter.hide()

        self.new_button = make_button(_("New registration"), "newRegistration")
        self.open_button = QPushButton(_("Open"))
        self.replicate_button = make_button(_("Replicate"), "replicate")
        self.withdraw_button = make_button(_("Withdraw..."), "withdraw")
        self.print_button = make_button(_("Print the registration..."), "printRegistration")
        self.import_button = make_button(_("Import from Excel..."), "importExcel")
        self.export_button = make_button(_("Export to Excel..."), "exportExcel")

        self.model = RegistrationsModel(ctx, self)
        self.table = QTableView()
        self.table.setObjectName("registrationsTable")
        self.table.setModel(self.model)
        # The default order (newest registration first) before sorting is switched on,
        # which applies the indicator: the list is read once, by apply_filters below.
        self.table.horizontalHeader().setSortIndicator(6, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The model's name takes what the other columns leave: on a 1366-pixel screen
        # every column, the status last, is in sight without scrolling sideways.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        self._size_columns()
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.drafts = DraftsBanner(ctx, self)

        # The search box and the filters wrap onto a second line rather than cut the
        # filters' words ("Mô hình và điển hìn") on a small screen or with large text.
        self.search.setMinimumWidth(260)
        filters = FlowLayout(stretch={self.search})
        filters.add(self.search, stretch=True)
        for combo in (self.year, self.field, self.kind, self.mode, self.status, self.unit,
                      self.subunit):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            filters.add(combo)
        # Long unit names must not widen the whole row: their boxes keep to the width
        # of "Mọi đơn vị trực thuộc" and show the whole name in their list.
        for combo in (self.unit, self.subunit):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(max(len(combo.itemText(0)), 12) + 2)
            combo.view().setMinimumWidth(360)
        actions = FlowLayout()
        for button in (self.new_button, self.open_button, self.replicate_button,
                       self.withdraw_button, self.print_button, self.import_button,
                       self.export_button):
            actions.add(button)
        actions.add(self.count_label)
        self.new_button.setToolTip(_("New registration") + " (Ctrl+N)")
        self.search.setToolTip(_("Search (Ctrl+F)"))
        # What grey lines are, said under the list (issue 18, point 10).
        self.legend = Legend([(TEXT, WITHDRAWN_GREY, _(
            "Grey lines: withdrawn registrations (kept, never deleted)"))])
        layout = QVBoxLayout(self)
        layout.addWidget(self.drafts)
        layout.addLayout(filters)
        layout.addWidget(self.extra_filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.legend)
        layout.addLayout(actions)
        self.empty = empty_state(self.table, self._empty_text,
                                 (_("Show every registration"), self.clear_filters))

        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        for combo in (self.year, self.field, self.kind, self.mode, self.status, self.unit,
                      self.subunit):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.clear_extra.clicked.connect(self.clear_extra_filters)
        self.import_button.clicked.connect(self.import_excel)
        self.export_button.clicked.connect(self.export_excel)
        self.new_button.clicked.connect(self.new_registration)
        self.open_button.clicked.connect(self.open_selected)
        self.replicate_button.clicked.connect(self.replicate_selected)
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        self.print_button.clicked.connect(self.print_selected)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.activated.connect(lambda _i: self.open_selected())
        self.drafts.reopen.connect(self.open_draft)
        self.apply_filters()

    def _size_columns(self) -> None:
        """Each column as wide as its heading, plus what its usual values (a field's
        name, a date, a status) need as far as the table's width allows; the model's
        name stretches over the rest, never narrower than its own heading."""
        fields = [name for _code, name in field_choices()]
        values = {1: ["Chi hội Phụ nữ thôn Thượng"], 2: fields,
                  3: [label(KINDS, k) for k in KINDS], 4: [label(MODES, m) for m in MODES],
                  5: ["2026"], 6: ["30/03/2026"], 7: ["Chi đoàn thôn Phúc Lai"],
                  8: [label(STATUSES, s) for s in STATUSES]}
        metrics = self.table.fontMetrics()
        least = {c: heading_width(self.table, c) for c in values}
        wanted = {c: max([least[c], *(metrics.horizontalAdvance(t) + 16 for t in texts)])
                  for c, texts in values.items()}
        name = max(heading_width(self.table, 0), metrics.horizontalAdvance("x" * 24))
        room = self.table.viewport().width() - name - sum(least.values())
        extra = sum(wanted[c] - least[c] for c in values)
        share = 1.0 if extra <= 0 or room >= extra else max(room, 0) / extra
        header = self.table.horizontalHeader()
        for column in values:
            header.resizeSection(column, least[column] + int((wanted[column] - least[column])
                                                            * share))

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:
            self._size_columns()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._size_columns()

    # -- filters --------------------------------------------------------------------
    def _fill_filters(self) -> None:
        try:
            years = self.ctx.registrations.years()
            ready = not self.ctx.setup.needs_setup()
            subunits = self.ctx.units.subunits() if ready else []
            below = self.ctx.statistics.units_below() if ready else []
        # Not an action: the filters' choices, empty when they cannot be read
        except DvkError:
            years, subunits, below = [], [], []
        fill_combo(self.year, _("All years"), [(y, str(y)) for y in years])
        fill_combo(self.field, _("All fields"), field_choices())
        fill_combo(self.kind, _("Models and exemplars"), [(k, label(KINDS, k)) for k in KINDS])
        fill_combo(self.status, _("All statuses"), [(s, label(STATUSES, s)) for s in STATUSES])
        fill_combo(self.subunit, _("All sub-units"), [(u.code, u.name) for u in subunits])
        fill_combo(self.mode, _("New and replicated"), [(m, label(MODES, m)) for m in MODES])
        fill_combo(self.unit, _("All units below"), [(u.code, u.name) for u in below])
        self.unit.setVisible(bool(below))

    def current_query(self) -> ListQuery:
        query = dataclasses.replace(
            self.model.query, search=self.search.text(), year=self.year.currentData(),
            field=self.field.currentData(), kind=self.kind.currentData(),
            status=self.status.currentData(), subunit_code=self.subunit.currentData(),
            mode=self.mode.currentData())
        if query.unit_subtree or self.unit.currentData():
            query = dataclasses.replace(query, unit_code=self.unit.currentData(),
                                        unit_subtree=True)
        return query

    def show_query(self, query: ListQuery) -> None:
        """Set every filter from a query (a figure clicked on the statistics screen)."""
        combos = [(self.year, query.year), (self.field, query.field), (self.kind, query.kind),
                  (self.mode, query.mode), (self.status, query.status),
                  (self.subunit, query.subunit_code),
                  (self.unit, query.unit_code if query.unit_subtree else None)]
        for combo, value in combos:
            combo.blockSignals(True)
            index = combo.findData(value)
            combo.setCurrentIndex(index if index >= 0 else 0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.setText(query.search)
        self.search.blockSignals(False)
        self.model.query = query
        self._show_extra(query)
        self.apply_filters()

    def _show_extra(self, query: ListQuery) -> None:
        parts = []
        if query.subject:
            parts.append(label(SUBJECTS, query.subject))
        if query.measure and query.measure != "registrations":
            parts.append(self.ctx.statistics.measure_label(query.measure))
        if query.level:
            parts.append(_("level: {level}").format(level=level_label(query.level)))
        if query.unit_code and not query.unit_subtree:
            parts.append(_("registered at this office itself"))
        self.extra_text.setText(_("Only: {filters}").format(filters=", ".join(parts)))
        self.extra_filter.setVisible(bool(parts))

    def filtered(self) -> bool:
        """Whether the list shows fewer than every registration (search or filters)."""
        query = self.current_query()
        return bool(query.search.strip()) or any(
            combo.currentIndex() > 0 for combo in (self.year, self.field, self.kind,
                                                   self.mode, self.status, self.unit,
                                                   self.subunit)) \
            or self.extra_filter.isVisible()

    def _empty_text(self) -> str:
        if self.filtered():
            return _("No registration matches the search and the filters. Type fewer "
                     "letters, choose \u201c{all_years}\u201d or another filter, or show "
                     "every registration.").format(all_years=self.year.itemText(0))
        return _("No registration yet. Press \u201c{new}\u201d (Ctrl+N) to register a model "
                 "or an exemplar, or \u201c{excel}\u201d to read the register you keep in "
                 "Excel.").format(new=_("New registration"),
                                  excel=_("Import from Excel...").rstrip("."))

    def clear_filters(self) -> None:
        """Every registration again: no search, every filter at "all"."""
        for combo in (self.year, self.field, self.kind, self.mode, self.status, self.unit,
                      self.subunit):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.model.query = dataclasses.replace(self.model.query, subject=None, measure=None,
                                               level=None, unit_code=None, unit_subtree=True)
        self.extra_filter.hide()
        self.apply_filters()

    def clear_extra_filters(self) -> None:
        self.model.query = dataclasses.replace(self.model.query, subject=None, measure=None,
                                               level=None, unit_code=None, unit_subtree=True)
        self.extra_filter.hide()
        self.apply_filters()

    def apply_filters(self) -> None:
        if run_action(self, lambda: self.model.set_query(self.current_query())) is NOT_DONE:
            return
        if hasattr(self, "empty"):  # built after the first reading of the list
            self.empty.set_action_visible(self.filtered())
            self.empty.refresh()
        self._count_later()

    def _count_later(self) -> None:
        """Counting a million rows takes a moment: do it off the UI thread."""
        query = self.model.query
        if str(self.ctx.path) == ":memory:":
            self._show_count(query, self.ctx.registrations.count(query))
            return
        self.count_label.setText(_("Counting..."))
        opener = self.ctx.opener()

        def count(_progress):
            with opener() as other:  # as the signed-in user, like every job
                return other.registrations.count(query)

        self.jobs.start(count, on_done=lambda total: self._show_count(query, total),
                        on_error=lambda _e: self.count_label.setText(""))

    def _show_count(self, query: ListQuery, total: int) -> None:
        if query == self.model.query:
            self.count_label.setText(_("{count} registrations").format(
                count=f"{total:,}".replace(",", ".")))

    def refresh(self) -> None:
        self._fill_filters()
        self.model.reload()
        self._count_later()
        self.drafts.refresh()

    # -- actions --------------------------------------------------------------------
    def selected_id(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.registration_id(index.row()) if index.isValid() else None

    def _show_dialog(self, **options) -> RegistrationDialog:
        # Imported on first use: the form and its widgets are not needed to open the
        # window, which a clerk at a national office waits for on every start.
        from ui.screens.registration_dialog import RegistrationDialog

        dialog = RegistrationDialog(self.ctx, self.window(), **options)
        dialog.saved.connect(lambda _id: self.refresh())
        dialog.finished.connect(lambda _r: self._forget(dialog))
        self._dialogs.append(dialog)
        dialog.show()
        return dialog

    def _forget(self, dialog: RegistrationDialog) -> None:
        if dialog in self._dialogs:
            self._dialogs.remove(dialog)
        self.drafts.refresh()

    def new_registration(self) -> RegistrationDialog | None:
        def action():
            return self._show_dialog()
        found = run_action(self, action)
        if found is NOT_DONE:
            return None
        return found

    def open_selected(self) -> RegistrationDialog | None:
        registration_id = self.selected_id()
        if not registration_id:
            return None
        def action():
            return self._show_dialog(registration_id=registration_id)
        found = run_action(self, action)
        if found is NOT_DONE:
            return None
        return found

    def open_draft(self, draft_id: str) -> RegistrationDialog | None:
        """Reopen a waiting draft (the form takes its registration from the draft)."""
        def action():
            return self._show_dialog(draft_id=draft_id)
        found = run_action(self, action)
        if found is NOT_DONE:
            return None
        return found

    def replicate_selected(self) -> RegistrationDialog | None:
        registration_id = self.selected_id()
        if not registration_id:
            return None
        def action():
            initial = self.ctx.registrations.replicate(registration_id)
            return self._show_dialog(initial=initial)
        found = run_action(self, action)
        if found is NOT_DONE:
            return None
        return found

    def print_selected(self):
        registration_id = self.selected_id()
        if not registration_id:
            show_error(self, _("Choose a registration in the list first."))
            return None
        from ui.screens.print_preview import preview_registration  # Qt printing: on demand

        self.preview = preview_registration(self.ctx, registration_id, self.window())
        return self.preview

    def withdraw_selected(self) -> None:
        registration_id = self.selected_id()
        if not registration_id:
            return
        dialog = QInputDialog(self)
        dialog.setWindowTitle(_("Withdraw the registration"))
        dialog.setLabelText(_("Reason for withdrawing (the registration is kept, marked "
                              "withdrawn):"))
        dialog.setOkButtonText(_("Withdraw"))
        dialog.setCancelButtonText(_("Cancel"))
        if not dialog.exec():
            return
        if run_action(self, lambda: self.ctx.registrations.withdraw(registration_id, dialog.textValue())) is NOT_DONE:
            return
        self.refresh()

    # -- Excel ------------------------------------------------------------------------
    def export_excel(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from ui.messages import ask

        answer = ask(self, _("Export the list to Excel"), _(
            "The list leaves out individuals' years of birth, addresses and phone numbers "
            "(the law on personal data asks to share no more than needed). Include them "
            "only if the recipient needs them."),
            [("plain", _("Without them")), ("personal", _("Include them")),
             ("cancel", _("Cancel"))], default="plain")
        if answer not in ("plain", "personal"):
            return
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export the list to Excel"), "danh-sach-dang-ky.xlsx",
            _("Excel workbooks") + " (*.xlsx)")
        if path:
            self.export_to(path, personal=answer == "personal")

    def export_to(self, path: str, *, personal: bool = False) -> None:
        """Every registration the list shows (not only the rows on screen), off the UI
        thread with a progress bar; a person's year of birth, address and phones only
        when `personal`."""
        from ui.saving import save_in_job, show_saved

        opener, query = self.ctx.opener(), self.current_query()

        def job(target, progress):
            with opener() as other:  # as the signed-in user, like every job
                return other.excel.export_list(target, query, progress, personal=personal)

        # A workbook of that name open in Excel: try again or another name.
        return save_in_job(self, self.jobs, _("Exporting the list"), path, job,
                           lambda written: show_saved(self, _("Written: {path}").format(
                               path=written), written, _("Export to Excel")))

    def import_excel(self, path: str | None = None):
        from ui.screens.excel_import_dialog import ExcelImportDialog, choose_workbook

        path = path or choose_workbook(self)
        if not path:
            return None
        dialog = ExcelImportDialog(self.ctx, self.jobs, path, self.window())
        dialog.imported.connect(self.refresh)
        dialog.show()
        dialog.start()
        self.import_dialog = dialog
        return dialog
