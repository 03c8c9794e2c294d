"""A form in tabs that the keyboard walks the way clerks used to Excel expect.

- Enter goes to the next field (it never saves: Ctrl+S does); in a text box of several
  lines, Alt+Enter or Shift+Enter starts a new line.
- Tab after the last field of a tab goes to the first field of the next tab (and
  Shift+Tab before the first field back to the previous tab's last), instead of
  jumping to the buttons; the tab bar itself is never a stop.
- The form opens with the keyboard in its first field.

It works on whatever fields a tab holds, so a field added later is walked the same way
without more code (`watch()` again after adding widgets to a shown form).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QPlainTextEdit,
    QRadioButton,
    QTabWidget,
    QTextEdit,
    QWidget,
)

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
NEW_LINE = (Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.AltModifier)


def takes_focus(widget: QWidget) -> bool:
    return widget.isVisible() and widget.isEnabled() and \
        (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) == Qt.FocusPolicy.TabFocus and \
        widget.focusProxy() is None


def _chosen_radio_or_other(widget: QWidget) -> bool:
    """Of a set of radio buttons only the chosen one is a stop (arrows move between
    them)."""
    if not isinstance(widget, QRadioButton) or widget.isChecked():
        return True
    return not any(isinstance(other, QRadioButton) and other.isChecked()
                   for other in widget.parentWidget().findChildren(QRadioButton))


def _inside(widget: QWidget, kind: type) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, kind):
            return True
        parent = parent.parentWidget()
    return False


def fields_of(page: QWidget, *, buttons: bool = True) -> list[QWidget]:
    """The stops of `page` in the order a reader sees them, row by row, left to right
    (whatever order the widgets were made in); `buttons`: the push buttons too."""
    found = [widget for widget in page.findChildren(QWidget)
             if takes_focus(widget) and _chosen_radio_or_other(widget)
             and not _inside(widget, QAbstractItemView) and not _inside(widget, QComboBox)
             and (buttons or not isinstance(widget, QAbstractButton) or widget.isCheckable())]
    placed = sorted(((widget.mapTo(page, QPoint(0, 0)), widget) for widget in found),
                    key=lambda pair: (pair[0].y(), pair[0].x()))
    rows: list[list[tuple[QPoint, QWidget]]] = []
    bottom = -1
    for point, widget in placed:
        if rows and point.y() < bottom - 4:
            rows[-1].append((point, widget))  # beside the one before: same row
            bottom = max(bottom, point.y() + widget.height())
        else:
            rows.append([(point, widget)])
            bottom = point.y() + widget.height()
    return [widget for row in rows for _point, widget in sorted(row, key=lambda p: p[0].x())]


class FormKeys(QObject):
    """Installed on a QTabWidget of fields (see the module's docstring)."""

    def __init__(self, tabs: QTabWidget):
        super().__init__(tabs)
        self.tabs = tabs
        tabs.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._passing = False
        self.watch()

    def watch(self) -> None:
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            for widget in [page, *page.findChildren(QWidget)]:
                widget.removeEventFilter(self)
                widget.installEventFilter(self)

    # -- where the keyboard goes -----------------------------------------------------
    def page_index(self, widget: QWidget | None) -> int:
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            if widget is not None and (widget is page or page.isAncestorOf(widget)):
                return index
        return -1

    def focus_field(self, index: int, *, last: bool = False) -> QWidget | None:
        """Show tab `index` and put the keyboard in its first (or last) field."""
        self.tabs.setCurrentIndex(index)
        fields = fields_of(self.tabs.widget(index))
        if not fields:
            return None
        target = fields[-1] if last else fields[0]
        target.setFocus(Qt.FocusReason.TabFocusReason)
        return target

    def focus_first(self) -> QWidget | None:
        return self.focus_field(0)

    # -- keys -----------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget) \
                or self._passing:
            return False
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key in ENTER_KEYS:
            return self._enter(watched, modifiers)
        forward = key == Qt.Key.Key_Tab and modifiers == Qt.KeyboardModifier.NoModifier
        if forward or key == Qt.Key.Key_Backtab:
            if self._in_table(watched):  # a table walks its cells, then Qt goes on
                self._after_tab(watched, forward=forward)
                return False
            return self.move(watched, forward=forward, buttons=True)
        return False

    def _enter(self, widget: QWidget, modifiers) -> bool:
        if self._in_table(widget):
            return False  # a table's cells keep their own Enter
        if isinstance(widget, QPlainTextEdit | QTextEdit):
            if modifiers in NEW_LINE:
                widget.insertPlainText("\n")
                return True
        elif modifiers != Qt.KeyboardModifier.NoModifier:
            return False
        owner = widget
        while owner is not None and not hasattr(owner, "choose_typed"):
            owner = owner.parentWidget()
        if owner is not None:
            owner.choose_typed()  # a search box: the best match of what was typed
        if isinstance(widget, QComboBox) and widget.view().isVisible():
            return False
        return self.move(widget, forward=True, buttons=False)

    def move(self, widget: QWidget, *, forward: bool, buttons: bool) -> bool:
        """To the next (previous) field of the tab, else of the next (previous) tab;
        past the last tab, on to the window's buttons as Qt would. True: handled."""
        origin = self.page_index(widget)
        if origin < 0:
            return False
        fields = fields_of(self.tabs.widget(origin), buttons=buttons)
        here = next((i for i, field in enumerate(fields)
                     if field is widget or field.isAncestorOf(widget)), None)
        if here is None:
            return False
        step = here + (1 if forward else -1)
        if 0 <= step < len(fields):
            fields[step].setFocus(Qt.FocusReason.TabFocusReason)
            return True
        following = origin + (1 if forward else -1)
        if 0 <= following < self.tabs.count():
            if self.focus_field(following, last=not forward) is not None:
                return True
            self.tabs.setCurrentIndex(origin)  # a tab with nothing to type in
        # Past the last field of the last tab: the window's buttons, Qt's own way.
        self._passing = True
        try:
            QApplication.sendEvent(widget, QKeyEvent(
                QEvent.Type.KeyPress, Qt.Key.Key_Tab if forward else Qt.Key.Key_Backtab,
                Qt.KeyboardModifier.NoModifier))
        finally:
            self._passing = False
        return True

    @staticmethod
    def _in_table(widget: QWidget) -> bool:
        return isinstance(widget, QAbstractItemView) or _inside(widget, QAbstractItemView)

    def _after_tab(self, widget: QWidget, *, forward: bool) -> None:
        origin = self.page_index(widget)
        if origin < 0:
            return

        def check() -> None:
            now = QApplication.focusWidget()
            if self.page_index(now) >= 0 or not self.tabs.isVisible():
                return  # still in the form's fields
            if forward and origin + 1 < self.tabs.count():
                self.focus_field(origin + 1)
            elif not forward and origin > 0:
                self.focus_field(origin - 1, last=True)

        QTimer.singleShot(0, self, check)
