"""The registration form (Bản đăng ký xây dựng mô hình / điển hình "Dân vận khéo"):
every item of the paper form, in tabs a clerk can walk through with Tab."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.dates import DateError, parse_date
from app.domain.fields import field_choices
from app.domain.privacy import CONSENT_METHODS, consent_label
from app.domain.registration import (
    GENDERS,
    EvidenceInput,
    Kind,
    MilestoneInput,
    Mode,
    PersonInput,
    RegistrationInput,
    Subject,
    TargetInput,
    label,
    parse_target,
)
from app.domain.units import type_label
from app.errors import DvkError
from app.i18n import _
from ui.form_keys import FormKeys
from ui.messages import show_error
from ui.widgets.buttons import make_button
from ui.widgets.date_edit import DateEdit
from ui.widgets.empty_state import empty_state
from ui.widgets.field_error import FieldError
from ui.widgets.row_table import RowTable
from ui.widgets.search_combo import SearchCombo

EVIDENCE_ID_ROLE = Qt.ItemDataRole.UserRole + 20


def _text_edit(placeholder: str = "") -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setPlaceholderText(placeholder)
    edit.setMinimumHeight(64)
    return edit


class RegistrationForm(QWidget):
    """Shows a `RegistrationInput` and reads it back; knows nothing of saving."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.errors: dict[str, FieldError] = {}
        self.inputs: dict[str, QWidget] = {}
        self._field_tab: dict[str, int] = {}
        self._evidence: dict[str, EvidenceInput] = {}
        self._person_id: str | None = None
        self._replicates_id: str | None = None
        self._loading = False

        self.tabs = QTabWidget(self)
        self.banner = FieldError(self, reserve=True)
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #8a5a00;")
        self.warning.setObjectName("deadlineWarning")
        self.warning.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.warning)

        self._build_general()
        self._build_content()
        self._build_forces()
        self._build_schedule()
        self._build_evidence()
        self._connect_changes()
        self._shown_errors: dict[str, str] = {}
        self._connect_error_clearing()
        # Enter moves on, Tab crosses to the next tab, the tab bar is no stop.
        self.keys = FormKeys(self.tabs)

    # -- building -------------------------------------------------------------------
    def _tab(self, title: str) -> QFormLayout:
        page = QWidget()
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tabs.addTab(scroll, title)
        return form

    def _row(self, form: QFormLayout, name: str, caption: str, widget: QWidget,
             extra: QWidget | None = None) -> None:
        error = FieldError(reserve=True)
        self.errors[name] = error
        self.inputs[name] = widget
        widget.setObjectName(name)
        self._field_tab[name] = self.tabs.count() - 1
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        if extra is not None:
            line = QHBoxLayout()
            line.addWidget(widget, 1)
            line.addWidget(extra)
            box.addLayout(line)
        else:
            box.addWidget(widget)
        box.addWidget(error)
        caption_label = QLabel(caption)
        caption_label.setBuddy(widget)
        form.addRow(caption_label, holder)

    def _radios(self, choices: list[tuple[str, str]]) -> tuple[QWidget, QButtonGroup]:
        holder = QWidget()
        line = QHBoxLayout(holder)
        line.setContentsMargins(0, 0, 0, 0)
        group = QButtonGroup(holder)
        for index, (value, text) in enumerate(choices):
            button = QRadioButton(text)
            button.setProperty("value", value)
            group.addButton(button, index)
            line.addWidget(button)
        line.addStretch(1)
        group.buttons()[0].setChecked(True)
        return holder, group

    def _build_general(self) -> None:
        form = self._tab(_("General"))
        kinds, self.kind_group = self._radios([(Kind.MODEL.value, _("Model")),
                                               (Kind.EXEMPLAR.value, _("Exemplar"))])
        self._row(form, "kind", _("Kind"), kinds)
        subjects, self.subject_group = self._radios([(Subject.COLLECTIVE.value, _("Collective")),
                                                     (Subject.INDIVIDUAL.value, _("Individual"))])
        self._row(form, "subject", _("Registrant is"), subjects)

        self.subunit = SearchCombo(placeholder=_("Type to find a village, cell, branch..."))
        self.add_subunit_button = make_button(_("New unit..."), "addSubunit", self._add_subunit)
        self._row(form, "subunit_code", _("Collective / sub-unit"), self.subunit,
                  self.add_subunit_button)

        self.person_box = QGroupBox(_("The person"))
        person_form = QFormLayout(self.person_box)
        self.person_name = QLineEdit()
        self.person_birth = QLineEdit()
        self.person_birth.setMaxLength(4)
        self.person_birth.setPlaceholderText(_("e.g. 1975"))
        self.person_gender = QComboBox()
        self.person_gender.addItem(_("(not given)"), None)
        for value in GENDERS:
            self.person_gender.addItem(label(GENDERS, value), value)
        self.person_position = QLineEdit()
        self.person_address = QLineEdit()
        self.person_phone = QLineEdit()
        # Consent (Luật Bảo vệ dữ liệu cá nhân 2025): never chosen for the clerk; the
        # day starts as the registration date once a way is chosen.
        self.consent_how = QComboBox()
        self.consent_how.setObjectName("consentHow")
        self.consent_how.addItem(_("(not recorded)"), "")
        for value in CONSENT_METHODS:
            self.consent_how.addItem(consent_label(value), value)
        self.consent_how.currentIndexChanged.connect(self._consent_chosen)
        self.consent_on = DateEdit()
        self.consent_on.setObjectName("consentOn")
        for name, caption, widget in [
            ("person.full_name", _("Full name"), self.person_name),
            ("person.birth_year", _("Year of birth"), self.person_birth),
            ("person.gender", _("Gender"), self.person_gender),
            ("person.position", _("Position"), self.person_position),
            ("person.address", _("Address"), self.person_address),
            ("person.phone", _("Phone"), self.person_phone),
            ("person.consent_how", _("Consent to holding their data"), self.consent_how),
            ("person.consent_on", _("Consent signed on"), self.consent_on),
        ]:
            self._row(person_form, name, caption, widget)
            self._field_tab[name] = 0
        form.addRow(self.person_box)

        self.name = QLineEdit()
        self.name.setPlaceholderText(_("e.g. Civilised weddings and funerals in Đông village"))
        self._row(form, "name", _("Name of the model"), self.name)
        self.field = QComboBox()
        self.field.addItem(_("(choose a field)"), None)
        for code, text in field_choices():
            self.field.addItem(f"{code}. {text}", code)
        self._row(form, "field", _("Field"), self.field)
        modes, self.mode_group = self._radios([(Mode.NEW.value, _("Newly built")),
                                               (Mode.REPLICATION.value, _("Replication of a model"))])
        self._row(form, "mode", _("Form"), modes)
        self.replicates = QLineEdit()
        self.replicates.setReadOnly(True)
        self.replicates.setPlaceholderText(_("(the model this one replicates)"))
        self.pick_replicated = make_button(_("Choose..."), "pickReplicated", self._pick_replicated)
        self._row(form, "replicates_id", _("Replicates"), self.replicates, self.pick_replicated)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self._row(form, "year", _("Campaign year"), self.year)
        self.year_note = QLabel()
        self.year_note.setObjectName("yearNote")
        self.year_note.setWordWrap(True)
        self.year_note.setStyleSheet("color: #555555;")
        try:
            note = self.ctx.registrations.year_note()
        # Not an action: the year's note, none when it cannot be read
        except DvkError:
            note = None
        self.year_note.setText(note or "")
        self.year_note.setVisible(bool(note))
        form.addRow("", self.year_note)
        self.registered_on = DateEdit()
        self._row(form, "registered_on", _("Registration date"), self.registered_on)
        self.receiving_body = QLineEdit()
        self._row(form, "receiving_body", _("Receiving body"), self.receiving_body)
        self.contact_phone = QLineEdit()
        self._row(form, "contact_phone", _("Contact phone"), self.contact_phone)

        self.subject_group.idToggled.connect(self._subject_changed)
        self.mode_group.idToggled.connect(self._mode_changed)
        self.subunit.value_changed.connect(self._propose_receiving_body)
        self.year.valueChanged.connect(self._update_warning)
        self.registered_on.changed.connect(self._update_warning)
        self._reload_subunits()
        self._subject_changed()
        self._mode_changed()

    def _build_content(self) -> None:
        form = self._tab(_("Situation and goals"))
        self.situation = _text_edit(_("The current situation, and why this model is needed"))
        self._row(form, "situation", _("Situation and reason"), self.situation)
        self.goals = _text_edit()
        self._row(form, "goals", _("Goals"), self.goals)
        self.targets = RowTable([_("Indicator"), _("Target"), _("Unit of measure")], "Target")
        self.targets.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            self.targets.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents)
        self.targets.setTabKeyNavigation(False)
        self._row(form, "targets", _("Target indicators"), self.targets, self.targets.buttons)
        self.content_methods = _text_edit()
        self._row(form, "content_methods", _("Content and methods"), self.content_methods)
        self.area = _text_edit()
        self._row(form, "area", _("Area"), self.area)
        self.target_group = _text_edit()
        self._row(form, "target_group", _("Target group"), self.target_group)

    def _build_forces(self) -> None:
        form = self._tab(_("Forces and resources"))
        self.force_lead = _text_edit()
        self._row(form, "force_lead", _("Lead force"), self.force_lead)
        self.force_coordinating = _text_edit()
        self._row(form, "force_coordinating", _("Coordinating forces"), self.force_coordinating)
        self.force_participating = _text_edit()
        self._row(form, "force_participating", _("Participating forces"),
                  self.force_participating)
        self.resources = _text_edit()
        self._row(form, "resources", _("Resources"), self.resources)

    def _build_schedule(self) -> None:
        form = self._tab(_("Timeline and results"))
        self.start_date = DateEdit()
        self._row(form, "start_date", _("Start date"), self.start_date)
        self.end_date = DateEdit()
        self._row(form, "end_date", _("End date"), self.end_date)
        self.milestones = RowTable([_("Date (dd/mm/yyyy)"), _("Milestone")], "Milestone")
        self.milestones.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.milestones.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents)  # "Ngày (dd/mm/yyyy)" whole
        self._row(form, "milestones", _("Milestones"), self.milestones,
                  self.milestones.buttons)
        self.outputs = _text_edit(_("What can be checked: minutes, photos, figures..."))
        self._row(form, "outputs", _("Verifiable outputs"), self.outputs)
        self.sustainability = _text_edit()
        self._row(form, "sustainability", _("Sustainability and replication"),
                  self.sustainability)

    def _build_evidence(self) -> None:
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(QLabel(_("Photos and scans that prove the work (JPG, PNG, PDF).")))
        self.evidence = QListWidget()
        self.evidence.setObjectName("evidence")
        self.evidence.setViewMode(QListWidget.ViewMode.IconMode)
        self.evidence.setIconSize(QSize(120, 90))
        self.evidence.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.evidence.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.evidence_empty = empty_state(self.evidence, _(
            "No evidence yet - press \u201c{add}\u201d to add photos, scans or PDFs that show "
            "the work.").format(add=_("Add files...").rstrip(".")))
        box.addWidget(self.evidence, 1)
        self.errors["evidence"] = FieldError()
        box.addWidget(self.errors["evidence"])
        line = QHBoxLayout()
        add = make_button(_("Add files..."), "addEvidence", self._choose_evidence)
        remove = QPushButton(_("Remove selected"))
        remove.clicked.connect(self._remove_evidence)
        line.addWidget(add)
        line.addWidget(remove)
        line.addStretch(1)
        box.addLayout(line)
        self.tabs.addTab(page, _("Evidence"))
        self._field_tab["evidence"] = self.tabs.count() - 1

    def _connect_changes(self) -> None:
        for widget in self.inputs.values():
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(self._emit_changed)
            elif isinstance(widget, QPlainTextEdit):
                widget.textChanged.connect(self._emit_changed)
            elif isinstance(widget, SearchCombo):
                widget.value_changed.connect(self._emit_changed)
                widget.editTextChanged.connect(self._emit_changed)
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self._emit_changed)
            elif isinstance(widget, QSpinBox):
                widget.valueChanged.connect(self._emit_changed)
            elif isinstance(widget, DateEdit):
                widget.changed.connect(self._emit_changed)
            elif isinstance(widget, RowTable):
                widget.itemChanged.connect(self._emit_changed)
                widget.rows_changed.connect(self._emit_changed)
        for group in (self.kind_group, self.subject_group, self.mode_group):
            group.idToggled.connect(self._emit_changed)

    def _emit_changed(self, *_args) -> None:
        if not self._loading:
            self.changed.emit()

    def _connect_error_clearing(self) -> None:
        """A field's message goes as soon as the clerk changes that field: an old
        message never stays under a field whose cause was fixed."""
        for name, widget in self.inputs.items():
            def clear(*_args, n=name) -> None:
                self._field_edited(n)

            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(clear)
            elif isinstance(widget, QPlainTextEdit):
                widget.textChanged.connect(clear)
            elif isinstance(widget, SearchCombo):
                widget.value_changed.connect(clear)
                widget.editTextChanged.connect(clear)
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(clear)
            elif isinstance(widget, QSpinBox):
                widget.valueChanged.connect(clear)
            elif isinstance(widget, DateEdit):
                widget.changed.connect(clear)
            elif isinstance(widget, RowTable):
                widget.itemChanged.connect(clear)
                widget.rows_changed.connect(clear)
        for name, group in (("kind", self.kind_group), ("subject", self.subject_group),
                            ("mode", self.mode_group)):
            group.idToggled.connect(lambda *_args, n=name: self._field_edited(n))

    def _field_edited(self, name: str) -> None:
        if self._loading or name not in self._shown_errors:
            return
        del self._shown_errors[name]
        if name == "mode":
            self._shown_errors.pop("replicates_id", None)
        self._show_marks()

    def focus_first_field(self) -> None:
        self.keys.focus_first()

    # -- behaviour ------------------------------------------------------------------
    def _reload_subunits(self) -> None:
        try:
            units = self.ctx.units.subunits()
        # Not an action: the sub-units' choices, empty when they cannot be read
        except DvkError:
            units = []
        self.subunit.set_items([(u.code, f"{u.name} ({type_label(u.type)})") for u in units])

    def _consent_chosen(self, *_args) -> None:
        if getattr(self, "_loading", True) or not self.consent_how.currentData():
            return
        day, error = self.consent_on.date_or_error()
        if day is None and not error:
            self.consent_on.set_date(self.registered_on.date_or_error()[0])

    def _subject_changed(self, *_args) -> None:
        individual = self._checked(self.subject_group) == Subject.INDIVIDUAL
        self.person_box.setVisible(individual)
        if individual:
            self.kind_group.button(1).setChecked(True)
        self._propose_receiving_body()

    def _mode_changed(self, *_args) -> None:
        replication = self._checked(self.mode_group) == Mode.REPLICATION
        self.replicates.setEnabled(replication)
        self.pick_replicated.setEnabled(replication)

    def _propose_receiving_body(self) -> None:
        if self._loading:
            return
        try:
            proposal = self.ctx.registrations.proposed_receiving_body(
                self._checked(self.subject_group), self.subunit.value())
        # Not an action: a proposal as the clerk types, none when there is none
        except DvkError:
            return
        self.receiving_body.setText(proposal)

    def _update_warning(self, *_args) -> None:
        registered_on, _error = self.registered_on.date_or_error()
        probe = RegistrationInput(year=self.year.value(), registered_on=registered_on)
        try:
            warnings = self.ctx.registrations.warnings(probe)
        # Not an action: warnings as the clerk types, none when there are none
        except DvkError:
            warnings = []
        self.warning.setText("\n".join(warnings))
        self.warning.setVisible(bool(warnings))

    def _add_subunit(self) -> None:
        from ui.screens.subunit_dialog import SubunitDialog

        dialog = SubunitDialog(self.ctx, self, name=self.subunit.currentText()
                               if self.subunit.value() is None else "")
        if dialog.exec() and dialog.unit is not None:
            self._reload_subunits()
            self.subunit.set_value(dialog.unit.code)
            self._emit_changed()

    def _pick_replicated(self) -> None:
        from ui.screens.registration_picker import RegistrationPicker

        picker = RegistrationPicker(self.ctx, self)
        if picker.exec() and picker.chosen_id:
            self.set_replicated(picker.chosen_id)
            self._emit_changed()

    def set_replicated(self, registration_id: str | None) -> None:
        self._replicates_id = registration_id
        if registration_id:
            try:
                record = self.ctx.registrations.get(registration_id)
                self.replicates.setText(f"{record.name} - {record.registrant} "
                                        f"({record.year})")
            # Not an action: the replicated model's label, its id when unreadable
            except DvkError:
                self.replicates.setText(registration_id)
        else:
            self.replicates.clear()

    def _choose_evidence(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(
            self, _("Choose photos or scans"), "",
            _("Photos and scans") + " (*.jpg *.jpeg *.png *.gif *.bmp *.webp *.tif *.tiff *.pdf)")
        self.add_evidence_paths(paths)

    def add_evidence_paths(self, paths: list[str]) -> None:
        problems = []
        for path in paths:
            try:
                self._add_evidence_item(self.ctx.registrations.add_evidence_file(path))
            # Not run_action: each file is tried, the refusals are shown together
            except DvkError as error:
                problems.append(error.message)
        if problems:
            show_error(self, "\n".join(problems))
        if paths:
            self._emit_changed()

    def _add_evidence_item(self, item: EvidenceInput) -> None:
        key = item.id or item.sha256
        if key in self._evidence:
            return
        self._evidence[key] = item
        entry = QListWidgetItem(item.file_name)
        entry.setData(EVIDENCE_ID_ROLE, key)
        entry.setToolTip(f"{item.file_name} ({item.size // 1024 + 1} KB)")
        data = self.ctx.registrations.evidence_bytes(item.sha256)
        pixmap = QPixmap()
        if data and item.media_type.startswith("image/") and pixmap.loadFromData(data):
            entry.setIcon(QIcon(pixmap.scaled(120, 90, Qt.AspectRatioMode.KeepAspectRatio,
                                              Qt.TransformationMode.SmoothTransformation)))
        else:
            entry.setIcon(self.style().standardIcon(self.style().StandardPixmap.SP_FileIcon))
        self.evidence.addItem(entry)

    def _remove_evidence(self) -> None:
        for entry in self.evidence.selectedItems():
            self._evidence.pop(entry.data(EVIDENCE_ID_ROLE), None)
            self.evidence.takeItem(self.evidence.row(entry))
        self._emit_changed()

    @staticmethod
    def _checked(group: QButtonGroup) -> str:
        button = group.checkedButton()
        return button.property("value") if button else ""

    @staticmethod
    def _check(group: QButtonGroup, value: str) -> None:
        for button in group.buttons():
            button.setChecked(button.property("value") == value)

    # -- in and out -----------------------------------------------------------------
    def load(self, reg: RegistrationInput) -> None:
        self._loading = True
        try:
            self._reload_subunits()
            self._check(self.kind_group, reg.kind)
            self._check(self.subject_group, reg.subject)
            self._check(self.mode_group, reg.mode)
            self.subunit.set_value(reg.subunit_code)
            person = reg.person or PersonInput()
            self._person_id = person.id
            self.person_name.setText(person.full_name)
            self.person_birth.setText(str(person.birth_year) if person.birth_year else "")
            self.person_gender.setCurrentIndex(max(0, self.person_gender.findData(person.gender)))
            self.person_position.setText(person.position)
            self.person_address.setText(person.address)
            self.person_phone.setText(person.phone)
            self.consent_how.setCurrentIndex(max(0, self.consent_how.findData(
                person.consent_how or "")))
            self.consent_on.set_date(person.consent_on)
            self.name.setText(reg.name)
            self.field.setCurrentIndex(max(0, self.field.findData(reg.field)))
            self.set_replicated(reg.replicates_id)
            self.year.setValue(reg.year)
            self.registered_on.set_date(reg.registered_on)
            self.receiving_body.setText(reg.receiving_body)
            self.contact_phone.setText(reg.contact_phone)
            for name in ("situation", "goals", "content_methods", "area", "target_group",
                         "force_lead", "force_coordinating", "force_participating",
                         "resources", "outputs", "sustainability"):
                getattr(self, name).setPlainText(getattr(reg, name))
            self.targets.set_rows([[t.indicator, _format_number(t.target), t.unit_of_measure]
                                   for t in reg.targets])
            self.start_date.set_date(reg.start_date)
            self.end_date.set_date(reg.end_date)
            self.milestones.set_rows([[m.due_on.strftime("%d/%m/%Y") if m.due_on else "",
                                       m.description] for m in reg.milestones])
            self.evidence.clear()
            self._evidence.clear()
            for item in reg.evidence:
                self._add_evidence_item(item)
            self._subject_changed()
            self._mode_changed()
            self._update_warning()
        finally:
            self._loading = False
        self.show_errors({})

    def collect(self) -> tuple[RegistrationInput, dict[str, str]]:
        """What is on the screen, and the problems found just reading it (dates and
        numbers that do not parse); the rest is validated by the service."""
        errors: dict[str, str] = {}
        reg = RegistrationInput(year=self.year.value())
        reg.kind = self._checked(self.kind_group)
        reg.subject = self._checked(self.subject_group)
        reg.mode = self._checked(self.mode_group)
        reg.subunit_code = self.subunit.value()
        if reg.subunit_code is None and self.subunit.currentText().strip():
            errors["subunit_code"] = _(
                "'{text}' is not in the list; choose one, or add it with New unit...").format(
                text=self.subunit.currentText().strip())
        if reg.subject == Subject.INDIVIDUAL:
            birth = self.person_birth.text().strip()
            birth_year = None
            if birth:
                if birth.isdigit():
                    birth_year = int(birth)
                else:
                    errors["person.birth_year"] = _("Write the year of birth as 4 digits.")
            reg.person = PersonInput(
                full_name=self.person_name.text(), birth_year=birth_year,
                gender=self.person_gender.currentData(), position=self.person_position.text(),
                address=self.person_address.text(), phone=self.person_phone.text(),
                id=self._person_id, consent_how=self.consent_how.currentData() or "")
            reg.person.consent_on, error = self.consent_on.date_or_error()
            if error:
                errors["person.consent_on"] = error
        reg.name = self.name.text()
        reg.field = self.field.currentData()
        reg.replicates_id = self._replicates_id if reg.mode == Mode.REPLICATION else None
        for name in ("registered_on", "start_date", "end_date"):
            value, error = getattr(self, name).date_or_error()
            setattr(reg, name, value)
            if error:
                errors[name] = error
        reg.receiving_body = self.receiving_body.text()
        reg.contact_phone = self.contact_phone.text()
        for name in ("situation", "goals", "content_methods", "area", "target_group",
                     "force_lead", "force_coordinating", "force_participating", "resources",
                     "outputs", "sustainability"):
            setattr(reg, name, getattr(self, name).toPlainText())
        for row in range(self.targets.rowCount()):
            indicator, target, unit = (self.targets.text(row, c) for c in range(3))
            try:
                value = parse_target(target)
            except ValueError as error:
                errors["targets"] = _("Row {row}: {problem}").format(row=row + 1,
                                                                    problem=str(error))
                value = None
            reg.targets.append(TargetInput(indicator, value, unit))
        for row in range(self.milestones.rowCount()):
            when, text = self.milestones.text(row, 0), self.milestones.text(row, 1)
            due = None
            if when.strip():
                try:
                    due = parse_date(when)
                except DateError as error:
                    errors["milestones"] = _("Row {row}: {problem}").format(row=row + 1,
                                                                           problem=str(error))
            reg.milestones.append(MilestoneInput(due, text))
        reg.evidence = list(self._evidence.values())
        return reg, errors

    def show_errors(self, errors: dict[str, str]) -> None:
        self._shown_errors = dict(errors)
        self._show_marks()
        first = next((name for name in self.inputs if name in errors), None)
        if first:
            self.tabs.setCurrentIndex(self._field_tab.get(first, 0))
            self.inputs[first].setFocus()

    def _show_marks(self) -> None:
        """The messages under the fields, the ⚠ on the tabs that hold them, and the
        banner: all from the messages still standing."""
        errors = self._shown_errors
        for name, label_widget in self.errors.items():
            label_widget.show_message(errors.get(name))
        for index in range(self.tabs.count()):
            title = self.tabs.tabText(index).removeprefix("⚠ ")
            has_error = any(self._field_tab.get(name) == index for name in errors)
            self.tabs.setTabText(index, f"⚠ {title}" if has_error else title)
        self.banner.show_message(
            _("Some fields need attention (marked ⚠); nothing was lost.") if errors else None)

    def title(self) -> str:
        return self.name.text().strip() or _("(untitled registration)")


def _format_number(value: float | None) -> str:
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".").rstrip("0")
