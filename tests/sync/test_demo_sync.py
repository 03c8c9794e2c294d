"""Demo networks exchange bundles out of the box (keys with passphrase "demo",
trust along the tree, the province already holding its communes' records)."""

from __future__ import annotations

import json

from app.cli.main import main
from app.context import AppContext
from app.demo.network import load_network


def _offices(folder):
    return load_network(folder)["offices"]


def test_demo_offices_have_keys_and_trust_along_the_tree(demo_network):
    offices = _offices(demo_network)
    for office in offices:
        with AppContext.open(demo_network / office["db"]) as ctx:
            assert ctx.keys.own() is not None
            trusted = {k.unit_code for k in ctx.keys.trusted()}
            expected = {o["code"] for o in offices
                        if o["code"] == office["parent"] or o["parent"] == office["code"]}
            assert trusted == expected
            ctx.keys.unlock("demo")


def test_demo_province_holds_its_communes_records_and_a_conflict(demo_network):
    offices = _offices(demo_network)
    province = next(o for o in offices if o["level"] == "tinh")
    communes = [o for o in offices if o["level"] == "xa"]
    with AppContext.open(demo_network / province["db"]) as ctx:
        origins = {r[0] for r in ctx.db.execute("SELECT DISTINCT origin FROM registrations")}
        assert origins == {c["code"] for c in communes}
        assert len(ctx.sync.conflicts()) == 1
        assert len(ctx.sync.inbox()) == len(communes) + 1
    waiting = sorted((demo_network / "bundles").glob("*chua-nhap.dvk"))
    assert len(waiting) == 1


def test_the_commands_of_the_issue_work_on_a_demo_network(demo_network, monkeypatch, capsys,
                                                          tmp_path):
    commune = next(o for o in _offices(demo_network) if o["level"] == "xa")
    monkeypatch.setenv("DVK_PASSPHRASE", "demo")
    bundle = tmp_path / "b.dvk"
    assert main(["--db", str(demo_network / commune["db"]), "export", "--to", "37",
                 "--out", str(bundle), "--full"]) == 0
    province = demo_network / "tinh-37.sqlite"
    assert main(["--db", str(province), "verify", str(bundle)]) == 0
    assert main(["--db", str(province), "import", str(bundle), "--json"]) == 0
    capsys.readouterr()
    waiting = sorted((demo_network / "bundles").glob("*chua-nhap.dvk"))[0]
    assert main(["--db", str(province), "import", str(waiting), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["applied"] and result["summary"]["registrations"]["updated"] == 1
