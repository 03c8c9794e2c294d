"""The main window: navigation on the left, one screen at a time on the right."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

import app
from app.context import AppContext
from app.domain.accounts import ADMIN
from app.errors import DvkError
from app.i18n import _
from app.services.help_topics import SCREENS, SHORTCUT_KEYS
from ui.actions import NOT_DONE, run_action
from ui.bridge import EventBridge
from ui.jobs import JobRunner
from ui.messages import confirm, show_error, show_info
from ui.screens.home_screen import HomeScreen
from ui.screens.registrations_screen import RegistrationsScreen
from ui.widgets.notice_bar import NoticeBar
from ui.windows import file_notices


@dataclass(frozen=True)
class LazyScreen:
    """How the window builds one screen the first time it is shown: the class (by
    module, imported only then), whether it takes the window's job runner, the other
    things of the window it is given, and signals to connect once it exists."""

    module: str
    cls: str
    jobs: bool = False
    given: Callable[[MainWindow], dict[str, Any]] | None = None
    connect: Callable[[QWidget, MainWindow], None] | None = None

    def build(self, window: MainWindow) -> QWidget:
        screen_cls = getattr(importlib.import_module(self.module), self.cls)
        args = (window.ctx, window.jobs) if self.jobs else (window.ctx,)
        screen = screen_cls(*args, **(self.given(window) if self.given else {}))
        if self.connect is not None:
            self.connect(screen, window)
        return screen


# Screens other than the two a session starts on are built when first shown (or first
# used): their modules, services and first reads cost the window's start otherwise,
# about a third of it (issue 11).
LAZY = {
    "units": LazyScreen("ui.screens.units_screen", "UnitsScreen"),
    "sync": LazyScreen("ui.screens.sync_screen", "SyncScreen", jobs=True),
    "communes": LazyScreen("ui.screens.communes_screen", "CommunesScreen"),
    "scoring": LazyScreen("ui.screens.score_sheets_screen", "ScoreSheetsScreen"),
    "council": LazyScreen("ui.screens.council_screen", "CouncilScreen",
                          given=lambda window: {"open_sheet": window.scoring.open_sheet}),
    "rubrics": LazyScreen("ui.screens.rubrics_screen", "RubricsScreen"),
    "recognition": LazyScreen(
        "ui.screens.recognition_screen", "RecognitionScreen",
        given=lambda window: {"open_sheet": window.scoring.open_sheet,
                              "create_sheet": window.scoring.create_for}),
    "proposals": LazyScreen("ui.screens.proposals_screen", "ProposalsScreen"),
    "decisions": LazyScreen("ui.screens.decisions_screen", "DecisionsScreen", jobs=True),
    "review": LazyScreen("ui.screens.review_screen", "ReviewScreen"),
    "stats": LazyScreen(
        "ui.screens.stats_screen", "StatsScreen", jobs=True,
        connect=lambda screen, window: screen.open_list.connect(window.show_registrations)),
    "audit": LazyScreen("ui.screens.audit_screen", "AuditScreen"),
    "verify_certificate": LazyScreen("ui.screens.verify_certificate_screen",
                                     "VerifyCertificateScreen", jobs=True),
    "privacy": LazyScreen("ui.screens.privacy_screen", "PrivacyScreen"),
    "verify_pdf": LazyScreen("ui.screens.verify_pdf_screen", "VerifyPdfScreen"),
}


class ScreenStack(QStackedWidget):
    """The screens, one shown at a time, asking only for the room the shown one needs.

    A QStackedWidget asks for the largest size of all its pages (its minimum, and with
    word-wrapped labels the largest height for the window's width), so once a screen
    that needs much room was built (the rubrics' editor), every other screen opened
    after it was laid out that big inside the window's scroll area, its buttons below
    or right of the visible part: at 125% text on a 1366x768 screen the audit log,
    both verification screens and the personal data screen. Here the shown screen
    alone counts, and for a width its minimum height: a screen scrolls only when what
    it cannot do without is taller than the window."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return super().sizeHint() if page is None else page.sizeHint()

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        if page is None:
            return super().minimumSizeHint()
        return page.minimumSizeHint().expandedTo(page.minimumSize())

    def hasHeightForWidth(self) -> bool:
        page = self.currentWidget()
        return page is not None and page.hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:
        page = self.currentWidget()
        layout = page.layout() if page is not None else None
        if layout is None or not layout.hasHeightForWidth():
            return -1
        return layout.totalMinimumHeightForWidth(width)


def _lazy(name: str) -> property:
    return property(lambda window: window.screen(name))


class MainWindow(QMainWindow):
    units = _lazy("units")
    sync = _lazy("sync")
    communes = _lazy("communes")
    scoring = _lazy("scoring")
    council = _lazy("council")
    rubrics = _lazy("rubrics")
    recognition = _lazy("recognition")
    proposals = _lazy("proposals")
    decisions = _lazy("decisions")
    review = _lazy("review")
    stats = _lazy("stats")
    audit = _lazy("audit")
    verify_certificate = _lazy("verify_certificate")
    privacy = _lazy("privacy")
    verify_pdf = _lazy("verify_pdf")

    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.jobs = JobRunner(self)
        self.bridge = EventBridge(ctx.events, self)
        from ui import placement

        placement.install()
        # The whole screen on a commune PC's small one, 1280x800 on a larger one; the
        # size the clerk leaves it at is remembered (ui/placement.py).
        self.resize(QSize(1280, 800).expandedTo(placement.largest_size(self))
                    .boundedTo(QSize(1600, 1000)))
        # Closing ends the window for good: its timers and jobs stop with it.
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        self.registrations = RegistrationsScreen(ctx, self.jobs)
        self.home = HomeScreen(ctx, open_screen=self.open_screen)
        self._built: dict[str, QWidget] = {"home": self.home,
                                           "registrations": self.registrations}
        # The screens in the order of the navigation list (the help and the guide use
        # the same table, app/services/help_topics.py).
        self.pages: list[tuple[str, str]] = [(_(title), name) for name, title in SCREENS]
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(190)
        self.stack = ScreenStack()
        for title, name in self.pages:
            self.nav.addItem(title)
            self.stack.addWidget(self._built.get(name) or QWidget())
        # As wide as its longest name needs (at 125% text "Kiểm tra giấy công nhận" did
        # not fit 190 pixels and the list scrolled sideways), never narrower than 190.
        self.nav.ensurePolished()
        self.nav.setFixedWidth(max(190, self.nav.sizeHintForColumn(0)
                                   + 2 * self.nav.frameWidth() + 4))
        self.nav.currentRowChanged.connect(self._show_page)
        self.nav.setCurrentRow(0)
        self._hide_pages_of_other_levels()
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        self.notices = NoticeBar()
        outer.addWidget(self.notices)
        layout = QHBoxLayout()
        layout.addWidget(self.nav)
        # A screen that needs more room than the window has (a small screen, text at
        # 125%) scrolls instead of pushing the window past the screen's edge.
        self.scroller = QScrollArea()
        self.scroller.setObjectName("screenScroller")
        self.scroller.setWidget(self.stack)
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QScrollArea.Shape.NoFrame)
        layout.addWidget(self.scroller, 1)
        outer.addLayout(layout, 1)
        self.setCentralWidget(central)
        self._file_notices()

        self._build_menus()
        self.user_label = QLabel()
        self.user_label.setObjectName("signedInUser")
        self.statusBar().addPermanentWidget(self.user_label)
        self.office_label = QLabel()
        self.statusBar().addPermanentWidget(self.office_label)
        self.bridge.registrations_changed.connect(self.registrations.refresh)
        self.bridge.units_changed.connect(self._if_built("units", "refresh"))
        self.bridge.units_changed.connect(self.registrations.refresh)
        for signal in (self.bridge.registrations_changed, self.bridge.sync_changed):
            signal.connect(self._if_built("privacy", "refresh"))
        self.bridge.drafts_changed.connect(self.registrations.drafts.refresh)
        self.bridge.sync_changed.connect(self._if_built("sync", "refresh"))
        for signal in (self.bridge.sync_changed, self.bridge.recognition_changed):
            signal.connect(self._if_built("communes", "refresh"))
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
        for signal in (self.bridge.registrations_changed, self.bridge.scores_changed,
                       self.bridge.units_changed):
            signal.connect(self._if_built("stats", "reload"))
        self._update_title()
        self._start_page()

    def _hide_pages_of_other_levels(self) -> None:
        """The communes' status board is for an office above the communes."""
        try:
            below = self.ctx.units.office().level != "xa"
        except DvkError:  # not an action: the board's page stays hidden when unreadable
            below = False
        rows = [page for _title, page in self.pages]
        self.nav.item(rows.index("communes")).setHidden(not below)

    def _file_notices(self) -> None:
        """Read-only, network share, other windows: known at once (no I/O worth timing)."""
        for key, text in file_notices(self.ctx).items():
            self.notices.set_notice(key, text)

    def check_clock(self) -> None:
        """After the window shows: warn when the clock reads earlier than the newest
        entry or backup of this data file."""
        try:
            problem = self.ctx.clock_check.problem()
        except DvkError:  # not an action: a notice, none when the file cannot say
            problem = None
        self.notices.set_notice("clock", problem)

    def _start_page(self) -> None:
        """The home screen opens first, unless forms typed before the program stopped
        wait to be restored: then the registrations, whose banner offers them."""
        try:
            waiting = bool(self.ctx.drafts.waiting())
        except DvkError:  # not an action: which page opens first; the home page then
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
            built = self._built[name] = LAZY[name].build(self)
            index = [page for _title, page in self.pages].index(name)
            placeholder = self.stack.widget(index)
            current = self.stack.currentIndex()
            self.stack.insertWidget(index, built)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.stack.setCurrentIndex(current)
        return built

    def _show_page(self, row: int) -> None:
        if hasattr(self, "new_action"):
            self._update_new_action()
        if 0 <= row < len(self.pages):
            name = self.pages[row][1]
            if name == "audit" and name in self._built:  # the log grows behind it
                self._built[name].refresh()
            self.screen(name)
        self.stack.setCurrentIndex(row)

    def _if_built(self, name: str, method: str):
        """A slot that calls the screen's `method` if the screen exists yet (a screen
        reads fresh data when it is built)."""
        def call(*_args) -> None:
            if name in self._built:
                getattr(self._built[name], method)()

        return call

    def _action(self, menu, text: str, slot, shortcut: str = "", name: str = "") -> QAction:
        """A menu entry; its keyboard shortcut (app/services/help_topics.py SHORTCUTS)
        shows beside it in the menu."""
        action = QAction(text, self)
        action.triggered.connect(lambda _checked=False: slot())
        if shortcut:
            action.setShortcut(QKeySequence(SHORTCUT_KEYS[shortcut]))
            action.setObjectName(f"{shortcut}Action")
        if name:
            action.setObjectName(name)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        self.new_action = self._action(file_menu, _("New registration"), self.new_item,
                                       "new")
        self._action(file_menu, _("Find a registration"), self.find, "find")
        file_menu.addSeparator()
        self._action(file_menu, _("Import registrations from Excel..."), self.import_excel,
                     "import_excel")
        self._action(file_menu, _("Export the registrations to Excel..."),
                     self.registrations.export_excel, "export_excel")
        self._action(file_menu, _("Excel template for registrations..."), self.save_template)
        file_menu.addSeparator()
        self._action(file_menu, _("&Quit"), self.close, "quit")
        screens = self.menuBar().addMenu(_("&Screens"))
        for row, (title, name) in enumerate(self.pages):
            key = f"screen_{name}"
            action = self._action(screens, title, lambda page=name: self.open_screen(page),
                                  key if key in SHORTCUT_KEYS else "", name=f"{key}Action")
            # A screen hidden in the list at this level (the communes' board at a
            # commune) is not offered in the menu either.
            action.setVisible(not self.nav.item(row).isHidden())
        tools = self.menuBar().addMenu(_("&Tools"))
        self._action(tools, _("Check the data file"), self.check_data)
        self._action(tools, _("Print settings..."), self.open_print_settings)
        self._action(tools, _("Sign a PDF digitally..."), self.sign_pdf, name="signPdfAction")
        tools.addSeparator()
        self._action(tools, _("Back up now..."), self.backup_now, "backup")
        self._action(tools, _("Restore from a backup..."), self.restore_backup)
        self._action(tools, _("Encrypt the data file..."), self.encrypt_data_file,
                     name="encryptDataAction")
        self._action(tools, _("Accounts..."), self.open_accounts)
        self.lock_key_action = self._action(tools, _("Lock the signing key"),
                                            self.lock_signing_key, name="lockKeyAction")
        self.sign_out_action = self._action(tools, _("Sign out / change user"), self.sign_out)
        help_menu = self.menuBar().addMenu(_("&Help"))
        self.help_action = self._action(help_menu, _("Help on this screen"),
                                        self.help_on_screen, "help")
        self._action(help_menu, _("User guide (PDF)..."), self.open_guide, name="guideAction")
        self._action(help_menu, _("Keyboard shortcuts..."), self.show_shortcuts,
                     name="shortcutsAction")
        help_menu.addSeparator()
        self._action(help_menu, _("About DVK"), self.about)

    # -- help and shortcuts ---------------------------------------------------------------
    def current_page(self) -> str:
        row = self.nav.currentRow()
        return self.pages[row][1] if 0 <= row < len(self.pages) else "home"

    def help_on_screen(self):
        """F1: the help of the screen in sight."""
        from ui.help import show_help

        return show_help(self, self.current_page(), self.ctx)

    def open_guide(self):
        from ui.help import open_guide

        return open_guide(self, self.ctx)

    def show_shortcuts(self):
        from ui.help import ShortcutsDialog

        dialog = ShortcutsDialog(self)
        dialog.show()
        self._shortcuts_dialog = dialog
        return dialog

    def _update_new_action(self) -> None:
        """Ctrl+N makes the new thing of the screen in sight: a score sheet on the
        scoring screen, a registration everywhere else."""
        self.new_action.setText(_("New score sheet...") if self.current_page() == "scoring"
                                else _("New registration"))

    def new_item(self):
        if self.current_page() == "scoring":
            return self.scoring.new_sheet()
        self.open_screen("registrations")
        return self.registrations.new_registration()

    def find(self) -> None:
        """Ctrl+F: the search box of the screen in sight, else the registrations'."""
        search = getattr(self._built.get(self.current_page()), "search", None)
        if search is None or not hasattr(search, "setFocus"):
            self.open_screen("registrations")
            search = self.registrations.search
        search.setFocus()
        if hasattr(search, "selectAll"):
            search.selectAll()

    def _update_title(self) -> None:
        try:
            office = self.ctx.units.office()
            name = office.name
        except DvkError:  # not an action: the title, without the office's name then
            name = ""
        self.setWindowTitle(_("DVK - Dân vận khéo") + (f" - {name}" if name else ""))
        # The office by name; where its data file is, on hover (a clerk does not need
        # the whole path in sight, and it may hold a stranger's user name).
        self.office_label.setText(name)
        self.office_label.setToolTip(_("Data file: {path}").format(path=self.ctx.path))
        user = self.ctx.accounts.user
        self.user_label.setText(_("Signed in: {name} ({role})").format(
            name=user.name, role=user.role_label) if user else "")
        self.sign_out_action.setVisible(user is not None)

    def sign_pdf(self) -> None:
        """Sign a PDF with the office's official digital signature (USB token)."""
        from ui.screens.sign_pdf_dialog import SignPdfDialog

        SignPdfDialog(self.ctx, self).exec()

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

    def encrypt_data_file(self) -> None:
        """Encrypting replaces the data file: it is done at the next start, before the
        file is open (ui/launch.py offer_encryption)."""
        from app import atrest

        if atrest.is_encrypted(self.ctx.path):
            show_info(self, _("The data file is already encrypted."))
            return
        if not confirm(self, _("Encrypt the data file"), _(
                "The data file and its backups will be encrypted at the next start of DVK: "
                "it then asks a passphrase, and shows a recovery key to print. Close DVK "
                "and start it again when you are ready."), _("Encrypt at the next start")):
            return
        run_action(self, self.ctx.privacy.ask_encryption_at_start)

    def restore_backup(self) -> None:
        from ui.screens.restore_dialog import RestoreDialog

        if run_action(self, lambda: self.ctx.accounts.require(ADMIN)) is NOT_DONE:
            return
        dialog = RestoreDialog(self, ctx=self.ctx, db_path=self.ctx.path)
        if dialog.exec():
            show_info(self, _("Restored. The data as it was before is kept in {path}.").format(
                path=dialog.safety), _("Restore from a backup"))
            # Not an action: the restored file may hold other accounts, so a refusal
            # here means signing in to those, not a message.
            try:
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

    def lock_signing_key(self) -> None:
        """Khóa lại khóa ký: the office key opened in this session is closed; the next
        signing (a bundle, certificates, a key card) asks its passphrase again."""
        if "keys" in self.ctx.__dict__:  # the key service exists once a key was used
            self.ctx.keys.lock()
        self.statusBar().showMessage(_(
            "The signing key is locked: the next signing asks its passphrase again."), 8000)

    def start_daily_backup(self) -> None:
        """The first start of the day copies the data file, off the window's thread.
        Half-written files a killed backup, restore or export left go first."""
        try:
            self.ctx.backups.clean_leftovers()
            target = self.ctx.backups.daily_due()
        except DvkError:  # not an action: the daily copy is tried again at the next start
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
        self.open_screen("registrations")
        self.registrations.show_query(query)

    def import_excel(self):
        self.open_screen("registrations")
        return self.registrations.import_excel()

    def save_template(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Where to save the Excel template"), "mau-dang-ky-dan-van-kheo.xlsx",
            _("Excel workbooks") + " (*.xlsx)")
        if not path:
            return
        from ui.saving import save_now, show_saved

        written = save_now(self, path, self.ctx.excel.template)
        if written is not None:
            show_saved(self, _("Written: {path}").format(path=written), written,
                       _("Excel template"))

    def check_data(self) -> None:
        report = run_action(self, self.ctx.maintenance.check)
        if report is NOT_DONE:
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


