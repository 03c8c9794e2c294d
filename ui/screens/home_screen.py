"""The home screen (Việc cần làm): what is due and what is late this campaign year,
from the calendar, with days left or days late, and the work waiting at this office;
every line opens the screen where the work is done."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.errors import DvkError
from app.i18n import _, format_date
from app.services.help_topics import SCREENS

# The lines of the home screen are links to the screens where the work is done.
LINK_STYLE = (
    "QPushButton { text-align: left; padding: 4px 6px; border: none; color: #1a4f9c;"
    " text-decoration: underline; }"
    " QPushButton:hover, QPushButton:focus { background: #e3ecfa; color: #0d3a7a; }"
)


class HomeScreen(QWidget):
    def __init__(self, ctx: AppContext, open_screen=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.open_screen = open_screen
        self.buttons: dict[str, QPushButton] = {}
        self.labels: dict[str, QLabel] = {}  # "status_<deadline>", "count_<work>"
        self.title = QLabel()
        self.title.setObjectName("homeTitle")
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.year_note = QLabel()
        self.year_note.setObjectName("homeYearNote")
        self.year_note.setWordWrap(True)
        self.deadlines_box = QGroupBox(_("Deadlines of the campaign year"))
        self.deadlines = QGridLayout(self.deadlines_box)
        self.work_box = QGroupBox(_("Work waiting at this office"))
        self.work = QGridLayout(self.work_box)
        self.message = QLabel()
        self.message.setObjectName("homeMessage")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.year_note)
        layout.addWidget(self.deadlines_box)
        layout.addWidget(self.work_box)
        layout.addWidget(self.message)
        layout.addStretch(1)
        # Counted right after the window is first painted: an office above the communes
        # derives the state of every model proposed to it (a province's year: ~700,
        # 50 ms), and the window shows at once.
        QTimer.singleShot(0, self, self.refresh)

    @staticmethod
    def _clear(grid: QGridLayout) -> None:
        while grid.count():
            widget = grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()

    def _button(self, key: str, text: str, target: str) -> QPushButton:
        """A line that opens the screen where its work is done, and looks it: a link
        (blue, underlined, an arrow, the hand pointer), lit when the mouse or the
        keyboard is on it; Enter or the space bar opens it as a click does."""
        button = QPushButton(f"{text}  \u203a")
        button.setObjectName(f"home_{key}")
        button.setFlat(True)
        button.setAutoDefault(True)  # Enter on a focused line opens it
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setStyleSheet(LINK_STYLE)
        title = dict(SCREENS).get(target)
        if title:
            button.setToolTip(_("Open the screen \u201c{screen}\u201d").format(screen=_(title)))
        button.clicked.connect(lambda _checked=False, t=target: self.go(t))
        self.buttons[key] = button
        return button

    def go(self, target: str) -> None:
        if self.open_screen:
            self.open_screen(target)

    def refresh(self) -> None:
        self._clear(self.deadlines)
        self._clear(self.work)
        self.buttons = {}
        self.labels = {}
        agenda = self.ctx.agenda
        try:
            year = agenda.year()
            counts = agenda.counts(year)
            deadlines = agenda.deadlines(year, counts)
            lines = agenda.lines(year, counts)
        # Not an action: the screen's read; its problem goes in the message line
        except DvkError as error:
            self.message.setText(error.message)
            return
        self.title.setText(_("What to do - campaign year {year}").format(year=year))
        try:
            note = self.ctx.registrations.year_note()
        # Not an action: the year's note, none when it cannot be read
        except DvkError:
            note = None
        self.year_note.setText(note or "")
        self.year_note.setVisible(bool(note))
        late = 0
        for row, deadline in enumerate(deadlines):
            button = self._button(f"deadline_{deadline.key}", deadline.label, deadline.target)
            status = QLabel(deadline.status())
            status.setObjectName(f"status_{deadline.key}")
            self.labels[status.objectName()] = status
            if deadline.late:
                late += 1
                status.setStyleSheet("color: #b00020; font-weight: bold;")
            elif 0 <= deadline.days <= 14:
                status.setStyleSheet("color: #b26a00; font-weight: bold;")
            self.deadlines.addWidget(button, row, 0)
            self.deadlines.addWidget(QLabel(format_date(deadline.due)), row, 1)
            self.deadlines.addWidget(status, row, 2)
        for row, line in enumerate(lines):
            button = self._button(line.key, line.label, line.target)
            count = QLabel(str(line.value))
            count.setObjectName(f"count_{line.key}")
            self.labels[count.objectName()] = count
            if line.value:
                count.setStyleSheet("font-weight: bold;")
            self.work.addWidget(button, row, 0)
            self.work.addWidget(count, row, 1)
        self.deadlines.setColumnStretch(0, 1)
        self.work.setColumnStretch(0, 1)
        self.message.setText(_("{late} deadline(s) passed with work still open.").format(
            late=late) if late else _("Nothing is late."))
