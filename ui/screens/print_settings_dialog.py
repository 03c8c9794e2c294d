"""The office's print settings: the body it issues as (a preset of the bodies after
the 2025 reorganisation), layout (Party or State), the heading's bodies, the place,
who signs, who executes its decisions, where papers are filed, whom reports go to, and
the emblem on certificates.

An empty field prints the default shown in grey (the preset's, filled from the unit
tree), so an office that changes nothing still prints correct papers; a field set to
exactly its default is stored as unset and keeps following it. "No superior line"
prints none at all (a People's Committee has none).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.errors import DvkError
from app.i18n import _
from ui.actions import NOT_DONE, run_action
from ui.help import attach_help
from ui.screens.print_preview import PrintPreviewDialog
from ui.widgets.buttons import make_button

LINE_KEYS = ("print.authority", "place_name", "print.signer_on_behalf", "print.signer_title",
             "print.signer_name", "print.executor", "print.archive", "print.report_to")
BLOCK_KEYS = ("print.superior", "print.body")  # a line break starts a heading line


class PrintSettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        attach_help(self, "print_settings", ctx)  # F1: this window's help
        self.setWindowTitle(_("Print settings"))
        self.resize(680, 640)
        self.preset = QComboBox()
        self.preset.setObjectName("preset")
        for preset in ctx.printing.presets_for_office():
            self.preset.addItem(preset.name, preset.code)
        self.system = QComboBox()
        self.system.setObjectName("system")
        self.system.addItem(_("Party layout (ĐẢNG CỘNG SẢN VIỆT NAM)"), "party")
        self.system.addItem(_("State layout (CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM)"), "state")
        self.fields: dict[str, QLineEdit | QPlainTextEdit] = {}
        for key in BLOCK_KEYS:
            edit = QPlainTextEdit()
            edit.setFixedHeight(52)
            self.fields[key] = edit
        for key in LINE_KEYS:
            self.fields[key] = QLineEdit()
        for key, widget in self.fields.items():
            widget.setObjectName(key)
        self.no_superior = QCheckBox(_("No superior line"))
        self.no_superior.setObjectName("noSuperior")
        superior_row = QVBoxLayout()
        superior_row.addWidget(self.fields["print.superior"])
        superior_row.addWidget(self.no_superior)
        self.emblem_view = QLabel()
        self.emblem_view.setObjectName("emblemView")
        self.emblem_view.setFixedSize(72, 72)
        self.emblem_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.emblem_view.setStyleSheet("border: 1px solid #bbb;")
        self.choose_emblem = make_button(_("Choose image..."), "chooseEmblem")
        self.clear_emblem = make_button(_("No emblem"), "clearEmblem")
        emblem_row = QHBoxLayout()
        emblem_row.addWidget(self.emblem_view)
        emblem_row.addWidget(self.choose_emblem)
        emblem_row.addWidget(self.clear_emblem)
        emblem_row.addStretch(1)

        form = QFormLayout()
        form.addRow(_("Issued as"), self.preset)
        form.addRow(_("Layout"), self.system)
        form.addRow(_("Superior body (top left)"), superior_row)
        form.addRow(_("Issuing body (bold, top left)"), self.fields["print.body"])
        form.addRow(_("Body that recognises (decisions, certificates)"),
                    self.fields["print.authority"])
        form.addRow(_("Place in the date line"), self.fields["place_name"])
        form.addRow(_("Signs on behalf of"), self.fields["print.signer_on_behalf"])
        form.addRow(_("Title of the signer"), self.fields["print.signer_title"])
        form.addRow(_("Name of the signer"), self.fields["print.signer_name"])
        form.addRow(_("Executes the decisions (Article 3)"), self.fields["print.executor"])
        form.addRow(_("Filed at (last line of the recipients)"), self.fields["print.archive"])
        form.addRow(_("Reports go to"), self.fields["print.report_to"])
        form.addRow(_("Emblem on certificates"), emblem_row)
        hint = QLabel(_("Empty fields print the grey default. Without a signer's name the "
                        "papers show a dotted line for a handwritten name."))
        hint.setWordWrap(True)

        self.save_button = make_button(_("Save"), "saveSettings")
        self.save_button.setDefault(True)
        self.preview_button = make_button(_("Save and preview a certificate"), "previewSample")
        self.close_button = QPushButton(_("Close"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.preview_button, self.save_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addStretch(1)
        layout.addLayout(buttons)

        self.preset.currentIndexChanged.connect(self._preset_changed)
        self.system.currentIndexChanged.connect(self._show_defaults)
        self.no_superior.toggled.connect(
            lambda on: self.fields["print.superior"].setEnabled(not on))
        self.choose_emblem.clicked.connect(self.pick_emblem)
        self.clear_emblem.clicked.connect(self.remove_emblem)
        self.save_button.clicked.connect(self.save)
        self.preview_button.clicked.connect(self.save_and_preview)
        self.close_button.clicked.connect(self.reject)
        self._load()

    # -- loading ------------------------------------------------------------------------
    def _load(self) -> None:
        printing = self.ctx.printing
        stored = printing.settings()
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(max(self.preset.findData(printing.preset().code), 0))
        self.preset.blockSignals(False)
        self.system.blockSignals(True)
        self.system.setCurrentIndex(max(self.system.findData(printing.system()), 0))
        self.system.blockSignals(False)
        for key, widget in self.fields.items():
            value = stored.get(key) or ""
            if isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value)
            else:
                widget.setText(value)
        self.no_superior.setChecked(stored.get("print.superior") == "")
        self._show_defaults()
        self._show_emblem()

    def _preset_changed(self) -> None:
        from app.printing import presets

        preset = presets.get(self.preset.currentData())
        self.system.setCurrentIndex(max(self.system.findData(preset.system), 0))
        self._show_defaults()

    def _defaults(self) -> dict[str, str]:
        return self.ctx.printing.defaults(self.system.currentData(), self.preset.currentData())

    def _show_defaults(self) -> None:
        try:
            defaults = self._defaults()
        # Not an action: placeholders as the choices change, none when unreadable
        except DvkError:
            return
        for key, widget in self.fields.items():
            placeholder = defaults.get(key) or (
                _("(a dotted line to sign over)") if key == "print.signer_name"
                else _("(none)"))
            widget.setPlaceholderText(placeholder)

    def _show_emblem(self) -> None:
        try:
            data = self.ctx.printing.emblem()
        # Not an action: the emblem's preview; its problem goes to the preview's tooltip
        except DvkError as error:
            self.emblem_view.setText("!")
            self.emblem_view.setToolTip(error.message)
            return
        self.emblem_view.setToolTip("")
        if not data:
            self.emblem_view.setPixmap(QPixmap())
            self.emblem_view.setText(_("none"))
            return
        image = QImage.fromData(data)
        self.emblem_view.setPixmap(QPixmap.fromImage(image).scaled(
            68, 68, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation))

    # -- emblem -------------------------------------------------------------------------
    def pick_emblem(self) -> bool:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the emblem"), "", _("Images (*.png *.jpg *.jpeg)"))
        if not path:
            return False
        if run_action(self, lambda: self.ctx.printing.set_emblem(path)) is NOT_DONE:
            return False
        self._show_emblem()
        return True

    def remove_emblem(self) -> None:
        run_action(self, lambda: self.ctx.printing.set_setting("print.emblem", None))
        self._show_emblem()

    # -- saving -------------------------------------------------------------------------
    def values(self) -> dict[str, str]:
        result = {}
        for key, widget in self.fields.items():
            text = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
            result[key] = text.strip()
        return result

    def save(self) -> bool:
        printing = self.ctx.printing
        def action():
            preset = self.preset.currentData()
            if preset and preset != printing.preset().code:
                printing.set_preset(preset)
            system = self.system.currentData()
            if system == printing.preset().system:
                printing.unset_setting("print.system")
            else:
                printing.set_setting("print.system", system)
            defaults = printing.defaults(system)
            for key, value in self.values().items():
                if key == "print.superior" and self.no_superior.isChecked():
                    printing.set_setting(key, "")  # no superior line at all
                elif not value or value == defaults.get(key):
                    printing.unset_setting(key)  # follows the default
                else:
                    printing.set_setting(key, value)
        if run_action(self, action) is NOT_DONE:
            return False
        self._load()
        return True

    def save_and_preview(self) -> PrintPreviewDialog | None:
        if not self.save():
            return None
        def action():
            doc = self.ctx.printing.sample_document("certificate")
            pdf = self.ctx.printing.render(doc)
            self.preview = PrintPreviewDialog(self.ctx, pdf, title=_("sample certificate"),
                                              file_name="giay-cong-nhan-mau.pdf", parent=self)
        if run_action(self, action) is NOT_DONE:
            return None
        self.preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview.show()
        return self.preview
