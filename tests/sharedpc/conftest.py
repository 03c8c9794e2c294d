from __future__ import annotations

import pytest

from tests.sharedpc.media import ReadOnlyMedium


@pytest.fixture
def stick(tmp_path):
    """A folder on a medium that `stick.lock()` write-protects."""
    medium = ReadOnlyMedium(tmp_path / "usb")
    if not medium.prepare():
        pytest.skip("no way to make a read-only medium here (root without mount rights)")
    yield medium
    medium.remove()
