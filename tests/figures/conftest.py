"""Demo networks of both profiles, made once per test session (generate_network, the
real demo generator) and copied for each test; and the Qt fixtures of tests/gui."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.gui.conftest import modal_watchdog, qt_translations  # noqa: F401

NETWORK = {"communes": 3, "models": 24, "seed": 11}


@pytest.fixture(scope="session")
def figure_networks(tmp_path_factory) -> dict[str, tuple[Path, dict]]:
    from app.demo.network import DemoOptions, generate_network

    made = {}
    for profile in ("hai_cap", "ba_cap"):
        folder = tmp_path_factory.mktemp(f"figures-{profile}")
        made[profile] = folder, generate_network(folder, DemoOptions(profile=profile,
                                                                     **NETWORK))
    return made


def copy_network(made: tuple[Path, dict], target: Path) -> tuple[Path, dict]:
    folder, data = made
    shutil.copytree(folder, target)
    return target, data
