"""GUI tests must never hang on a forgotten modal box: a watchdog closes any modal
dialog left open for several seconds and fails the test that left it."""

from __future__ import annotations

import pytest

from tests.qt_watchdog import watching_modals


@pytest.fixture(scope="session", autouse=True)
def qt_translations(qapp):
    """What `dvk gui` does at start: Qt's own texts through our catalogs."""
    from ui import qt_i18n

    qt_i18n.install(qapp)


@pytest.fixture(autouse=True)
def modal_watchdog(qapp):
    with watching_modals():
        yield
