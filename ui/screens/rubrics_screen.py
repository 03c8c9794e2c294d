"""Rubrics (Bộ tiêu chí), for administrators: copy a rubric, edit its texts, maxima
and rating thresholds, and choose which rubric a campaign year and level uses. A
rubric that score sheets use is locked: saving it makes a new edition and the sheets
keep the edition they were scored on."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.context import AppContext
from app.domain.rubrics import SUBJECTS, ItemInput, Rubric, RubricInput, subject_label
from app.domain.scoring import (
    COUNCIL_TOTALS,
    ScoreError,
    council_total_label,
    council_total_name,
    format_score,
    parse_points,
)
from app.domain.units import LEVELS, level_label
from app.i18n import _
from ui.actions import NOT_DONE, fields_inline, run_action
from ui.messages import ask, show_error
from ui.widgets.buttons import make_button
from ui.widgets.empty_state import empty_state
from ui.widgets.field_error import FieldError
from ui.widgets.row_table import RowTable

ID_ROLE = Qt.ItemDataRole.UserRole + 40


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _table(headers: list[str], name: str, what: str) -> RowTable:
    table = RowTable(headers, what)
    table.setObjectName(name)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(True)
    table.setTabKeyNavigation(False)
    table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    return table


class AssignDialog(QDialog):
    """Which campaign year and level a rubric applies to."""

    def __init__(self, rubric: Rubric, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Use this rubric"))
        self.year = QSpinBox()
        self.year.setObjectName("assignYear")
        self.year.setRange(2000, 2100)
        self.year.setValue(clock.today().year)
        self.level = QComboBox()
        self.level.setObjectName("assignLevel")
        for value in reversed(LEVELS):
            self.level.addItem(level_label(value), value)
        form = QFormLayout()
        form.addRow(QLabel(rubric.title()))
        form.addRow(_("Campaign year"), self.year)
        form.addRow(_("Level of the score sheets"), self.level)
        buttons = QDialogButtonBox()
        buttons.addButton(_("Use it"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)


class RubricsScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.rubric: Rubric | None = None
        self.dirty = False
        self._loading = False
        self.errors: dict[str, FieldError] = {}

        self.list = QListWidget()
        self.list.setObjectName("rubricsList")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.currentItemChanged.connect(self._chosen)
        self.list_empty = empty_state(self.list, _(
            "No rubric yet: the two suggested defaults (collectives and individuals) arrive "
            "once the office is set up; \u201c{copy}\u201d makes one of your own from them."
        ).format(copy=_("Copy...").rstrip(".")))

        self.banner = QLabel()
        self.banner.setObjectName("rubricBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("color: #8a5a00;")
        self.name = QLineEdit()
        self.name.setObjectName("rubricName")
        self.subject = QComboBox()
        self.subject.setObjectName("rubricSubject")
        for value in SUBJECTS:
            self.subject.addItem(subject_label(value), value)
        self.note = QLineEdit()
        self.note.setObjectName("rubricNote")
        self.top = QLineEdit()
        self.top.setObjectName("thresholdTop")
        self.passing = QLineEdit()
        self.passing.setObjectName("thresholdPass")
        self.council_total = QComboBox()
        self.council_total.setObjectName("councilTotal")
        # The rule's short name in the box, its whole wording under it (the sheet prints
        # that): the whole wording in the box made the editor wider than the window.
        for value in COUNCIL_TOTALS:
            self.council_total.addItem(council_total_name(value), value)
            self.council_total.setItemData(self.council_total.count() - 1,
                                           _capital(council_total_label(value)),
                                           Qt.ItemDataRole.ToolTipRole)
        self.council_rule = QLabel()
        self.council_rule.setObjectName("councilRule")
        self.council_rule.setWordWrap(True)
        self.council_rule.setStyleSheet("color: #555;")
        smaller = QFont(self.council_rule.font())
        smaller.setPointSizeF(smaller.pointSizeF() * 0.9)
        self.council_rule.setFont(smaller)
        self.council_total.currentIndexChanged.connect(self._show_council_rule)
        self.prerequisites = _table([_("Code"), _("Prerequisite")], "prerequisitesTable",
                                    "Prerequisite")
        self.criteria = _table([_("Code"), _("Criterion"), _("Max"), _("Scoring guidance"),
                                _("Evidence asked for")], "criteriaTable", "Criterion")
        for column, width in ((0, 45), (2, 50), (3, 170), (4, 130)):
            self.criteria.setColumnWidth(column, width)
        self.prerequisites.setColumnWidth(0, 50)
        # The three tables share the height the form leaves (a splitter between them,
        # the criteria the largest part); their rows scroll inside them, so the form
        # and the actions stay in sight at 125% text on a 1366x768 screen.
        self.prerequisites.setMinimumHeight(72)
        self.criteria.setMinimumHeight(110)
        self.total = QLabel()
        self.total.setObjectName("rubricTotal")

        form = QFormLayout()
        named = QWidget()
        line = QHBoxLayout(named)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.name, 1)
        kind = QLabel(_("For"))
        kind.setBuddy(self.subject)
        line.addWidget(kind)
        line.addWidget(self.subject)
        self._row(form, "name", _("Name"), named, also=("subject",))
        self._row(form, "note", _("Note"), self.note)
        thresholds = QWidget()
        line = QHBoxLayout(thresholds)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(QLabel(_("Outstanding from")))
        line.addWidget(self.top)
        line.addWidget(QLabel(_("Passed from")))
        line.addWidget(self.passing)
        line.addWidget(QLabel(_("points; below: Not passed")))
        line.addStretch(1)
        self._row(form, "thresholds", _("Ratings"), thresholds)
        council = QWidget()
        rule = QVBoxLayout(council)
        rule.setContentsMargins(0, 0, 0, 0)
        rule.setSpacing(2)
        rule.addWidget(self.council_total, 0, Qt.AlignmentFlag.AlignLeft)
        rule.addWidget(self.council_rule)
        self._row(form, "council_total", _("Council's total"), council)

        self.save_button = make_button(_("Save"), "saveRubric")
        self.copy_button = make_button(_("Copy..."), "copyRubric")
        self.assign_button = make_button(_("Use for a year and level..."), "assignRubric")
        self.status = QLabel()
        self.status.setObjectName("rubricStatus")
        self.status.setWordWrap(True)
        self.save_button.clicked.connect(self.save)
        self.copy_button.clicked.connect(self.copy)
        self.assign_button.clicked.connect(self.assign)
        # The actions on top, the outcome beside them: never scrolled away.
        actions = QHBoxLayout()
        for button in (self.save_button, self.copy_button, self.assign_button):
            actions.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        actions.addWidget(self.status, 1)
        self.assignments = QTableWidget(0, 4)
        self.assignments.setObjectName("assignmentsTable")
        self.assignments.setHorizontalHeaderLabels([_("Year"), _("Level"), _("For"),
                                                    _("Rubric")])
        self.assignments.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.Stretch)
        self.assignments.verticalHeader().setVisible(False)
        self.assignments.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.assignments.setMinimumHeight(72)
        self.assignments_empty = empty_state(self.assignments, _(
            "No rubric chosen for a year and level: the suggested default of each kind "
            "scores them. \u201c{assign}\u201d chooses another.").format(
            assign=_("Use for a year and level...").rstrip(".")))

        tables = QSplitter(Qt.Orientation.Vertical)
        tables.setObjectName("rubricTables")
        tables.setChildrenCollapsible(False)
        tables.addWidget(self._pane("prerequisites", _("Prerequisites"), self.prerequisites,
                                    self.prerequisites.buttons))
        tables.addWidget(self._pane("criteria", _("Criteria"), self.criteria,
                                    self.criteria.buttons, self.total))
        tables.addWidget(self._pane("", _("Rubric used by each campaign year and level:"),
                                    self.assignments))
        for index, stretch in enumerate((1, 3, 1)):
            tables.setStretchFactor(index, stretch)
        tables.setSizes([110, 330, 110])

        editor = QWidget()
        column = QVBoxLayout(editor)
        column.setContentsMargins(6, 0, 0, 0)
        column.addLayout(actions)
        column.addWidget(self.banner)
        column.addLayout(form)
        column.addWidget(tables, 1)
        self.list.setMinimumWidth(170)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(editor)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([230, 970])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        for widget in (self.name, self.note, self.top, self.passing):
            widget.textEdited.connect(self._changed)
        self.subject.currentIndexChanged.connect(self._changed)
        self.council_total.currentIndexChanged.connect(self._changed)
        self._show_council_rule()
        for table in (self.prerequisites, self.criteria):
            table.itemChanged.connect(self._changed)
            table.rows_changed.connect(self._changed)
        self.refresh()

    def _pane(self, name: str, caption: str, table: QTableWidget,
              buttons: QWidget | None = None, below: QWidget | None = None) -> QWidget:
        """One table of the splitter: its caption, the table with its row buttons beside
        it, the field's message under it (`name`), and what else goes `below`."""
        pane = QWidget()
        box = QVBoxLayout(pane)
        box.setContentsMargins(0, 4, 0, 0)
        box.setSpacing(2)
        title = QLabel(caption)
        title.setBuddy(table)
        box.addWidget(title)
        line = QHBoxLayout()
        line.addWidget(table, 1)
        if buttons is not None:
            line.addWidget(buttons)
        box.addLayout(line, 1)
        if name:
            self.errors[name] = FieldError()
            box.addWidget(self.errors[name])
        if below is not None:
            box.addWidget(below)
        return pane

    def _show_council_rule(self, *_args) -> None:
        self.council_rule.setText(_capital(council_total_label(
            self.council_total.currentData())))

    def _row(self, form: QFormLayout, name: str, caption: str, widget: QWidget,
             also: tuple[str, ...] = ()) -> None:
        """A line of the form with the message of its field under it (and of the
        fields `also` on the same line)."""
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(widget)
        for field in (name, *also):
            self.errors[field] = FieldError()
            box.addWidget(self.errors[field])
        form.addRow(caption, holder)

    # -- showing --------------------------------------------------------------------
    def refresh(self, select: str | None = None) -> None:
        keep = select or (self.rubric.id if self.rubric else None)
        def read():
            rubrics = self.ctx.rubrics.listing()
            usage = {r.id: self.ctx.rubrics.usage(r.id) for r in rubrics}
            return rubrics, usage, self.ctx.rubrics.assignments()
        found = run_action(self, read)
        if found is NOT_DONE:
            return
        rubrics, usage, assignments = found
        self.list.blockSignals(True)
        self.list.clear()
        for rubric in rubrics:
            marks = []
            if rubric.suggested:
                marks.append(_("suggested"))
            if rubric.locked or usage[rubric.id]:
                marks.append(_("locked, {count} sheet(s)").format(count=usage[rubric.id]))
            text = rubric.title() + (f"\n[{', '.join(marks)}]" if marks else "")
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, rubric.id)
            item.setToolTip(text)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.assignments.setRowCount(len(assignments))
        for row, entry in enumerate(assignments):
            for column, text in enumerate((str(entry.year), level_label(entry.level),
                                           subject_label(entry.subject),
                                           _("{name} (edition {edition})").format(
                                               name=entry.name, edition=entry.edition))):
                self.assignments.setItem(row, column, QTableWidgetItem(text))
        rows = [self.list.item(i).data(ID_ROLE) for i in range(self.list.count())]
        index = rows.index(keep) if keep in rows else 0
        if rows:
            self.list.setCurrentRow(index)
            self.show_rubric(rows[index])

    def _chosen(self, current: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if current is None or self._loading:
            return
        if self.dirty and not self.may_leave():
            self.list.blockSignals(True)
            self.list.setCurrentItem(previous)
            self.list.blockSignals(False)
            return
        self.show_rubric(current.data(ID_ROLE))

    def may_leave(self) -> bool:
        choice = ask(self, _("Unsaved changes"), _("This rubric has changes that are not "
                                                   "saved yet."),
                     [("save", _("Save")), ("discard", _("Discard changes")),
                      ("cancel", _("Cancel"))], default="save")
        return (choice == "save" and self.save()) or choice == "discard"

    def show_rubric(self, rubric_id: str) -> None:
        def action():
            rubric = self.ctx.rubrics.get(rubric_id)
            used = self.ctx.rubrics.usage(rubric_id)
            return rubric, used
        found = run_action(self, action)
        if found is NOT_DONE:
            return
        rubric, used = found
        self.rubric = rubric
        self._loading = True
        try:
            self.name.setText(rubric.name)
            self.subject.setCurrentIndex(self.subject.findData(rubric.subject))
            self.note.setText(rubric.note)
            self.top.setText(format_score(rubric.thresholds.top))
            self.passing.setText(format_score(rubric.thresholds.passing))
            self.council_total.setCurrentIndex(self.council_total.findData(
                rubric.council_total))
            self.prerequisites.set_rows([[item.code, item.text]
                                         for item in rubric.prerequisites])
            self.criteria.set_rows([[item.code, item.text, format_score(item.max_tenths),
                                     item.guidance, item.evidence] for item in rubric.criteria])
            self.criteria.resizeRowsToContents()
            for row in range(self.criteria.rowCount()):
                self.criteria.setRowHeight(row, min(self.criteria.rowHeight(row), 64))
        finally:
            self._loading = False
        locked = rubric.locked or used > 0
        self.banner.setText(_(
            "{count} score sheet(s) use this rubric, so it is locked: saving makes edition "
            "{edition}, and those sheets keep this edition with their scores.").format(
            count=used, edition=rubric.edition + 1) if locked else "")
        self.banner.setVisible(locked)
        self.dirty = False
        self.status.clear()
        self.show_errors({})
        self._update_total()

    def _changed(self, *_args) -> None:
        if not self._loading:
            self.dirty = True
            self._update_total()

    def _update_total(self) -> None:
        total, bad = 0, False
        for row in range(self.criteria.rowCount()):
            try:
                total += parse_points(self.criteria.text(row, 2)) or 0
            except ScoreError:
                bad = True
        self.total.setText(_("Total of the maxima: {total} points").format(
            total=format_score(total)) + (" (?)" if bad else ""))

    # -- saving ---------------------------------------------------------------------
    def collect(self) -> tuple[RubricInput, dict[str, str]]:
        errors: dict[str, str] = {}
        rubric = RubricInput(name=self.name.text(), subject=self.subject.currentData(),
                             note=self.note.text(),
                             council_total=self.council_total.currentData())
        for name, widget in (("threshold_top", self.top), ("threshold_pass", self.passing)):
            try:
                setattr(rubric, name, parse_points(widget.text()) or 0)
            except ScoreError as error:
                errors["thresholds"] = str(error)
        rubric.prerequisites = [ItemInput(self.prerequisites.text(row, 0),
                                          self.prerequisites.text(row, 1))
                                for row in range(self.prerequisites.rowCount())]
        for row in range(self.criteria.rowCount()):
            code, text, maximum, guidance, evidence = (
                self.criteria.text(row, column) for column in range(5))
            try:
                max_tenths = parse_points(maximum) or 0
            except ScoreError as error:
                errors["criteria"] = _("Row {row}: {problem}").format(row=row + 1,
                                                                     problem=error)
                max_tenths = 0
            rubric.criteria.append(ItemInput(code, text, max_tenths, guidance, evidence))
        return rubric, errors

    def show_errors(self, errors: dict[str, str]) -> None:
        for name, label in self.errors.items():
            label.show_message(errors.get(name))

    def save(self) -> bool:
        if self.rubric is None:
            return False
        rubric, errors = self.collect()
        if not errors:
            errors = self.ctx.rubrics.check(rubric)[1]
        if errors:
            self.show_errors(errors)
            self.status.setText(_("Not saved: please correct the marked fields; nothing was "
                                  "lost."))
            return False
        outcome = run_action(self, lambda: self.ctx.rubrics.save(
            self.rubric.id, rubric, expected_version=self.rubric.version),
            handled=fields_inline(self.show_errors))
        if outcome is NOT_DONE:
            return False
        self.dirty = False
        self.refresh(select=outcome.rubric_id)
        self.status.setText(_(
            "Saved as a new edition ({edition}); sheets already scored keep the old one. "
            "Choose below which years and levels use it.").format(
            edition=self.rubric.edition) if outcome.new_edition else _("Saved."))
        return True

    def copy(self) -> None:
        if self.rubric is None or (self.dirty and not self.may_leave()):
            return
        new_id = run_action(self, lambda: self.ctx.rubrics.copy(self.rubric.id))
        if new_id is NOT_DONE:
            return
        self.refresh(select=new_id)
        self.status.setText(_("Copied: edit the copy, then save it."))
        self.name.setFocus()
        self.name.selectAll()

    def assign(self) -> None:
        if self.rubric is None or (self.dirty and not self.may_leave()):
            return
        dialog = AssignDialog(self.rubric, self)
        if not dialog.exec():
            return
        if run_action(self, lambda: self.ctx.rubrics.assign(
                dialog.year.value(), dialog.level.currentData(), self.rubric.subject,
                self.rubric.id), handled=fields_inline(
                lambda fields: show_error(self, "; ".join(fields.values())))) is NOT_DONE:
            return
        self.refresh()
        self.status.setText(_("Year {year}, {level}: this rubric is used from now on; "
                              "sheets already made keep theirs.").format(
            year=dialog.year.value(), level=level_label(dialog.level.currentData())))
