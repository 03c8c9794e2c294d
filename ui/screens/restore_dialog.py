"""Restoring a backup from the window: the backups found, grouped by the office whose
data they hold (newest first in each), or any file chosen, with a preview of what each
holds (office, date, schema version, counts) before anything is changed. Also offered
at start when the data file is damaged (no context then)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import atrest
from app.context import AppContext
from app.domain import stamps
from app.errors import DvkError
from app.i18n import _
from app.services.backup import (
    backups_in,
    default_folder,
    office_of_data_file,
    preview_file,
    read_meta,
    rescue_candidates,
    restore_damaged,
)
from app.services.maintenance import format_text
from ui.actions import NOT_DONE, run_action
from ui.help import attach_help
from ui.messages import confirm
from ui.widgets.empty_state import empty_state


class RestoreDialog(QDialog):
    def __init__(self, parent: QWidget | None, *, ctx: AppContext | None, db_path: Path,
                 intro: str = ""):
        super().__init__(parent)
        self.ctx = ctx
        attach_help(self, "restore", ctx)  # F1: this window's help
        self.db_path = Path(db_path)
        self.chosen: Path | None = None
        self.safety: Path | None = None
        self.setWindowTitle(_("Restore from a backup"))
        layout = QVBoxLayout(self)
        if intro:
            text = QLabel(intro)
            text.setWordWrap(True)
            layout.addWidget(text)
        self.whose = QLabel()
        self.whose.setObjectName("whoseBackups")
        self.whose.setWordWrap(True)
        self.whose.hide()
        layout.addWidget(self.whose)
        row = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(QLabel(_("Backups found")))
        self.list = QTreeWidget()
        self.list.setObjectName("backupList")
        self.list.setHeaderHidden(True)
        self.list.setRootIsDecorated(False)
        self.list.currentItemChanged.connect(lambda item, _previous: self._selected(item))
        self.groups: dict[str, QTreeWidgetItem] = {}
        self.empty = empty_state(self.list, lambda: _(
            "No backup found in {folder}. DVK makes one at the first start of each day; "
            "press \u201c{other}\u201d to pick a backup on a USB stick or elsewhere.").format(
            folder=self._folder(), other=_("Choose another file...").rstrip(".")))
        left.addWidget(self.list, 1)
        other = QPushButton(_("Choose another file..."))
        other.clicked.connect(self.choose_file)
        left.addWidget(other)
        row.addLayout(left, 1)
        self.preview = QLabel(_("Choose a backup to see what it holds."))
        self.preview.setObjectName("backupPreview")
        self.preview.setWordWrap(True)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.preview.setMinimumWidth(380)
        row.addWidget(self.preview, 1)
        layout.addLayout(row, 1)
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton(_("Restore this backup"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(False)
        buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.restore)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(860, 480)
        self._fill()

    def _folder(self) -> Path:
        return self.ctx.backups.folder() if self.ctx else default_folder(self.db_path)

    def _fill(self) -> None:
        """This office's backups only; when a data file too damaged to say whose it is
        meets no note of it on this PC, every backup found, each saying whose, and none
        chosen for the clerk."""
        if self.ctx is not None:
            self.office = self.ctx.setting("office_code")
            found = backups_in(self._folder(), self.office)
        else:
            self.office = office_of_data_file(self.db_path)
            found = rescue_candidates(self.db_path, self.office)
        for path in found:
            self._add(path)
        if self.office is None and self.backups():
            self.whose.setText(_("It is not known which office this data file belongs to: "
                                 "check the office of the backup you choose."))
            self.whose.show()
        elif self.backups():
            self.select_backup(0)

    # -- the list: one group per office, its backups newest first -----------------------
    def _group(self, code: str | None, name: str | None) -> QTreeWidgetItem:
        key = code or ""
        group = self.groups.get(key)
        if group is None:
            title = f"{name} ({code})" if code and name else (name or code or _(
                "Office not known"))
            group = QTreeWidgetItem([title])
            group.setData(0, Qt.ItemDataRole.UserRole + 1, title)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading, not a choice
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            # This office's group first, the others after it in the order found.
            if code and code == self.office:
                self.list.insertTopLevelItem(0, group)
            else:
                self.list.addTopLevelItem(group)
            group.setExpanded(True)
            self.groups[key] = group
        return group

    def _count_in_titles(self) -> None:
        for group in self.groups.values():
            group.setText(0, _("{office} - {count} backup(s)").format(
                office=group.data(0, Qt.ItemDataRole.UserRole + 1), count=group.childCount()))

    def _add(self, path: Path) -> QTreeWidgetItem:
        meta = read_meta(path)
        text = path.name
        code = name = None
        if meta is not None:
            code, name = meta.office_code, meta.office_name
            when = stamps.show(meta.made_at) if meta.made_at else ""
            text = f"{when}  {path.name}".strip()
        group = self._group(code, name)
        item = QTreeWidgetItem(group, [text])
        item.setData(0, Qt.ItemDataRole.UserRole, str(path))
        item.setToolTip(0, str(path))
        self._count_in_titles()
        return item

    def backup_items(self) -> list[QTreeWidgetItem]:
        """The backups in the order shown (group by group)."""
        return [self.list.topLevelItem(g).child(c) for g in range(self.list.topLevelItemCount())
                for c in range(self.list.topLevelItem(g).childCount())]

    def backups(self) -> list[Path]:
        return [Path(item.data(0, Qt.ItemDataRole.UserRole)) for item in self.backup_items()]

    def select_backup(self, index: int) -> None:
        self.list.setCurrentItem(self.backup_items()[index])

    def current_index(self) -> int:
        items = self.backup_items()
        current = self.list.currentItem()
        return items.index(current) if current in items else -1

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose a backup"), str(self._folder()),
            _("DVK data files and backups") + " (*.sqlite *.db)")
        if path:
            self.list.setCurrentItem(self._add(Path(path)))

    def _selected(self, item: QTreeWidgetItem | None) -> None:
        path = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        self.chosen = Path(path) if path else None
        self.restore_button.setEnabled(False)
        if self.chosen is None:
            return
        if atrest.needs_unlocking(self.chosen):  # encrypted with another file's key
            from ui.screens.data_key_dialog import UnlockDialog

            if not UnlockDialog(self.chosen, self, backup=True).exec():
                self.preview.setText(_("This backup is encrypted; without its passphrase "
                                       "DVK cannot show or restore it."))
                return
        try:
            # With the office's data open, the preview also names the erasures of
            # personal data the backup is older than (restoring erases again).
            preview = self.ctx.backups.preview(self.chosen) if self.ctx is not None \
                else preview_file(self.chosen, self.office)
        # Not an action: the chosen backup's preview; its problem goes in the preview
        except DvkError as error:
            self.preview.setText(error.message)
            return
        c = preview.contents
        lines = [
            _("Made: {when}").format(when=stamps.show(c.made_at) if c.made_at else
                                     _("unknown (a copy of a data file)")),
            _("Office: {office}").format(office=f"{c.office_name or ''} ({c.office_code})"
                                         if c.office_code else _("not set")),
            format_text(c.schema_version),
            _("Size: {size} KB").format(size=max(1, c.size // 1024)),
            "",
        ] + [f"{label}: {count}" for label, count in preview.counts()]
        lines += [""] + preview.problems
        if preview.erasures:
            lines += [preview.lines()[-1]]
        self.preview.setText("\n".join(lines))
        self.restore_button.setEnabled(preview.ok)

    def restore(self) -> None:
        if self.chosen is None:
            return
        if not confirm(self, _("Restore from a backup"), _(
                "Replace the data with this backup? What was entered after the backup was "
                "made is copied aside first (nothing is deleted), and the next bundles start "
                "a new sequence."), _("Restore")):
            return
        def restored() -> Path:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                if self.ctx is not None:
                    return self.ctx.backups.restore(self.chosen)
                return restore_damaged(self.chosen, self.db_path, office=self.office)
            finally:  # before a refusal is shown
                QApplication.restoreOverrideCursor()

        safety = run_action(self, restored)
        if safety is NOT_DONE:
            return
        self.safety = safety
        self.accept()
