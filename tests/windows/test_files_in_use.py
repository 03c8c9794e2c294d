"""Files in use (issue 19): Windows cannot replace or delete a file another program
holds open. A second process holds the file (tests/windows/sharing.py); restore, backup
rotation, export over an existing bundle, saving a PDF or a workbook and opening it
afterwards must work, or say clearly what to do, and lose nothing."""

from __future__ import annotations

import sqlite3
import time

import pytest

from app import fileops
from app.cli.main import main
from app.errors import DvkError
from app.services.backup import restore_damaged
from tests.helpers import collective
from tests.sync.builders import export, manifest_of, register
from tests.sync.conftest import COMMUNE, PASSPHRASE, PROVINCE

IN_USE = "đang mở trong một chương trình khác"


def _outbox(ctx) -> int:
    return ctx.db.execute("SELECT count(*) FROM outbox").fetchone()[0]


def test_export_over_a_bundle_another_program_holds(net, tmp_path, sharing, capsys,
                                                    monkeypatch):
    stick = tmp_path / "USB DVK"
    stick.mkdir()
    target = stick / "gui-tinh.dvk"
    with net.open(COMMUNE) as commune:
        register(commune, "Mô hình thứ nhất")
        export(commune, PROVINCE, target)
        first = target.read_bytes()
        register(commune, "Mô hình thứ hai")
    monkeypatch.setenv("DVK_PASSPHRASE", PASSPHRASE)
    with sharing.held_open(target):
        started = time.monotonic()
        code = main(["--db", str(net.path(COMMUNE)), "export", "--to", PROVINCE, "--plain",
                     "--out", str(target)])
        waited = time.monotonic() - started
        err = capsys.readouterr().err
        assert code == 1 and IN_USE in err and "gui-tinh.dvk" in err
        assert waited >= 1.5  # it waited for the file to be let go first
        assert target.read_bytes() == first  # the bundle on the stick is as it was
        with net.open(COMMUNE) as commune:
            assert _outbox(commune) == 1  # nothing recorded as sent
    # --plain: read back below (a bundle is encrypted to a known recipient by default)
    assert main(["--db", str(net.path(COMMUNE)), "export", "--to", PROVINCE, "--plain",
                 "--out", str(target)]) == 0
    assert manifest_of(target)["seq"] == 2
    kept = [p.name for p in stick.iterdir()]
    # the earlier bundle was kept under its numbered name, never overwritten
    assert sorted(kept) == ["dvk-14725-to-37-0001.dvk", "gui-tinh.dvk"]


def test_a_virus_scan_that_lets_go_does_not_stop_an_export(net, tmp_path, sharing):
    target = tmp_path / "b.dvk"
    with net.open(COMMUNE) as commune:
        register(commune, "Mô hình")
        export(commune, PROVINCE, target)
        register(commune, "Mô hình khác")
        sharing.hold(target, for_seconds=0.6)  # a scanner reading the new file
        assert manifest_of(export(commune, PROVINCE, target))["seq"] == 2
        assert _outbox(commune) == 2
    # Both bundles stay: the sent one was renamed aside once the scan let go.
    assert manifest_of(tmp_path / "dvk-14725-to-37-0001.dvk")["seq"] == 1


def test_backup_rotation_keeps_a_copy_that_is_open_and_removes_it_later(ctx, sharing,
                                                                         monkeypatch):
    import datetime as dt

    from app import clock

    monkeypatch.setattr("app.services.backup.KEEP_DEFAULT", 2)
    made = []
    for day in range(1, 4):
        clock.set_fixed(dt.datetime(2026, 3, day, 2, 0, tzinfo=dt.UTC))
        made.append(ctx.backups.daily())
    assert [p.exists() for p in made] == [False, True, True]
    clock.set_fixed(dt.datetime(2026, 3, 4, 2, 0, tzinfo=dt.UTC))
    with sharing.held_open(made[1]):  # someone opened yesterday's copy to look at it
        made.append(ctx.backups.daily())  # no error: the open copy simply stays
        assert made[1].exists() and made[3].exists() and made[2].exists()
    assert ctx.backups.rotate() == [made[1]]  # the next rotation removes it
    assert [p.exists() for p in made] == [False, False, True, True]


def test_a_backup_over_a_file_that_is_open_is_refused_clearly(ctx, tmp_path, sharing):
    target = tmp_path / "sao-luu.sqlite"
    ctx.backups.backup_to(target)
    before = target.read_bytes()
    with sharing.held_open(target), pytest.raises(DvkError) as refused:
        ctx.backups.backup_to(target)
    assert IN_USE in refused.value.message
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "office.sqlite"
                  and not p.name.startswith("office.sqlite-")) == ["sao-luu.sqlite"]


def test_restore_from_a_backup_another_program_has_open(ctx, tmp_path, sharing):
    ctx.registrations.save(collective(ctx, "Trước khi sao lưu"))
    backup = ctx.backups.backup_to(tmp_path)
    ctx.registrations.save(collective(ctx, "Sau khi sao lưu"))
    with sharing.held_open(backup):  # e.g. still being copied off the stick, or scanned
        assert ctx.backups.preview(backup).ok
        ctx.backups.restore(backup)
    assert ctx.db.execute("SELECT count(*) FROM registrations").fetchone()[0] == 1


def test_restoring_over_a_damaged_file_another_window_holds_is_explained(ctx, db_path,
                                                                        tmp_path, sharing):
    backup = ctx.backups.backup_to(tmp_path)
    ctx.close()
    db_path.write_bytes(b"hong" * 4096)  # damaged
    with sharing.held_open(db_path), pytest.raises(DvkError) as refused:
        restore_damaged(backup, db_path)
    assert IN_USE in refused.value.message
    assert db_path.read_bytes() == b"hong" * 4096  # nothing deleted
    aside = restore_damaged(backup, db_path)  # closed: it goes through
    assert aside is not None and aside.read_bytes() == b"hong" * 4096
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_printing_over_a_pdf_open_in_a_reader(ctx, db_path, tmp_path, sharing, capsys):
    ctx.close()
    out = tmp_path / "Giấy công nhận mẫu.pdf"
    args = ["--db", str(db_path), "print", "sample", "certificate", "--out", str(out)]
    assert main(args) == 0
    before = out.read_bytes()
    capsys.readouterr()
    with sharing.held_open(out):
        assert main(args) == 1
        err = capsys.readouterr().err
        assert IN_USE in err and out.name in err
        assert out.read_bytes() == before
    assert main(args) == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf") == [out.name]


def test_exporting_over_a_workbook_open_in_excel(ctx, db_path, tmp_path, sharing, capsys):
    ctx.registrations.save(collective(ctx))
    ctx.close()
    out = tmp_path / "Danh sách.xlsx"
    args = ["--db", str(db_path), "export-excel", "--out", str(out)]
    assert main(args) == 0
    with sharing.held_open(out):
        assert main(args) == 1
        assert IN_USE in capsys.readouterr().err
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".dvk-")]


def test_the_simulation_is_windows_rule(tmp_path, sharing):
    """The stand-in refuses what Windows refuses and allows what it allows."""
    path = tmp_path / "a.pdf"
    path.write_bytes(b"old")
    with sharing.held_open(path):
        assert path.read_bytes() == b"old"  # reading is allowed to others
        for attempt in (lambda: fileops.replace(tmp_path / "x", path),
                        lambda: fileops.remove(path)):
            (tmp_path / "x").write_bytes(b"new")
            with pytest.raises(fileops.FileInUse):
                attempt()
        with pytest.raises(PermissionError):
            open(path, "wb")
    fileops.replace(tmp_path / "x", path)
    assert path.read_bytes() == b"new"
