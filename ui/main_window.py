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
from ui.screens.home_screen import HomeScreen
from ui.screens.registrations_screen import RegistrationsScreen


def _units(window: MainWindow) -> QWidget:
    from ui.screens.units_screen import UnitsScreen

    return UnitsScreen(window.ctx)


def _sync(window: MainWindow) -> QWidget:
    from ui.screens.sync_screen import SyncScreen

    return SyncScreen(window.ctx, window.jobs)


def _scoring(window: MainWindow) -> QWidget:
    from ui.screens.score_sheets_screen import ScoreSheetsScreen

    return ScoreSheetsScreen(window.ctx)


def _council(window: MainWindow) -> QWidget:
    from ui.screens.council_screen import CouncilScreen

    return CouncilScreen(window.ctx, open_sheet=window.scoring.open_sheet)


def _rubrics(window: MainWindow) -> QWidget:
    from ui.screens.rubrics_screen import RubricsScreen

    return RubricsScreen(window.ctx)


def _recognition(window: MainWindow) -> QWidget:
    from ui.screens.recognition_screen import RecognitionScreen

    return RecognitionScreen(window.ctx, open_sheet=window.scoring.open_sheet,
                             create_sheet=window.scoring.create_for)


def _proposals(window: MainWindow) -> QWidget:
    from ui.screens.proposals_screen import ProposalsScreen

    return ProposalsScreen(window.ctx)


def _decisions(window: MainWindow) -> QWidget:
    from ui.screens.decisions_screen import DecisionsScreen

    return DecisionsScreen(window.ctx, window.jobs)


def _review(window: MainWindow) -> QWidget:
    from ui.screens.review_screen import ReviewScreen

    return ReviewScreen(window.ctx)


# Screens other than the two a session starts on are built when first shown (or first
# used): their modules, services and first reads cost the window's start otherwise,
# about a third of it (issue 11).
LAZY = {"units": _units, "sync": _sync, "scoring": _scoring, "council": _council,
        "rubrics": _rubrics, "recognition": _recognition, "proposals": _proposals,
        "decisions": _decisions, "review": _review}


def _lazy(name: str) -> property:
    return property(lambda window: window.screen(name))


class MainWindow(QMainWindow):
    units = _lazy("units")
    sync = _lazy("sync")
    scoring = _lazy("scoring")
    council = _lazy("council")
    rubrics = _lazy("rubrics")
    recognition = _lazy("recognition")
    proposals = _lazy("proposals")
    decisions = _lazy("decisions")
    review = _lazy("review")

    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.jobs = JobRunner(self)
        self.bridge = EventBridge(ctx.events, self)
        self.resize(1280, 800)
        # Closing ends the window for good: its timers and jobs stop with it.
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        self.registrations = RegistrationsScreen(ctx, self.jobs)
        self.home = HomeScreen(ctx, open_screen=self.open_screen)
        self._built: dict[str, QWidget] = {"home": self.home,
                                           "registrations": self.registrations}
        self.pages: list[tuple[str, str]] = [
            (_("What to do"), "home"),
            (_("Registrations"), "registrations"),
            (_("Scoring"), "scoring"),
            (_("Council view"), "council"),
            (_("Recognition"), "recognition"),
            (_("Proposals"), "proposals"),
            (_("Decisions"), "decisions"),
            (_("Review of the period"), "review"),
            (_("Units"), "units"),
            (_("Data exchange"), "sync"),
            (_("Rubrics"), "rubrics"),
        ]
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(190)
        self.stack = QStackedWidget()
        for title, name in self.pages:
            self.nav.addItem(title)
            self.stack.addWidget(self._built.get(name) or QWidget())
        self.nav.currentRowChanged.connect(self._show_page)
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
        self.bridge.units_changed.connect(self._if_built("units", "refresh"))
        self.bridge.units_changed.connect(self.registrations.refresh)
        self.bridge.drafts_changed.connect(self.registrations.drafts.refresh)
        self.bridge.sync_changed.connect(self._if_built("sync", "refresh"))
        for signal in (self.bridge.scores_changed, self.bridge.registrations_changed):
            signal.connect(self._if_built("scoring", "reload"))
            signal.connect(self._if_built("council", "reload"))
        for signal in (self.bridge.recognition_changed, self.bridge.scores_changed,
                       self.bridge.registrations_changed, self.bridge.sync_changed):
            signal.connect(self.home.refresh)
            for name in ("recognition", "proposals", "decisions", "review"):
                signal.connect(self._if_built(name, "refresh"))
        self.bridge.rubrics_changed.connect(
            lambda: None if "rubrics" not in self._built or self.rubrics.dirty
            else self.rubrics.refresh())
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
        rows = [page for _title, page in self.pages]
        if name in rows:
            self.nav.setCurrentRow(rows.index(name))

    def screen(self, name: str) -> QWidget:
        """The screen `name`, built and put in its place the first time it is asked for."""
        built = self._built.get(name)
        if built is None:
            built = self._built[name] = LAZY[name](self)
            index = [page for _title, page in self.pages].index(name)
            placeholder = self.stack.widget(index)
            current = self.stack.currentIndex()
            self.stack.insertWidget(index, built)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.stack.setCurrentIndex(current)
        return built

    def _show_page(self, row: int) -> None:
        if 0 <= row < len(self.pages):
            self.screen(self.pages[row][1])
        self.stack.setCurrentIndex(row)

    def _if_built(self, name: str, method: str):
        """A slot that calls the screen's `method` if the screen exists yet (a screen
        reads fresh data when it is built)."""
        def call(*_args) -> None:
            if name in self._built:
                getattr(self._built[name], method)()

        return call

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

    def open_print_settings(self) -> QWidget:
        from ui.screens.print_settings_dialog import PrintSettingsDialog

        dialog = PrintSettingsDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def about(self) -> None:
        show_info(self, _("DVK {version}: registering, scoring and recognising \"Dân vận "
                          "khéo\" models and exemplars.").format(version=app.__version__),
                  _("About DVK"))

    def closeEvent(self, event) -> None:
        scoring = self._built.get("scoring")
        for dialog in list(self.registrations._dialogs) + list(scoring.dialogs if scoring
                                                                else []):
            if not dialog.close():
                event.ignore()
                return
        rubrics = self._built.get("rubrics")
        if rubrics is not None and rubrics.dirty and not rubrics.may_leave():
            event.ignore()
            return
        self.jobs.wait(3000)
        super().closeEvent(event)


