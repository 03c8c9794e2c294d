"""Every window and dialog opens inside the screen, and comes back where it was left.

A commune PC often has a 1366x768 screen; the taskbar takes 40 pixels of it, so a
window has 1366x728 including its title bar. A window or dialog that asks for more
opens with its buttons below the screen's edge. One event filter on the application
sees every window as it is shown and:

- gives it back the size and place the clerk left it at last time (remembered per
  kind of window in `windows.ini` in the user's data folder), when that still fits;
- otherwise keeps the size it asked for, cut down to the screen's available area,
  and centres it on the window it belongs to (or on the screen);
- in every case keeps its frame, title bar included, inside the available area.

`DVK_SCREEN=1366x728` makes the program believe the available area is that big
(screenshots and tests render what such a PC shows; the offscreen platform has no
taskbar).
"""

from __future__ import annotations

import os

from PySide6.QtCore import QEvent, QObject, QRect, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QInputDialog,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from app.errors import DvkError
from app.paths import user_data_dir

AREA_ENV = "DVK_SCREEN"
# The title bar and borders at least (the platform says only once a window is mapped,
# and offscreen never): Windows 10 at 100% draws about these.
FRAME_ALLOWANCE = QSize(16, 39)
SETTINGS_FILE = "windows.ini"
PLACED = "dvkPlaced"
# Qt's own dialogs size themselves: kept on the screen, never remembered.
_NOT_REMEMBERED = (QMessageBox, QProgressDialog, QFileDialog, QInputDialog)


def available_area(widget: QWidget | None = None) -> QRect:
    """The part of the screen a window may use (without the taskbar)."""
    wanted = os.environ.get(AREA_ENV, "")
    if wanted:
        try:
            width, height = (int(part) for part in wanted.lower().split("x"))
            return QRect(0, 0, width, height)
        except ValueError:
            pass
    # QWidget.screen itself: a window may have a method of that name (MainWindow.screen
    # gives one of its screens by name).
    screen = QWidget.screen(widget) if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen else QRect(0, 0, 1366, 728)


def frame_extra(widget: QWidget) -> QSize:
    """How much the frame (title bar, borders) adds to the window's own size."""
    extra = widget.frameGeometry().size() - widget.geometry().size()
    return extra.expandedTo(FRAME_ALLOWANCE)


def largest_size(widget: QWidget) -> QSize:
    """The largest client size whose frame fits the available area."""
    area = available_area(widget)
    return area.size() - frame_extra(widget)


def settings() -> QSettings | None:
    try:
        path = user_data_dir() / SETTINGS_FILE
    except DvkError:  # not an action: where the window's size is remembered
        return None  # no data folder (a full, write-protected stick): nothing remembered
    return QSettings(str(path), QSettings.Format.IniFormat)


def window_key(widget: QWidget) -> str:
    name = type(widget).__name__
    return f"{name}-{widget.objectName()}" if widget.objectName() else name


def remembered(widget: QWidget) -> bool:
    """Our own windows and dialogs are remembered; Qt's message and file boxes are not."""
    return isinstance(widget, QDialog | QMainWindow) and \
        not isinstance(widget, _NOT_REMEMBERED) and \
        type(widget).__module__.startswith("ui.")


def fit(widget: QWidget, *, centre: bool) -> None:
    """Cut the window down to the available area and move its frame inside it."""
    area = available_area(widget)
    extra = frame_extra(widget)
    largest = area.size() - extra
    size = widget.size().boundedTo(largest).expandedTo(
        widget.minimumSize().boundedTo(largest))
    if size != widget.size():
        widget.resize(size)
    frame = QSize(size.width() + extra.width(), size.height() + extra.height())
    if centre:
        anchor = widget.parentWidget().window().frameGeometry() \
            if widget.parentWidget() is not None else area
        left = anchor.center().x() - frame.width() // 2
        top = anchor.center().y() - frame.height() // 2
    else:
        left, top = widget.frameGeometry().x(), widget.frameGeometry().y()
    left = max(area.left(), min(left, area.right() + 1 - frame.width()))
    top = max(area.top(), min(top, area.bottom() + 1 - frame.height()))
    widget.move(left, top)


def restore(widget: QWidget) -> bool:
    """The size and place the clerk left this kind of window at, if it still fits."""
    store = settings()
    if store is None:
        return False
    saved = store.value(f"{window_key(widget)}/geometry")
    try:
        left, top, width, height = (int(part) for part in str(saved or "").split(","))
    except ValueError:
        return False
    area = available_area(widget)
    extra = frame_extra(widget)
    if width + extra.width() > area.width() or height + extra.height() > area.height():
        return False  # left on a bigger screen: opened as new, cut to this one
    widget.resize(width, height)
    widget.move(left, top)
    if isinstance(widget, QMainWindow) and store.value(f"{window_key(widget)}/maximized") \
            in (True, "true"):
        widget.setWindowState(widget.windowState() | Qt.WindowState.WindowMaximized)
    return True


def remember(widget: QWidget) -> None:
    store = settings()
    if store is None:
        return
    normal = widget.normalGeometry() if widget.isMaximized() else widget.geometry()
    if not normal.isValid():
        normal = widget.geometry()
    frame_offset = widget.geometry().topLeft() - widget.frameGeometry().topLeft()
    left, top = normal.x() - frame_offset.x(), normal.y() - frame_offset.y()
    store.setValue(f"{window_key(widget)}/geometry",
                   f"{left},{top},{normal.width()},{normal.height()}")
    store.setValue(f"{window_key(widget)}/maximized", widget.isMaximized())
    store.sync()


def place(widget: QWidget) -> None:
    """What the filter does when a window is first shown."""
    widget.setProperty(PLACED, True)
    if remembered(widget) and restore(widget):
        fit(widget, centre=False)
        return
    fit(widget, centre=True)


class Placement(QObject):
    """The application's event filter that places every window as it is shown."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow() \
                and isinstance(watched, QDialog | QMainWindow):
            if not watched.property(PLACED):
                place(watched)
            if isinstance(watched, QMessageBox | QProgressDialog):
                # They size themselves in their own show event, after this filter.
                QTimer.singleShot(0, watched, lambda w=watched: fit(w, centre=False))
        elif kind == QEvent.Type.Hide and isinstance(watched, QWidget) and watched.isWindow() \
                and watched.property(PLACED) and remembered(watched):
            remember(watched)
        return False


def install(app: QApplication | None = None) -> Placement:
    """Install the filter once on the application (idempotent)."""
    app = app or QApplication.instance()
    existing = getattr(app, "_dvk_placement", None)
    if existing is not None:
        return existing
    placement = Placement(app)
    app.installEventFilter(placement)
    app._dvk_placement = placement
    return placement
