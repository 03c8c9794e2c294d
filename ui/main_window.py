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

import app
from app.context import AppContext
from app.domain.accounts import ADMIN
from app.errors import DvkError
from app.i18n import _
from ui.bridge import EventBridge
from ui.jobs import JobRunner
from ui.messages import show_error, show_info
from ui.screens.audit_screen import AuditScreen
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
from ui.screens.stats_screen import StatsScreen
from ui.screens.sync_screen import SyncScreen
from ui.screens.units_screen import UnitsScreen
from ui.screens.verify_certificate_screen import VerifyCertificateScreen


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
        self.audit = AuditScreen(ctx)
        self.verify_certificate = VerifyCertificateScreen(ctx, self.jobs)
        self.stats = StatsScreen(ctx, self.jobs)
        self.screens: list[tuple[str, QWidget]] = [
            (_("What to do"), self.home),
            (_("Registrations"), self.registrations),
            (_("Statistics"), self.stats),
            (_("Scoring"), self.scoring),
            (_("Council view"), self.council),
            (_("Recognition"), self.recognition),
            (_("Proposals"), self.proposals),
            (_("Decisions"), self.decisions),
            (_("Review of the period"), self.review),
            (_("Units"), self.units),
            (_("Data exchange"), self.sync),
            (_("Rubrics"), self.rubrics),
            (_("Audit log"), self.audit),
            (_("Check a certificate"), self.verify_certificate),
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
        self.user_label = QLabel()
        self.user_label.setObjectName("signedInUser")
        self.statusBar().addPermanentWidget(self.user_label)
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
        self.nav.currentRowChanged.connect(
            lambda row: self.audit.refresh() if self.stack.widget(row) is self.audit else None)
        self.bridge.rubrics_changed.connect(
            lambda: None if self.rubrics.dirty else self.rubrics.refresh())
        for signal in (self.bridge.registrations_changed, self.bridge.scores_changed,
                       self.bridge.units_changed):
            signal.connect(self.stats.reload)
        self.stats.open_list.connect(self.show_registrations)
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
        tools.addSeparator()
        backup = QAction(_("Back up now..."), self)
        backup.triggered.connect(self.backup_now)
        tools.addAction(backup)
        restore = QAction(_("Restore from a backup..."), self)
        restore.triggered.connect(self.restore_backup)
        tools.addAction(restore)
        accounts = QAction(_("Accounts..."), self)
        accounts.triggered.connect(self.open_accounts)
        tools.addAction(accounts)
        self.sign_out_action = QAction(_("Sign out / change user"), self)
        self.sign_out_action.triggered.connect(self.sign_out)
        tools.addAction(self.sign_out_action)
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
        user = self.ctx.accounts.user
        self.user_label.setText(_("Signed in: {name} ({role})").format(
            name=user.name, role=user.role_label) if user else "")
        self.sign_out_action.setVisible(user is not None)

    # -- backups and accounts ------------------------------------------------------------
    def backup_now(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from ui.jobs import run_with_progress

        folder = QFileDialog.getExistingDirectory(
            self, _("Back up to which folder or USB stick?"), str(self.ctx.backups.folder()))
        if not folder:
            return
        run_with_progress(self, self.jobs, _("Backing up"),
                          lambda progress: self.ctx.backups.backup_to(folder, progress=progress),
                          lambda path: show_info(self, _("Backup written to {path}.").format(
                              path=path)))

    def restore_backup(self) -> None:
        from ui.screens.restore_dialog import RestoreDialog

        try:
            self.ctx.accounts.require(ADMIN)
        except DvkError as error:
            show_error(self, error)
            return
        dialog = RestoreDialog(self, ctx=self.ctx, db_path=self.ctx.path)
        if dialog.exec():
            show_info(self, _("Restored. The data as it was before is kept in {path}.").format(
                path=dialog.safety), _("Restore from a backup"))
            try:  # the restored file may hold other accounts: sign in to those
                self.ctx.accounts.require(ADMIN)
            except DvkError:
                self.sign_out()
            self._update_title()

    def open_accounts(self):
        from ui.screens.users_dialog import UsersDialog

        dialog = UsersDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._update_title())
        dialog.show()
        return dialog

    def sign_out(self) -> None:
        from ui.screens.login_dialog import LoginDialog

        self.ctx.accounts.logout()
        self._update_title()
        if LoginDialog(self.ctx, self).exec():
            self._update_title()
        else:
            self.close()

    def start_daily_backup(self) -> None:
        """The first start of the day copies the data file, off the window's thread."""
        try:
            target = self.ctx.backups.daily_due()
        except DvkError:
            return
        if target is None:
            return
        self.statusBar().showMessage(_("Making today's backup..."))
        self.jobs.start(lambda progress: self.ctx.backups.daily(progress, target),
                        on_done=lambda path: self.statusBar().showMessage(
                            _("Today's backup: {name}").format(name=path.name), 8000),
                        on_error=lambda error: self.statusBar().showMessage(
                            _("Today's backup failed: {reason}").format(
                                reason=getattr(error, "message", error))))

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


