"""Checks that a window is usable on a commune PC: its frame inside the available
area of a 1366x768 screen with a 40-pixel taskbar, its layout not squeezed below what
it needs, every visible button and field inside the window, text not cut, and every
action button of a screen in sight without scrolling (`below_the_fold`)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStyle,
    QStyleOptionComboBox,
    QTabBar,
    QToolButton,
    QWidget,
)

from ui import placement

AREA = QRect(0, 0, 1366, 728)


def settle() -> None:
    for _round in range(4):
        QApplication.processEvents()


def inside_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def problems(window: QWidget) -> list[str]:
    """What a clerk could not reach or read in `window` as it is shown now."""
    settle()
    found = []
    area = placement.available_area(window)
    extra = placement.frame_extra(window)
    frame = QRect(window.pos(), window.size() + extra)
    if not area.contains(frame):
        found.append(f"{window.windowTitle()!r}: frame {frame} outside {area}")
    hint = window.minimumSizeHint()
    if hint.isValid() and (window.width() < hint.width() or window.height() < hint.height()):
        found.append(f"{window.windowTitle()!r}: {window.size()} squeezed below {hint}")
    inner = QRect(QPoint(0, 0), window.size())
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.window() is not window or \
                inside_scroll_area(widget):
            continue
        if isinstance(widget, QAbstractButton | QComboBox | QLineEdit):
            where = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
            if not inner.contains(where):
                found.append(f"{type(widget).__name__} {widget.objectName()!r} "
                             f"({_text(widget)!r}) at {where} outside the window {inner}")
        if isinstance(widget, QAbstractButton) and widget.text() and \
                widget.width() < widget.minimumSizeHint().width():
            found.append(f"button {widget.text()!r} cut: {widget.width()} < "
                         f"{widget.minimumSizeHint().width()}")
        if isinstance(widget, QComboBox) and widget.currentText():
            room = combo_text_room(widget)
            needed = widget.fontMetrics().horizontalAdvance(widget.currentText())
            if room < needed:
                found.append(f"combo {widget.objectName()!r} cuts {widget.currentText()!r}: "
                             f"{room} < {needed}")
        if isinstance(widget, QLabel) and widget.text() and not widget.wordWrap() \
                and not widget.pixmap() and widget.width() < widget.minimumSizeHint().width():
            found.append(f"label {widget.text()[:40]!r} cut")
    return found


def below_the_fold(window: QWidget) -> list[str]:
    """The action buttons (push and tool buttons, enabled or not) a clerk sees only after
    scrolling: every scroll area between a button and `window` is scrolled to its top,
    as the screen opens, and the button must lie whole inside each one's viewport and
    inside the window. Buttons inside a table or list (one per row) and the scroll
    arrows of tab bars are the view's own and are left out."""
    settle()
    areas = [area for area in window.findChildren(QScrollArea)
             if area.isVisibleTo(window) and area.window() is window]
    for area in areas:
        area.verticalScrollBar().setValue(0)
        area.horizontalScrollBar().setValue(0)
    settle()
    found = []
    inner = QRect(QPoint(0, 0), window.size())
    for button in window.findChildren(QPushButton) + window.findChildren(QToolButton):
        if not button.isVisibleTo(window) or button.window() is not window or \
                _inside(button, QAbstractItemView | QTabBar):
            continue
        where = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
        seen = QRect(inner)
        parent = button.parentWidget()
        while parent is not None and parent is not window:
            if isinstance(parent, QScrollArea):
                viewport = parent.viewport()
                seen = seen.intersected(
                    QRect(viewport.mapTo(window, QPoint(0, 0)), viewport.size()))
            parent = parent.parentWidget()
        if not seen.contains(where):
            found.append(f"button {_text(button)!r} ({button.objectName()!r}) at "
                         f"x {where.left()}..{where.right() + 1}, "
                         f"y {where.top()}..{where.bottom() + 1}; seen without scrolling: "
                         f"x {seen.left()}..{seen.right() + 1}, "
                         f"y {seen.top()}..{seen.bottom() + 1} of the window's "
                         f"{inner.width()}x{inner.height()}")
    return found


def _inside(widget: QWidget, kinds) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, kinds):
            return True
        parent = parent.parentWidget()
    return False


def combo_text_room(combo: QComboBox) -> int:
    """How wide the text of a combo box may be before it is cut."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                         QStyle.SubControl.SC_ComboBoxEditField, combo)
    return field.width() - 2


def _text(widget: QWidget) -> str:
    if isinstance(widget, QComboBox):
        return widget.currentText()
    return getattr(widget, "text", lambda: "")()
