"""USB sticks as commune offices have them (issue 19): FAT32 (no file of 4 GB, file
times kept to two seconds, no permissions), pulled out during a write, write-protected,
full. A bundle on the stick is complete or absent; the office's data file is never put
on a stick unless DVK runs from it in portable mode, and portable mode survives the next
PC giving the stick another drive letter.

The stick is a temporary folder that the tests make look like one: `volumes` is told it
is removable or FAT32, and the system calls fail the way a stick makes them fail (the
errno Linux gives, the winerror Windows gives)."""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import sys
from pathlib import Path

import pytest

from app import clock, fileops, paths, volumes
from app.cli.main import main
from app.context import AppContext
from app.errors import DvkError
from app.services import backup as backup_service
from tests.helpers import collective
from tests.sync.builders import export, manifest_of, register
from tests.sync.conftest import COMMUNE, PROVINCE


@pytest.fixture
def stick(tmp_path, monkeypatch) -> Path:
    """A folder that DVK takes for a USB stick (removable), formatted FAT32."""
    folder = tmp_path / "USB DVK (E)"
    folder.mkdir()
    inside = lambda path: Path(os.path.abspath(path)).is_relative_to(folder)  # noqa: E731
    real_filesystem = volumes.filesystem
    monkeypatch.setattr(volumes, "is_removable", inside)
    monkeypatch.setattr(volumes, "filesystem",
                        lambda path: "FAT32" if inside(path) else real_filesystem(path))
    return folder


def _on(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*"))


def _fail_for(monkeypatch, target, folder: Path, error: OSError) -> None:
    """Make `target` (a module attribute such as "os.fsync") fail for files on the stick."""
    module, name = target.rsplit(".", 1)
    owner = sys.modules[module]
    real = getattr(owner, name)

    def failing(*args, **kwargs):
        first = args[0] if args else None
        if isinstance(first, int) or (first is not None and
                                      str(folder) in os.fspath(first)):
            raise error
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, failing)


# -- FAT32 -----------------------------------------------------------------------------
def test_a_file_of_4_gb_or_more_is_refused_before_writing_on_fat32(stick, net, monkeypatch):
    assert volumes.is_fat(stick) and not volumes.is_fat(stick.parent)
    with pytest.raises(volumes.TooLargeForFat):
        volumes.check_fits(stick, 4 * 1024 ** 3)  # checked from the size, nothing written
    volumes.check_fits(stick, volumes.FAT_LIMIT)
    volumes.check_fits(stick.parent, 5 * 1024 ** 3)  # another file system holds it
    monkeypatch.setattr(volumes, "FAT_LIMIT", 1000)  # a bundle "too large" for the stick
    with net.open(COMMUNE) as commune:
        register(commune, "Mô hình")
        with pytest.raises(DvkError, match="FAT32"):
            export(commune, PROVINCE, stick / "gui-tinh.dvk")
        assert commune.db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0
        with pytest.raises(DvkError, match="FAT32"):
            commune.backups.backup_to(stick)
    assert _on(stick) == []  # complete or absent: here absent


def test_file_times_kept_to_two_seconds_do_not_mix_up_backups(stick, ctx):
    clock.set_fixed(dt.datetime(2026, 3, 16, 2, 0, 0, tzinfo=dt.UTC))
    made = [ctx.backups.backup_to(stick) for _ in range(3)]  # within one second
    assert len({p.name for p in made}) == 3  # never the same name
    for path in made:  # FAT32 rounds every time to the same even second
        os.utime(path, (1_773_633_600, 1_773_633_600))
    clock.set_fixed(dt.datetime(2026, 3, 16, 2, 0, 1, tzinfo=dt.UTC))
    later = ctx.backups.backup_to(stick)
    os.utime(later, (1_773_633_600, 1_773_633_600))
    assert backup_service.backups_in(stick) == [later, *reversed(made)]


def test_a_stick_without_permissions_is_written_to(stick, net, monkeypatch, tmp_path):
    """FAT32 and exFAT have no owners or modes: changing them fails. DVK never tries."""
    def refused(*args, **kwargs):
        raise PermissionError(errno.EPERM, "Operation not permitted")

    for name in ("chmod", "fchmod", "chown", "lchown"):
        if hasattr(os, name):
            monkeypatch.setattr(os, name, refused)
    monkeypatch.setattr(shutil, "copystat", refused)
    monkeypatch.setattr(shutil, "copymode", refused)
    with net.open(COMMUNE) as commune:
        register(commune, "Mô hình")
        bundle = export(commune, PROVINCE, stick)
        backup = commune.backups.backup_to(stick)
        pdf = commune.printing.save_bytes(b"%PDF-1.4 mau", stick / "Giấy công nhận.pdf")
    assert manifest_of(bundle)["seq"] == 1 and backup.exists() and pdf.exists()


# -- pulled out, write-protected, full ---------------------------------------------------
@pytest.mark.parametrize(("what", "error", "said"), [
    ("pulled", OSError(errno.EIO, "Input/output error"), "USB đã bị rút ra"),
    ("protected", OSError(errno.EROFS, "Read-only file system"), "khóa ghi"),
    ("full", OSError(errno.ENOSPC, "No space left on device"), "đã đầy"),
])
def test_a_bundle_on_the_stick_is_complete_or_absent(stick, net, monkeypatch, what, error,
                                                     said):
    with net.open(COMMUNE) as commune:
        register(commune, "Mô hình")
        export(commune, PROVINCE, stick / "truoc.dvk")
        before = _on(stick)
        register(commune, "Mô hình khác")
        with monkeypatch.context() as failing:
            _fail_for(failing, "os.fsync" if what == "pulled" else "builtins.open", stick,
                      error)
            with pytest.raises(DvkError) as refused:
                export(commune, PROVINCE, stick / "sau.dvk")
        assert said in refused.value.message
        assert _on(stick) == before  # no half bundle, no temporary file
        assert commune.db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 1
        assert manifest_of(export(commune, PROVINCE, stick / "sau.dvk"))["seq"] == 2


@pytest.mark.parametrize(("winerror", "said"), [
    (19, "khóa ghi"), (21, "USB đã bị rút ra"), (1167, "USB đã bị rút ra"),
    (112, "đã đầy"), (223, "FAT32"), (32, "đang mở"), (206, "quá dài"),
    (123, "không dùng được tên")])
def test_what_windows_says_is_told_in_words(tmp_path, winerror, said):
    error = OSError(errno.EACCES, "Windows error")
    error.winerror = winerror
    assert said in fileops.explain(error, tmp_path / "b.dvk")


def test_a_stick_pulled_out_during_a_backup_or_a_pdf(stick, ctx, monkeypatch):
    ctx.registrations.save(collective(ctx))
    _fail_for(monkeypatch, "os.fsync", stick, OSError(errno.EIO, "Input/output error"))
    with pytest.raises(DvkError, match="USB đã bị rút ra"):
        ctx.backups.backup_to(stick / "sao-luu.sqlite")
    with pytest.raises(DvkError, match="USB đã bị rút ra"):
        ctx.printing.save_bytes(b"%PDF-1.4", stick / "a.pdf")
    assert _on(stick) == []


# -- the data file stays on the PC -------------------------------------------------------
def test_the_data_file_is_never_made_on_a_stick(stick, tmp_path, capsys, monkeypatch):
    office = stick / "dvk.sqlite"
    assert main(["--db", str(office), "setup", "--unit", "14725", "--profile",
                 "hai-cap"]) == 1
    assert "USB" in capsys.readouterr().err and _on(stick) == []
    with pytest.raises(DvkError):
        AppContext.open(office)
    # An existing one (a clerk brought it on the stick) opens, with a warning.
    on_pc = tmp_path / "dvk.sqlite"
    assert main(["--db", str(on_pc), "setup", "--unit", "14725", "--profile",
                 "hai-cap"]) == 0
    shutil.copy(on_pc, office)
    capsys.readouterr()
    assert main(["--db", str(office), "check"]) == 0
    assert "Cảnh báo" in capsys.readouterr().err
    # In portable mode the program and its data live on the stick by choice.
    monkeypatch.setattr(paths, "portable_dir", lambda: stick / "dvk" / "data")
    other = stick / "khac.sqlite"
    assert main(["--db", str(other), "setup", "--unit", "14725", "--profile",
                 "hai-cap"]) == 0
    assert "Cảnh báo" not in capsys.readouterr().err


def test_carrying_bundles_and_backups_puts_nothing_else_on_the_stick(stick, net):
    with net.open(COMMUNE) as commune:
        register(commune, "Mô hình")
        bundle = export(commune, PROVINCE, stick)
        backup = commune.backups.backup_to(stick)
        assert commune.backups.preview(backup).ok  # read in place, nothing written
    with net.open(PROVINCE) as province:
        assert province.sync.verify(bundle).summary
        assert province.sync.import_bundle(bundle).applied
    assert _on(stick) == sorted([bundle.name, backup.name])  # no -wal, -journal, .part


# -- portable mode on another PC ---------------------------------------------------------
def _run_from(folder: Path, monkeypatch) -> None:
    """The built program started from `folder` (what PyInstaller's bootloader sets)."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(folder / "dvk.exe"))
    monkeypatch.delenv("DVK_DATA_DIR", raising=False)


def test_portable_mode_survives_another_drive_letter(tmp_path, monkeypatch):
    first_pc = tmp_path / "E" / "DVK xã Yên Mô"
    first_pc.mkdir(parents=True)
    (first_pc / "dvk.exe").write_bytes(b"")
    (first_pc / paths.PORTABLE_MARKER).write_text("portable", encoding="utf-8")
    _run_from(first_pc, monkeypatch)
    assert main(["setup", "--unit", "14725", "--profile", "hai-cap"]) == 0
    with AppContext.open(paths.default_db_path()) as ctx:
        ctx.units.add_subunit("Tổ dân phố số 1", "to_dan_pho")
        ctx.registrations.save(collective(ctx, "Mô hình mang theo USB"))
        daily = ctx.backups.daily()
        folder = ctx.backups.folder()
    assert daily.is_relative_to(first_pc)
    # The next PC calls the stick F: (here: another folder); the program moves with it.
    next_pc = tmp_path / "F" / "DVK xã Yên Mô"
    shutil.move(str(first_pc.parent), str(next_pc.parent))
    _run_from(next_pc, monkeypatch)
    assert paths.default_db_path() == next_pc / "data" / "dvk.sqlite"
    with AppContext.open(paths.default_db_path()) as ctx:
        assert ctx.db.execute("SELECT name FROM registrations").fetchall() == \
            [("Mô hình mang theo USB",)]
        assert ctx.backups.folder() == next_pc / folder.relative_to(first_pc)
        assert [p.name for p in ctx.backups.automatic()] == [daily.name]
        assert ctx.backups.daily_due() is None  # today's backup is found: not made twice
        stored = [str(v) for (v,) in ctx.db.execute("SELECT value FROM settings")]
    assert not any(str(first_pc) in value or str(tmp_path / "E") in value
                   for value in stored)  # no absolute path of the old drive was kept


@pytest.mark.gui
def test_the_window_warns_about_a_data_file_on_a_stick(qapp, stick, tmp_path):
    from tests.gui.helpers import answer_message_box
    from tests.gui.test_launch import _close_main_window_soon

    on_pc = tmp_path / "dvk.sqlite"
    with AppContext.open(on_pc, actor="test") as ctx:
        ctx.setup.configure(profile="hai_cap", unit_code="14725")
    office = stick / "dvk.sqlite"
    shutil.copy(on_pc, office)
    seen: list[str] = []
    answer_message_box("Đóng", seen)
    titles: list[str] = []
    _close_main_window_soon(titles)
    assert main(["--db", str(office), "gui"]) == 0
    assert seen and "đang ở trên USB" in seen[0] and str(office) in seen[0]
    assert titles == ["DVK - Dân vận khéo - Phường Yên Thắng"]
