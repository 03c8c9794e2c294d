"""Double entry: every cell where the second keying of a paper sheet differs from the
first, so the clerk can check the paper and correct the wrong one."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.scoring import Difference
from app.i18n import _


class DifferencesDialog(QDialog):
    def __init__(self, differences: list[Difference], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Compare the two keyings"))
        self.resize(620, 380)
        summary = QLabel(_("The two keyings agree: the sheet can be approved.")
                         if not differences else
                         _("{count} cell(s) differ. Check the paper sheet and correct the "
                           "wrong keying; the sheet cannot be approved before they agree.")
                         .format(count=len(differences)))
        summary.setObjectName("differencesSummary")
        summary.setWordWrap(True)
        self.table = QTableWidget(len(differences), 4)
        self.table.setObjectName("differences")
        self.table.setHorizontalHeaderLabels([_("Item"), _("Column"), _("First keying"),
                                              _("Second keying")])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, difference in enumerate(differences):
            for column, text in enumerate((difference.item_code, difference.column_label,
                                           difference.first or "-", difference.second or "-")):
                self.table.setItem(row, column, QTableWidgetItem(text))
        buttons = QDialogButtonBox()
        buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
