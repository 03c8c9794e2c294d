"""The score sheet (Bản tự đánh giá, chấm điểm) of one model: prerequisites, then a
table of criteria with the self score, one column per council member, the council
mean, remarks and evidence; the totals and the rating follow every key typed.

Everything typed stays on the screen until it is saved; a value that cannot be saved
is marked in its cell and explained right under the table, and nothing already
saved changes until Save succeeds.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain import scoring as S
from app.domain.dates import from_iso
from app.domain.fields import field_name
from app.domain.scoring import Criterion, ScoreError, format_score, parse_score
from app.domain.sheets import (
    EVIDENCE,
    MEMBER_PREFIX,
    REMARKS,
    SELF,
    VERDICT,
    Sheet,
    member_column,
)
from app.domain.units import level_label
from app.errors import ValidationError
from app.i18n import _, format_date
from app.services.scoring import CellChange
from ui.actions import NOT_DONE, fields_inline, inline, run_action
from ui.messages import confirm
from ui.models.score_sheet_model import COUNCIL, MAXIMUM, ScoreSheetModel
from ui.screens.sheet_workflow_bar import SheetWorkflowBar
from ui.widgets.field_error import FieldError
from ui.widgets.score_table import ScoreTable

ROW_HEIGHT_MAX = 46
RATING_COLOURS = {S.TOP: "#1b6e20", S.PASS: "#1a4f8b", S.FAIL: "#9a3412",
                  S.INELIGIBLE: "#b00020"}


class ScoringScreen(QWidget):
    saved = Signal(str)
    open_sheet = Signal(str)  # a new edition or a second keying to show

    def __init__(self, ctx: AppContext, sheet_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.sheet: Sheet | None = None
        self.dirty = False
        self._loading = False
        self._verdicts: dict[str, QComboBox] = {}

        self.heading = QLabel()
        self.heading.setObjectName("sheetHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        heading_font = QFont(self.heading.font())
        heading_font.setBold(True)
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.15)
        self.heading.setFont(heading_font)
        self.details = QLabel()
        self.details.setObjectName("sheetDetails")
        self.details.setWordWrap(True)
        self.editions = QComboBox()
        self.editions.setObjectName("editions")
        self.editions.activated.connect(self._choose_edition)
        self.banner = QLabel()
        self.banner.setObjectName("stateBanner")
        self.banner.setWordWrap(True)
        self.prerequisites = QGroupBox(_("Prerequisites (pass or fail; one failure makes the "
                                         "sheet not eligible)"))
        self.prerequisites_grid = QGridLayout(self.prerequisites)
        self.prerequisites_grid.setColumnStretch(0, 1)
        self.prerequisites_grid.setVerticalSpacing(2)
        self.grid = ScoreSheetModel(self)
        self.table = ScoreTable()
        self.table.setObjectName("scoreTable")
        self.table.setModel(self.grid)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.error = FieldError()
        self.error.setObjectName("scoreError")
        self.totals = QLabel()
        self.totals.setObjectName("totals")
        totals_font = QFont(self.totals.font())
        totals_font.setBold(True)
        totals_font.setPointSizeF(totals_font.pointSizeF() * 1.2)
        self.totals.setFont(totals_font)
        self.council_rule = QLabel()
        self.council_rule.setObjectName("councilRule")
        self.council_rule.setWordWrap(True)
        self.remarks = QPlainTextEdit()
        self.remarks.setObjectName("sheetRemarks")
        self.remarks.setTabChangesFocus(True)
        self.remarks.setMaximumHeight(64)
        self.remarks.setPlaceholderText(_("Conclusion of the appraisal council"))
        self.remarks_error = FieldError()
        self.status = QLabel()
        self.status.setObjectName("sheetStatus")

        self.workflow = SheetWorkflowBar({
            "save": self.save, "add_member": self.add_member,
            "remove_member": self.remove_member, "submit": self.submit,
            "send_back": self.send_back, "approve": self.approve, "lock": self.lock,
            "correct": self.correct, "rekey": self.second_keying, "compare": self.compare,
            "print": self.print_sheet})
        self.buttons = self.workflow.buttons

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.editions)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details)
        layout.addWidget(self.banner)
        layout.addWidget(self.prerequisites)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.totals)
        layout.addWidget(self.council_rule)
        layout.addWidget(self.remarks)
        layout.addWidget(self.remarks_error)
        layout.addWidget(self.workflow)
        layout.addWidget(self.status)

        self.table.typing.connect(self._typing)
        self.grid.edited.connect(self._cell_edited)
        self.table.refused.connect(self._refused)
        self.remarks.textChanged.connect(self._changed)
        # Later, not inside the key press: saving rebuilds the table, and with it the
        # cell editor that may be handling this very key.
        QShortcut(QKeySequence.StandardKey.Save, self,
                  activated=lambda: QTimer.singleShot(0, self.save))
        self.load(sheet_id)

    # -- loading --------------------------------------------------------------------
    def load(self, sheet_id: str) -> None:
        self.sheet = self.ctx.scoring.sheet(sheet_id)
        sheet = self.sheet
        self._loading = True
        try:
            self.heading.setText(f"{sheet.model_name} - {sheet.registrant}")
            rubric = sheet.rubric
            note = f" - {rubric.note}" if rubric.note else ""
            self.details.setText(_(
                "Year {year} · Level: {level} · Field: {field} · Rubric: {rubric}{note}").format(
                year=sheet.year, level=level_label(sheet.level), field=field_name(sheet.field),
                rubric=rubric.title(), note=note))
            self._fill_editions()
            self.banner.setText(self._banner_text())
            self.banner.setStyleSheet("color: #8a5a00;" if sheet.state not in (S.LOCKED,)
                                      else "color: #b00020;")
            self._fill_prerequisites()
            self._fill_table()
            self.remarks.setPlainText(sheet.remarks)
            self.remarks.setReadOnly(not sheet.council_editable())
        finally:
            self._loading = False
        self.dirty = False
        self.error.show_message(None)
        self.remarks_error.show_message(None)
        self._update_buttons()
        self._recompute()

    def _fill_editions(self) -> None:
        sheet = self.sheet
        self.editions.clear()
        editions = self.ctx.scoring.editions(sheet.id) if not sheet.check_of else []
        for edition in editions:
            self.editions.addItem(_("Edition {number}: {state}").format(
                number=edition.edition, state=S.state_label(edition.state)),
                edition.id)
        self.editions.setCurrentIndex(max(0, self.editions.findData(sheet.id)))
        self.editions.setVisible(len(editions) > 1)

    def _banner_text(self) -> str:
        sheet = self.sheet
        lines = []
        if sheet.check_of:
            lines.append(_("Second keying of the paper sheet, typed by {who}: it is compared "
                           "with the first keying before the sheet is approved.").format(
                who=sheet.keyed_by or "?"))
        if sheet.superseded_by:
            lines.append(_("Old edition, replaced by a corrected edition; it stays as it was."))
        if sheet.edition > 1:
            lines.append(_("Corrected edition {number}: {reason}").format(
                number=sheet.edition, reason=sheet.correction_reason))
        state_text = {
            S.DRAFT: _("Draft: the registrant scores itself; the appraisal council may "
                       "already type its scores."),
            S.SUBMITTED: _("Submitted on {date}: the council scores it; the self scores "
                           "no longer change.").format(date=self._date(sheet.submitted_on)),
            S.RETURNED: _("Returned: {reason}").format(reason=sheet.return_reason),
            S.APPROVED: _("Approved on {date}. To change it, return it with a reason.")
            .format(date=self._date(sheet.approved_on)),
            S.LOCKED: S.refusal(S.LOCKED),
        }[sheet.state]
        if not sheet.superseded_by:
            lines.append(state_text)
        source = self.ctx.scoring.self_source(sheet)
        if source is not None:
            from app.domain.units import level_label

            lines.append(_("Self scores carried from the approved sheet of {office} "
                           "(level {level}, approved on {date}); the council may change "
                           "them until it approves.").format(
                office=source.office_name or source.office,
                level=level_label(source.level).lower() if source.level else "?",
                date=self._date(source.approved_on)))
        if sheet.newer_rubric_id:
            lines.append(_("The rubric has a newer edition; this sheet keeps the edition it "
                           "is scored on ({edition}), so no saved score changes.").format(
                edition=sheet.rubric.edition))
        return "\n".join(lines)

    @staticmethod
    def _date(value: str | None) -> str:
        return format_date(from_iso(value)) if value else "?"

    def _fill_prerequisites(self) -> None:
        while self.prerequisites_grid.count():
            self.prerequisites_grid.takeAt(0).widget().deleteLater()
        self._verdicts.clear()
        for row, item in enumerate(self.sheet.rubric.prerequisites):
            combo = QComboBox()
            combo.setObjectName(f"verdict_{item.code}")
            combo.addItem(_("(not decided)"), None)
            combo.addItem(_("Passed"), True)
            combo.addItem(_("Not passed"), False)
            passed = self.sheet.line(item.id).passed
            combo.setCurrentIndex(combo.findData(passed) if passed is not None else 0)
            combo.setProperty("original", combo.currentIndex())
            combo.setEnabled(self.sheet.council_editable())
            combo.setFixedWidth(170)
            combo.currentIndexChanged.connect(self._changed)
            label = QLabel(f"{item.code}. {item.text}")
            label.setBuddy(combo)
            self.prerequisites_grid.addWidget(label, row, 0)
            self.prerequisites_grid.addWidget(combo, row, 1)
            self._verdicts[item.id] = combo
        self.prerequisites.setVisible(bool(self._verdicts))

    @property
    def _columns(self) -> list[str]:
        """The key of each column of the grid (CRITERION, MAXIMUM, SELF, the members,
        COUNCIL, REMARKS, EVIDENCE)."""
        return self.grid.columns

    def _fill_table(self) -> None:
        self.grid.load(self.sheet)
        table = self.table
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        widths = {MAXIMUM: 55, SELF: 80, COUNCIL: 80, REMARKS: 170, EVIDENCE: 170}
        for column, key in enumerate(self._columns[1:], start=1):
            table.setColumnWidth(column, widths.get(key, 100))
        table.resizeRowsToContents()
        for row in range(table.rowCount()):  # long evidence is read in the tooltip
            table.setRowHeight(row, min(table.rowHeight(row), ROW_HEIGHT_MAX))
        first = table.first_editable()
        if first:
            table.setCurrentCell(*first)

    # -- live totals ----------------------------------------------------------------
    def _typing(self, row: int, column: int, text: str) -> None:
        self._changed()
        self._recompute((row, column, text))

    def _cell_edited(self, _row: int, _column: int) -> None:
        if self._loading:
            return
        self._changed()
        self._recompute()

    def _changed(self, *_args) -> None:
        if not self._loading:
            self.dirty = True
            self.buttons["save"].setEnabled(True)

    def _read(self, override: tuple[int, int, str] | None = None
              ) -> tuple[dict, list[dict], dict[tuple[int, int], str]]:
        """Self scores and members' scores as on the screen, and what does not parse."""
        own: dict[str, int | None] = {}
        members: list[dict[str, int | None]] = [{} for _m in self.sheet.members]
        member_of = {member_column(m.id): index for index, m in enumerate(self.sheet.members)}
        problems: dict[tuple[int, int], str] = {}
        for row, criterion in enumerate(self.sheet.rubric.criteria):
            for column, key in enumerate(self._columns):
                if key != SELF and not key.startswith(MEMBER_PREFIX):
                    continue
                text = override[2] if override and override[:2] == (row, column) else \
                    self.grid.text(row, column)
                try:
                    value = parse_score(text, criterion.max_tenths)
                except ScoreError as error:
                    problems[(row, column)] = str(error)
                    value = None
                if key == SELF:
                    own[criterion.id] = value
                else:
                    members[member_of[key]][criterion.id] = value
        return own, members, problems

    def _recompute(self, override: tuple[int, int, str] | None = None) -> None:
        sheet = self.sheet
        own, members, problems = self._read(override)
        criteria = [Criterion(c.id, c.max_tenths) for c in sheet.rubric.criteria]
        verdicts = [combo.currentData() for combo in self._verdicts.values()]
        result = S.score_members(criteria, own, members, verdicts, sheet.rubric.thresholds,
                                 rule=sheet.rubric.council_total)
        totals = {self._columns.index(SELF): format_score(result.total_self)}
        for member, scores in zip(sheet.members, members, strict=True):
            present = [v for v in scores.values() if v is not None]
            totals[self._columns.index(member_column(member.id))] = \
                format_score(sum(present)) if present else ""
        totals[self._columns.index(COUNCIL)] = format_score(result.total_council)
        self.grid.show_result([format_score(result.council_scores[c.id]) for c in criteria],
                              totals, problems, typing=override[:2] if override else None)
        rating = S.rating_label(result.rating) or _("(not scored yet)")
        if problems:  # no rating from cells that cannot be read: it would be wrong
            rating = _("none until the marked cells are corrected")
        self.totals.setText(_("Self total: {self} · Council total: {council} · Rating: "
                              "{rating}").format(self=format_score(result.total_self) or "-",
                                                 council=format_score(result.total_council)
                                                 or "-", rating=rating))
        self.totals.setStyleSheet(f"color: {RATING_COLOURS.get(result.rating, '#333333')};"
                                  if not problems else "color: #777777;")
        self.council_rule.setText(_("The council's total: {rule}.").format(
            rule=S.council_total_label(sheet.rubric.council_total)))
        if problems:
            self.error.show_message("\n".join(
                f"{self._cell_name(row, column)}: {message}"
                for (row, column), message in list(problems.items())[:3]))
        else:
            self.error.show_message(None)

    def _cell_name(self, row: int, column: int) -> str:
        code = self.sheet.rubric.criteria[row].code
        return _("Criterion {code} ({column})").format(
            code=code, column=self.grid.header(column))

    def _refused(self, row: int, column: int) -> None:
        key = self._columns[column] if column < len(self._columns) else ""
        sheet = self.sheet
        if not sheet.is_current:
            message = _("This is an old edition of the sheet; it stays as it was. Open the "
                        "current edition to make changes.")
        elif key == SELF:
            message = S.self_refusal(sheet.state)
        elif key.startswith(MEMBER_PREFIX) or key in (REMARKS, EVIDENCE):
            message = S.refusal(sheet.state)
        elif key == COUNCIL or row >= len(sheet.rubric.criteria):
            message = _("Totals and the council mean are computed; type the scores in the "
                        "columns of the members.")
        else:
            message = _("The criteria and their maxima belong to the rubric; an "
                        "administrator edits them under Rubrics.")
        self.error.show_message(message)

    # -- saving ---------------------------------------------------------------------
    def changes(self) -> list[CellChange]:
        result = self.grid.changes()
        for item_id, combo in self._verdicts.items():
            if combo.isEnabled() and combo.currentIndex() != combo.property("original"):
                value = combo.currentData()
                result.append(CellChange(item_id, VERDICT, "" if value is None else
                                         ("1" if value else "0")))
        return result

    def save(self) -> bool:
        """Write every change, or nothing; what cannot be saved stays on screen, marked."""
        self._close_editor()
        changes = self.changes()
        remarks = self.remarks.toPlainText() if \
            self.remarks.toPlainText() != self.sheet.remarks and \
            self.sheet.council_editable() else None
        if not changes and remarks is None:
            self.dirty = False
            self.status.setText(_("Nothing to save."))
            self._update_buttons()
            return True
        if run_action(self, lambda: self.ctx.scoring.save(
                self.sheet.id, changes, remarks=remarks,
                expected_version=self.sheet.version),
                handled=fields_inline(self._not_saved)) is NOT_DONE:
            return False
        row, column = self.table.currentRow(), self.table.currentColumn()
        self.load(self.sheet.id)
        self.table.move_to(row, column)
        self.status.setText(_("Saved."))
        self.saved.emit(self.sheet.id)
        return True

    def _close_editor(self) -> None:
        """Keep what is in an open cell editor (Ctrl+S while typing) before saving."""
        editor = QApplication.focusWidget()
        if self.table.state() == QAbstractItemView.State.EditingState and \
                editor is not None and editor.parent() is self.table.viewport():
            self.table.commitData(editor)
            self.table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def show_errors(self, fields: dict[str, str]) -> None:
        messages = []
        for key, message in fields.items():
            messages.append(message)
            column, _sep, item_id = key.rpartition(":")
            if column == VERDICT and item_id in self._verdicts:
                self._verdicts[item_id].setStyleSheet("background: #f8d7da;")
                continue
            if key == "remarks":
                self.remarks_error.show_message(message)
                continue
            self.grid.mark(item_id, column, message)
        self.error.show_message("\n".join(dict.fromkeys(messages)))

    # -- actions --------------------------------------------------------------------
    def _update_buttons(self) -> None:
        sheet = self.sheet
        self.workflow.show_for(sheet, dirty=self.dirty, has_second_keying=lambda: (
            self.ctx.scoring.check_sheet(sheet.id) is not None))

    def _save_first(self) -> bool:
        return not self.dirty or self.save()

    def _not_saved(self, fields: dict[str, str]) -> None:
        self.show_errors(fields)
        self.status.setText(_("Not saved: please correct the marked cells; nothing was "
                              "lost."))

    def _said_or_marked(self, error: BaseException) -> bool:
        """`handled` for the sheet's actions: a refused score marked in its cell, any
        other refusal under the sheet (where the clerk is looking), not in a box."""
        if isinstance(error, ValidationError):
            self.show_errors(error.fields)
        else:
            self.error.show_message(getattr(error, "message", str(error)))
        return True

    def _said_under(self, error: BaseException) -> bool:
        """`handled` that says any refusal under the sheet, a refused field's words
        alone."""
        self.error.show_message("; ".join(error.fields.values())
                                if isinstance(error, ValidationError)
                                else getattr(error, "message", str(error)))
        return True

    def _run(self, action, *args) -> bool:
        return run_action(self, lambda: action(*args), handled=self._said_or_marked) \
            is not NOT_DONE

    def _after(self, text: str) -> None:
        self.load(self.sheet.id)
        self.status.setText(text)
        self.saved.emit(self.sheet.id)

    def submit(self) -> None:
        """Nộp: the self scores are locked from then on, so the clerk says so first."""
        if not confirm(self, _("Submit the sheet"), _(
                "Submit the sheet to the appraisal council? From then on the self scores "
                "cannot be changed (only the council scores it); to change them the "
                "council must return the sheet."), _("Submit")):
            return
        if self._save_first() and self._run(self.ctx.scoring.submit, self.sheet.id):
            self._after(_("Submitted to the appraisal council."))

    def approve(self) -> None:
        if self._save_first() and self._run(self.ctx.scoring.approve, self.sheet.id):
            self._after(_("Approved."))

    def print_sheet(self):
        """The sheet as scored (its rubric edition, self and council scores, every
        member's scores, the rating), in the print preview; unsaved typing is saved
        first, so the paper shows what is on the screen."""
        from ui.screens.print_preview import PrintPreviewDialog

        if not self._save_first():
            return None
        def preview():
            doc, _stored = self.ctx.printing.scoresheet_document(sheet_id=self.sheet.id)
            pdf = self.ctx.printing.render(doc)
            return PrintPreviewDialog(self.ctx, pdf, title=self.sheet.model_name,
                                      file_name=_("score-sheet-{id}.pdf").format(
                                          id=self.sheet.id[:8]), parent=self)

        dialog = run_action(self, preview, handled=inline(self.error.show_message))
        if dialog is NOT_DONE:
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def lock(self) -> None:
        if not confirm(self, _("Lock the sheet"), _(
                "A locked sheet never changes again; a mistake is then corrected with a new "
                "edition. Lock it?"), _("Lock")):
            return
        if self._run(self.ctx.scoring.lock, self.sheet.id):
            self._after(_("Locked."))

    def _reason(self, title: str, label: str, ok: str) -> str | None:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
        dialog.setOkButtonText(ok)
        dialog.setCancelButtonText(_("Cancel"))
        return dialog.textValue() if dialog.exec() else None

    def send_back(self) -> None:
        reason = self._reason(_("Return the sheet"), _("Why is the sheet returned? (the "
                                                        "registrant sees this reason)"),
                              _("Return"))
        if reason is not None and self._save_first() and \
                self._run(self.ctx.scoring.send_back, self.sheet.id, reason):
            self._after(_("Returned."))

    def correct(self) -> None:
        reason = self._reason(_("Correct a locked sheet"), _(
            "The locked sheet stays as it is; a new edition is made to correct. Reason for "
            "the correction:"), _("Make the new edition"))
        if reason is None:
            return
        new_id = run_action(self, lambda: self.ctx.scoring.correct(self.sheet.id, reason),
                            handled=self._said_under)
        if new_id is NOT_DONE:
            return
        self.load(new_id)
        self.status.setText(_("A corrected edition was made; the locked one stays visible."))
        self.saved.emit(new_id)

    def add_member(self) -> None:
        if not self._save_first():
            return
        dialog = QInputDialog(self)
        dialog.setWindowTitle(_("Add a council member"))
        dialog.setLabelText(_("Full name of the member:"))
        dialog.setOkButtonText(_("Add"))
        dialog.setCancelButtonText(_("Cancel"))
        if dialog.exec() and self._run(self.ctx.scoring.add_member, self.sheet.id,
                                       dialog.textValue()):
            self._after(_("Member added."))

    def remove_member(self) -> None:
        column = self.table.currentColumn()
        key = self._columns[column] if 0 <= column < len(self._columns) else ""
        if not key.startswith(MEMBER_PREFIX):
            self.error.show_message(_("Click a cell in the column of the member to remove "
                                      "first."))
            return
        member = next(m for m in self.sheet.members if member_column(m.id) == key)
        if not confirm(self, _("Remove member"), _(
                "Remove {name} and their scores from this sheet? Their scores are kept in "
                "the file, marked removed.").format(name=member.label()), _("Remove")):
            return
        if self._save_first() and self._run(self.ctx.scoring.remove_member, self.sheet.id,
                                            member.id):
            self._after(_("Member removed."))

    def second_keying(self) -> None:
        if not self._save_first():
            return
        check_id = run_action(self, lambda: self.ctx.scoring.start_check(self.sheet.id),
                              handled=inline(self.error.show_message))
        if check_id is NOT_DONE:
            return
        self._update_buttons()
        self.open_sheet.emit(check_id)

    def compare(self) -> None:
        from ui.screens.differences_dialog import DifferencesDialog

        primary = self.sheet.check_of or self.sheet.id
        differences = run_action(self, lambda: self.ctx.scoring.differences(primary),
                                 handled=inline(self.error.show_message))
        if differences is NOT_DONE:
            return
        DifferencesDialog(differences, self).exec()

    def _choose_edition(self, index: int) -> None:
        sheet_id = self.editions.itemData(index)
        if sheet_id and sheet_id != self.sheet.id and self._save_first():
            self.load(sheet_id)
