"""A row of widgets that wraps onto a second line when the window is narrow.

A row of buttons or filter boxes laid out side by side needs the sum of their widths;
on a 1366-pixel screen, or with Windows' text scaling at 125%, that is more than the
window has, and a plain row then clips their texts or widens the window off the
screen. This layout puts as many as fit on a line and carries the rest to the next.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget, QWidgetItem


class FlowLayout(QLayout):
    """Items left to right, wrapping; `stretch_last` widens a line's last item (a
    search box) to the line's end."""

    def __init__(self, parent: QWidget | None = None, *, spacing: int = 6,
                 stretch: set[QWidget] | None = None):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._stretch = stretch or set()
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    # -- QLayout ---------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def add(self, widget: QWidget, *, stretch: bool = False) -> None:
        """Add a widget; `stretch`: it takes what is left of its line."""
        self.addChildWidget(widget)
        self.addItem(QWidgetItem(widget))
        if stretch:
            self._stretch.add(widget)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        """All on one line, as wide as they like."""
        width = sum(self._hint(item).width() for item in self._visible())
        width += self._spacing * max(0, len(self._visible()) - 1)
        height = max((self._hint(item).height() for item in self._visible()), default=0)
        margins = self.contentsMargins()
        return QSize(width + margins.left() + margins.right(),
                     height + margins.top() + margins.bottom())

    def minimumSize(self) -> QSize:
        """As narrow as the widest single item."""
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    # -- arranging -------------------------------------------------------------------
    def _visible(self) -> list[QLayoutItem]:
        return [item for item in self._items
                if item.widget() is None or not item.widget().isHidden()]

    @staticmethod
    def _hint(item: QLayoutItem) -> QSize:
        return item.sizeHint().expandedTo(item.minimumSize())

    def _lines(self, width: int) -> list[list[QLayoutItem]]:
        lines: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._visible():
            wanted = self._hint(item).width()
            if lines[-1] and used + self._spacing + wanted > width:
                lines.append([])
                used = 0
            used += (self._spacing if lines[-1] else 0) + wanted
            lines[-1].append(item)
        return [line for line in lines if line]

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        y = area.y()
        for line in self._lines(area.width()):
            height = max(self._hint(item).height() for item in line)
            widths = [min(self._hint(item).width(), area.width()) for item in line]
            spare = area.width() - sum(widths) - self._spacing * (len(line) - 1)
            growing = [i for i, item in enumerate(line) if item.widget() in self._stretch
                       or item.widget() is not None and item.widget().sizePolicy()
                       .horizontalPolicy() == QSizePolicy.Policy.Expanding]
            if spare > 0 and growing:
                share, rest = divmod(spare, len(growing))
                for order, index in enumerate(growing):
                    widths[index] += share + (1 if order < rest else 0)
            x = area.x()
            for item, width in zip(line, widths, strict=True):
                if move:
                    item_height = min(height, max(self._hint(item).height(),
                                                  item.minimumSize().height()))
                    item.setGeometry(QRect(QPoint(x, y + (height - item_height) // 2),
                                           QSize(width, item_height)))
                x += width + self._spacing
            y += height + self._spacing
        return max(0, y - self._spacing - area.y()) + margins.top() + margins.bottom()


def flow_row(*widgets: QWidget, stretch: QWidget | None = None) -> FlowLayout:
    """A wrapping row of `widgets`; `stretch` takes the rest of its line."""
    row = FlowLayout()
    for widget in widgets:
        row.add(widget, stretch=widget is stretch)
    return row
