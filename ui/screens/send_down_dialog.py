"""Send down in one go: the offices below, all ticked (untick those not to send to),
and the folder the bundles go into, one folder per office named after it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from ui.widgets.buttons import make_button


class SendDownDialog(QDialog):
    def __init__(self, offices: list[tuple[str, str]], parent: QWidget | None = None):
        """`offices`: (code, name) of every office below, in Vietnamese order."""
        super().__init__(parent)
        self.setWindowTitle(_("Send to the offices below"))
        self.resize(520, 560)
        intro = QLabel(_(
            "One bundle for each office ticked, each in a folder named after it, in the "
            "folder you choose next (the USB stick, or a folder to copy from). Each bundle "
            "carries everything that office has not received yet."))
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("sendDownList")
        for code, name in offices:
            item = QListWidgetItem(f"{name} ({code})")
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        self.all_button = make_button(_("Tick all"), "tickAll", lambda: self._tick(True))
        self.none_button = make_button(_("Untick all"), "tickNone", lambda: self._tick(False))
        ticks = QHBoxLayout()
        ticks.addWidget(self.all_button)
        ticks.addWidget(self.none_button)
        ticks.addStretch(1)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(_("Choose the folder and send..."),
                                           QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("sendDownOk")
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addLayout(ticks)
        layout.addWidget(buttons)

    def _tick(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        for row in range(self.list.count()):
            self.list.item(row).setCheckState(state)

    def chosen(self) -> list[str]:
        return [self.list.item(row).data(Qt.ItemDataRole.UserRole)
                for row in range(self.list.count())
                if self.list.item(row).checkState() == Qt.CheckState.Checked]
