"""Demo networks of both profiles, made once per test session (generate_network, the
real demo generator) and copied for each test; and the Qt fixtures of tests/gui."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.built_once import built_once
from tests.gui.conftest import modal_watchdog, qt_translations  # noqa: F401

NETWORK = {"communes": 3, "models": 24, "seed": 11}


@pytest.fixture(scope="session")
def figure_networks(tmp_path_factory) -> dict[str, tuple[Path, dict]]:
    from app.demo.network import DemoOptions, generate_network, load_network

    made = {}
    for profile in ("hai_cap", "ba_cap"):
        folder = built_once(tmp_path_factory, f"figures-{profile}", lambda out, p=profile:
                            generate_network(out, DemoOptions(profile=p, **NETWORK)))
        made[profile] = folder, load_network(folder)
    return made


def copy_network(made: tuple[Path, dict], target: Path) -> tuple[Path, dict]:
    folder, data = made
    shutil.copytree(folder, target)
    return target, data
