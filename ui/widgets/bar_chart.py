"""A small bar chart drawn with QPainter: one group of horizontal bars per category
(long Vietnamese names read well on the left), one bar per series, a legend, the
figure at the end of each bar. A click on a bar says which category and series it was.
No chart library: offices run old PCs, and this is all the statistics need."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

PALETTE = ["#2f6db5", "#e07b39", "#3a9a5b", "#9b59b6", "#c0392b", "#7f8c8d"]
BAR = 14  # pixels per bar
GAP = 10  # between categories
MARGIN = 12
LEGEND = 26
MAX_LABEL = 260


@dataclass
class _Hit:
    rect: QRectF
    row: int
    series: int
    value: int


class BarChart(QWidget):
    """Set the data with `set_data(categories, series, values)`; `values[row][series]`."""

    bar_clicked = Signal(int, int)  # (category row, series)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("barChart")
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.categories: list[str] = []
        self.series: list[str] = []
        self.values: list[list[int]] = []
        self.title = ""
        self._hits: list[_Hit] = []

    def set_data(self, categories: list[str], series: list[str], values: list[list[int]],
                 title: str = "") -> None:
        self.categories, self.series, self.values, self.title = \
            list(categories), list(series), [list(v) for v in values], title
        self.updateGeometry()
        self.update()

    # -- geometry -------------------------------------------------------------------------
    def _label_width(self) -> int:
        metrics = QFontMetrics(self.font())
        widest = max((metrics.horizontalAdvance(text) for text in self.categories), default=0)
        return min(widest + 12, MAX_LABEL)

    def _group_height(self) -> int:
        return max(1, len(self.series)) * BAR + GAP

    def sizeHint(self) -> QSize:
        height = 2 * MARGIN + LEGEND + (24 if self.title else 0) + \
            len(self.categories) * self._group_height()
        return QSize(520, max(height, 160))

    def minimumSizeHint(self) -> QSize:
        return QSize(300, self.sizeHint().height())

    def hits(self) -> list[_Hit]:
        """The bars as last drawn (for clicks, tooltips and tests)."""
        return list(self._hits)

    def bar_center(self, row: int, series: int) -> QPoint:
        for hit in self._hits:
            if hit.row == row and hit.series == series:
                return hit.rect.center().toPoint()
        raise KeyError((row, series))

    # -- drawing --------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        self._hits = []
        metrics = QFontMetrics(self.font())
        top = MARGIN
        if self.title:
            bold = painter.font()
            bold.setBold(True)
            painter.setFont(bold)
            painter.drawText(MARGIN, top + metrics.ascent(), self.title)
            painter.setFont(self.font())
            top += 24
        top = self._legend(painter, top, metrics)
        if not self.categories:
            painter.end()
            return
        label_width = self._label_width()
        left = MARGIN + label_width
        number_room = metrics.horizontalAdvance("000000") + 8
        span = max(self.width() - left - MARGIN - number_room, 40)
        largest = max((v for row in self.values for v in row), default=0) or 1
        painter.setPen(QColor("#999999"))
        painter.drawLine(left, top, left, top + len(self.categories) * self._group_height())
        for row, label in enumerate(self.categories):
            group_top = top + row * self._group_height()
            painter.setPen(self.palette().text().color())
            text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_width - 8)
            painter.drawText(QRectF(MARGIN, group_top, label_width - 8,
                                    len(self.series) * BAR),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
            for series in range(len(self.series)):
                value = self.values[row][series] if series < len(self.values[row]) else 0
                y = group_top + series * BAR
                length = span * value / largest
                rect = QRectF(left + 1, y + 1, max(length, 2 if value else 0), BAR - 2)
                painter.fillRect(rect, QColor(PALETTE[series % len(PALETTE)]))
                painter.setPen(self.palette().text().color())
                painter.drawText(QRectF(rect.right() + 4, y, number_room, BAR),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 f"{value:,}".replace(",", "."))
                # The whole line of a bar is clickable, so a zero can be clicked too.
                self._hits.append(_Hit(QRectF(left, y, span + number_room, BAR), row,
                                       series, value))
        painter.end()

    def _legend(self, painter: QPainter, top: int, metrics: QFontMetrics) -> int:
        x = MARGIN
        for series, name in enumerate(self.series):
            painter.fillRect(QRectF(x, top + 4, 12, 12), QColor(PALETTE[series % len(PALETTE)]))
            painter.setPen(self.palette().text().color())
            painter.drawText(x + 16, top + 4 + metrics.ascent() - 1, name)
            x += 16 + metrics.horizontalAdvance(name) + 18
        return top + LEGEND

    # -- interaction ----------------------------------------------------------------------
    def _hit_at(self, position) -> _Hit | None:
        for hit in self._hits:
            if hit.rect.contains(position):
                return hit
        return None

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        hit = self._hit_at(event.position())
        if hit is not None and event.button() == Qt.MouseButton.LeftButton:
            self.bar_clicked.emit(hit.row, hit.series)
        super().mouseReleaseEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hit = self._hit_at(event.position())
        self.setCursor(Qt.CursorShape.PointingHandCursor if hit else Qt.CursorShape.ArrowCursor)
        if hit is not None:
            QToolTip.showText(event.globalPosition().toPoint(),
                              f"{self.categories[hit.row]} - {self.series[hit.series]}: "
                              f"{hit.value:,}".replace(",", "."), self)
        super().mouseMoveEvent(event)
