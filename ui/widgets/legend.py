"""What the colours of a list's lines mean, said under the list: a sample of each colour
and a few words ("Grey lines: withdrawn registrations, kept, never deleted"). A colour
nobody explains is a question the clerk cannot ask."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

TEXT = "text"  # the line's letters have the colour
BACKGROUND = "background"  # the line's background has it


class Legend(QWidget):
    def __init__(self, entries: list[tuple[str, str, str]], parent: QWidget | None = None):
        """`entries`: (TEXT or BACKGROUND, colour, what such a line is)."""
        super().__init__(parent)
        self.setObjectName("legend")
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        self.samples: list[QLabel] = []
        self.texts: list[QLabel] = []
        for kind, colour, words in entries:
            sample = QLabel("Aa")
            sample.setObjectName("legendSample")
            sample.setStyleSheet(
                f"color: {colour}; padding: 0 4px; border: 1px solid #bbbbbb;" if kind == TEXT
                else f"background: {colour}; padding: 0 4px; border: 1px solid #bbbbbb;")
            text = QLabel(words)
            text.setObjectName("legendText")
            line.addWidget(sample)
            line.addWidget(text)
            line.addSpacing(10)
            self.samples.append(sample)
            self.texts.append(text)
        line.addStretch(1)

    def text(self) -> str:
        return "; ".join(label.text() for label in self.texts)
