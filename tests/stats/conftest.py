"""GUI tests here use the same Qt fixtures as tests/gui (translator, modal watchdog)."""

from tests.gui.conftest import modal_watchdog, qt_translations  # noqa: F401
