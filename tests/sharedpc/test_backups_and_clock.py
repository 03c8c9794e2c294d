"""Backups under wrong clocks, with checksums, and only this office's (issue 23,
points 5, 6 and 9): rotation by the order backups were made (a serial inside each
file), never the one just made; a backup made whenever the data changed while the
clock cannot be trusted; a warning when the clock reads earlier than the newest entry
or backup; a changed byte inside a record found before a restore; the rescue list
offers this office's backups only; stale half-written files are removed."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
import time

import pytest

from app import clock
from app.cli.main import main
from app.context import AppContext
from app.errors import DvkError
from app.services.backup import (
    office_of_data_file,
    preview_file,
    rescue_candidates,
    restore_damaged,
)
from tests.conftest import OFFICE_CODE
from tests.helpers import collective

GOOD = dt.datetime(2026, 12, 1, 1, 30, tzinfo=dt.UTC)
FLAT_BATTERY = dt.datetime(2020, 1, 1, 1, 0, tzinfo=dt.UTC)


def at(moment: dt.datetime) -> None:
    clock.set_fixed(moment)


@pytest.fixture
def office(db_path):
    """A commune whose every entry was made with a right clock (1/12/2026)."""
    at(GOOD)
    ctx = AppContext.open(db_path, actor="test")
    ctx.setup.configure(profile="hai_cap", unit_code=OFFICE_CODE)
    ctx.units.add_subunit("Tổ dân phố số 1", "to_dan_pho")
    with ctx.transaction():
        ctx.db.execute("INSERT INTO settings (key, value) VALUES ('backup.keep', '3')")
    yield ctx
    ctx.close()


def work(ctx, name: str) -> None:
    ctx.registrations.save(collective(ctx, name))


def test_a_flat_battery_no_longer_deletes_each_new_backup(office):
    made = []
    for day in range(4):  # four good days
        at(GOOD + dt.timedelta(days=day))
        work(office, f"Ngày tốt {day}")
        made.append(office.backups.daily())
    assert [p.name for p in office.backups.automatic()] == [p.name for p in made[::-1][:3]]
    assert office.clock_check.problem() is None
    for boot in range(3):  # every morning the PC says 01/01/2020
        at(FLAT_BATTERY + dt.timedelta(minutes=boot))
        warning = office.clock_check.problem()
        assert warning and "01/01/2020" in warning
        work(office, f"Dưới đồng hồ sai {boot}")
        new = office.backups.daily()
        assert new is not None and new.exists(), boot  # made, and kept
        assert office.backups.automatic()[0] == new
        assert len(office.backups.automatic()) == 3
        assert office.backups.daily() is None  # nothing changed since: no second one
    # A registration made under the 2020 clock gets the year warning.
    reg = collective(office, "Năm theo đồng hồ sai")
    assert reg.year == 2020
    assert any("2020" in w and "2026" in w for w in office.registrations.warnings(reg))


def test_a_clock_a_year_ahead_then_corrected_keeps_new_backups(office):
    ahead = dt.datetime(2027, 12, 1, 1, 30, tzinfo=dt.UTC)
    for day in range(14):  # two weeks with the year one too far
        at(ahead + dt.timedelta(days=day))
        work(office, f"Năm sai {day}")
        assert office.backups.daily() is not None
    at(GOOD + dt.timedelta(days=20))  # the clock is put right
    assert "sao lưu" in office.clock_check.problem()
    assert office.backups.daily() is None  # unchanged data: the newest copy holds it
    work(office, "Sau khi chỉnh đồng hồ")
    new = office.backups.daily()
    assert new is not None and new.exists()
    assert office.backups.automatic()[0] == new
    work(office, "Thêm một lần nữa")
    newer = office.backups.daily()  # a second start that day, with new work: kept too
    assert newer is not None and newer.exists() and new.exists()
    assert office.backups.automatic()[:2] == [newer, new]


def test_rotation_never_deletes_the_backup_just_made(office, tmp_path):
    at(GOOD)
    first = office.backups.daily()
    # A copy from another PC's folder with a higher serial is moved in by hand.
    # Its name is the same moment a minute later (names carry Vietnam's time).
    foreign = office.backups.folder() / re.sub(
        r"-(\d{4})(\d\d)-", lambda m: f"-{m[1]}{int(m[2]) + 1:02d}-", first.name)
    assert foreign != first
    shutil.copyfile(first, foreign)
    conn = sqlite3.connect(foreign)
    conn.execute("UPDATE settings SET value = '99' WHERE key = 'backup.serial'")
    conn.commit()
    conn.close()
    at(GOOD + dt.timedelta(days=1))
    work(office, "Hôm sau")
    new = office.backups.daily()
    assert preview_file(new).contents.serial == 100  # always after every other
    office.backups.rotate(1, just_made=new)
    assert new.exists()


def test_a_changed_byte_inside_a_record_is_found_before_restoring(office, tmp_path, capsys):
    work(office, "Mô hình Bình Minh")
    backup = office.backups.backup_to(tmp_path / "sao-luu.sqlite")
    assert office.backups.preview(backup).contents.checksum == "ok"
    data = bytearray(backup.read_bytes())
    where = data.find("Bình Minh".encode())
    assert where > 0
    data[where] = ord("V")  # "Vình Minh": one byte, same length; SQLite sees nothing
    backup.write_bytes(bytes(data))
    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    preview = office.backups.preview(backup)
    assert not preview.ok and preview.contents.checksum == "mismatch"
    assert any("mã kiểm tra" in problem for problem in preview.problems)
    with pytest.raises(DvkError, match="mã kiểm tra"):
        office.backups.restore(backup)
    office.close()
    code = main(["--db", str(office.path), "restore", str(backup), "--dry-run"])
    assert code == 1 and "mã kiểm tra" in capsys.readouterr().out


def test_backups_of_an_older_version_without_checksum_still_restore(office, tmp_path):
    backup = office.backups.backup_to(tmp_path / "cu.sqlite")
    conn = sqlite3.connect(backup)
    conn.execute("DROP TABLE backup_checksum")
    conn.execute("DELETE FROM settings WHERE key = 'backup.serial'")
    conn.commit()
    conn.close()
    preview = office.backups.preview(backup)
    assert preview.ok and preview.contents.checksum == "missing"


def test_stale_half_written_backups_are_removed_fresh_ones_kept(office):
    folder = office.backups.folder()
    folder.mkdir(parents=True, exist_ok=True)
    stale = folder / ".dvk-14725-20261130-013000-tu-dong.sqlite.0a1b2c3d.part"
    stale.write_bytes(b"\0" * 4096)
    old = time.time() - 3 * 3600
    os.utime(stale, (old, old))
    busy = folder / ".dvk-14725-20261201-013000-tu-dong.sqlite.99887766.part"
    busy.write_bytes(b"\0" * 4096)  # another window is writing this one now
    at(GOOD)
    assert office.backups.daily() is not None
    assert not stale.exists() and busy.exists()


# -- only this office's backups --------------------------------------------------------
def _demo_commune(demo_network):
    from app.demo.network import load_network

    offices = load_network(demo_network)["offices"]
    communes = [o for o in offices if o["level"] == "xa"]
    return demo_network / communes[0]["db"], communes[0]["code"], communes[1]["code"]


def _damage(path) -> None:
    with open(path, "r+b") as fp:
        fp.write(b"\x00hong" * 2000)
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def test_the_rescue_list_offers_only_this_offices_backups(demo_network):
    path, own, other = _demo_commune(demo_network)
    with AppContext.open(path, create=False) as ctx:
        ctx.backups.daily()  # a start of the window: this PC notes whose the file is
        own_backups = ctx.backups.all_backups()
    _damage(path)
    assert office_of_data_file(path) == own
    offered = rescue_candidates(path)
    assert offered and set(offered) == set(own_backups)
    assert {preview_file(p, verify=False).contents.office_code for p in offered} == {own}
    # The probe's fault: the other commune's backup is refused, not restored silently.
    others = list((demo_network / "backups" / other).glob("dvk-*.sqlite"))
    assert others
    with pytest.raises(DvkError, match=other):
        restore_damaged(others[0], path)
    aside = restore_damaged(offered[0], path)
    assert aside is not None
    with AppContext.open(path, create=False) as ctx:
        assert ctx.office_code == own
        actions = [e.action for e in ctx.audit.entries()[:2]]
        assert actions == ["restore", "new_line"]


def test_an_unknown_file_lists_every_backup_saying_whose(demo_network, monkeypatch):
    path, own, other = _demo_commune(demo_network)
    _damage(path)
    import app.datafile.known as known

    monkeypatch.setattr(known, "lookup", lambda _p: (None, None))
    assert office_of_data_file(path) is None
    offered = rescue_candidates(path)
    offices = {preview_file(p, verify=False).contents.office_code for p in offered}
    assert {own, other} <= offices
