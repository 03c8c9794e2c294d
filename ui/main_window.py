"""The main window: navigation on the left, one screen at a time on the right."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QMainWindow, QStackedWidget, QWidget

import app
from app.context import AppContext
from app.errors import DvkError
from app.i18n import _
from ui.bridge import EventBridge
from ui.jobs import JobRunner
from ui.messages import show_error, show_info
from ui.screens.registrations_screen import RegistrationsScreen
from ui.screens.units_screen import UnitsScreen


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.jobs = JobRunner(self)
        self.bridge = EventBridge(ctx.events, self)
        self.resize(1280, 800)

        self.registrations = RegistrationsScreen(ctx, self.jobs)
        self.units = UnitsScreen(ctx)
        self.screens: list[tuple[str, QWidget]] = [
            (_("Registrations"), self.registrations),
            (_("Units"), self.units),
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
        self._update_title()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        quit_action = QAction(_("&Quit"), self)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        tools = self.menuBar().addMenu(_("&Tools"))
        check = QAction(_("Check the data file"), self)
        check.triggered.connect(self.check_data)
        tools.addAction(check)
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

    def about(self) -> None:
        show_info(self, _("DVK {version}: registering, scoring and recognising \"Dân vận "
                          "khéo\" models and exemplars.").format(version=app.__version__),
                  _("About DVK"))

    def closeEvent(self, event) -> None:
        for dialog in list(self.registrations._dialogs):
            if not dialog.close():
                event.ignore()
                return
        self.jobs.wait(3000)
        super().closeEvent(event)


