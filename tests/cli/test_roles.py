"""Issue 15, point 7: every command that writes to the data file or signs needs the
right role once the office uses accounts; reading needs none.

The walk is built from the parser: every command must have a role in
app/cli/roles.py and sample arguments here, so a new command cannot be added
without deciding its role. It runs on the demo commune that uses accounts (the last
commune of a demo network), with real ids from its data file."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.cli.main import build_parser, main
from app.cli.roles import ADMIN, APPROVER, CLERK, COMMAND_ROLES, READ, WINDOW, command_names
from app.context import AppContext
from app.domain.accounts import allows
from app.i18n import set_language

COMMUNE = "14215"  # the last commune of the demo network: accounts on
SIGN_IN = "Cơ quan này dùng tài khoản: hãy đăng nhập trước"
NEEDS_ROLE = "không được làm việc này: cần vai trò"
DEMO_PASSWORD = "demo1234"
USERS = {CLERK: "nhaplieu", APPROVER: "duyet"}


@dataclass
class Office:
    """The commune's data file and what the samples need from it."""

    folder: Path
    db: Path
    facts: dict[str, str]


def _facts(network: Path, db: Path, out: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        def one(sql: str) -> str:
            row = conn.execute(sql).fetchone()
            assert row is not None, sql
            return str(row[0])

        facts = {
            "reg": one(f"SELECT id FROM registrations WHERE origin = '{COMMUNE}' ORDER BY id"),
            "sheet": one(f"SELECT id FROM score_sheets WHERE origin = '{COMMUNE}' ORDER BY id"),
            "rubric": one("SELECT id FROM rubrics ORDER BY family, edition"),
            "proposal": one(f"SELECT id FROM proposals WHERE origin = '{COMMUNE}'"),
            "decision": one(f"SELECT id FROM decisions WHERE issuer_code = '{COMMUNE}'"
                            " AND state = 'ban_hanh' ORDER BY number"),
            "number": one(f"SELECT number FROM decisions WHERE issuer_code = '{COMMUNE}'"
                          " AND state = 'ban_hanh' ORDER BY number"),
            "year": one(f"SELECT year FROM decisions WHERE issuer_code = '{COMMUNE}'"),
            "subunit": one(f"SELECT code FROM units WHERE parent_code = '{COMMUNE}'"
                           " ORDER BY code"),
            "other_subunit": one(f"SELECT code FROM units WHERE parent_code = '{COMMUNE}'"
                                 " ORDER BY code DESC"),
            "item": one("SELECT code FROM rubric_items WHERE kind <> 'dieu_kien'"
                        " ORDER BY position"),
            "person": one(f"SELECT id FROM persons WHERE origin = '{COMMUNE}'"
                          " AND erased_on IS NULL ORDER BY id"),
        }
    province = network / "tinh-37.sqlite"
    with AppContext.open(province, actor="test") as ctx:  # accounts off there
        card = ctx.keys.write_card(out / "the-khoa-37.dvkkey", "demo")
    facts["card"] = str(out / "the-khoa-37.dvkkey")
    facts["fingerprint"] = card.fingerprint
    facts["bundle"] = str(next((network / "bundles").glob(f"37-to-{COMMUNE}-*.dvk")))
    facts["backup"] = str(next((network / "backups" / COMMUNE).glob("*.sqlite")))
    facts["excel"] = str(network / "excel" / "mau-dang-ky.xlsx")
    facts["image"] = str(network / "certificates" / "giay-cong-nhan-that.png")
    return facts


def samples(f: dict[str, str], out: Path) -> dict[str, list[str]]:
    """Arguments that reach the job itself for each command (ids from the file)."""
    pdf = str(out / "giay.pdf")
    return {
        "gui": [],  # not run: the window (see test_the_window_asks_to_sign_in_first)
        "screenshots": ["--out", str(out / "anh")],
        "demo": ["--out", str(out / "demo"), "--communes", "1", "--models", "0"],
        "setup": ["--unit", "14725", "--profile", "hai-cap"],
        "units list": [],
        "units add": ["Tổ dân phố số 9", "--type", "to_dan_pho"],
        "units merge": [f["subunit"], "--into", f["other_subunit"], "--on", "01/07/2027"],
        "units mergers": [],
        "models list": ["--search", "dan van"],
        "models show": [f["reg"]],
        "models add": ["--name", "Mô hình thêm không đăng nhập", "--field", "2",
                       "--subunit", f["subunit"]],
        "models withdraw": [f["reg"], "--reason", "Thử"],
        "scores list": [],
        "scores show": [f["sheet"]],
        "scores new": [f["reg"]],
        "scores set": [f["sheet"], f"{f['item']}=5"],
        "scores note": [f["sheet"], "--remarks", "Ghi chú"],
        "scores members": [f["sheet"], "--add", "Nguyễn Văn Ba"],
        "scores submit": [f["sheet"]],
        "scores approve": [f["sheet"]],
        "scores lock": [f["sheet"]],
        "scores rekey": [f["sheet"]],
        "scores compare": [f["sheet"]],
        "scores return": [f["sheet"], "--reason", "Thử"],
        "scores correct": [f["sheet"], "--reason", "Thử"],
        "scores council": [],
        "rubrics list": [],
        "rubrics show": [f["rubric"]],
        "rubrics copy": [f["rubric"]],
        "rubrics edit": [f["rubric"], "--name", "Bộ tiêu chí sửa"],
        "rubrics assign": [f["rubric"], "--year", "2027", "--level", "xa"],
        "rubrics assignments": [],
        "recognition status": [],
        "recognition recognise": [f["reg"]],
        "recognition refuse": [f["reg"], "--reason", "Thử"],
        "recognition return": [f["reg"], "--reason", "Thử"],
        "recognition history": [f["reg"]],
        "recognition chain": [f["reg"]],
        "recognition review": [],
        "recognition due": [],
        "proposals list": [],
        "proposals candidates": [],
        "proposals create": [],
        "proposals add": [f["proposal"], f["reg"]],
        "proposals remove": [f["proposal"], f["reg"]],
        "proposals send": [f["proposal"]],
        "proposals show": [f["proposal"]],
        "decisions list": [],
        "decisions show": [f["number"], "--issuer", COMMUNE],
        "decisions draft": [],
        "decisions add": [f["decision"], f["reg"]],
        "decisions remove": [f["decision"], f["reg"]],
        "decisions issue": [f["decision"]],
        "decisions amend": [f["number"], "--reason", "Sửa tên"],
        "numbering list": [],
        "numbering set": ["decision", "--per", "year"],
        "numbering entries": ["decision"],
        "print registration": ["--model", f["reg"], "--out", pdf],
        "print scoresheet": ["--model", f["reg"], "--out", pdf],
        "print proposal": ["--proposal", f["proposal"], "--out", pdf],
        "print decision": ["--decision", f["number"], "--issuer", COMMUNE, "--out", pdf],
        "print certificates": ["--decision", f["number"], "--issuer", COMMUNE, "--out", pdf],
        "print report": ["--year", f["year"], "--out", pdf],
        "print sample": ["certificate", "--out", pdf],
        "print settings": [],
        "print set": ["print.signer_name", "Nguyễn Văn Giả"],
        "print unset": ["print.signer_name"],
        "print presets": [],
        "print calibration": ["--out", pdf],
        "print offsets": ["--printer", "Canon LBP2900", "--x", "1,5", "--y", "-1"],
        "print blank-layout show": [],
        "print blank-layout set": ["recipient", "--y", "90"],
        "print blank-layout reset": [],
        "print emblem": [f["image"]],
        "print wording show": ["certificate"],
        "print wording set": ["certificate", "title", "GIẤY GIẢ"],
        "print wording reset": ["certificate"],
        "keys init": ["--replace"],
        "keys card": ["--out", str(out / "the.dvkkey")],
        "keys trust": [f["card"], "--fingerprint", f["fingerprint"]],
        "keys list": [],
        "keys certify": ["37"],
        "keys rotate": [],
        "keys revoke": ["37"],
        "keys replace": ["37", f["card"], "--fingerprint", f["fingerprint"]],
        "export": ["--to", "37", "--out", str(out / "len-tinh.dvk")],
        "verify": [f["bundle"]],
        "import": [f["bundle"]],
        "communes": ["--excel", str(out / "cac-xa.xlsx")],
        "conflicts list": [],
        "conflicts reviewed": ["1"],
        "calendar list": [],
        "calendar set": ["2027", "--registration", "15/04/2027"],
        "calendar periods": [],
        "calendar guideline": ["2027", "Hướng dẫn số 07-HD/BTGDVTU ngày 05/01/2027"],
        "calendar period-add": ["--from", "2031", "--to", "2035", "--registration", "30/3",
                                "--proposal", "1/10", "--recognition", "15/10"],
        "stats": [],
        "import-excel": [f["excel"]],
        "export-excel": ["--out", str(out / "so.xlsx")],
        "excel-template": ["--out", str(out / "mau.xlsx")],
        "guide": ["--out", str(out / "huong-dan.pdf")],
        "verify-certificate": [f["image"]],
        "publish-verifier": ["--out", str(out / "xac-minh.html")],
        "verifier-link": ["https://dvk.ninhbinh.gov.vn/xac-minh.html"],
        "export-data": ["--out", str(out / "mo")],
        "check": [],
        "backup": ["--out", str(out)],
        "restore": [f["backup"]],
        "users add": ["nguoimoi", "--role", "nhap_lieu"],
        "users list": [],
        "users passwd": ["nhaplieu"],
        "users disable": ["nhaplieu"],
        "users enable": ["cu.nhanvien"],
        "users role": ["nhaplieu", "duyet_ky"],
        "audit": ["--limit", "5"],
        "privacy show": [f["person"]],
        "privacy requests": [],
        "privacy erasures": [],
        "privacy correct": [f["person"], "--phone", "0912 345 678"],
        "privacy request": [f["person"], "--correct", "--note", "Đơn số 1"],
        "privacy erase": [f["person"]],
        "privacy purge": ["--before", "2000"],
        "encryption on": [],
        "encryption status": [],
        "encryption passphrase": [],
        "audit children": [],
        "audit checkpoint": [],
        "audit accept": [f["bundle"], "--reason", "Đã xác minh với xã"],
    }


# Read-only commands whose honest answer on this file is not 0.
READ_EXIT = {
    "verify-certificate": 4,  # a certificate of another commune: not confirmed here
    "scores compare": 1,  # the sheet has no second keying to compare with
}


@pytest.fixture(scope="module")
def office(tmp_path_factory, demo_network_template) -> Office:
    folder = tmp_path_factory.mktemp("roles")
    network = folder / "network"
    shutil.copytree(demo_network_template, network)
    out = folder / "out"
    out.mkdir()
    db = network / f"xa-{COMMUNE}.sqlite"
    return Office(folder, db, _facts(network, db, out))


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv("DVK_PASSPHRASE", "demo")
    monkeypatch.setenv("DVK_NEW_PASSWORD", "mat-khau-moi-1")
    monkeypatch.delenv("DVK_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", None)


def _file_state(db: Path) -> tuple[str, ...]:
    """The data file's bytes (and its write-ahead log, if one is left). An empty log
    holds nothing: the copied network may come with one, and the first connection to
    close removes it."""
    parts = [hashlib.sha256(db.read_bytes()).hexdigest()]
    for suffix in ("-wal", "-journal"):
        side = Path(str(db) + suffix)
        data = side.read_bytes() if side.exists() else b""
        parts.append(hashlib.sha256(data).hexdigest() if data else "")
    return tuple(parts)


def _content(db: Path) -> str:
    """Everything in the data file but the traces of signing in (the last sign-in
    time, 'login' entries of the audit log and the chain over them)."""
    digest = hashlib.sha256()
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE '%_fts%' ORDER BY name")]
        for table in tables:
            if table == "audit_log":
                rows = conn.execute("SELECT actor, action, kind, record_id, detail FROM audit_log"
                                    " WHERE action NOT IN ('login', 'logout') ORDER BY seq")
            elif table == "users":
                rows = conn.execute("SELECT name, full_name, role, active, password_hash"
                                    " FROM users ORDER BY name")
            else:
                rows = conn.execute(f"SELECT * FROM [{table}] ORDER BY 1")
            digest.update(table.encode())
            for row in rows:
                digest.update(repr(row).encode())
    return digest.hexdigest()


def _run(office: Office, command: str, capsys, user: str | None = None) -> tuple[int, str]:
    args = samples(office.facts, office.folder / "out")[command]
    argv = ["--db", str(office.db)] + (["--user", user] if user else []) + \
        command.split() + args
    capsys.readouterr()
    code = main(argv)
    set_language("vi")
    captured = capsys.readouterr()
    return code, captured.err + captured.out


def test_every_command_has_a_role_and_a_sample(office):
    commands = set(command_names(build_parser()))
    assert commands == set(COMMAND_ROLES), (
        "every dvk command needs its role in app/cli/roles.py: "
        f"{sorted(commands ^ set(COMMAND_ROLES))}")
    assert commands == set(samples(office.facts, office.folder / "out")), (
        "every dvk command needs sample arguments in this test: "
        f"{sorted(commands ^ set(samples(office.facts, office.folder / 'out')))}")


def test_without_signing_in_every_writing_or_signing_command_is_refused(office, env,
                                                                         capsys):
    """Accounts on, no --user: each writing or signing command exits 1 with the
    sign-in refusal and leaves the data file's bytes as they were; each read-only
    command does its job."""
    wrong: list[str] = []
    for command, role in COMMAND_ROLES.items():
        if role == WINDOW:
            continue
        before = _file_state(office.db)
        code, text = _run(office, command, capsys)
        after = _file_state(office.db)
        if role is READ:
            expected = READ_EXIT.get(command, 0)
            if code != expected or SIGN_IN in text:
                wrong.append(f"{command}: read-only, exit {code} (expected {expected}): "
                             f"{text.strip()[-300:]}")
        elif code != 1 or SIGN_IN not in text:
            wrong.append(f"{command}: needs {role}, exit {code}: {text.strip()[-300:]}")
        if after != before:
            wrong.append(f"{command}: the data file changed")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", [CLERK, APPROVER])
def test_a_role_below_the_one_needed_is_refused(office, env, capsys, monkeypatch, role):
    """Signed in with a lower role: every command that needs more is refused by name,
    and nothing but the sign-in itself is written."""
    monkeypatch.setenv("DVK_PASSWORD", DEMO_PASSWORD)
    wrong: list[str] = []
    for command, needed in COMMAND_ROLES.items():
        if needed in (READ, WINDOW) or allows(role, needed):
            continue
        before = _content(office.db)
        code, text = _run(office, command, capsys, user=USERS[role])
        if code != 1 or NEEDS_ROLE not in text:
            wrong.append(f"{command} as {role}: exit {code}: {text.strip()[-300:]}")
        if _content(office.db) != before:
            wrong.append(f"{command} as {role}: the data changed")
    assert not wrong, "\n".join(wrong)


def test_the_roles_table_is_the_rule_the_readme_states():
    """README lists the role of each command group; the table and it must agree on
    the jobs the issue names (setup, signing codes, key cards)."""
    assert COMMAND_ROLES["setup"] == ADMIN
    assert COMMAND_ROLES["print certificates"] == APPROVER
    assert COMMAND_ROLES["keys card"] == APPROVER
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for command, role in COMMAND_ROLES.items():
        if role not in (READ, WINDOW):
            assert f"`{command}`" in readme, f"README does not list the role of {command}"
