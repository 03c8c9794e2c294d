"""A province's October stick, made from a real demo network (two communes of Ninh
Bình and the province, through the real services), as a clerk finds it:

- each commune's new bundles: the first commune sent its draft proposal (one bundle)
  and then registered a model (the next bundle), both on the stick, the later one
  under a name that sorts first; the second commune registered a model;
- a copy of a bundle under another name, the bundles already imported last time,
  the province's own bundles for its communes (the stick carries both ways);
- a bundle of a commune of the province whose key the province never enrolled, a
  bundle of a Hà Nội ward for its own province, and a bundle cut off mid-copy.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.context import AppContext
from app.demo.reliability import DEMO_PASSWORD
from app.domain.recognition import ProposalState
from app.domain.scoring import TOP
from tests.sync.builders import export, register

PROVINCE = "37"
UNKNOWN = "14725"  # Phường Yên Thắng: under 37, but its key was never enrolled there
ELSEWHERE = "00004"  # Phường Ba Đình, Hà Nội


@dataclass
class Stick:
    network: Path  # the demo network (the offices' data files)
    stick: Path  # the USB stick's folder
    communes: list[dict]  # the demo's communes (code, name, db)
    first_bundles: list[Path]  # the first commune's two new bundles, in sequence order
    second_bundle: Path
    duplicate: Path
    unknown: Path
    elsewhere: Path
    truncated: Path
    proposed: list[str]  # names of the models the communes proposed in October
    proposed_by: dict[str, list[str]]  # the same per commune code

    def open(self, code: str) -> AppContext:
        office = next(o for o in json.loads((self.network / "network.json").read_text(
            encoding="utf-8"))["offices"] if o["code"] == code)
        return AppContext.open(self.network / office["db"], actor="test")


def _stranger(folder: Path, code: str, recipient: str, name: str, *,
              encrypt: bool = False) -> Path:
    """A bundle of an office the province does not know the key of (`encrypt`: for its
    own province, encrypted to it: only that office can open it)."""
    if encrypt:
        with AppContext.open(folder / f"{recipient}.sqlite", actor="test") as ctx:
            ctx.setup.configure(profile="hai_cap", unit_code=recipient)
            key = bytes.fromhex(ctx.keys.create("demo", demo=True).public_key)
    with AppContext.open(folder / f"{code}.sqlite", actor="test") as ctx:
        ctx.setup.configure(profile="hai_cap", unit_code=code)
        ctx.keys.create("demo", demo=True)
        if encrypt:
            ctx.keys.trust_public_key(recipient, recipient, key)
        ctx.units.add_subunit("Thôn Đông", "thon")
        register(ctx, "Mô hình không rõ nguồn")
        return export(ctx, recipient, folder / name, encrypt=encrypt)


@pytest.fixture(scope="session")
def stick_template(demo_network_template, tmp_path_factory) -> Stick:
    root = tmp_path_factory.mktemp("stick")
    network = root / "network"
    shutil.copytree(demo_network_template, network)
    offices = json.loads((network / "network.json").read_text(encoding="utf-8"))["offices"]
    communes = [o for o in offices if o["level"] == "xa"]
    stick = root / "E"
    (stick / "thang-10" / "xa-1").mkdir(parents=True)
    (stick / "thang-10" / "xa-2").mkdir(parents=True)
    first, second = communes
    with AppContext.open(network / "tinh-37.sqlite", actor="test") as ctx:
        # (the demo's province withdrew one of the first commune's models meanwhile)
        withdrawn = {row[0] for row in ctx.db.execute(
            "SELECT id FROM registrations WHERE status = 'rut'")}
    with AppContext.open(network / first["db"], actor="test") as ctx:
        drafts = [p.id for p in ctx.proposals.listing(year=2026) if p.state == ProposalState.DRAFT]
        if not drafts:  # the models the council recognised, proposed now
            chosen = [r for r in ctx.proposals.candidates(2026) if r.id not in withdrawn]
            drafts = [ctx.proposals.create(
                2026, [r.id for r in chosen],
                reasons={r.id: "Cách làm sáng tạo, đề nghị xem xét." for r in chosen
                         if r.rating != TOP})]
        proposed_by = {first["code"]: [m["name"] for p in drafts
                                       for m in ctx.proposals.as_json(p)["models"]]}
        for draft in drafts:
            ctx.proposals.send(draft)
        earlier = export(ctx, PROVINCE, stick / "thang-10" / "xa-1" / "z-truoc.dvk")
        register(ctx, "Mô hình đăng ký bổ sung tháng 10")
        later = export(ctx, PROVINCE, stick / "thang-10" / "xa-1" / "a-sau.dvk")
    with AppContext.open(network / second["db"], actor="test") as ctx:
        if ctx.accounts.enabled():  # the demo turns accounts on in its last commune
            ctx.accounts.login("duyet", DEMO_PASSWORD)
        chosen = [r for r in ctx.proposals.candidates(2026) if r.id not in withdrawn]
        if chosen:
            ctx.proposals.send(ctx.proposals.create(
                2026, [r.id for r in chosen],
                reasons={r.id: "Mô hình có sức lan tỏa trong xã." for r in chosen
                         if r.rating != TOP}))
            proposed_by[second["code"]] = [r.name for r in chosen]
        register(ctx, "Tổ tự quản đường làng sáng - xanh - sạch")
        second_bundle = export(ctx, PROVINCE, stick / "thang-10" / "xa-2" / "goi.dvk")
    duplicate = stick / "thang-10" / "ban sao cua goi.dvk"
    shutil.copy(second_bundle, duplicate)
    shutil.copytree(network / "bundles", stick / "cu")  # last time's, and the province's own
    strangers = root / "strangers"
    strangers.mkdir()
    unknown = _stranger(strangers, UNKNOWN, PROVINCE, "la.dvk")
    shutil.copy(unknown, stick / "khong-ro.dvk")
    elsewhere = _stranger(strangers, ELSEWHERE, "01", "ha-noi.dvk", encrypt=True)
    shutil.copy(elsewhere, stick / "cua-ha-noi.dvk")
    data = second_bundle.read_bytes()
    truncated = stick / "thang-10" / "bi-cat.dvk"
    truncated.write_bytes(data[: len(data) // 2])
    return Stick(network=network, stick=stick, communes=communes,
                 first_bundles=[earlier, later], second_bundle=second_bundle,
                 duplicate=duplicate, unknown=stick / "khong-ro.dvk",
                 elsewhere=stick / "cua-ha-noi.dvk", truncated=truncated,
                 proposed=[n for names in proposed_by.values() for n in names],
                 proposed_by=proposed_by)


@pytest.fixture
def october(stick_template: Stick, tmp_path: Path) -> Stick:
    """A fresh copy of the network and the stick for one test."""
    target = tmp_path / "october"
    shutil.copytree(stick_template.network.parent, target)

    def moved(path: Path) -> Path:
        return target / path.relative_to(stick_template.network.parent)

    return Stick(network=moved(stick_template.network), stick=moved(stick_template.stick),
                 communes=stick_template.communes,
                 first_bundles=[moved(p) for p in stick_template.first_bundles],
                 second_bundle=moved(stick_template.second_bundle),
                 duplicate=moved(stick_template.duplicate),
                 unknown=moved(stick_template.unknown),
                 elsewhere=moved(stick_template.elsewhere),
                 truncated=moved(stick_template.truncated),
                 proposed=stick_template.proposed, proposed_by=stick_template.proposed_by)
