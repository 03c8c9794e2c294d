"""The data file and its backups encrypted at rest (SQLCipher), the passphrase, the
recovery key, the command line and the window's dialogs."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from app import atrest
from app.cli.main import main
from app.context import AppContext
from app.domain.registration import PersonInput
from app.errors import DvkError
from app.repositories import settings
from db import connection

PASSPHRASE = "mat-khau-tep-du-lieu"


@pytest.fixture(autouse=True)
def _fast(fast_keys):
    yield


def _digest(path: Path) -> tuple[str, ...]:
    """The bytes of a data file, its key file and its write-ahead log."""
    parts = []
    for side in (path, atrest.key_file(path), Path(str(path) + "-wal")):
        parts.append(hashlib.sha256(side.read_bytes()).hexdigest() if side.exists() else "")
    return tuple(parts)


def _office_with_a_person(path: Path) -> str:
    with AppContext.open(path, actor="test") as ctx:
        ctx.setup.configure(profile="hai_cap", unit_code="14725")
        ctx.units.add_subunit("Tổ dân phố số 1", "to_dan_pho")
        reg = ctx.registrations.blank(2026)
        reg.name, reg.field = "Bà Đinh Thị Xuân - vận động nuôi ong", 1
        reg.kind, reg.subject = "dien_hinh", "ca_nhan"
        reg.person = PersonInput(full_name="Đinh Thị Xuân", phone="0987 654 321")
        return ctx.registrations.save(reg)


def test_an_encrypted_file_shows_nothing_without_its_passphrase(tmp_path):
    path = tmp_path / "office.sqlite"
    registration_id = _office_with_a_person(path)
    result = atrest.enable(path, PASSPHRASE, fast=True)
    assert len(result.recovery_key.replace("-", "")) == atrest.RECOVERY_LETTERS
    raw = path.read_bytes()
    assert not raw.startswith(connection.PLAIN_HEADER)
    assert "Đinh Thị Xuân".encode() not in raw and b"0987 654 321" not in raw
    assert not list(tmp_path.glob("*.chua-ma-hoa"))  # the plain copy is gone
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT * FROM persons").fetchall()
    connection._KEYS.clear()
    with pytest.raises(atrest.DataFileLocked):
        AppContext.open(path)
    with pytest.raises(atrest.DataFileLocked):
        atrest.unlock(path, passphrase="sai mat khau")
    atrest.unlock(path, passphrase=PASSPHRASE)
    with AppContext.open(path, actor="test") as ctx:
        assert ctx.registrations.get(registration_id).registrant == "Đinh Thị Xuân"
        assert ctx.maintenance.check().ok
        # Written, searched, backed up: still encrypted, the backup with its key file.
        ctx.privacy.correct(ctx.privacy.find("Đinh Thị Xuân")[0], {"phone": "0911 111 111"})
        backup = ctx.backups.backup_to(tmp_path / "saved.sqlite")
        assert not backup.read_bytes().startswith(connection.PLAIN_HEADER)
        assert atrest.key_file(backup).is_file()
        assert ctx.backups.preview(backup).ok
    assert b"0911 111 111" not in path.read_bytes()
    wal = Path(str(path) + "-wal")
    assert not wal.exists() or b"0911 111 111" not in wal.read_bytes()


def test_the_recovery_key_replaces_a_forgotten_passphrase(tmp_path):
    path = tmp_path / "office.sqlite"
    _office_with_a_person(path)
    recovery = atrest.enable(path, PASSPHRASE, fast=True).recovery_key
    connection._KEYS.clear()
    atrest.change_passphrase(path, "mat-khau-moi-2026", recovery=recovery.lower(), fast=True)
    connection._KEYS.clear()
    with pytest.raises(atrest.DataFileLocked):
        atrest.unlock(path, passphrase=PASSPHRASE)
    atrest.unlock(path, passphrase="mat-khau-moi-2026")
    with AppContext.open(path, actor="test") as ctx:
        assert ctx.registrations.count(ctx_query()) == 1


def ctx_query():
    from app.domain.listing import ListQuery

    return ListQuery()


def test_a_backup_restores_on_a_new_pc_with_its_key_file_and_passphrase(tmp_path):
    path = tmp_path / "office.sqlite"
    _office_with_a_person(path)
    atrest.enable(path, PASSPHRASE, fast=True)
    with AppContext.open(path, actor="test") as ctx:
        backup = ctx.backups.backup_to(tmp_path)
    connection._KEYS.clear()  # another PC: only the stick with the backup
    stick = tmp_path / "stick"
    stick.mkdir()
    moved = stick / "office.sqlite"
    moved.write_bytes(backup.read_bytes())
    atrest.key_file(moved).write_bytes(atrest.key_file(backup).read_bytes())
    with pytest.raises(atrest.DataFileLocked):
        AppContext.open(moved)
    atrest.unlock(moved, passphrase=PASSPHRASE)
    with AppContext.open(moved, actor="test") as ctx:
        assert ctx.privacy.find("Đinh Thị Xuân")


def test_the_command_line_turns_it_on_and_then_needs_the_passphrase(tmp_path, monkeypatch,
                                                                     capsys):
    path = tmp_path / "office.sqlite"
    _office_with_a_person(path)
    monkeypatch.setenv("DVK_NEW_DATA_PASSPHRASE", PASSPHRASE)
    pdf = tmp_path / "khoa.pdf"
    assert main(["--db", str(path), "encryption", "on", "--recovery-out", str(pdf)]) == 0
    out = capsys.readouterr().out
    key = next(line.strip() for line in out.splitlines() if line.startswith("    "))
    from pypdf import PdfReader

    assert key in PdfReader(pdf).pages[0].extract_text()
    connection._KEYS.clear()
    monkeypatch.delenv("DVK_NEW_DATA_PASSPHRASE")
    monkeypatch.setattr("sys.stdin", None)
    assert main(["--db", str(path), "models", "list"]) == 3
    assert "DVK_DATA_PASSPHRASE" in capsys.readouterr().err
    monkeypatch.setenv("DVK_DATA_PASSPHRASE", PASSPHRASE)
    assert main(["--db", str(path), "models", "list", "--search", "dinh thi xuan"]) == 0
    assert "Đinh Thị Xuân" in capsys.readouterr().out
    assert main(["--db", str(path), "encryption", "status", "--json"]) == 0
    assert '"encrypted": true' in capsys.readouterr().out


def test_a_wrong_passphrase_changes_nothing_and_says_what_to_do(tmp_path, monkeypatch,
                                                                capsys):
    path = tmp_path / "office.sqlite"
    _office_with_a_person(path)
    atrest.enable(path, PASSPHRASE)
    connection._KEYS.clear()
    before = _digest(path)
    monkeypatch.setattr("sys.stdin", None)
    monkeypatch.setenv("DVK_DATA_PASSPHRASE", "mat-khau-sai-roi")
    assert main(["--db", str(path), "models", "add", "--name", "Mô hình mới",
                 "--field", "1", "--year", "2026"]) == 3
    err = capsys.readouterr().err
    assert "khóa khôi phục" in err and "không mở được" in err
    assert main(["--db", str(path), "encryption", "passphrase"]) == 3
    assert main(["--db", str(path), "encryption", "passphrase", "--recovery",
                 "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH"]) == 3
    assert _digest(path) == before
    monkeypatch.setenv("DVK_DATA_PASSPHRASE", PASSPHRASE)
    assert main(["--db", str(path), "models", "list", "--search", "dinh thi xuan"]) == 0
    assert "Đinh Thị Xuân" in capsys.readouterr().out


def test_at_a_terminal_the_passphrase_is_asked_three_times(tmp_path, monkeypatch, capsys):
    path = tmp_path / "office.sqlite"
    _office_with_a_person(path)
    atrest.enable(path, PASSPHRASE)
    connection._KEYS.clear()
    monkeypatch.delenv("DVK_DATA_PASSPHRASE", raising=False)

    class Terminal:
        @staticmethod
        def isatty():
            return True

    monkeypatch.setattr("sys.stdin", Terminal())
    typed = iter(["sai mot", "sai hai", PASSPHRASE])
    prompts: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda prompt: prompts.append(prompt) or next(typed))
    assert main(["--db", str(path), "models", "list", "--search", "dinh thi xuan"]) == 0
    assert prompts == ["Mật khẩu của tệp dữ liệu: "] * 3
    assert "Đinh Thị Xuân" in capsys.readouterr().out
    connection._KEYS.clear()
    typed = iter(["sai mot", "sai hai", "sai ba"])
    assert main(["--db", str(path), "models", "list"]) == 3


def test_the_command_line_changes_the_passphrase_with_the_old_one_or_the_recovery_key(
        tmp_path, monkeypatch, capsys):
    path = tmp_path / "office.sqlite"
    _office_with_a_person(path)
    monkeypatch.setattr("sys.stdin", None)
    monkeypatch.setenv("DVK_NEW_DATA_PASSPHRASE", PASSPHRASE)
    assert main(["--db", str(path), "encryption", "on"]) == 0
    recovery = next(line.strip() for line in capsys.readouterr().out.splitlines()
                    if line.startswith("    "))
    assert main(["--db", str(path), "encryption", "on"]) == 1  # already: nothing redone
    connection._KEYS.clear()
    monkeypatch.setenv("DVK_DATA_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("DVK_NEW_DATA_PASSPHRASE", "cum-mat-khau-thu-hai")
    assert main(["--db", str(path), "encryption", "passphrase"]) == 0
    connection._KEYS.clear()
    monkeypatch.delenv("DVK_DATA_PASSPHRASE")
    monkeypatch.setenv("DVK_NEW_DATA_PASSPHRASE", "cum-mat-khau-thu-ba")
    assert main(["--db", str(path), "encryption", "passphrase", "--recovery",
                 recovery.lower().replace("-", " ")]) == 0
    connection._KEYS.clear()
    with pytest.raises(atrest.DataFileLocked):
        atrest.unlock(path, passphrase="cum-mat-khau-thu-hai")
    atrest.unlock(path, passphrase="cum-mat-khau-thu-ba")
    with AppContext.open(path, actor="test") as ctx:
        actions = [r[0] for r in ctx.db.execute(
            "SELECT action FROM audit_log ORDER BY seq").fetchall()]
    assert actions.count("encrypt") == 1 and actions.count("data_passphrase") == 2


def test_a_failed_swap_puts_the_plain_file_back(tmp_path, monkeypatch):
    """The file held by another program when the encrypted copy is put in place: the
    plain data file is put back, no key file is left, the office works on."""
    from app import fileops

    path = tmp_path / "office.sqlite"
    _office_with_a_person(path)
    real = fileops.replace
    calls = {"n": 0}

    def held(source, target):
        calls["n"] += 1
        if str(source).endswith(".ma-hoa"):  # the encrypted copy cannot take its place
            raise PermissionError(13, "The process cannot access the file", str(target))
        return real(source, target)

    monkeypatch.setattr(fileops, "replace", held)
    with pytest.raises(DvkError):
        atrest.enable(path, PASSPHRASE)
    monkeypatch.setattr(fileops, "replace", real)
    assert connection.is_plain(path) and not atrest.is_encrypted(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["office.sqlite"]
    with AppContext.open(path, actor="test") as ctx:
        assert ctx.privacy.find("Đinh Thị Xuân") and ctx.maintenance.check().ok


def test_backups_before_and_after_encryption_restore_into_either(tmp_path):
    path = tmp_path / "office.sqlite"
    _office_with_a_person(path)
    with AppContext.open(path, actor="test") as ctx:
        plain = ctx.backups.backup_to(tmp_path / "truoc.sqlite")
    atrest.enable(path, PASSPHRASE)
    with AppContext.open(path, actor="test") as ctx:
        encrypted = ctx.backups.backup_to(tmp_path / "sau.sqlite")
        person = ctx.privacy.find("Đinh Thị Xuân")[0]
        ctx.privacy.correct(person, {"phone": "0911 111 111"})
        safety = ctx.backups.restore(plain)  # older than encryption: a plain file
        assert not connection.is_plain(safety) and atrest.key_file(safety).is_file()
        assert ctx.privacy.show(person)  # the data as the backup had it
        ctx.backups.restore(encrypted)
        assert ctx.maintenance.check().ok
    assert not connection.is_plain(path) and b"0987 654 321" not in path.read_bytes()
    assert not list(tmp_path.glob(".*.part"))
    # Another office PC's plain data file, the encrypted backup from the stick.
    connection._KEYS.clear()
    other = tmp_path / "may-khac.sqlite"
    _office_with_a_person(other)
    with AppContext.open(other, actor="test") as ctx:
        with pytest.raises(atrest.DataFileLocked):
            ctx.backups.preview(encrypted)
        atrest.unlock(encrypted, passphrase=PASSPHRASE)
        assert ctx.backups.preview(encrypted).ok
        ctx.backups.restore(encrypted)
        assert ctx.maintenance.check().ok


def test_a_damaged_encrypted_file_is_rescued_with_its_backup_and_key_file(tmp_path):
    from app.services.backup import restore_damaged

    path = tmp_path / "office.sqlite"
    _office_with_a_person(path)
    atrest.enable(path, PASSPHRASE)
    with AppContext.open(path, actor="test") as ctx:
        backup = ctx.backups.backup_to(tmp_path / "sao-luu.sqlite")
    data = bytearray(path.read_bytes())
    data[4096 + 100:4096 + 400] = bytes(300)  # a page the stick lost
    path.write_bytes(bytes(data))
    aside = restore_damaged(backup, path)
    assert aside is not None and atrest.key_file(aside).is_file()  # kept, with its key
    assert atrest.key_file(path).is_file()
    connection._KEYS.clear()
    atrest.unlock(path, passphrase=PASSPHRASE)
    with AppContext.open(path, actor="test") as ctx:
        assert ctx.maintenance.check().ok and ctx.privacy.find("Đinh Thị Xuân")


def test_a_data_file_without_its_key_file_is_explained_not_overwritten(tmp_path,
                                                                        monkeypatch, capsys):
    path = tmp_path / "office.sqlite"
    _office_with_a_person(path)
    atrest.enable(path, PASSPHRASE)
    connection._KEYS.clear()
    moved = tmp_path / "cat-di.khoa"
    atrest.key_file(path).rename(moved)
    before = path.read_bytes()
    with pytest.raises(DvkError) as raised:
        AppContext.open(path)
    assert "office.sqlite.khoa" in raised.value.message
    monkeypatch.setenv("DVK_DATA_PASSPHRASE", PASSPHRASE)
    assert main(["--db", str(path), "models", "list"]) == 3
    assert "office.sqlite.khoa" in capsys.readouterr().err
    assert path.read_bytes() == before
    moved.rename(atrest.key_file(path))
    assert main(["--db", str(path), "models", "list", "--search", "dinh thi xuan"]) == 0


def test_rotation_removes_an_old_backup_with_its_key_file(tmp_path):
    path = tmp_path / "office.sqlite"
    _office_with_a_person(path)
    atrest.enable(path, PASSPHRASE)
    with AppContext.open(path, actor="test") as ctx:
        settings.put(ctx.db, "backup.folder", "sao-luu")
        (tmp_path / "sao-luu").mkdir()
        made = [ctx.backups.backup_to(tmp_path / "sao-luu" / name) for name in (
            "dvk-14725-20260101-080000-tu-dong.sqlite",
            "dvk-14725-20260102-080000-tu-dong.sqlite")]
        assert all(atrest.key_file(p).is_file() for p in made)
        assert ctx.backups.rotate(keep=1) == [made[0]]
    assert not made[0].exists() and not atrest.key_file(made[0]).exists()
    assert atrest.key_file(made[1]).is_file()
