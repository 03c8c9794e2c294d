"""First run: which office is this? Province and commune from the shipped list (or a
typed unit), the hierarchy profile, and the body the office issues its papers as (a
preset of the bodies after the 2025 reorganisation; Print settings change it later)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.units import PROFILE_THREE_TIER, PROFILE_TWO_TIER, bare_name, profile_label
from app.i18n import _
from ui.actions import fields_inline, run_action
from ui.help import attach_help
from ui.widgets.field_error import FieldError
from ui.widgets.search_combo import SearchCombo


class SetupDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        attach_help(self, "setup", ctx)  # F1: this window's help
        self.setWindowTitle(_("First run: which office is this?"))
        self.setMinimumWidth(620)
        intro = QLabel(_(
            "Choose the office that uses this computer. You do this once; documents, "
            "bundles and the list of sub-units follow from it."))
        intro.setWordWrap(True)

        profile_box = QGroupBox(_("Hierarchy"))
        profile_layout = QVBoxLayout(profile_box)
        self.profile_group = QButtonGroup(self)
        for index, profile in enumerate((PROFILE_TWO_TIER, PROFILE_THREE_TIER)):
            button = QRadioButton(profile_label(profile))
            button.setObjectName(f"profile_{profile}")
            button.setProperty("value", profile)
            self.profile_group.addButton(button, index)
            profile_layout.addWidget(button)
        self.profile_group.button(0).setChecked(True)

        self.level = QComboBox()
        self.level.setObjectName("officeLevel")
        self.level.addItem(_("Commune / ward office"), "xa")
        self.level.addItem(_("District office (three tiers)"), "huyen")
        self.level.addItem(_("Province office"), "tinh")
        self.province = SearchCombo(placeholder=_("Type to find the province"))
        self.province.setObjectName("province")
        self.commune = SearchCombo(placeholder=_("Type to find the commune or ward"))
        self.commune.setObjectName("commune")
        self.district = QLineEdit()
        self.district.setObjectName("district")
        self.district.setPlaceholderText(_("e.g. Huyện Yên Mô"))
        self.not_listed = QCheckBox(_("My unit is not in the list: type its name"))
        self.not_listed.setObjectName("notListed")
        self.typed_name = QLineEdit()
        self.typed_name.setObjectName("typedName")
        self.place = QLineEdit()
        self.place.setObjectName("placeName")
        self.place.setPlaceholderText(_("printed before the date on documents"))
        self.preset = QComboBox()
        self.preset.setObjectName("preset")
        self.error = FieldError()

        form = QFormLayout()
        form.addRow(_("Level of the office"), self.level)
        form.addRow(_("Province"), self.province)
        form.addRow(_("Commune / ward"), self.commune)
        form.addRow(self.not_listed)
        form.addRow(_("Name of the unit"), self.typed_name)
        form.addRow(_("District (three tiers)"), self.district)
        form.addRow(_("Place name on documents"), self.place)
        form.addRow(_("Papers are issued as"), self.preset)

        buttons = QDialogButtonBox()
        self.start_button = buttons.addButton(_("Start"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.setObjectName("start")
        buttons.addButton(_("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._apply)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(profile_box)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        self.province.set_items([(u.code, u.name) for u in ctx.setup.provinces()])
        self.province.value_changed.connect(self._province_changed)
        self.commune.value_changed.connect(self._commune_changed)
        self.level.currentIndexChanged.connect(self._update_visibility)
        self.profile_group.idToggled.connect(self._update_visibility)
        self.not_listed.toggled.connect(self._update_visibility)
        self._update_visibility()
        # The presets' long names (and Windows' text scaled to 125%) may want more than
        # 620 pixels: the explicit minimum must not let the dialog be squeezed below what
        # its rows need (a remembered size would otherwise cut them).
        self.setMinimumWidth(max(620, self.minimumSizeHint().width()))

    def _unit(self):
        """The office as chosen so far (a unit of the list, or one being typed)."""
        from app.domain.units import Unit

        level = self.level.currentData()
        typed = self.not_listed.isChecked() or level == "huyen"
        code = self.commune.value() if level == "xa" else self.province.value()
        unit = None if typed else self.ctx.units.get(code)
        return unit or Unit(code="", name=self.typed_name.text(), type=level, level=level)

    def _fill_presets(self) -> None:
        from app.printing import presets

        unit = self._unit()
        current = self.preset.currentData()
        self.preset.blockSignals(True)
        self.preset.clear()
        for preset in presets.for_unit(unit):
            self.preset.addItem(preset.name, preset.code)
        suggested = presets.suggested(unit, self.profile())
        index = self.preset.findData(current if current and self.preset.findData(current) >= 0
                                     else suggested)
        self.preset.setCurrentIndex(max(index, 0))
        self.preset.blockSignals(False)

    def profile(self) -> str:
        return self.profile_group.checkedButton().property("value")

    def _province_changed(self) -> None:
        code = self.province.value()
        self.commune.set_items([(u.code, u.name) for u in self.ctx.setup.communes(code)]
                               if code else [], keep=False)
        self._commune_changed()

    def _commune_changed(self) -> None:
        unit = self.ctx.units.get(self.commune.value() if self.level.currentData() == "xa"
                                  else self.province.value())
        if unit:
            self.place.setText(bare_name(unit.name))
        self._fill_presets()

    def _update_visibility(self, *_args) -> None:
        level = self.level.currentData()
        three = self.profile() == PROFILE_THREE_TIER
        if level == "huyen" and not three:
            self.level.setCurrentIndex(0)
            level = "xa"
        typed = self.not_listed.isChecked() or level == "huyen"
        self.commune.setEnabled(level == "xa" and not typed)
        self.typed_name.setEnabled(typed)
        self.district.setEnabled(three and level == "xa")
        self._fill_presets()

    def _apply(self) -> None:
        level = self.level.currentData()
        typed = self.not_listed.isChecked() or level == "huyen"
        kwargs: dict = {"profile": self.profile(), "place_name": self.place.text()}
        if typed:
            kwargs.update(new_unit_name=self.typed_name.text(),
                          new_unit_type={"xa": "xa", "huyen": "huyen", "tinh": "tinh"}[level],
                          parent_code=self.province.value())
        else:
            code = self.commune.value() if level == "xa" else self.province.value()
            if not code:
                self.error.show_message(_("Choose your province and your commune or ward."))
                return
            kwargs.update(unit_code=code, district_name=self.district.text() or None)
        def configure() -> None:
            self.ctx.setup.configure(**kwargs)
            if self.preset.currentData():
                self.ctx.printing.set_preset(self.preset.currentData())

        run_action(self, configure, lambda _: self.accept(), handled=fields_inline(
            lambda fields: self.error.show_message(" ".join(fields.values()))))
