"""The data file as a file (issue 23, points 7-9): a missing file is never made again
except by setup; a file moved, deleted or replaced while open refuses every save
instead of losing it; a write-protected stick or read-only file opens read-only with
a clear note (reading, checking and backing up work)."""

from __future__ import annotations

import os
import shutil
import sqlite3

import pytest

from app.cli.main import main
from app.context import AppContext
from app.domain.listing import ListQuery
from app.errors import StorageError
from tests.helpers import collective
from tests.reliability.crash import snapshot

OFFICE = ["setup", "--unit", "14725", "--profile", "hai-cap"]


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _count(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM registrations").fetchone()[0]
    finally:
        conn.close()


# -- a missing data file --------------------------------------------------------------
@pytest.mark.parametrize("command", [["check"], ["models", "list"], ["backup", "--out", "."],
                                     ["audit"], ["stats"]])
def test_a_missing_data_file_is_reported_never_recreated(tmp_path, capsys, command):
    missing = tmp_path / "dvk.sqlite"
    code, out, err = run(capsys, "--db", str(missing), *command)
    assert code == 3  # README: the data file cannot be used
    assert "không tồn tại" in err and str(missing) in err and "dvk setup" in err
    assert "không phát hiện" not in out  # never "no problems found" about a new file
    assert not missing.exists() and list(tmp_path.iterdir()) == []


def test_only_setup_makes_a_data_file(tmp_path, capsys):
    path = tmp_path / "dvk.sqlite"
    assert run(capsys, "--db", str(path), *OFFICE)[0] == 0
    code, out, _err = run(capsys, "--db", str(path), "check")
    assert code == 0 and "0" in out
    path.unlink()
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"dvk.sqlite{suffix}").unlink(missing_ok=True)
    code, _out, err = run(capsys, "--lang", "en", "--db", str(path), "check")
    assert code == 3 and "does not exist" in err and not path.exists()


def test_background_jobs_do_not_create_it_either(tmp_path):
    with pytest.raises(StorageError) as error:
        AppContext.open(tmp_path / "gone.sqlite", create=False)
    assert error.value.reason == "missing" and error.value.exit_code == 3
    assert not (tmp_path / "gone.sqlite").exists()


# -- moved, deleted or replaced while open ----------------------------------------------
def test_saves_are_refused_once_the_file_is_moved_away(ctx, db_path, tmp_path):
    first = ctx.registrations.save(collective(ctx, "Trước khi bị chuyển"))
    moved = tmp_path / "cach-ly" / "office.sqlite"
    moved.parent.mkdir()
    os.replace(db_path, moved)  # an antivirus quarantines it; the connection stays open
    with pytest.raises(StorageError) as error:
        ctx.registrations.save(collective(ctx, "Sau khi bị chuyển"))
    assert error.value.reason == "moved" and "chuyển đi, xóa hoặc thay" in error.value.message
    with pytest.raises(StorageError):
        ctx.drafts.save("d1", kind="registration", record_id=None, title="x", content={})
    assert not db_path.exists()  # nothing made a new, empty file in its place
    os.replace(moved, db_path)  # put back: work goes on in the same window
    second = ctx.registrations.save(collective(ctx, "Sau khi trả về chỗ cũ"))
    ctx.close()
    conn = sqlite3.connect(db_path)
    names = {r[0]: r[1] for r in conn.execute("SELECT id, name FROM registrations")}
    conn.close()
    assert set(names) == {first, second} and "Sau khi bị chuyển" not in names.values()


def test_saves_are_refused_when_the_file_is_deleted(ctx, db_path):
    ctx.registrations.save(collective(ctx))
    os.unlink(db_path)
    with pytest.raises(StorageError) as error:
        ctx.registrations.save(collective(ctx, "Không được mất"))
    assert error.value.reason == "moved" and error.value.exit_code == 3
    assert not db_path.exists()  # nothing made a new one either


def test_saves_are_refused_when_another_file_takes_its_place(ctx, db_path, tmp_path):
    ctx.registrations.save(collective(ctx))
    copy = tmp_path / "copy.sqlite"
    ctx.backups.backup_to(copy)
    before = snapshot(copy)
    shutil.copyfile(copy, tmp_path / "spare.sqlite")
    os.replace(tmp_path / "spare.sqlite", db_path)  # a colleague puts an old copy back
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"office.sqlite{suffix}").unlink(missing_ok=True)
    with pytest.raises(StorageError) as error:
        ctx.registrations.save(collective(ctx, "Vào tệp nào?"))
    assert error.value.reason == "moved"
    assert snapshot(db_path) == before


def test_command_line_reports_a_moved_file_with_exit_3(ctx, db_path, tmp_path, capsys,
                                                       monkeypatch):
    ctx.close()
    calls = []
    real = AppContext.check_writable

    def move_then_check(self):
        if not calls:
            calls.append(1)
            os.replace(db_path, tmp_path / "moved.sqlite")
        return real(self)

    monkeypatch.setattr(AppContext, "check_writable", move_then_check)
    code, _out, err = run(capsys, "--db", str(db_path), "units", "add", "Tổ 9",
                          "--type", "to_dan_pho")
    assert code == 3 and "chuyển đi" in err


# -- read-only: a locked stick, a read-only file ----------------------------------------
def _office_on(folder) -> tuple:
    path = folder / "dvk.sqlite"
    with AppContext.open(path, actor="test") as ctx:
        ctx.setup.configure(profile="hai_cap", unit_code="14725")
        ctx.units.add_subunit("Tổ dân phố số 1", "to_dan_pho")
        ctx.registrations.save(collective(ctx, "Trên USB khóa"))
    return path


def test_a_write_protected_stick_opens_read_only(stick, tmp_path, capsys):
    path = _office_on(stick.folder)
    stick.lock()
    code, out, err = run(capsys, "--db", str(path), "check")
    assert code == 0, err
    assert "chỉ đọc" in err  # the note says why
    code, out, err = run(capsys, "--db", str(path), "models", "list")
    assert code == 0 and "Trên USB khóa" in out
    copy = tmp_path / "ban-sao.sqlite"
    code, out, err = run(capsys, "--db", str(path), "backup", "--out", str(copy))
    assert code == 0, err
    assert _count(copy) == 1 and not list(tmp_path.glob(".*.part"))
    code, out, err = run(capsys, "--db", str(path), "units", "add", "Tổ 2",
                         "--type", "to_dan_pho")
    assert code == 3 and "chỉ đọc" in err and "chép" in err
    with AppContext.open(path, create=False) as ctx:
        assert ctx.read_only and ctx.open_notes()
        with pytest.raises(StorageError) as error:
            ctx.registrations.save(collective(ctx, "Không lưu được"))
        assert error.value.reason == "readonly"


def test_a_read_only_data_file_is_backed_up_and_reported_so(ctx, db_path, tmp_path, capsys,
                                                            monkeypatch):
    """Point 9: the backup is written and the command says so (no exit 3)."""
    ctx.registrations.save(collective(ctx))
    ctx.close()
    import app.datafile.location as location

    real = location.os.access
    monkeypatch.setattr(location.os, "access",
                        lambda p, mode: False if str(p) == str(db_path) else real(p, mode))
    out_dir = tmp_path / "sao-luu"
    out_dir.mkdir()
    code, out, err = run(capsys, "--db", str(db_path), "backup", "--out", str(out_dir))
    assert code == 0, err
    written = list(out_dir.glob("dvk-14725-*.sqlite"))
    assert len(written) == 1 and _count(written[0]) == 1
    assert str(written[0]) in out


def test_portable_mode_on_a_write_protected_stick(stick, tmp_path, capsys, monkeypatch):
    """The probe's case: DVK run from a stick (its data folder on the stick), the stick
    locked. Reading, checking and copying the data out all work."""
    path = _office_on(stick.folder)
    assert path == stick.folder / "dvk.sqlite"
    stick.lock()
    monkeypatch.setenv("DVK_DATA_DIR", str(stick.folder))  # what portable mode sets
    code, out, err = run(capsys, "check")
    assert code == 0 and "chỉ đọc" in err, err
    code, out, _err = run(capsys, "models", "list")
    assert code == 0 and "Trên USB khóa" in out
    code, out, err = run(capsys, "backup", "--out", str(tmp_path))
    assert code == 0, err
    assert len(list(tmp_path.glob("dvk-14725-*.sqlite"))) == 1


def test_a_protected_medium_the_permissions_do_not_show_opens_read_only(stick, monkeypatch):
    """On Windows a write-protected stick looks writable to os.access: SQLite's own
    failure to set up its journal sends the file to a read-only open."""
    import dataclasses

    import app.context as context_module

    path = _office_on(stick.folder)
    stick.lock()
    real = context_module.locate
    monkeypatch.setattr(context_module, "locate",
                        lambda p: dataclasses.replace(real(p), read_only=False))
    with AppContext.open(path, create=False) as ctx:
        assert ctx.read_only
        assert ctx.registrations.count(ListQuery()) == 1
        with pytest.raises(StorageError) as error:
            ctx.registrations.save(collective(ctx, "Không lưu được"))
        assert error.value.reason == "readonly"


def test_the_first_numbering_books_are_not_written_into_a_file_moved_away(
        ctx, db_path, tmp_path):
    """Numbering books are made on first use, even by a read (the list of books): that
    write too is refused once the file was moved, like every other."""
    assert ctx.db.execute("SELECT count(*) FROM numbering_books").fetchone()[0] == 0
    moved = tmp_path / "cach-ly.sqlite"
    os.replace(db_path, moved)
    with pytest.raises(StorageError) as error:
        ctx.numbering.books()
    assert error.value.reason == "moved"
    ctx.close()
    conn = sqlite3.connect(moved)
    assert conn.execute("SELECT count(*) FROM numbering_books").fetchone()[0] == 0
    conn.close()
