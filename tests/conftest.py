"""Shared fixtures. Tests never touch the user's real data folder and never need a
display: Qt runs offscreen."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["DVK_DATA_DIR"] = tempfile.mkdtemp(prefix="dvk-test-data-")
# Every window opens as on a commune PC: 1366x768 less a 40-pixel taskbar.
os.environ.setdefault("DVK_SCREEN", "1366x728")

import pytest

from app import clock
from app.context import AppContext
from app.i18n import set_language
from tests.built_once import built_once

OFFICE_CODE = "14725"  # Phường Yên Thắng, Ninh Bình


@pytest.fixture(scope="session", autouse=True)
def _new_data_files_from_one_template(tmp_path_factory):
    """A new data file costs 0.4-0.6 s of migrations and reference data (the 3,355 units,
    the calendar, the default rubrics), and the suite makes hundreds (every office of
    every demo network, every test's own office). Here a new file is a copy of one made
    that way once per session, then opened as usual, so what a test sees is the same;
    about 0.03 s (issue 21). Tests of the migrations themselves open saved databases
    of every schema (tests/fixtures/schema), which exist and are not touched."""
    import sqlite3

    import app.context as context_module
    from app.datafile.location import locate

    template = tmp_path_factory.mktemp("template") / "new.sqlite"
    AppContext.open(template).close()
    with sqlite3.connect(template) as conn:  # one file, no write-ahead log beside it
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    original = context_module._open

    def from_template(path, create, location):
        if create and str(path) != ":memory:":
            target = Path(path)
            location = location or locate(target)
            if not location.exists and not location.network and target.parent.is_dir() \
                    and not context_module.on_a_stick(target):
                shutil.copyfile(template, target)
                location = locate(target)
        return original(path, create, location)

    patch = pytest.MonkeyPatch()
    patch.setattr(context_module, "_open", from_template)
    yield template
    patch.undo()


@pytest.fixture(scope="session", autouse=True)
def _each_passphrase_stretched_once():
    """Argon2id is slow on purpose (0.1 s for a demo key, a second for a data file's
    passphrase), and the suite unlocks the same few keys again and again: the sync
    tests alone stretched 51 passphrases 547 times (48 s of CPU). The function is pure,
    so here each (passphrase, salt, cost) is stretched once per worker and its result
    remembered; a wrong passphrase still gives another key, which still fails to open
    the box. Checking an account's password is remembered only when it succeeded."""
    import functools

    import nacl.pwhash

    patch = pytest.MonkeyPatch()
    patch.setattr(nacl.pwhash.argon2id, "kdf",
                  functools.lru_cache(maxsize=4096)(nacl.pwhash.argon2id.kdf))
    patch.setattr(nacl.pwhash, "verify", functools.lru_cache(maxsize=4096)(nacl.pwhash.verify))
    yield
    patch.undo()


@pytest.fixture(autouse=True)
def _vietnamese_and_real_clock():
    set_language("vi")
    clock.set_fixed(None)
    yield
    clock.set_fixed(None)
    set_language("vi")


@pytest.fixture(autouse=True)
def _windows_placed_afresh():
    """Windows open at their own size in every test: none remembered from another
    test (ui/placement.py), and the placement filter is on wherever Qt runs."""
    remembered = Path(os.environ["DVK_DATA_DIR"]) / "windows.ini"
    remembered.unlink(missing_ok=True)
    widgets = sys.modules.get("PySide6.QtWidgets")
    if widgets is not None and widgets.QApplication.instance() is not None:
        from ui import placement

        placement.install()
    yield
    remembered.unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def _modal_watchdog_wherever_qt_is_driven(request):
    """A test outside tests/gui that drives widgets (asks for qtbot) gets the GUI tests'
    watchdog too: a refusal box shown where the test expected none fails that test in
    seconds instead of hanging the whole run (tests/qt_watchdog.py)."""
    if "qtbot" not in request.fixturenames or "modal_watchdog" in request.fixturenames:
        yield
        return
    request.getfixturevalue("qapp")
    from tests.qt_watchdog import watching_modals

    with watching_modals():
        yield


@pytest.fixture(autouse=True)
def _no_answers_left_over():
    """A modal answer a GUI test queued and never used is switched off at its end."""
    yield
    helpers = sys.modules.get("tests.gui.helpers")
    if helpers is not None:
        helpers.cancel_pending_answers()


@pytest.fixture
def frozen_today():
    """Pin 'today' to 15/03/2026 (before the 30/3 registration deadline)."""
    clock.set_fixed(dt.datetime(2026, 3, 15, 2, 0, tzinfo=dt.UTC))
    yield dt.date(2026, 3, 15)
    clock.set_fixed(None)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "office.sqlite"


@pytest.fixture
def ctx(db_path: Path):
    """A commune office (Phường Yên Thắng, two tiers) with a few sub-units."""
    context = AppContext.open(db_path, actor="test")
    context.setup.configure(profile="hai_cap", unit_code=OFFICE_CODE)
    for name, unit_type in [("Tổ dân phố số 1", "to_dan_pho"),
                            ("Chi hội Phụ nữ tổ dân phố số 1", "chi_hoi"),
                            ("Chi bộ tổ dân phố số 2", "chi_bo"),
                            ("Công an phường Yên Thắng", "luc_luong_vu_trang")]:
        context.units.add_subunit(name, unit_type)
    yield context
    context.close()


@pytest.fixture(scope="session")
def demo_network_template(tmp_path_factory) -> Path:
    from app.demo.network import DemoOptions, generate_network

    return built_once(tmp_path_factory, "demo-network", lambda folder: generate_network(
        folder, DemoOptions(communes=2, models=24, seed=7)))


@pytest.fixture
def demo_network(demo_network_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of a small demo network (two communes and the province)."""
    target = tmp_path / "network"
    shutil.copytree(demo_network_template, target)
    return target


@pytest.fixture(scope="session")
def ba_cap_template(tmp_path_factory) -> Path:
    """A three-tier demo network (province, two districts, three communes) after its
    trust story (app/demo/trust.py)."""
    from app.demo.network import DemoOptions, generate_network

    return built_once(tmp_path_factory, "ba-cap", lambda folder: generate_network(
        folder, DemoOptions(profile="ba_cap", communes=3, models=6, seed=4)))


@pytest.fixture
def ba_cap(ba_cap_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "ba-cap"
    shutil.copytree(ba_cap_template, target)
    return target
