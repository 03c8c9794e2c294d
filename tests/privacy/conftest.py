"""A demo network (the province of Ninh Bình and one commune, seed 3) built once per
session and copied per test: its province issued a decision that names an exemplar of
the commune, and the commune holds a copy of it."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.context import AppContext
from app.demo.network import DemoOptions, generate_network
from app.demo.sync import DEMO_PASSPHRASE

PROVINCE = "37"
COMMUNE = "13987"  # Xã Nam Hồng


@dataclass
class DemoNet:
    folder: Path

    def path(self, code: str) -> Path:
        return self.folder / ("tinh-37.sqlite" if code == PROVINCE else f"xa-{code}.sqlite")

    def open(self, code: str) -> AppContext:
        return AppContext.open(self.path(code), actor="test")

    def send(self, sender: str, recipient: str, name: str, **options) -> Path:
        """A bundle from one office to the other, imported there; returns the file."""
        out = self.folder / name
        with self.open(sender) as ctx:
            ctx.sync.export(recipient, out, passphrase=DEMO_PASSPHRASE, **options)
        with self.open(recipient) as ctx:
            ctx.sync.import_bundle(out, passphrase=DEMO_PASSPHRASE)
        return out


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("privacy-demo")
    generate_network(folder, DemoOptions(communes=1, models=12, seed=3))
    return folder


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> DemoNet:
    target = tmp_path / "demo"
    shutil.copytree(demo_template, target, ignore=shutil.ignore_patterns(
        "backups", "certificates", "excel", "bundles"))
    return DemoNet(target)


def person_on_province_decision(ctx: AppContext) -> tuple[str, str, str]:
    """(person id, full name, registration id) of an individual of the commune named in
    an issued decision of the province, not erased yet."""
    row = ctx.db.execute(
        "SELECT p.id, p.full_name, r.id FROM decision_items i"
        " JOIN decisions d ON d.id = i.decision_id AND d.state = 'ban_hanh'"
        " JOIN registrations r ON r.id = i.registration_id"
        " JOIN persons p ON p.id = r.person_id"
        " WHERE i.origin = ? AND p.erased_on IS NULL ORDER BY p.id LIMIT 1",
        [PROVINCE]).fetchone()
    assert row is not None, "the demo's province decided on no individual"
    return row


from tests.sync.conftest import net, sync_template  # noqa: E402,F401  (fixtures)


@pytest.fixture
def fast_keys(monkeypatch):
    """The data file's key derivation at libsodium's minimum (a real passphrase costs a
    second and 256 MB on purpose; the key file records the cost used); the keys this
    process unlocked are forgotten after the test."""
    from app import atrest
    from db import connection

    monkeypatch.setattr(atrest, "_PASSPHRASE_COST", atrest._FAST_COST)
    monkeypatch.setattr(atrest, "_RECOVERY_COST", atrest._FAST_COST)
    yield
    connection._KEYS.clear()
