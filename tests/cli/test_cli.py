import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def office(tmp_path, capsys) -> str:
    db = str(tmp_path / "xa.sqlite")
    assert run(capsys, "--db", db, "setup", "--unit", "14725", "--profile", "hai-cap")[0] == 0
    return db


def test_version_through_python_m_app_and_the_entry_point():
    result = subprocess.run([sys.executable, "-m", "app", "--version"], capture_output=True,
                            encoding="utf-8", check=True)
    assert result.stdout.startswith("dvk ")
    script = Path(sys.executable).with_name("dvk.exe" if os.name == "nt" else "dvk")
    if script.exists():
        assert subprocess.run([str(script), "--version"], capture_output=True,
                              encoding="utf-8", check=True).stdout == result.stdout


def test_setup_and_sub_units(tmp_path, capsys):
    db = office(tmp_path, capsys)
    code, out, _err = run(capsys, "--db", db, "units", "add", "Chi hội Nông dân tổ 1",
                          "--type", "chi_hoi")
    assert code == 0 and "14725-001" in out
    code, out, _err = run(capsys, "--db", db, "units", "list", "--json")
    assert json.loads(out) == [{"code": "14725-001", "name": "Chi hội Nông dân tổ 1",
                                "type": "chi_hoi", "level": "coso", "parent": "14725"}]


def test_register_list_show_withdraw(tmp_path, capsys):
    db = office(tmp_path, capsys)
    run(capsys, "--db", db, "units", "add", "Tổ dân phố số 4", "--type", "to_dan_pho")
    code, out, err = run(capsys, "--db", db, "models", "add", "--name", "Dân vận khéo trong"
                         " phân loại rác", "--field", "2", "--subunit", "14725-001", "--year",
                         "2026", "--registered-on", "2/4/2026")
    assert code == 0, err
    registration_id = out.strip()
    assert "Cảnh báo" in err and "30/03/2026" in err  # late: warned, still saved
    code, out, _err = run(capsys, "--db", db, "models", "list", "--search", "phan loai",
                          "--json")
    items = json.loads(out)
    assert [i["id"] for i in items] == [registration_id]
    assert {"id", "name", "kind", "field", "year", "status", "registrant"} <= set(items[0])
    assert items[0]["registrant"] == "Tổ dân phố số 4" and items[0]["field"] == 2
    code, out, _err = run(capsys, "--db", db, "models", "show", registration_id[:8])
    assert code == 0 and "Tổ dân phố số 4" in out and "Văn hóa - xã hội" in out
    code, out, _err = run(capsys, "--db", db, "models", "withdraw", registration_id,
                          "--reason", "Đăng ký trùng")
    assert code == 0
    items = json.loads(run(capsys, "--db", db, "models", "list", "--json")[1])
    assert items[0]["status"] == "rut"


def test_register_from_json(tmp_path, capsys):
    db = office(tmp_path, capsys)
    run(capsys, "--db", db, "units", "add", "Chi bộ tổ dân phố số 1", "--type", "chi_bo")
    data = {"name": "Đảng viên giúp đỡ hộ khó khăn", "field": 4, "subunit_code": "14725-001",
            "registered_on": "2026-03-01", "year": 2026,
            "targets": [{"indicator": "Số hộ được giúp", "target": 25, "unit_of_measure": "hộ"}]}
    source = tmp_path / "dk.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "--db", db, "models", "add", "--from-json", str(source))
    assert code == 0, err
    shown = json.loads(run(capsys, "--db", db, "models", "show", out.strip(), "--json")[1])
    assert shown["targets"][0]["indicator"] == "Số hộ được giúp"


def test_errors_are_one_vietnamese_line_with_stable_exit_codes(tmp_path, capsys):
    db = office(tmp_path, capsys)
    code, _out, err = run(capsys, "--db", db, "models", "add", "--name", "", "--field", "1")
    assert code == 1 and err.startswith("Lỗi: ") and err.count("\n") == 1
    code, _out, err = run(capsys, "--db", db, "models", "show", "khong-co")
    assert code == 1 and "Không có bản đăng ký" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", db, "models", "list", "--field", "9"])
    assert exit_info.value.code == 2
    assert "dùng lệnh chưa đúng" in capsys.readouterr().err


def test_demo_writes_a_network(tmp_path, capsys):
    code, out, _err = run(capsys, "demo", "--out", str(tmp_path / "net"), "--communes", "2",
                          "--models", "3", "--seed", "5", "--profile", "ba-cap")
    assert code == 0
    network = json.loads((tmp_path / "net" / "network.json").read_text(encoding="utf-8"))
    assert {o["level"] for o in network["offices"]} == {"tinh", "huyen", "xa"}
    assert "cơ quan" in out


def test_check_reports_a_healthy_file_and_a_tampered_one(tmp_path, capsys):
    db = office(tmp_path, capsys)
    code, out, _err = run(capsys, "--db", db, "check")
    assert code == 0 and "không phát hiện lỗi" in out
    import sqlite3

    raw = sqlite3.connect(db)
    raw.execute("DROP TRIGGER audit_log_no_update")
    raw.execute("UPDATE audit_log SET detail = 'sửa lén' WHERE seq = 1")
    raw.commit()
    raw.close()
    code, out, _err = run(capsys, "--db", db, "check")
    assert code == 1 and "LỖI" in out


def test_english_messages_on_request(tmp_path, capsys):
    # The data file is made by `setup` first: no other command creates one (issue 23).
    db = office(tmp_path, capsys)
    code, out, _err = run(capsys, "--lang", "en", "--db", db, "models", "list")
    assert code == 0 and "0 registrations." in out
