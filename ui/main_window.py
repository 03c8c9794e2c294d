"""The main window: navigation on the left, one screen at a time on the right."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QMainWindow, QStackedWidget, QWidget

import app
from app.context import AppContext
from app.errors import DvkError
from app.i18n import _
from ui.bridge import EventBridge
from ui.jobs import JobRunner
from ui.messages import show_error, show_info
from ui.screens.council_screen import CouncilScreen
from ui.screens.decisions_screen import DecisionsScreen
from ui.screens.home_screen import HomeScreen
from ui.screens.print_settings_dialog import PrintSettingsDialog
from ui.screens.proposals_screen import ProposalsScreen
from ui.screens.recognition_screen import RecognitionScreen
from ui.screens.registrations_screen import RegistrationsScreen
from ui.screens.review_screen import ReviewScreen
from ui.screens.rubrics_screen import RubricsScreen
from ui.screens.score_sheets_screen import ScoreSheetsScreen
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
        self.recognition = RecognitionScreen(ctx, open_sheet=self.scoring.open_sheet,
                                             create_sheet=self.scoring.create_for)
        self.proposals = ProposalsScreen(ctx)
        self.decisions = DecisionsScreen(ctx, self.jobs)
        self.review = ReviewScreen(ctx)
        self.home = HomeScreen(ctx, open_screen=self.open_screen)
        self.screens: list[tuple[str, QWidget]] = [
            (_("What to do"), self.home),
            (_("Registrations"), self.registrations),
            (_("Scoring"), self.scoring),
            (_("Council view"), self.council),
            (_("Recognition"), self.recognition),
            (_("Proposals"), self.proposals),
            (_("Decisions"), self.decisions),
            (_("Review of the period"), self.review),
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
        for signal in (self.bridge.recognition_changed, self.bridge.scores_changed,
                       self.bridge.registrations_changed, self.bridge.sync_changed):
            for screen in (self.home, self.recognition, self.proposals, self.decisions,
                           self.review):
                signal.connect(screen.refresh)
        self.bridge.rubrics_changed.connect(
            lambda: None if self.rubrics.dirty else self.rubrics.refresh())
        self._update_title()
        self._start_page()

    def _start_page(self) -> None:
        """The home screen opens first, unless forms typed before the program stopped
        wait to be restored: then the registrations, whose banner offers them."""
        try:
            waiting = bool(self.ctx.drafts.listing())
        except DvkError:
            waiting = False
        if waiting:
            self.open_screen("registrations")

    def open_screen(self, name: str) -> None:
        """Show a screen by name (the home screen's lines lead here)."""
        screen = {"registrations": self.registrations, "scoring": self.scoring,
                  "council": self.council, "recognition": self.recognition,
                  "proposals": self.proposals, "decisions": self.decisions,
                  "review": self.review, "home": self.home}.get(name)
        if screen is not None:
            self.nav.setCurrentRow(self.stack.indexOf(screen))

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
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
                          "khéo\" models and exemplars.").format(version=app.__version__),
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


