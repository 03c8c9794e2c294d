"""Filling a choice box again without losing the clerk's choice."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox


def fill_combo(combo: QComboBox, everything: str, items) -> None:
    """Replace the choices of a filter, keeping the chosen one when it is still there.
    `everything`: the first choice meaning "no filter" (data None), or "" for none;
    `items`: (value, text) pairs. No signal fires while it is refilled."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    if everything:
        combo.addItem(everything, None)
    for value, text in items:
        combo.addItem(text, value)
    index = combo.findData(current)
    combo.setCurrentIndex(index if index >= 0 else 0)
    combo.blockSignals(False)
