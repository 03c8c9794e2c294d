"""The main window: navigation on the left, one screen at a time on the right."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from app import __version__
from app.context import AppContext
from app.errors import DvkError
from app.i18n import _
from ui.bridge import EventBridge
from ui.jobs import JobRunner
from ui.messages import show_error, show_info
from ui.screens.council_screen import CouncilScreen
from ui.screens.print_settings_dialog import PrintSettingsDialog
from ui.screens.registrations_screen import RegistrationsScreen
from ui.screens.rubrics_screen import RubricsScreen
from ui.screens.score_sheets_screen import ScoreSheetsScreen
from ui.screens.stats_screen import StatsScreen
from ui.screens.sync_screen import SyncScreen
from ui.screens.units_screen import UnitsScreen


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.jobs = JobRunner(self)
        self.bridge = EventBridge(ctx.events, self)
        self.resize(1280, 800)
        # Closing ends the window for good: its timers and jobs stop with it.
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        self.registrations = RegistrationsScreen(ctx, self.jobs)
        self.units = UnitsScreen(ctx)
        self.sync = SyncScreen(ctx, self.jobs)
        self.scoring = ScoreSheetsScreen(ctx)
        self.council = CouncilScreen(ctx, open_sheet=self.scoring.open_sheet)
        self.rubrics = RubricsScreen(ctx)
        self.stats = StatsScreen(ctx, self.jobs)
        self.screens: list[tuple[str, QWidget]] = [
            (_("Registrations"), self.registrations),
            (_("Statistics"), self.stats),
            (_("Scoring"), self.scoring),
            (_("Council view"), self.council),
            (_("Units"), self.units),
            (_("Data exchange"), self.sync),
            (_("Rubrics"), self.rubrics),
        ]
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(190)
        self.stack = QStackedWidget()
        for title, screen in self.screens:
            self.nav.addItem(title)
            self.stack.addWidget(screen)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self.office_label = QLabel()
        self.statusBar().addPermanentWidget(self.office_label)
        self.bridge.registrations_changed.connect(self.registrations.refresh)
        self.bridge.units_changed.connect(self.units.refresh)
        self.bridge.units_changed.connect(self.registrations.refresh)
        self.bridge.drafts_changed.connect(self.registrations.drafts.refresh)
        self.bridge.sync_changed.connect(self.sync.refresh)
        for signal in (self.bridge.scores_changed, self.bridge.registrations_changed):
            signal.connect(self.scoring.reload)
            signal.connect(self.council.reload)
        self.bridge.rubrics_changed.connect(
            lambda: None if self.rubrics.dirty else self.rubrics.refresh())
        for signal in (self.bridge.registrations_changed, self.bridge.scores_changed,
                       self.bridge.units_changed):
            signal.connect(self.stats.reload)
        self.stats.open_list.connect(self.show_registrations)
        self._update_title()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        for text, slot in ((_("Import registrations from Excel..."), self.import_excel),
                           (_("Export the registrations to Excel..."),
                            self.registrations.export_excel),
                           (_("Excel template for registrations..."), self.save_template)):
            action = QAction(text, self)
            action.triggered.connect(slot)
            file_menu.addAction(action)
        file_menu.addSeparator()
        quit_action = QAction(_("&Quit"), self)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        tools = self.menuBar().addMenu(_("&Tools"))
        check = QAction(_("Check the data file"), self)
        check.triggered.connect(self.check_data)
        tools.addAction(check)
        print_settings = QAction(_("Print settings..."), self)
        print_settings.triggered.connect(self.open_print_settings)
        tools.addAction(print_settings)
        help_menu = self.menuBar().addMenu(_("&Help"))
        about = QAction(_("About DVK"), self)
        about.triggered.connect(self.about)
        help_menu.addAction(about)

    def _update_title(self) -> None:
        try:
            office = self.ctx.units.office()
            name = office.name
        except DvkError:
            name = ""
        self.setWindowTitle(_("DVK - Dân vận khéo") + (f" - {name}" if name else ""))
        self.office_label.setText(f"{name}  |  {self.ctx.path}")

    def show_registrations(self, query) -> None:
        """The registrations list with a statistics figure's filters."""
        self.nav.setCurrentRow(self.stack.indexOf(self.registrations))
        self.registrations.show_query(query)

    def import_excel(self):
        self.nav.setCurrentRow(self.stack.indexOf(self.registrations))
        return self.registrations.import_excel()

    def save_template(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Where to save the Excel template"), "mau-dang-ky-dan-van-kheo.xlsx",
            _("Excel workbooks") + " (*.xlsx)")
        if not path:
            return
        try:
            written = self.ctx.excel.template(path)
        except DvkError as error:
            show_error(self, error)
            return
        show_info(self, _("Written: {path}").format(path=written), _("Excel template"))

    def check_data(self) -> None:
        try:
            report = self.ctx.maintenance.check()
        except DvkError as error:
            show_error(self, error)
            return
        text = "\n".join(report.lines + report.problems)
        if report.ok:
            show_info(self, text, _("Check the data file"))
        else:
            show_error(self, text, _("Check the data file"))

    def open_print_settings(self) -> PrintSettingsDialog:
        dialog = PrintSettingsDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def about(self) -> None:
        show_info(self, _("DVK {version}: registering, scoring and recognising \"Dân vận "
                          "khéo\" models and exemplars.").format(version=__version__),
                  _("About DVK"))

    def closeEvent(self, event) -> None:
        for dialog in list(self.registrations._dialogs) + list(self.scoring.dialogs):
            if not dialog.close():
                event.ignore()
                return
        if self.rubrics.dirty and not self.rubrics.may_leave():
            event.ignore()
            return
        self.jobs.wait(3000)
        super().closeEvent(event)


