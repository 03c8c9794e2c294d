"""Data exchange (Trao đổi dữ liệu): send a bundle to the parent or a child (or to every
office below at once), import bundles, a folder or a whole stick with their preview,
the trusted keys, and the conflicts to review.

The screen holds the four tabs (`ui/screens/sync_tabs/`), the office key's session
they share, the connection guide, and one `refresh` that reads everything once and
gives each tab its part. The file dialogs are module functions here, handed to the
tabs by the screen, so that tests (and anything that must pick files without a
dialog) replace them in one place.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QTabWidget, QVBoxLayout, QWidget

from app.context import AppContext
from app.errors import DvkError
from app.i18n import _
from ui.jobs import JobRunner
from ui.screens.connect_dialog import ConnectDialog
from ui.screens.key_files import choose_card_to_open, choose_card_to_save
from ui.screens.sync_tabs.common import KeySession
from ui.screens.sync_tabs.conflicts_tab import ConflictsTab
from ui.screens.sync_tabs.keys_tab import KeysTab
from ui.screens.sync_tabs.receive_tab import ReceiveTab
from ui.screens.sync_tabs.send_tab import SendTab
from ui.widgets.unit_names import UnitNames

BUNDLE_FILTER = "*.dvk"


def choose_bundle_to_open(parent: QWidget) -> list[str] | str:
    """One bundle or several (Ctrl+A on the stick takes them all)."""
    paths, _filter = QFileDialog.getOpenFileNames(
        parent, _("Choose bundles"), "", _("DVK bundles") + f" ({BUNDLE_FILTER})")
    return paths


def choose_folder_to_open(parent: QWidget) -> str:
    """A folder, or the whole USB stick: every bundle in it is found."""
    return QFileDialog.getExistingDirectory(
        parent, _("Choose the folder or the USB stick with the bundles"))


def choose_folder_to_save(parent: QWidget) -> str:
    return QFileDialog.getExistingDirectory(
        parent, _("Choose the folder (or the USB stick) the bundles go into"))


def choose_bundle_to_save(parent: QWidget, suggested: str) -> str:
    path, _filter = QFileDialog.getSaveFileName(
        parent, _("Where to write the bundle (e.g. the USB stick)"), suggested,
        _("DVK bundles") + f" ({BUNDLE_FILTER})")
    return path


class SyncScreen(QWidget):
    def __init__(self, ctx: AppContext, jobs: JobRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.jobs = jobs
        self.connect_dialog: ConnectDialog | None = None
        self.session = KeySession(ctx, self)
        # The dialogs are looked up when used (lambda), not when the tabs are made.
        self.send_tab = SendTab(
            ctx, jobs, self.session,
            choose_target=lambda parent, name: choose_bundle_to_save(parent, name),
            choose_folder=lambda parent: choose_folder_to_save(parent),
            open_connect_guide=self.open_connect_guide, refresh_all=self.refresh)
        self.receive_tab = ReceiveTab(
            ctx, jobs, self.session,
            choose_bundle_files=lambda parent: choose_bundle_to_open(parent),
            choose_folder=lambda parent: choose_folder_to_open(parent),
            enrol_card=lambda: self.keys_tab.enrol_card(), refresh_all=self.refresh)
        self.keys_tab = KeysTab(
            ctx, self.session,
            choose_card_to_save=lambda parent, name: choose_card_to_save(parent, name),
            choose_card_to_open=lambda parent: choose_card_to_open(parent),
            enrolled=self._card_enrolled, refresh_all=self.refresh)
        self.conflicts_tab = ConflictsTab(ctx, refresh_all=self.refresh)
        self.session.changed = self.keys_tab.show_session
        self.tabs = QTabWidget()
        self.tabs.setObjectName("syncTabs")
        self.tabs.addTab(self.send_tab, _("Send"))
        self.tabs.addTab(self.receive_tab, _("Receive"))
        self.tabs.addTab(self.keys_tab, _("Keys"))
        self.tabs.addTab(self.conflicts_tab, _("Conflicts"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.refresh()

    # -- showing ------------------------------------------------------------------------
    def refresh(self) -> None:
        try:
            partners = self.ctx.sync.partners()
            own = self.ctx.keys.own()
            known = self.ctx.trust.keys()
            problem = self.ctx.trust.own_problem() if own else None
            outbox = self.ctx.send_down.sent_list()  # offices' names, whether imported
            inbox = self.ctx.stick.received()  # with what each bundle brought, in words
            conflicts = self.ctx.sync.conflicts()
        # Not an action: the screen's read; its problem goes under the Send tab
        except DvkError as error:
            self.send_tab.export_status.setText(error.message)
            return
        self.send_tab.show_partners(partners)
        self.keys_tab.show_own_key(own, problem)
        self.keys_tab.show_session()
        self.send_tab.show_connection()
        self.keys_tab.show_keys(known)
        names = UnitNames(self.ctx)
        self.send_tab.show_outbox(outbox, names)
        self.receive_tab.show_inbox(inbox, names)
        self.conflicts_tab.show_conflicts(conflicts, names)
        self.tabs.setTabText(3, _("Conflicts ({count})").format(count=len(conflicts))
                             if conflicts else _("Conflicts"))

    def ask_passphrase(self, *, always: bool = False, text: str | None = None) -> str | None:
        return self.session.ask(always=always, text=text)

    # -- connecting -------------------------------------------------------------------------
    def open_connect_guide(self) -> ConnectDialog | None:
        if not self.session.may_sign():
            return None
        dialog = ConnectDialog(self.ctx, self, ask_passphrase=self.ask_passphrase,
                               key_opened=self._key_opened)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self.refresh())
        dialog.open()
        self.connect_dialog = dialog
        return dialog

    def _key_opened(self, passphrase: str) -> None:
        self.session.passphrase = passphrase
        self.refresh()

    def _card_enrolled(self) -> None:
        self.receive_tab.enrol_sender_button.hide()
        self.refresh()


def _on_tab(tab: str, name: str) -> property:
    return property(lambda screen: getattr(getattr(screen, tab), name))


# The tabs' widgets and actions, reachable on the screen by the names the window, the
# screenshots and the GUI tests have always used (`window.sync.recipient`).
ON_TABS = {
    "send_tab": ("connect_note", "connect_button", "recipient", "full", "encrypt",
                 "export_button", "send_all_button", "export_status", "outbox", "outbox_empty",
                 "export_bundle", "send_to_all"),
    "receive_tab": ("choose_button", "folder_button", "enrol_sender_button", "preview_label",
                    "preview", "preview_empty", "rejections", "details_button",
                    "import_button", "import_status", "report", "inbox", "inbox_empty",
                    "choose_bundle", "choose_folder", "preview_bundle", "preview_paths",
                    "toggle_details", "import_previewed"),
    "keys_tab": ("own_key", "own_problem", "create_key_button", "card_button",
                 "rotate_button", "enrol_button", "lock_button", "key_session", "keys_table",
                 "keys_empty", "revoke_button", "certify_button", "replace_button",
                 "create_key", "write_card", "enrol_card", "rotate_key", "revoke_key",
                 "certify_key", "replace_key", "lock_key"),
    "conflicts_tab": ("conflicts", "conflicts_empty", "conflict_detail", "reviewed_button",
                      "mark_reviewed"),
}
for _tab, _names in ON_TABS.items():
    for _name in _names:
        setattr(SyncScreen, _name, _on_tab(_tab, _name))
del _tab, _names, _name
