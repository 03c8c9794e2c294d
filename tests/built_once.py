"""A session's ready-made folder built once for the whole run, not once per worker.

With pytest-xdist every worker is a session of its own, so a session fixture that
generates a demo network ran in each worker: the same 5-12 s of CPU twice on a
two-core machine (issue 21, point 6). Here the first worker to ask builds the folder
under the run's common temporary folder and the others wait for it and use the same
folder. Users only read it or copy it (a test that writes copies it first: the
fixtures `demo_network`, `ba_cap`, `copy_network`).

The lock is a directory made with `os.mkdir` (atomic on every system, no extra
package); a marker file is written when the folder is whole, so a waiter never uses
half of it. (The folder is built where it stays: a demo's offices may note their own
paths.) If the builder fails, the waiters build it themselves
and meet the same error in their own tests.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

WAIT_SECONDS = 900


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str,
               build: Callable[[Path], object]) -> Path:
    """The folder `name` that `build(folder)` filled, made once per test run."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        folder = tmp_path_factory.mktemp(name)
        build(folder)
        return folder
    root = tmp_path_factory.getbasetemp().parent / "built-once"
    root.mkdir(exist_ok=True)
    folder = root / name
    whole, failed = root / f"{name}.whole", root / f"{name}.failed"
    try:
        (root / f"{name}.lock").mkdir()
    except FileExistsError:
        return _wait_for(folder, whole, failed, tmp_path_factory, name, build)
    try:
        folder.mkdir()
        build(folder)
    except BaseException:
        failed.touch()
        raise
    whole.touch()
    return folder


def _wait_for(done: Path, whole: Path, failed: Path, tmp_path_factory: pytest.TempPathFactory,
              name: str, build: Callable[[Path], object]) -> Path:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if whole.exists():
            return done
        if failed.exists():
            break
        time.sleep(0.1)
    folder = tmp_path_factory.mktemp(name)  # the builder failed or hung: build here
    build(folder)
    return folder
