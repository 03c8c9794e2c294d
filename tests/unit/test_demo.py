import json
import sqlite3

from app.demo.network import DemoOptions, generate_network, load_network


def test_network_file_lists_every_office(demo_network):
    network = json.loads((demo_network / "network.json").read_text(encoding="utf-8"))
    offices = network["offices"]
    assert [o["level"] for o in offices] == ["tinh", "xa", "xa"]
    assert offices[0] == {"code": "37", "name": "Tỉnh Ninh Bình", "level": "tinh",
                          "parent": None, "db": "tinh-37.sqlite"}
    for office in offices[1:]:
        assert office["parent"] == "37" and (demo_network / office["db"]).exists()


def test_communes_hold_realistic_registrations_in_every_state(demo_network):
    network = json.loads((demo_network / "network.json").read_text(encoding="utf-8"))
    commune = next(o for o in network["offices"] if o["level"] == "xa")
    db = sqlite3.connect(demo_network / commune["db"])
    rows = db.execute("SELECT field, kind, subject, mode, status FROM registrations").fetchall()
    assert len(rows) == 24
    assert {r[0] for r in rows} == {1, 2, 3, 4}
    assert {r[1] for r in rows} == {"mo_hinh", "dien_hinh"}
    assert {r[2] for r in rows} == {"tap_the", "ca_nhan"}
    assert {r[4] for r in rows} == {"da_dang_ky", "rut"}
    assert db.execute("SELECT count(*) FROM drafts").fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM units WHERE parent_code = ? AND level = 'coso'",
                      [commune["code"]]).fetchone()[0] >= 10


def test_the_same_seed_gives_the_same_data(tmp_path):
    def dump(folder):
        generate_network(folder, DemoOptions(communes=1, models=8, seed=42))
        network = json.loads((folder / "network.json").read_text(encoding="utf-8"))
        commune = next(o for o in network["offices"] if o["level"] == "xa")
        db = sqlite3.connect(folder / commune["db"])
        return network, db.execute("SELECT * FROM registrations ORDER BY id").fetchall()

    assert dump(tmp_path / "a") == dump(tmp_path / "b")


def test_three_tier_networks_have_districts_between(ba_cap):
    network = load_network(ba_cap)
    levels = {o["code"]: o for o in network["offices"]}
    communes = [o for o in network["offices"] if o["level"] == "xa"]
    assert all(levels[c["parent"]]["level"] == "huyen" for c in communes)
    assert {levels[c["parent"]]["name"] for c in communes} >= {"Huyện Yên Mô"}
