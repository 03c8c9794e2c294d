"""Decisions (Quyết định công nhận): drafts and issued decisions of every level this
office holds (its own, its children's, and those that came down from above). A new
draft lists the models recognised here and not decided yet; issuing it (after saying
what would stay blank on the paper for good, and asking for the key that signs the
certificates' codes) shows its number; an issued decision is corrected by a new
decision. Print the decision as issued (a draft prints "DỰ THẢO"), or every
certificate of it into one PDF (with a progress bar and a cancel button), or onto
pre-printed blanks."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.fields import field_name
from app.domain.recognition import DecisionState
from app.domain.scoring import rating_label
from app.errors import DvkError
from app.i18n import _
from app.printing import paper_names
from app.services.decisions import Issued, ListedDecision, RecognisedItem, ToConfirm
from ui.actions import NOT_DONE, run_action
from ui.jobs import JobRunner
from ui.messages import show_error, show_info
from ui.models.rows_model import HIGHLIGHT, HIGHLIGHT_COLOUR, RowsModel
from ui.saving import save_in_job, show_saved
from ui.screens.recognition_common import (
    ReasonDialog,
    fill_campaign_years,
    model_columns,
    points_from,
    rows_table,
    shown_date,
)
from ui.widgets.buttons import button_row, make_button
from ui.widgets.empty_state import empty_state
from ui.widgets.legend import BACKGROUND, Legend


class DecisionsScreen(QWidget):
    def __init__(self, ctx: AppContext, jobs: JobRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.jobs = jobs
        self.decisions: list[ListedDecision] = []
        self.entries: list[RecognisedItem] = []
        self.year = QComboBox()
        self.year.setObjectName("decisionsYear")
        self.model = RowsModel([_("Number"), _("Date"), _("Level"), _("Issuer"), _("Models"),
                                _("State")], self)
        self.table = rows_table(self.model, [120, 95, 80, 0, 95, 200], "decisionsTable")
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self.show_items())
        self.number = QLabel()
        self.number.setObjectName("decisionNumber")
        self.number.setStyleSheet("font-weight: bold;")
        self.items = RowsModel([*model_columns(_("Certificate")), _("Commune")], self)
        self.items_table = rows_table(self.items, [0, 170, 140, 80, 90, 100, 150],
                                      "decisionItems")
        self.items_table.setSelectionMode(
            QAbstractItemView.SelectionMode.ExtendedSelection)
        self.new_button = make_button(_("New decision"), "newDecision", self.new_decision)
        self.add_button = make_button(_("Add models..."), "addToDecision", self.add_models)
        self.remove_button = make_button(_("Take off the draft"), "removeFromDecision",
                                         self.remove_models)
        self.issue_button = make_button(_("Issue..."), "issueDecision", self.issue_selected)
        self.amend_button = make_button(_("Correct..."), "amendDecision", self.amend_selected)
        self.print_button = make_button(_("Print the decision..."), "printDecision",
                                        self.print_selected)
        # A certificate is seen before a whole batch is saved (issue 18).
        self.certificates_button = make_button(_("Certificates..."),
                                               "printCertificates", self.preview_certificates)
        self.blanks_button = make_button(_("Print onto blanks..."), "printBlanks",
                                         self.print_on_blanks)
        # The office's official digital signature on the paper as issued (issue 22).
        self.sign_button = make_button(_("Sign digitally..."), "signDecision",
                                       self.sign_selected)
        self.signed_button = make_button(_("Save the signed copy..."), "saveSignedCopy",
                                         self.save_signed_copy)
        self.reprint_button = make_button(_("Certificate of the model chosen..."),
                                          "reprintCertificate", self.reprint_selected)
        self.commune_button = make_button(_("Certificates of a commune..."),
                                          "communeCertificates", self.commune_certificates)
        self.year.currentIndexChanged.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Year")))
        top.addWidget(self.year)
        top.addStretch(1)
        # The decision's paper is printed, then signed with the office's official digital
        # signature (issue 22): one row, so that on a 1366x768 screen every button shows
        # without scrolling (a third row went below the fold).
        buttons = button_row(self.new_button, self.add_button, self.remove_button,
                             self.issue_button, self.amend_button, self.print_button,
                             self.sign_button, self.signed_button)
        papers = button_row(self.certificates_button, self.reprint_button,
                            self.commune_button, self.blanks_button)
        self.legend = Legend([(BACKGROUND, HIGHLIGHT_COLOUR, _(
            "Green: issued by this office (it no longer changes)"))])
        self.empty = empty_state(self.table, lambda: _(
            "No decision for {year} yet. Once models are recognised in the screen "
            "\u201c{screen}\u201d, press \u201c{new}\u201d, add them, then "
            "\u201c{issue}\u201d. Decisions of the level above arrive in its bundles.").format(
            year=self.year.currentText(), screen=_("Recognition"), new=_("New decision"),
            issue=_("Issue...").rstrip(".")))
        self.items_empty = empty_state(self.items_table, _(
            "Choose a decision above to see the models it recognises."))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.legend)
        layout.addWidget(self.number)
        layout.addWidget(self.items_table, 3)
        layout.addLayout(buttons)
        layout.addLayout(papers)
        self.reload()

    def reload(self) -> None:
        fill_campaign_years(self.year, self.ctx)
        self.refresh()

    def refresh(self) -> None:
        year = self.year.currentData()
        def action():
            self.decisions = self.ctx.decisions.listing(year=year)
        if run_action(self, action) is NOT_DONE:
            return
        from app.domain.units import level_label

        rows = []
        for d in self.decisions:
            state = _("Issued") if d.state == DecisionState.ISSUED else _("Draft")
            if d.amended_by:
                state = _("Corrected by {number}").format(number=d.amended_by)
            rows.append((d.id, [d.number or _("(draft)"), shown_date(d.decided_on),
                                   level_label(d.level), d.issuer or d.issuer_code,
                                   d.models, state],
                         HIGHLIGHT if d.origin == self.ctx.office_code and
                         d.state == DecisionState.ISSUED else None))
        self.model.set_rows(rows)
        if rows:
            self.table.selectRow(0)
        self.show_items()

    def selected(self) -> ListedDecision | None:
        decision_id = self.model.key(self.table.currentIndex().row())
        return next((d for d in self.decisions if d.id == decision_id), None)

    def select(self, decision_id: str) -> None:
        for row in range(self.model.rowCount()):
            if self.model.key(row) == decision_id:
                self.table.selectRow(row)

    def show_items(self) -> None:
        decision = self.selected()
        if decision is None:
            self.items.set_rows([])
            self.entries = []
            self.number.setText("")
            for button in (self.issue_button, self.amend_button, self.print_button,
                           self.certificates_button, self.blanks_button, self.sign_button,
                           self.signed_button):
                button.setEnabled(False)
            return
        data = run_action(self, lambda: self.ctx.decisions.record(decision.id))
        if data is NOT_DONE:
            return
        if data.state == DecisionState.ISSUED:
            text = _("Decision {number} of {date}").format(number=data.number,
                                                           date=shown_date(data.date))
        else:
            text = _("Draft decision: the number is given when it is issued.")
        if data.amends:
            text += " · " + _("corrects {number}: {reason}").format(
                number=data.amends, reason=data.amend_reason)
        try:
            copies = self.ctx.pdf_signatures.signed_copies(decision.id)
        except DvkError:  # a read that falls back to nothing: the line says no signature
            copies = []
        current = [c for c in copies if not c.withdrawn]
        if current:
            text += " · " + _("signed digitally by {names}").format(
                names=", ".join(c.signer for c in current))
        elif copies:
            text += " · " + _("its signed copy was withdrawn: personal data on it was "
                              "erased")
        self.number.setText(text)
        self.entries = list(data.items)
        self.items.set_rows([(e.id, [e.name, e.registrant, field_name(e.field),
                                     points_from(e.total), rating_label(e.rating),
                                     e.certificate_number, e.commune], None)
                             for e in data.items])
        self.items_table.setColumnHidden(6, data.level not in ("huyen", "tinh"))
        own = decision.origin == self.ctx.office_code
        draft = own and decision.state == DecisionState.DRAFT
        for button in (self.issue_button, self.add_button, self.remove_button):
            button.setEnabled(draft)
        self.amend_button.setEnabled(own and decision.state == DecisionState.ISSUED
                                     and not decision.amended_by)
        # A draft is printed too, marked "DỰ THẢO", to read before it is issued.
        self.print_button.setEnabled(True)
        self.print_button.setText(_("Print the decision...") if decision.state == DecisionState.ISSUED
                                  else _("Preview the draft..."))
        for button in (self.certificates_button, self.reprint_button, self.commune_button,
                       self.blanks_button):
            button.setEnabled(decision.state == DecisionState.ISSUED)
        self.sign_button.setEnabled(own and decision.state == DecisionState.ISSUED)
        self.signed_button.setEnabled(bool(copies))

    def new_decision(self) -> str | None:
        year = self.year.currentData()
        decision_id = run_action(self, lambda: self.ctx.decisions.draft(year))
        if decision_id is NOT_DONE:
            return None
        self.refresh()
        self.select(decision_id)
        return decision_id

    def issue_selected(self) -> str | None:
        decision = self.selected()
        if decision is None:
            return None
        from ui.signing import ask_certificate_signer

        def ask():
            go_on, signer = ask_certificate_signer(self, self.ctx)
            return (signer, self.ctx.decisions.issue_form(decision.id, signer)) if go_on \
                else None
        found = run_action(self, ask)
        if found is NOT_DONE or found is None:
            return None
        signer, question = found
        if not isinstance(question, ToConfirm):
            return None
        # Issuing asks first, with the date it is signed and what would stay blank.
        dialog = IssueDialog(question, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        outcome = run_action(self, lambda: self.ctx.decisions.issue_form(
            decision.id, signer, dialog.chosen_date(), confirmed=True, allow_blanks=True))
        if not isinstance(outcome, Issued):
            return None
        self.refresh()
        self.select(decision.id)
        show_info(self, _("Issued as number {number}.").format(number=outcome.number))
        return outcome.number

    def amend_selected(self) -> str | None:
        decision = self.selected()
        if decision is None:
            return None
        dialog = ReasonDialog(_("Correct the decision"), _(
            "Why is decision {number} corrected? A new draft decision with the same list "
            "is made; change it and issue it.").format(number=decision.number),
            _("Make the correcting decision"), parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        new_id = run_action(self, lambda: self.ctx.decisions.amend(decision.id, dialog.reason()))
        if new_id is NOT_DONE:
            return None
        self.refresh()
        self.select(new_id)
        return new_id

    def sign_selected(self):
        """Sign the selected decision as issued with the office's digital signature (the
        PIN asked in the dialog); kept, and sent with the decision in the next bundles."""
        from ui.screens.sign_pdf_dialog import SignPdfDialog

        decision = self.selected()
        if decision is None:
            return None
        service = self.ctx.pdf_signatures
        erased = run_action(self, lambda: service.erased_since_issued(decision.id))
        if erased is NOT_DONE:
            return None
        what = _("Decision {number}, as it now reads (personal data on it was erased since "
                 "it was issued); the signed copy is kept and sent with the decision in the "
                 "next bundles.") if erased else _(
            "Decision {number}, as issued; the signed copy is kept and sent with the "
            "decision in the next bundles.")
        dialog = SignPdfDialog(self.ctx, self, paper=(
            what.format(number=decision.number),
            lambda key, pin: service.sign_decision(decision.id, key, pin)))
        dialog.exec()
        self.show_items()
        return dialog.result

    def save_signed_copy(self, path: str | None = None) -> str | None:
        from ui.saving import save_now

        decision = self.selected()
        if decision is None:
            return None
        data = run_action(self, lambda: self.ctx.pdf_signatures.signed_copy(decision.id))
        if data is NOT_DONE or data is None:
            return None
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Save the signed copy"),
                paper_names.signed_decision(decision.number), _("PDF files (*.pdf)"))
        if not path:
            return None
        saved = save_now(self, path, lambda target: self.ctx.printing.save_bytes(data, target))
        return str(saved) if saved else None

    def add_models(self) -> int:
        """Add models recognised here and on no decision yet to the draft."""
        decision = self.selected()
        if decision is None:
            return 0
        candidates = run_action(self, lambda: self.ctx.decisions.to_decide(decision.year))
        if candidates is NOT_DONE:
            return 0
        if not candidates:
            show_info(self, _("Every model recognised at this level is on a decision "
                              "already."), _("Add models..."))
            return 0
        dialog = ChooseModelsDialog(candidates, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.chosen():
            return 0
        if run_action(self, lambda: self.ctx.decisions.add_many(
                decision.id, dialog.chosen())) is NOT_DONE:
            return 0
        self.refresh()
        self.select(decision.id)
        return len(dialog.chosen())

    def remove_models(self) -> int:
        """Take the models chosen in the list off the draft."""
        decision = self.selected()
        rows = sorted({i.row() for i in self.items_table.selectionModel().selectedRows()})
        ids = [self.items.key(row) for row in rows if self.items.key(row)]
        if decision is None or not ids:
            show_error(self, _("Choose the models to take off in the list first."))
            return 0
        if run_action(self, lambda: self.ctx.decisions.remove_many(decision.id, ids)) \
                is NOT_DONE:
            return 0
        self.refresh()
        self.select(decision.id)
        return len(ids)

    def print_selected(self):
        from ui.screens.print_preview import PrintPreviewDialog

        decision = self.selected()
        if decision is None:
            return None
        def action():
            doc = self.ctx.recognition_papers.decision_document(decision.id)
            pdf = self.ctx.printing.render(doc)
            number = decision.number or _("draft")
            dialog = PrintPreviewDialog(self.ctx, pdf, title=number,
                                        file_name=paper_names.decision(number), parent=self)
            note = self.ctx.printing.reprint_note(doc, pdf)
            if note:
                dialog.info.setText(note)
            return dialog
        dialog = run_action(self, action)
        if dialog is NOT_DONE:
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def print_on_blanks(self):
        """The certificates' texts onto pre-printed blanks, after a test page."""
        from ui.screens.blank_print_dialog import BlankPrintDialog

        decision = self.selected()
        if decision is None:
            return None
        dialog = BlankPrintDialog(self.ctx, decision.id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _certificate_docs(self, decision, *, models: list[str] | None = None,
                          commune: str | None = None) -> list | None:
        """The decision's certificates (all, or those of `models` or of one `commune`),
        their codes signed (the passphrase asked once, and not again while the key stays
        open in this session); None: cancelled."""
        def action():
            signer = None
            if self.ctx.recognition_papers.needs_signer(decision.id):
                from ui.signing import ask_certificate_signer

                go_on, signer = ask_certificate_signer(self, self.ctx)
                if not go_on:
                    return None
            return self.ctx.recognition_papers.certificate_documents(
                decision.id, signer, models=models, commune=commune)
        found = run_action(self, action)
        if found is NOT_DONE:
            return None
        return found

    def preview_certificates(self, *, models: list[str] | None = None,
                             commune: str | None = None, title: str = ""):
        """The decision's first certificate in the print preview, as it will print,
        with the button that saves all of them into one PDF; or some of them whole (one
        damaged or misprinted, or one commune's envelope), printed or saved from the
        preview."""
        from ui.screens.print_preview import PrintPreviewDialog

        decision = self.selected()
        if decision is None:
            return None
        docs = self._certificate_docs(decision, models=models, commune=commune)
        if not docs:
            return None
        if models is not None or commune is not None:
            def some():
                pdf = self.ctx.printing.renderer().render_certificates(docs)
                return PrintPreviewDialog(
                    self.ctx, pdf, title=title or decision.number,
                    file_name=paper_names.certificates(
                        decision.number, title or str(len(docs))), parent=self)
            dialog = run_action(self, some)
            if dialog is NOT_DONE:
                return None
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.show()
            return dialog

        def action():
            pdf = self.ctx.printing.render(docs[0])
            dialog = PrintPreviewDialog(
                self.ctx, pdf, title=_("Certificates of decision {number}").format(
                    number=decision.number),
                file_name=paper_names.certificates(decision.number), parent=self)
            return dialog
        dialog = run_action(self, action)
        if dialog is NOT_DONE:
            return None
        dialog.show_sample(
            _("The first of {count} certificate(s) of decision {number}, as it will "
              "print.").format(count=len(docs), number=decision.number),
            _("Save all {count} certificate(s)...").format(count=len(docs)),
            lambda: self.save_certificates(docs=docs))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.certificate_preview = dialog
        return dialog

    def reprint_selected(self):
        """The certificate of the model(s) chosen in the list, as it was printed."""
        rows = sorted({i.row() for i in self.items_table.selectionModel().selectedRows()})
        ids = [self.items.key(row) for row in rows if self.items.key(row)]
        if not ids:
            show_error(self, _("Choose the model whose certificate is printed again in the "
                               "list first."))
            return None
        names = [e.name for e in self.entries if e.id in ids]
        return self.preview_certificates(models=ids, title=names[0] if len(ids) == 1
                                         else _("{count} certificates").format(count=len(ids)))

    def commune_certificates(self, code: str | None = None):
        """Every certificate of one commune's models (one envelope)."""
        from PySide6.QtWidgets import QInputDialog

        communes = {}
        for entry in self.entries:
            communes.setdefault(entry.commune_code, entry.commune)
        if not communes:
            return None
        if code is None:
            labels = [f"{name} ({c})" for c, name in communes.items()]
            label, ok = QInputDialog.getItem(self, _("Certificates of a commune"),
                                             _("Which commune's certificates?"), labels, 0,
                                             False)
            if not ok:
                return None
            code = list(communes)[labels.index(label)]
        return self.preview_certificates(commune=code, title=communes.get(code, code))

    def save_certificates(self, path: str | None = None, *, docs: list | None = None):
        """Every certificate of the decision into one PDF, off the UI thread."""
        decision = self.selected()
        if decision is None:
            return None
        docs = docs if docs is not None else self._certificate_docs(decision)
        if not docs:
            return None
        if not path:
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Save all certificates"),
                paper_names.certificates(decision.number),
                _("PDF files (*.pdf)"))
            if not path:
                return None
        # The writer reads the office's wording here, not in the job.
        write = run_action(self, lambda: self.ctx.printing.certificates_writer(docs))
        if write is NOT_DONE:
            return None

        def done(saved) -> None:
            show_saved(self, _("{count} certificate(s) saved in {path}.").format(
                count=len(docs), path=saved), saved)

        # A PDF of that name still open in a reader: try again or another name.
        return save_in_job(self, self.jobs, _("Saving the certificates"), path, write, done)


class IssueDialog(QDialog):
    """Issuing is irreversible: the date it is signed, what it does, and what the issued
    paper would keep blank for good (`blanks`: no signer's name, no guideline number, no
    key for the certificates' codes), said before."""

    def __init__(self, question: ToConfirm, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Issue the decision"))
        self.resize(560, 260)
        blanks = question.blanks
        text = QLabel(_(
            "Issue this decision recognising {count} model(s)? It takes number {number} "
            "of the decisions book and a certificate number per model, and cannot change "
            "afterwards (a correction is a new decision). Read the draft first (Preview the "
            "draft...).").format(count=question.models, number=question.number)
            + ("\n\n" + _("The issued paper would keep these blanks for good:") + "\n"
               + "\n".join(f"\u2022 {blank}" for blank in blanks) + "\n\n"
               + _("Issue it anyway, or cancel and fill them in first.") if blanks else ""))
        text.setObjectName("issueText")
        text.setWordWrap(True)
        self.text = text
        self.date = QDateEdit()
        self.date.setObjectName("issueDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        from app import clock

        today = clock.today()
        self.date.setMaximumDate(QDate(today.year, today.month, today.day))
        earliest = question.earliest
        if earliest is not None:
            self.date.setMinimumDate(QDate(earliest.year, earliest.month, earliest.day))
        self.date.setDate(QDate(today.year, today.month, today.day))
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Dated (the day it is signed)")))
        row.addWidget(self.date)
        row.addStretch(1)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(_("Issue with the blanks") if blanks else _("Issue"),
                                           QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("issueOk")
        cancel = buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(row)
        layout.addWidget(buttons)

    def chosen_date(self):
        import datetime as dt

        value = self.date.date()
        return dt.date(value.year(), value.month(), value.day())


class ChooseModelsDialog(QDialog):
    """The models recognised here and on no decision yet, to add to a draft."""

    def __init__(self, rows: list, parent: QWidget | None = None):
        from app.domain.text import sort_key

        super().__init__(parent)
        self.setWindowTitle(_("Add models to the draft"))
        self.resize(620, 520)
        self.list = QListWidget()
        self.list.setObjectName("candidateModels")
        for row in sorted(rows, key=lambda r: (sort_key(r.commune), sort_key(r.name))):
            where = f" - {row.commune}" if row.commune else ""
            item = QListWidgetItem(f"{row.name}{where}")
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(_("Add"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("addModelsOk")
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        label = QLabel(_("Tick the models to add (all are ticked):"))
        layout.addWidget(label)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)

    def chosen(self) -> list[str]:
        return [self.list.item(r).data(Qt.ItemDataRole.UserRole)
                for r in range(self.list.count())
                if self.list.item(r).checkState() == Qt.CheckState.Checked]
