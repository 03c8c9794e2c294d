"""A small two-tier network for sync tests: province 37 and two of its communes (and
a commune of another province), each with a demo-speed key, trusting along the tree.
Built once per session and copied per test."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest

from app import clock
from app.context import AppContext

PROVINCE = "37"
COMMUNE = "14725"  # Phường Yên Thắng
OTHER = "13285"  # Phường Phủ Lý, also under 37
STRANGER = "00004"  # Phường Ba Đình, Hà Nội
PASSPHRASE = "demo"

OFFICES = {PROVINCE: "tinh.sqlite", COMMUNE: "xa.sqlite", OTHER: "xa2.sqlite",
           STRANGER: "la.sqlite"}


@dataclass
class Net:
    """The offices' data files in one folder (`offices`: code -> file name)."""

    folder: Path
    offices: ClassVar[dict[str, str]] = OFFICES

    def path(self, code: str) -> Path:
        return self.folder / self.offices[code]

    def open(self, code: str) -> AppContext:
        return AppContext.open(self.path(code), actor="test")

    def file_hash(self, code: str) -> str:
        return hashlib.sha256(self.path(code).read_bytes()).hexdigest()


# The test networks' keys are made and enrolled on this day, before any day a test
# sets the clock to: a key signs nothing dated before it existed (issue 15).
KEYS_MADE_ON = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@contextlib.contextmanager
def made_on(day: dt.datetime = KEYS_MADE_ON):
    clock.set_fixed(day)
    try:
        yield
    finally:
        clock.set_fixed(None)


@pytest.fixture(scope="session")
def sync_template(tmp_path_factory) -> Path:
    with made_on():
        return _sync_template(tmp_path_factory)


def _sync_template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("sync-net")
    keys = {}
    for code, name in OFFICES.items():
        with AppContext.open(folder / name, actor="test") as ctx:
            ctx.setup.configure(profile="hai_cap", unit_code=code)
            if code != PROVINCE:
                ctx.units.add_subunit("Tổ dân phố số 1", "to_dan_pho")
                ctx.units.add_subunit("Chi hội Phụ nữ tổ dân phố số 1", "chi_hoi")
            keys[code] = bytes.fromhex(ctx.keys.create(PASSPHRASE, demo=True).public_key)
    trust_each_other(folder, OFFICES, keys, [(PROVINCE, COMMUNE), (PROVINCE, OTHER)])
    return folder


def trust_each_other(folder: Path, offices: dict[str, str], keys: dict[str, bytes],
                     pairs) -> None:
    """Each (parent, child) office trusts the other's public key."""
    for parent, child in pairs:
        with AppContext.open(folder / offices[parent], actor="test") as ctx:
            ctx.keys.trust_public_key(child, child, keys[child])
        with AppContext.open(folder / offices[child], actor="test") as ctx:
            ctx.keys.trust_public_key(parent, parent, keys[parent])


@pytest.fixture
def net(sync_template: Path, tmp_path: Path) -> Net:
    target = tmp_path / "net"
    shutil.copytree(sync_template, target)
    return Net(target)


from tests.sync.tree_net import tree, tree_template  # noqa: E402,F401  (fixtures)
