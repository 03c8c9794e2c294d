"""The fingerprint dialog shows the whole 30-digit fingerprint as the other office
reads it out (it was cut off after 15 digits)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ui.screens.fingerprint_dialog import FingerprintDialog

pytestmark = pytest.mark.gui


def test_the_field_is_wide_enough_for_every_digit(ctx, qtbot):
    dialog = FingerprintDialog(ctx, Path("card.dvkkey"), "Xã Yên Mô", "14701")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    fingerprint = "12345 67890 12345 67890 12345 67890"
    qtbot.keyClicks(dialog.field, fingerprint)
    shown = dialog.field.fontMetrics().horizontalAdvance(fingerprint)
    assert dialog.field.width() > shown
    assert dialog.field.text() == fingerprint
