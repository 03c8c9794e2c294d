"""A three-tier network for trust tests: province 37, districts Yên Mô (D1, with the
communes Yên Mô and Yên Thắng) and Kim Sơn (D2, with the commune Phát Diệm), each
office with a demo-speed key, trusting its parent and children (key cards enrolled
"by phone"). Built once per session and copied per test."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest

from app.context import AppContext
from app.domain.units import derived_code
from tests.sync.conftest import Net, made_on, trust_each_other

PROVINCE = "37"
D1_NAME, D2_NAME = "Huyện Yên Mô", "Huyện Kim Sơn"
D1 = derived_code(PROVINCE, D1_NAME)
D2 = derived_code(PROVINCE, D2_NAME)
C1 = "14701"  # Xã Yên Mô, under D1
C1B = "14725"  # Phường Yên Thắng, under D1
C2 = "14620"  # Xã Phát Diệm, under D2
PARENT = {D1: PROVINCE, D2: PROVINCE, C1: D1, C1B: D1, C2: D2}
DISTRICT_NAMES = {D1: D1_NAME, D2: D2_NAME}
OFFICES = {PROVINCE: "tinh.sqlite", D1: "d1.sqlite", D2: "d2.sqlite", C1: "c1.sqlite",
           C1B: "c1b.sqlite", C2: "c2.sqlite"}
PASSPHRASE = "demo"


@dataclass
class Tree(Net):
    offices: ClassVar[dict[str, str]] = OFFICES

    def send(self, sender: str, recipient: str, out: Path, **options) -> Path:
        with self.open(sender) as ctx:
            return ctx.sync.export(recipient, out, passphrase=PASSPHRASE, **options).path

    def receive(self, code: str, bundle: Path, **options):
        with self.open(code) as ctx:
            return ctx.sync.import_bundle(bundle, **options)

    def hop(self, sender: str, recipient: str, folder: Path, **options):
        """Export from `sender` and import at `recipient`."""
        name = f"{sender}-to-{recipient}-{len(list(folder.glob('*.dvk'))):03d}.dvk"
        bundle = self.send(sender, recipient, folder / name, **options)
        return bundle, self.receive(recipient, bundle,
                                    passphrase=PASSPHRASE if options.get("encrypt") else None)


def _configure(ctx: AppContext, code: str) -> None:
    if code == PROVINCE:
        ctx.setup.configure(profile="ba_cap", unit_code=code)
    elif code in DISTRICT_NAMES:
        ctx.setup.configure(profile="ba_cap", new_unit_name=DISTRICT_NAMES[code],
                            new_unit_type="huyen", parent_code=PROVINCE)
    else:
        ctx.setup.configure(profile="ba_cap", unit_code=code,
                            district_name=DISTRICT_NAMES[PARENT[code]].removeprefix("Huyện "))
    for name in DISTRICT_NAMES.values():
        ctx.units.add_unit(name, "huyen", PROVINCE)
    for commune in (C1, C1B, C2):
        ctx.units.set_parent(commune, PARENT[commune])
    if code in (C1, C1B, C2):
        ctx.units.add_subunit("Thôn Đông", "thon")
        ctx.units.add_subunit("Chi hội Phụ nữ thôn Đông", "chi_hoi")
    else:
        ctx.units.add_subunit("Ban Dân vận", "co_quan")


@pytest.fixture(scope="session")
def tree_template(tmp_path_factory) -> Path:
    with made_on():
        return _tree_template(tmp_path_factory)


def _tree_template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("tree-net")
    keys = {}
    for code, name in OFFICES.items():
        with AppContext.open(folder / name, actor="test") as ctx:
            _configure(ctx, code)
            assert ctx.office_code == code
            keys[code] = bytes.fromhex(ctx.keys.create(PASSPHRASE, demo=True).public_key)
    trust_each_other(folder, OFFICES, keys,
                     [(parent, child) for child, parent in PARENT.items()])
    return folder


@pytest.fixture
def tree(tree_template: Path, tmp_path: Path) -> Tree:
    target = tmp_path / "tree"
    shutil.copytree(tree_template, target)
    (tmp_path / "out").mkdir()
    return Tree(target)
