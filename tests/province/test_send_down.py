"""Issue 25, point 9: send down in one go. `dvk export --all-children --out FOLDER`
writes one bundle per commune into a folder named after it (or for the communes chosen
with --to); the Sent list names every recipient, with no cap, and says whether each
commune has imported its bundle, which the province learns from the receipt in the
commune's next bundle up."""

from __future__ import annotations

import json

from app.cli import main
from tests.province.conftest import PROVINCE
from tests.sync.builders import export


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_one_bundle_per_commune_and_who_imported_it(october, capsys, monkeypatch, tmp_path):
    from app.demo.reliability import DEMO_PASSWORD

    monkeypatch.setenv("DVK_PASSPHRASE", "demo")
    first, second = october.communes
    db = str(october.network / "tinh-37.sqlite")
    with october.open(PROVINCE) as ctx:
        ctx.stick.run([october.stick])
        written_before = ctx.db.execute("SELECT count(*) FROM outbox").fetchone()[0]
    out = tmp_path / "USB"
    out.mkdir()
    code, text, err = run(capsys, "--db", db, "export", "--all-children", "--out", str(out))
    assert code == 0, err
    folders = {p.name: p for p in out.iterdir()}
    assert len(folders) == 129
    theirs = folders[f"{second['name']} - {second['code']}"]
    bundle = next(theirs.glob("*.dvk"))
    assert f"{second['name']} ({second['code']}): " in text
    assert f"Đã ghi 129/129 gói vào {out}." in text
    # the communes chosen only, as JSON
    some = tmp_path / "some"
    some.mkdir()
    code, text, err = run(capsys, "--db", db, "export", "--to", first["code"], "--to",
                          second["code"], "--out", str(some), "--json")
    assert code == 0, err
    assert sorted(e["code"] for e in json.loads(text)) == sorted([first["code"],
                                                                  second["code"]])
    assert len(list(some.iterdir())) == 2
    # an office that is not below this one: refused, nothing written
    code, _text, err = run(capsys, "--db", db, "export", "--to", first["code"], "--to",
                           "00004", "--out", str(some))
    assert code == 1 and "00004" in err
    with october.open(PROVINCE) as ctx:
        rows = ctx.send_down.sent_list()
        assert len(rows) == written_before + 131  # every one, no 50-row cap
        mine = next(r for r in rows if r.file_name == bundle.name
                    and r.recipient == second["code"])
        assert mine.recipient_name == second["name"] and mine.imported is False
    # the commune imports it, and its next bundle up carries the receipt
    with october.open(second["code"]) as ctx:
        if ctx.accounts.enabled():
            ctx.accounts.login("duyet", DEMO_PASSWORD)
        # encrypted to the commune (its key is known): its passphrase opens it
        assert bundle.name.endswith("-ma-hoa.dvk")
        ctx.sync.import_bundle(bundle, passphrase="demo")
        up = export(ctx, PROVINCE, tmp_path / "len.dvk")
    with october.open(PROVINCE) as ctx:
        ctx.sync.import_bundle(up)
        mine = next(r for r in ctx.send_down.sent_list() if r.file_name == bundle.name
                    and r.recipient == second["code"])
        assert mine.imported is True
        others = [r for r in ctx.send_down.sent_list() if r.recipient == first["code"]]
        assert others and not others[0].imported  # the first commune has not yet
