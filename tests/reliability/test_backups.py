"""Backups: the online API, one automatic backup per day with rotation, a preview of
what a backup holds, restore with a new sequence line (no fork), a damaged data file
restored from a backup, and the command line."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3

import pytest

from app import clock
from app.cli.main import main
from app.context import AppContext
from app.errors import DvkError, StorageError
from app.services.backup import open_error_is_damage, restore_damaged
from app.sync.errors import BundleRefused
from tests.helpers import collective
from tests.reliability.scenarios import COMMUNE, FILES, PASSPHRASE, PROVINCE


def _count(ctx) -> int:
    return ctx.db.execute("SELECT count(*) FROM registrations").fetchone()[0]


def test_backup_preview_and_restore(ctx, tmp_path):
    ctx.registrations.save(collective(ctx, "Trước khi sao lưu"))
    path = ctx.backups.backup_to(tmp_path)
    ctx.registrations.save(collective(ctx, "Sau khi sao lưu"))
    preview = ctx.backups.preview(path)
    assert preview.ok and preview.contents.office_code == "14725"
    assert preview.contents.counts["registrations"] == 1
    assert preview.contents.made_at and preview.contents.schema_version >= 4
    assert any("Phường Yên Thắng" in line for line in preview.lines())
    safety = ctx.backups.restore(path)
    assert _count(ctx) == 1
    assert AppContext.open(safety).backups.preview(safety).contents.counts["registrations"] == 2
    assert ctx.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert ctx.audit.entries()[0].action == "restore"
    assert ctx.audit.broken_at() is None


def test_daily_backup_once_a_day_with_rotation(ctx, monkeypatch):
    monkeypatch.setattr("app.services.backup.KEEP_DEFAULT", 3)
    made = []
    for day in range(1, 6):
        clock.set_fixed(dt.datetime(2026, 3, day, 2, 0, tzinfo=dt.UTC))
        made.append(ctx.backups.daily())
        assert ctx.backups.daily() is None  # second start the same day
    assert all(made)
    kept = ctx.backups.automatic()
    assert len(kept) == 3 and kept[0] == made[-1]
    assert not made[0].exists()


def test_restore_starts_a_new_sequence_so_bundles_cannot_fork(network_template, tmp_path):
    net = tmp_path / "net"
    shutil.copytree(network_template, net)
    with AppContext.open(net / FILES[COMMUNE], actor="test") as commune, \
            AppContext.open(net / FILES[PROVINCE], actor="test") as province:
        backup = commune.backups.backup_to(tmp_path / "old.sqlite")
        first = commune.sync.export(PROVINCE, tmp_path / "b1.dvk", passphrase=PASSPHRASE)
        province.sync.import_bundle(first.path)
        commune.backups.restore(backup)  # back to before bundle 1 was sent
        commune.registrations.save(collective(commune, "Làm lại sau khôi phục"))
        second = commune.sync.export(PROVINCE, tmp_path / "b2.dvk", passphrase=PASSPHRASE)
        assert second.line != first.line and second.seq == 1
        assert province.sync.import_bundle(second.path).applied
        names = {r[0] for r in province.db.execute("SELECT name FROM registrations")}
        assert "Làm lại sau khôi phục" in names


def test_without_a_new_line_the_same_number_would_be_a_fork(network_template, tmp_path):
    """What the new line prevents: an old copy put back by hand (no restore) reuses
    number 1, and the province refuses it as a fork."""
    net = tmp_path / "net"
    shutil.copytree(network_template, net)
    shutil.copyfile(net / FILES[COMMUNE], tmp_path / "copy.sqlite")
    with AppContext.open(net / FILES[COMMUNE], actor="test") as commune, \
            AppContext.open(net / FILES[PROVINCE], actor="test") as province:
        province.sync.import_bundle(
            commune.sync.export(PROVINCE, tmp_path / "b1.dvk", passphrase=PASSPHRASE).path)
    with AppContext.open(tmp_path / "copy.sqlite", actor="test") as old, \
            AppContext.open(net / FILES[PROVINCE], actor="test") as province:
        old.registrations.save(collective(old, "Khác đi"))
        again = old.sync.export(PROVINCE, tmp_path / "b1-again.dvk", passphrase=PASSPHRASE)
        with pytest.raises(BundleRefused) as error:
            province.sync.import_bundle(again.path)
        assert error.value.reason == "fork"


def test_a_damaged_data_file_is_explained_and_restored(ctx, db_path, tmp_path):
    ctx.registrations.save(collective(ctx))
    backup = ctx.backups.backup_to(tmp_path / "good.sqlite")
    ctx.close()
    with open(db_path, "r+b") as fp:  # the header and first pages overwritten
        fp.write(b"\x00garbage" * 512)
    Path = type(db_path)
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    with pytest.raises(StorageError) as error:
        AppContext.open(db_path)
    assert open_error_is_damage(error.value)
    aside = restore_damaged(backup, db_path)
    assert aside.exists() and aside.name.startswith("office.sqlite.hong-")
    with AppContext.open(db_path) as restored:
        restored.backups.after_restore(backup, None)
        assert _count(restored) == 1


def test_refuses_a_backup_of_another_office_and_junk(ctx, network_template, tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(DvkError):
        ctx.backups.preview(junk)
    other = network_template / FILES[PROVINCE]
    preview = ctx.backups.preview(other)
    assert not preview.ok
    with pytest.raises(DvkError):
        ctx.backups.restore(other)
    assert _count(ctx) == 0


def test_backup_to_a_missing_or_full_place_is_explained(ctx, tmp_path, monkeypatch):
    with pytest.raises(DvkError, match="không tồn tại|does not exist"):
        ctx.backups.backup_to(tmp_path / "missing" / "x.sqlite")
    import shutil as sh

    monkeypatch.setattr(sh, "disk_usage", lambda _p: sh._ntuple_diskusage(10, 10, 0))
    with pytest.raises(DvkError):
        ctx.backups.backup_to(tmp_path / "x.sqlite")
    assert not list(tmp_path.glob("*.part")) and not (tmp_path / "x.sqlite").exists()


def test_command_line_backup_and_restore(ctx, db_path, tmp_path, capsys):
    ctx.registrations.save(collective(ctx))
    ctx.close()
    out = tmp_path / "copy.sqlite"
    assert main(["--db", str(db_path), "backup", "--out", str(out)]) == 0
    with AppContext.open(db_path) as again:
        again.registrations.save(collective(again, "Thêm sau"))
    assert main(["--db", str(db_path), "restore", str(out), "--dry-run"]) == 0
    text = capsys.readouterr().out
    assert "Phường Yên Thắng" in text
    with AppContext.open(db_path) as again:
        assert _count(again) == 2
    assert main(["--db", str(db_path), "restore", str(out)]) == 0
    with AppContext.open(db_path) as again:
        assert _count(again) == 1
    conn = sqlite3.connect(out)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_audit_screen_filters_and_pdf(ctx, tmp_path):
    from app.services.audit import AuditFilter

    ctx.registrations.save(collective(ctx))
    assert ctx.audit.count(AuditFilter(action="create")) >= 1
    assert ctx.audit.count(AuditFilter(actor="nobody")) == 0
    today = clock.today()
    assert ctx.audit.count(AuditFilter(since=today, until=today)) == ctx.audit.count()
    assert ctx.audit.count(AuditFilter(until=today - dt.timedelta(days=2))) == 0
    pdf = ctx.audit.print_pdf(tmp_path / "nhat-ky.pdf")
    from pypdf import PdfReader

    text = PdfReader(pdf).pages[0].extract_text()
    assert "NHẬT KÝ" in text
    assert main(["--db", str(ctx.path), "audit", "--json"]) == 0


def test_the_demo_leaves_nothing_in_the_users_data_folder(demo_network_template):
    """The demo's offices make their backups without noting themselves in the PC's list
    of data files (app/datafile/known.py): `dvk demo` writes only into its folder (the
    built program's smoke test checks the data folder is never made)."""
    from app.datafile import known

    offices = sorted(demo_network_template.glob("*.sqlite"))
    assert offices
    for office in offices:
        assert known.lookup(office) == (None, None), office


def test_demo_network_shows_backups_and_accounts(demo_network):
    from app.demo.network import load_network

    offices = load_network(demo_network)["offices"]
    communes = [o for o in offices if o["level"] == "xa"]
    with AppContext.open(demo_network / communes[0]["db"]) as first:
        assert not first.accounts.enabled()
        assert len(first.backups.automatic()) == 2
        assert len(first.backups.all_backups()) == 3
        assert first.backups.preview(first.backups.automatic()[0]).ok
    with AppContext.open(demo_network / communes[-1]["db"]) as last:
        assert last.accounts.enabled()
        roles = {u.name: (u.role, u.active) for u in last.accounts.users()}
        assert roles["cu.nhanvien"] == ("nhap_lieu", 0) and roles["quantri"][0] == "quan_tri"
        actions = {e.action for e in last.audit.entries()}
        assert {"login", "login_failed", "user_add", "user_disable", "update"} <= actions
        assert last.audit.broken_at() is None
