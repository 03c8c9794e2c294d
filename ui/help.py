"""Help in the window: F1 on every screen and window shows its part of the user guide
(app/services/help_topics.py, the very text the printed guide holds); *Help > User
guide* opens the whole guide as the program prints it, in the print preview (save or
print it from there; no PDF reader needed); *Help > Keyboard shortcuts* lists the keys.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services import help_topics
from app.services.help_topics import FORM_KEYS, SHORTCUTS, Topic
from ui.actions import NOT_DONE, run_action
from ui.widgets.buttons import make_button

TOPIC_PROPERTY = "dvkHelpTopic"


def topic_html(item: Topic) -> str:
    """A topic as the help window shows it: title, what it is, numbered steps, notes."""
    parts = [f"<h2>{html.escape(item.title)}</h2>"]
    parts += [f"<p>{html.escape(text)}</p>" for text in item.intro]
    if item.steps:
        parts.append("<ol>" + "".join(f"<li style='margin-bottom: 4px'>{html.escape(text)}"
                                      "</li>" for text in item.steps) + "</ol>")
    parts += [f"<p><i>{html.escape(text)}</i></p>" for text in item.notes]
    return "".join(parts)


class HelpDialog(QDialog):
    """The help of one screen or window, beside it (not modal: the clerk reads and
    works at once), with the whole guide one click away."""

    def __init__(self, key: str, parent: QWidget | None = None, ctx=None):
        super().__init__(parent)
        self.ctx = ctx
        self.key = key
        self.setObjectName("helpDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        item = help_topics.topic(key)
        self.setWindowTitle(_("Help: {title}").format(title=item.title))
        self.text = QTextBrowser()
        self.text.setObjectName("helpText")
        self.text.setOpenExternalLinks(False)
        self.text.setHtml(topic_html(item))
        self.guide_button = make_button(_("The whole user guide (PDF)..."), "openGuide",
                                        self.open_guide)
        self.guide_button.setVisible(ctx is not None)
        self.close_button = make_button(_("Close"), "closeHelp", self.close)
        self.close_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.guide_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addLayout(buttons)
        self.resize(560, 520)

    def plain_text(self) -> str:
        return self.text.toPlainText()

    def open_guide(self):
        return open_guide(self.parentWidget() or self, self.ctx)


def show_help(parent: QWidget, key: str, ctx=None) -> HelpDialog:
    dialog = HelpDialog(key, parent, ctx)
    parent.setProperty("dvkHelpOpen", True)
    parent._help_dialog = dialog  # kept while it is open (it is not modal)
    dialog.show()
    dialog.raise_()
    return dialog


def attach_help(window: QWidget, key: str, ctx=None) -> QShortcut:
    """F1 in `window` (a dialog) shows the help topic `key`."""
    window.setProperty(TOPIC_PROPERTY, key)
    return QShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents), window,
                     activated=lambda: show_help(window, key, ctx))


def open_guide(parent: QWidget | None, ctx):
    """The user guide, made now for this office (its calendar, its name), in the print
    preview: pages to read, "Save PDF..." and "Print...". None when it cannot be made."""
    from app.services.guide import FILE_NAME
    from ui.screens.print_preview import PrintPreviewDialog

    def made() -> PrintPreviewDialog:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return PrintPreviewDialog(ctx, ctx.guide.render(), title=_("User guide"),
                                      file_name=FILE_NAME, parent=parent)
        finally:  # before a refusal is shown
            QApplication.restoreOverrideCursor()

    dialog = run_action(parent, made)
    if dialog is NOT_DONE:
        return None
    dialog.setObjectName("guidePreview")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


class ShortcutsDialog(QDialog):
    """Every key of the window, as the menus and the guide give them."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(_("Keyboard shortcuts"))
        rows = [(s.keys, help_topics.shortcut_text(s)) for s in SHORTCUTS]
        rows += [(keys, _(label)) for keys, label in FORM_KEYS]
        self.table = QTableWidget(len(rows), 2)
        self.table.setObjectName("shortcutsTable")
        self.table.setHorizontalHeaderLabels([_("Keyboard keys"), _("What they do")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        for row, (keys, text) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(text))
        close = make_button(_("Close"), "closeShortcuts", self.close)
        close.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.resize(560, 520)
