"""A yellow bar of notices at the top of the main window: things the clerk must know
before working (the data file is read-only, on a network share, open in another
window; the PC's clock reads earlier than the file's newest entry)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


class NoticeBar(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("noticeBar")
        self.setStyleSheet("#noticeBar { background: #fff4d6; border: 1px solid #e0c068; }")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(8, 4, 8, 4)
        self.labels: dict[str, QLabel] = {}
        self.hide()

    def set_notice(self, key: str, text: str | None) -> None:
        """Show `text` under `key` (replacing what that key said), or remove it."""
        label = self.labels.get(key)
        if not text:
            if label is not None:
                self._layout.removeWidget(label)
                label.deleteLater()
                del self.labels[key]
        else:
            if label is None:
                label = self.labels[key] = QLabel()
                label.setObjectName(f"notice:{key}")
                label.setWordWrap(True)
                self._layout.addWidget(label)
            label.setText("⚠ " + text)
        self.setVisible(bool(self.labels))

    def texts(self) -> dict[str, str]:
        return {key: label.text() for key, label in self.labels.items()}
