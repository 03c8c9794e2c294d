"""`dvk demo --profile ba-cap` networks show trust along the tree in every state: the
communes' bundles forwarded verbatim by their districts, a decision come down, a
rotated key, a merger, a lost key replaced through the district, an encrypted bundle."""

from __future__ import annotations

import json
import zipfile

from app.cli.main import main
from app.context import AppContext
from app.demo.network import load_network
from app.sync import manifest as mf
from tests.sync.builders import members


def _offices(folder):
    network = load_network(folder)
    return {o["code"]: o for o in network["offices"]}, network["trust"]


def _open(folder, office):
    return AppContext.open(folder / office["db"])


def test_the_province_checked_every_commune_record_against_its_maker(ba_cap):
    offices, _story = _offices(ba_cap)
    province = next(o for o in offices.values() if o["level"] == "tinh")
    communes = {c for c, o in offices.items() if o["level"] == "xa"}
    with _open(ba_cap, province) as ctx:
        relayed = {(r.sender, r.relayed_by) for r in ctx.sync.inbox()
                   if r.relayed_by}
        assert {sender for sender, _by in relayed} == communes
        assert all(offices[sender]["parent"] == by for sender, by in relayed)
        origins = {r[0] for r in ctx.db.execute("SELECT DISTINCT origin FROM registrations")}
        assert communes <= origins
    for path in (ba_cap / "bundles").glob("*-to-37-*.dvk"):
        names = members(path)
        if any(mf.is_relayed(n) for n in names):
            break
    else:
        raise AssertionError("no district bundle forwards its communes' bundles")


def test_the_decision_came_down_to_the_commune(ba_cap):
    offices, story = _offices(ba_cap)
    decision = story["decision"]
    commune = next(o for o in offices.values() if o["level"] == "xa")
    with _open(ba_cap, commune) as ctx:
        row = ctx.db.execute("SELECT origin, level, registration_id FROM score_sheets"
                             " WHERE id = ?", [decision["sheet"]]).fetchone()
        assert row == ("37", "tinh", decision["registration"])
        deadline = ctx.registrations.registration_deadline(decision["deadline_year"])
        assert (deadline.month, deadline.day) == (4, 15)


def test_rotation_merger_and_replacement_are_known_up_and_down(ba_cap):
    offices, story = _offices(ba_cap)
    rotated, merged, replaced = story["rotated"], story["merged"], story["replaced"]
    with _open(ba_cap, offices["37"]) as ctx:
        keys = {k.key_id: k for k in ctx.trust.keys()}
        assert keys[rotated["key_id"]].valid and keys[rotated["key_id"]].via == "rotation"
        assert keys[rotated["old_key_id"]].retired_at
        assert keys[replaced["key_id"]].valid
        assert all(keys[k].revoked_at for k in replaced["revoked"])
        assert ctx.units.get(merged["unit"]).merged_into == merged["into"]
    with _open(ba_cap, offices[merged["into"]]) as ctx:  # the new office took over
        count = ctx.db.execute("SELECT count(*) FROM registrations WHERE origin = ?",
                               [merged["unit"]]).fetchone()[0]
        assert count > 0
        keys = {k.key_id: k for k in ctx.trust.keys()}
        assert keys[rotated["key_id"]].valid
        assert any(k.via == "introduction" and k.unit_code == "37" for k in keys.values())


def test_the_old_communes_bundle_on_the_stick_still_verifies(ba_cap, capsys):
    offices, story = _offices(ba_cap)
    old = story["merged"]["unit"]
    waiting = next((ba_cap / "bundles").glob(f"{old}-to-*chua-nhap.dvk"))
    district = offices[offices[old]["parent"]]
    assert main(["--db", str(ba_cap / district["db"]), "verify", str(waiting)]) == 0


def test_the_encrypted_bundle_shows_no_personal_data(ba_cap):
    offices, story = _offices(ba_cap)
    path = ba_cap / "bundles" / story["encrypted"]
    assert not zipfile.is_zipfile(path)
    data = path.read_bytes()
    commune = next(o for o in offices.values() if o["level"] == "xa")
    with _open(ba_cap, commune) as ctx:
        people = ctx.db.execute("SELECT full_name, phone FROM persons").fetchall()
    assert people
    for name, phone in people:
        assert name.encode() not in data and (not phone or phone.encode() not in data)


def test_the_key_list_of_a_district(ba_cap, capsys):
    offices, story = _offices(ba_cap)
    district = offices[story["replaced"]["unit"]]["parent"]
    assert main(["--db", str(ba_cap / offices[district]["db"]), "keys", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    states = {k["key_id"]: k for k in listed["keys"]}
    assert not states[story["replaced"]["revoked"][0]]["valid"]
    assert states[story["replaced"]["key_id"]]["enrolled"]
