"""The small commune + province network of the crash and fuzz tests, built once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.scenarios import build_network


@pytest.fixture(scope="session")
def network_template(tmp_path_factory) -> Path:
    return build_network(tmp_path_factory.mktemp("reliability-net"))
