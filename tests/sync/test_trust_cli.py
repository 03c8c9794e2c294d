"""The commands of issue 7: dvk keys certify|rotate|revoke|replace, dvk units merge,
dvk export --encrypt, dvk calendar."""

from __future__ import annotations

import json
import sqlite3

import pytest

from app.cli.main import main
from tests.sync.builders import register
from tests.sync.tree_net import C1, C1B, D1, PASSPHRASE, PROVINCE


@pytest.fixture(autouse=True)
def _passphrase(monkeypatch):
    monkeypatch.setenv("DVK_PASSPHRASE", PASSPHRASE)


def run(capsys, *args):
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_keys_commands_along_the_tree(tree, tmp_path, capsys, monkeypatch):
    d1, c1 = tree.path(D1), tree.path(C1)
    code, out, _err = run(capsys, "--db", d1, "keys", "certify", C1, "--years", "2")
    assert code == 0 and "Xã Yên Mô" not in out and C1 in out
    code, out, _err = run(capsys, "--db", d1, "keys", "rotate")
    assert code == 0
    code, out, err = run(capsys, "--db", d1, "keys", "certify", PROVINCE)
    assert code == 1 and PROVINCE in err  # only offices below
    code, out, _err = run(capsys, "--db", d1, "keys", "revoke", C1, "--reason", "Mất máy")
    assert code == 0
    code, _out, err = run(capsys, "--db", d1, "keys", "revoke", C1)
    assert code == 1  # nothing valid left to revoke
    monkeypatch.setenv("DVK_PASSPHRASE", "máy mới, mật khẩu mới")
    code, _out, _err = run(capsys, "--db", c1, "keys", "init", "--replace")
    assert code == 0
    card = tmp_path / "c1.dvkkey"
    code, out, _err = run(capsys, "--db", c1, "keys", "card", "--out", card)
    monkeypatch.setenv("DVK_PASSPHRASE", PASSPHRASE)
    fingerprint = out.strip().splitlines()[-1].split(": ")[-1]
    code, _out, err = run(capsys, "--db", d1, "keys", "replace", C1, card, "--fingerprint",
                          "1" * 30)
    assert code == 1  # a wrong fingerprint enrols nothing
    code, out, _err = run(capsys, "--db", d1, "keys", "replace", C1, card, "--fingerprint",
                          fingerprint)
    assert code == 0
    code, out, _err = run(capsys, "--db", d1, "keys", "list", "--json")
    keys = json.loads(out)["keys"]
    mine = [k for k in keys if k["unit_code"] == C1]
    assert sorted(k["valid"] for k in mine) == [False, True]
    code, out, _err = run(capsys, "--db", d1, "keys", "list")
    assert "thu hồi" in out or "revoked" in out


def test_units_merge_and_the_list_of_mergers(tree, capsys):
    d1 = tree.path(D1)
    code, out, _err = run(capsys, "--db", d1, "units", "merge", C1B, "--into", C1, "--on",
                          "2026-12-01", "--note", "Nghị quyết 1")
    assert code == 0 and "01/12/2026" in out
    code, _out, err = run(capsys, "--db", d1, "units", "merge", C1B, "--into", C1, "--on",
                          "2026-12-01")
    assert code == 1 and err  # already merged
    code, _out, err = run(capsys, "--db", d1, "units", "merge", C1, "--into", "14620", "--on",
                          "2026-13-01")
    assert code == 1
    code, out, _err = run(capsys, "--db", d1, "units", "mergers", "--json")
    assert [(m["unit_code"], m["into_code"]) for m in json.loads(out)] == [(C1B, C1)]
    # the keys it always wrote, in this order (typed records since issue 21, point 3)
    [merger] = json.loads(out)
    names = {row["code"]: row["name"] for row in _rows(d1, "SELECT code, name FROM units")}
    assert list(merger.items()) == [
        ("unit_code", C1B), ("unit_name", names[C1B]), ("into_code", C1),
        ("into_name", names[C1]), ("merged_on", "2026-12-01"), ("origin", D1),
        ("note", "Nghị quyết 1")]
    code, _out, err = run(capsys, "--db", tree.path(C1), "units", "merge", C1B, "--into", C1,
                          "--on", "2026-12-01")
    assert code == 1  # a commune does not merge its neighbours


def test_export_encrypt_and_import_with_the_passphrase(tree, tmp_path, capsys, monkeypatch):
    with tree.open(C1) as commune:
        register(commune, "Mô hình gửi mã hoá")
    bundle = tmp_path / "kin.dvk"
    code, out, _err = run(capsys, "--db", tree.path(C1), "export", "--to", D1, "--out", bundle,
                          "--encrypt", "--json")
    assert code == 0 and json.loads(out)["encrypted"]
    monkeypatch.delenv("DVK_PASSPHRASE")
    monkeypatch.setattr("sys.stdin", None)
    code, _out, err = run(capsys, "--db", tree.path(D1), "import", bundle)
    assert code == 1 and "DVK_PASSPHRASE" in err
    monkeypatch.setenv("DVK_PASSPHRASE", PASSPHRASE)
    code, out, _err = run(capsys, "--db", tree.path(D1), "import", bundle, "--json")
    assert code == 0 and json.loads(out)["summary"]["registrations"]["new"] == 1


def test_calendar_set_and_list(tree, capsys):
    province = tree.path(PROVINCE)
    code, out, _err = run(capsys, "--db", province, "calendar", "set", "2027",
                          "--registration", "2027-04-15")
    assert code == 0 and "15/04/2027" in out
    code, _out, err = run(capsys, "--db", province, "calendar", "set", "2027",
                          "--registration", "2027-11-15")
    assert code == 1  # after the proposals deadline
    code, out, _err = run(capsys, "--db", province, "calendar", "list", "--json")
    year = next(y for y in json.loads(out) if y["year"] == 2027)
    assert year["registration_deadline"] == "2027-04-15" and year["origin"] == PROVINCE
    # As clerks write dates, too; a date that does not exist is refused in Vietnamese.
    code, out, _err = run(capsys, "--db", province, "calendar", "set", "2027",
                          "--registration", "20/4/2027")
    assert code == 0 and "20/04/2027" in out
    code, _out, err = run(capsys, "--db", province, "calendar", "set", "2027",
                          "--registration", "31/04/2027")
    assert code == 1 and "31/04/2027" in err and "không có" in err.lower()


def _rows(path, sql: str) -> list[dict]:
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in connection.execute(sql)]
    finally:
        connection.close()


def test_the_calendars_json_is_its_tables_rows(tree, capsys):
    """`dvk calendar list --json` and `periods --json` write the rows of campaign_years
    and periods, every column in the table's order, as they did before the calendar
    handed out typed records (issue 21, point 3)."""
    province = tree.path(PROVINCE)
    assert run(capsys, "--db", province, "calendar", "set", "2027",
               "--registration", "2027-04-15")[0] == 0
    code, out, _err = run(capsys, "--db", province, "calendar", "list", "--json")
    years = _rows(province, "SELECT * FROM campaign_years ORDER BY year")
    assert code == 0 and len(years) > 1
    assert [list(y.items()) for y in json.loads(out)] == [list(y.items()) for y in years]
    assert list(years[0]) == [
        "id", "year", "period_id", "registration_deadline", "proposal_deadline",
        "recognition_deadline", "origin", "version", "created_at", "updated_at",
        "updated_by", "rev"]
    code, out, _err = run(capsys, "--db", province, "calendar", "periods", "--json")
    periods = _rows(province, "SELECT * FROM periods ORDER BY start_year")
    assert code == 0 and periods
    assert [list(p.items()) for p in json.loads(out)] == [list(p.items()) for p in periods]
    assert list(periods[0]) == [
        "id", "code", "name", "start_year", "end_year", "origin", "version", "created_at",
        "updated_at", "updated_by", "rev", "guideline"]
