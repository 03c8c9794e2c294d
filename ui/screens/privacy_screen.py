"""Personal data (Dữ liệu cá nhân): a citizen asks what the office holds about them,
to correct it or to erase it (Luật Bảo vệ dữ liệu cá nhân 2025; docs/privacy.md). The
same jobs as `dvk privacy show|correct|erase|request|requests|purge`."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.context import AppContext
from app.domain import privacy
from app.domain.registration import GENDERS, STATUSES, label
from app.domain.registration_record import RegisteredPerson
from app.domain.scoring import state_label
from app.domain.units import level_label
from app.errors import DvkError
from app.i18n import _
from app.services.privacy import Holdings
from ui.actions import NOT_DONE, run_action
from ui.messages import ask, confirm, show_info
from ui.widgets.buttons import make_button
from ui.widgets.empty_state import empty_state
from ui.widgets.unit_names import UnitNames

PERSON_ROLE = Qt.ItemDataRole.UserRole + 31


class PrivacyScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.names = UnitNames(ctx)
        self.person_id: str | None = None
        self.held: Holdings | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(_(
            "A person may ask what this office holds about them, and have it corrected or "
            "erased (Law on personal data protection, 2025). Type their full name, or the id "
            "of their registration. An erasure keeps the model's record and the decisions' "
            "numbers, and travels up and down with the next bundles."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        find = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("privacySearch")
        self.search.setPlaceholderText(_("Full name or id..."))
        self.search.returnPressed.connect(self.find)
        find.addWidget(self.search, 1)
        find.addWidget(make_button(_("Find"), "privacyFind", self.find))
        layout.addLayout(find)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.found = QTableWidget(0, 3)
        self.found.setObjectName("privacyFound")
        self.found.setHorizontalHeaderLabels([_("Full name"), _("Office"), _("State")])
        self.found.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.found.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.found.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.found.itemSelectionChanged.connect(self._chosen)
        self.found_empty = empty_state(self.found, lambda: _(
            "Nobody found by that name. Check the spelling (diacritics are optional) or "
            "type fewer letters.") if self.search.text().strip() else _(
            "Type part of a person's name above and press \u201c{find}\u201d.").format(
            find=_("Find")))
        split.addWidget(self.found)
        self.detail = QTextBrowser()
        self.detail.setObjectName("privacyDetail")
        split.addWidget(self.detail)
        split.setSizes([320, 700])
        layout.addWidget(split, 1)

        buttons = QHBoxLayout()
        self.correct_button = make_button(_("Correct..."), "privacyCorrect", self.correct)
        self.erase_button = make_button(_("Erase..."), "privacyErase", self.erase)
        self.request_button = make_button(_("Record a request..."), "privacyRequest",
                                          self.record_request)
        for button in (self.correct_button, self.erase_button, self.request_button):
            button.setEnabled(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(make_button(_("End of a retention period..."), "privacyPurge",
                                      self.purge))
        layout.addLayout(buttons)
        self.requests = QLabel()
        self.requests.setObjectName("privacyRequests")
        self.requests.setWordWrap(True)
        layout.addWidget(self.requests)
        self.refresh()

    # -- finding and showing ------------------------------------------------------------
    def refresh(self) -> None:
        try:
            waiting = self.ctx.privacy.open_requests()
        # Not an action: the waiting requests' line, or why it cannot be read
        except DvkError as error:
            self.requests.setText(error.message)
            return
        if waiting:
            self.requests.setText(_("{count} requests from other offices wait here: {list}. "
                                    "Find the person by the id and act on it.").format(
                count=len(waiting), list="; ".join(
                    f"{_(privacy.REQUEST_ACTIONS[r.action])} {r.person_id} "
                    f"({self.names.name(r.origin)}, {_day(r.received_on)})"
                    for r in waiting)))
        else:
            self.requests.setText(_("No request from another office waits."))
        if self.person_id:
            self._show(self.person_id)

    def find(self) -> None:
        people = run_action(self, lambda: [self.ctx.privacy.show(person_id) for person_id
                                           in self.ctx.privacy.find(self.search.text())])
        if people is NOT_DONE:
            return
        self.found.setRowCount(0)
        for held in people:
            person = held.person
            row = self.found.rowCount()
            self.found.insertRow(row)
            state = _("erased") if person.erased_on else (
                _("this office's") if held.owned_here else _("another office's"))
            for column, item in enumerate((QTableWidgetItem(person.full_name),
                                           self.names.item(held.owner),
                                           QTableWidgetItem(state))):
                item.setData(PERSON_ROLE, person.id)
                self.found.setItem(row, column, item)
        if people:
            self.found.selectRow(0)
        else:
            self.person_id = self.held = None
            self.detail.setPlainText(_("This office holds nothing about {text}.").format(
                text=self.search.text()))
            self._buttons()

    def _chosen(self) -> None:
        items = self.found.selectedItems()
        if items:
            self._show(items[0].data(PERSON_ROLE))

    def _show(self, person_id: str) -> None:
        def action():
            self.held = self.ctx.privacy.show(person_id)
        if run_action(self, action) is NOT_DONE:
            return
        self.person_id = person_id
        self.detail.setHtml(describe(self.held, self.names))
        self._buttons()

    def _buttons(self) -> None:
        held = self.held
        owned = bool(held and held.owned_here and not held.person.erased_on)
        self.correct_button.setEnabled(owned)
        self.erase_button.setEnabled(owned)
        self.request_button.setEnabled(bool(held and not held.owned_here))

    # -- acting -----------------------------------------------------------------------------
    def correct(self) -> None:
        if not self.held:
            return
        dialog = CorrectDialog(self.held.person, self)
        if not dialog.exec():
            return
        changed = run_action(self, lambda: self.ctx.privacy.correct(self.person_id, dialog.changes()))
        if changed is NOT_DONE:
            return
        show_info(self, _("Corrected: {fields}.").format(fields=", ".join(changed))
                  if changed else _("Nothing changed."))
        self._show(self.person_id)

    def erase(self) -> None:
        if not self.held:
            return
        name = self.held.person.full_name
        requests = [r for r in self.ctx.privacy.open_requests()
                    if r.person_id == self.person_id and r.action == "erase"]
        if not confirm(self, _("Erase personal data"), _(
                "Erase the personal data of {name}? Their name becomes \"{erased}\" in their "
                "record, their registrations and this office's decisions; year of birth, "
                "gender, position, address and phones are emptied; evidence files are "
                "deleted. The model's record, its scores and the decisions' numbers stay. "
                "This cannot be undone; the erasure goes up and down with the next "
                "bundles.").format(name=name, erased=privacy.ERASED), _("Erase")):
            return
        result = run_action(self, lambda: self.ctx.privacy.erase(
                self.person_id, request_id=requests[0].id if requests else None))
        if result is NOT_DONE:
            return
        show_info(self, _("Erased: the person's data, {registrations} registrations, {files} "
                          "files, {items} decision entries of this office. The erasure goes "
                          "up and down with the next bundles.").format(
            registrations=result.registrations, files=result.files,
            items=result.decision_items))
        self.refresh()

    def record_request(self) -> None:
        if not self.held:
            return
        action = ask(self, _("Record a request"), _(
            "This person's record belongs to {owner}. What do they ask? The request goes "
            "to {owner} with the next bundles.").format(owner=self.held.owner),
            [("erase", _("Erase their data")), ("correct", _("Correct their data")),
             ("cancel", _("Cancel"))], default="cancel")
        if action not in ("erase", "correct"):
            return
        if run_action(self, lambda: self.ctx.privacy.request(self.person_id, action)) is NOT_DONE:
            return
        show_info(self, _("Request recorded; it goes to {owner} with the next bundles.").format(
            owner=self.held.owner))
        self._show(self.person_id)

    def purge(self) -> None:
        dialog = PurgeDialog(self.ctx, self)
        if dialog.exec():
            self.refresh()


def describe(held: Holdings, names: UnitNames) -> str:
    """Everything held about one person, as the screen shows it (HTML)."""
    person = held.person
    consent = privacy.consent_label(person.consent_how)
    if person.consent_on:
        consent = _("{how}, on {day}").format(how=consent, day=_day(person.consent_on))
    rows = [
        (_("Full name"), person.full_name),
        (_("Year of birth"), person.birth_year or ""),
        (_("Gender"), label(GENDERS, person.gender)),
        (_("Position"), person.position),
        (_("Address"), person.address),
        (_("Phone"), person.phone),
        (_("Consent"), consent),
        (_("Record of office"), names.name(held.owner)),
    ]
    if person.erased_on:
        rows.append((_("Erased on"), _day(person.erased_on)))
    parts = ["<table>" + "".join(f"<tr><td><b>{escape(str(k))}</b></td>"
                                 f"<td>{escape(str(v))}</td></tr>" for k, v in rows)
             + "</table>"]

    def table(title: str, headers: list[str], lines: list[list]) -> None:
        if not lines:
            return
        parts.append(f"<h4>{escape(title)}</h4><table border='1' cellpadding='3'"
                     " cellspacing='0'><tr>" + "".join(f"<th>{escape(h)}</th>"
                                                       for h in headers) + "</tr>")
        for line in lines:
            parts.append("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in line) + "</tr>")
        parts.append("</table>")

    table(_("Registrations"), [_("Year"), _("Model name"), _("Contact phone"), _("Status")],
          [[r.year, r.name, r.contact_phone, label(STATUSES, r.status)]
           for r in held.registrations])
    table(_("Evidence files"), [_("File"), _("State")],
          [[e.file_name, _("removed") if e.removed else _("kept")]
           for e in held.evidence])
    table(_("Score sheets"), [_("Year"), _("Level"), _("State"), _("Made by")],
          [[s.year, level_label(s.level), state_label(s.state),
            names.name(s.origin)]
           for s in held.score_sheets])
    table(_("Decisions that name them"), [_("Number"), _("Date"), _("Name in the decision"),
                                          _("Certificate"), _("Issued by")],
          [[d.number or _("draft"), _day(d.decided_on), d.registrant,
            d.certificate_number, names.name(d.origin)] for d in held.decision_items])
    if held.sent_to:
        parts.append("<p>" + escape(_("Sent in bundles to: {offices}.").format(
            offices=", ".join(r.name or names.name(r.recipient) for r in held.sent_to))) + "</p>")
    for request in held.requests:
        parts.append("<p>" + escape(_("Request to {action} received on {day} by {office}.")
                                    .format(action=_(privacy.REQUEST_ACTIONS[request.action]),
                                            day=_day(request.received_on),
                                            office=names.name(request.origin))) + "</p>")
    return "".join(parts)


def _day(value: str | None) -> str:
    if not value:
        return ""
    parts = value[:10].split("-")
    return "/".join(reversed(parts)) if len(parts) == 3 else value


class CorrectDialog(QDialog):
    """The person's fields, to correct."""

    def __init__(self, person: RegisteredPerson, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Correct personal data"))
        self.person = person
        form = QFormLayout(self)
        self.full_name = QLineEdit(person.full_name)
        self.full_name.setObjectName("correctFullName")
        self.birth_year = QLineEdit(str(person.birth_year or ""))
        self.birth_year.setMaxLength(4)
        self.gender = QComboBox()
        self.gender.addItem(_("(not given)"), None)
        for value in GENDERS:
            self.gender.addItem(label(GENDERS, value), value)
        self.gender.setCurrentIndex(max(0, self.gender.findData(person.gender)))
        self.position = QLineEdit(person.position)
        self.address = QLineEdit(person.address)
        self.phone = QLineEdit(person.phone)
        self.phone.setObjectName("correctPhone")
        for caption, widget in ((_("Full name"), self.full_name),
                                (_("Year of birth"), self.birth_year),
                                (_("Gender"), self.gender), (_("Position"), self.position),
                                (_("Address"), self.address), (_("Phone"), self.phone)):
            form.addRow(caption, widget)
        buttons = QDialogButtonBox()
        buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def changes(self) -> dict:
        birth = self.birth_year.text().strip()
        values = {"full_name": self.full_name.text(), "gender": self.gender.currentData(),
                  "position": self.position.text(), "address": self.address.text(),
                  "phone": self.phone.text(),
                  "birth_year": int(birth) if birth.isdigit() else (None if not birth
                                                                    else -1)}
        return {k: v for k, v in values.items() if v != getattr(self.person, k)}


class PurgeDialog(QDialog):
    """The purge at the end of a retention period: the year, the preview, then the
    backup and the erasure."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("End of a retention period"))
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        text = QLabel(_(
            "Erase the personal data of the individuals of this office whose every "
            "registration is of a year before the one chosen (their models are no longer "
            "active). A backup is made first. The models' records and the decisions stay."))
        text.setWordWrap(True)
        layout.addWidget(text)
        line = QHBoxLayout()
        line.addWidget(QLabel(_("Registered before the year")))
        self.year = QSpinBox()
        self.year.setObjectName("purgeYear")
        self.year.setRange(2000, 2100)
        self.year.setValue(clock.today().year - 5)
        self.year.valueChanged.connect(self.preview)
        line.addWidget(self.year)
        line.addStretch(1)
        layout.addLayout(line)
        self.list = QTableWidget(0, 3)
        self.list.setObjectName("purgeList")
        self.list.setHorizontalHeaderLabels([_("Full name"), _("Last year"), _("Registrations")])
        self.list.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.list.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.list_empty = empty_state(self.list, _(
            "Nobody registered before this year is held any longer: nothing to erase. "
            "Choose a later year to see who would be."))
        layout.addWidget(self.list, 1)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox()
        self.purge_button = buttons.addButton(_("Back up and erase"),
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        self.purge_button.setObjectName("purgeRun")
        buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.run)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.preview()

    def preview(self) -> None:
        try:
            plan = self.ctx.privacy.purge_plan(self.year.value())
        # Not an action: the purge's preview as the year changes, or why there is none
        except DvkError as error:
            self.summary.setText(error.message)
            return
        self.list.setRowCount(0)
        for candidate in plan.candidates:
            row = self.list.rowCount()
            self.list.insertRow(row)
            for column, value in enumerate((candidate.full_name, candidate.last_year,
                                            candidate.registrations)):
                self.list.setItem(row, column, QTableWidgetItem(str(value)))
        self.summary.setText(_("{count} individuals would be erased (nothing was changed).")
                             .format(count=len(plan.candidates)))
        self.purge_button.setEnabled(bool(plan.candidates))

    def run(self) -> None:
        count = self.list.rowCount()
        if not confirm(self, _("End of a retention period"), _(
                "Back up the data file, then erase the personal data of these {count} "
                "individuals? This cannot be undone.").format(count=count), _("Erase")):
            return
        found = run_action(self, lambda: self.ctx.privacy.purge(self.year.value()))
        if found is NOT_DONE:
            return
        _plan, results = found
        show_info(self, _("{count} individuals erased; a backup was made first.").format(
            count=len(results)))
        self.accept()
