"""Buttons as every screen makes them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget


def make_button(text: str, name: str, on_click: Callable[[], object] | None = None) -> QPushButton:
    """A push button with its object name (tests and style sheets find it by that)
    and, when given, what a click does."""
    widget = QPushButton(text)
    widget.setObjectName(name)
    if on_click is not None:
        widget.clicked.connect(lambda _checked=False: on_click())
    return widget


def button_row(*buttons: QWidget) -> QHBoxLayout:
    """Buttons side by side from the left."""
    line = QHBoxLayout()
    for widget in buttons:
        line.addWidget(widget)
    line.addStretch(1)
    return line
