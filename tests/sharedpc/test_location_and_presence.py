"""Where a data file is (network share, read-only) and which windows have it open
(issue 23, point 10)."""

from __future__ import annotations

import pytest

from app.context import AppContext
from app.datafile.location import is_network, is_unc, locate, mount_type
from app.datafile.presence import Presence

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
tmpfs /tmp tmpfs rw 0 0
//server/vanphong /mnt/vanphong cifs rw,vers=3.0 0 0
nas:/export/dvk /srv/dvk nfs4 rw 0 0
/dev/sdb1 /media/usb\\040stick vfat rw 0 0
"""


@pytest.mark.parametrize(("path", "expected"), [
    (r"\\server\share\dvk.sqlite", True),
    ("//server/share/dvk.sqlite", True),
    (r"\\?\UNC\server\share\dvk.sqlite", True),
    (r"\\?\C:\DVK\dvk.sqlite", False),
    (r"C:\DVK\dvk.sqlite", False),
    ("/home/thu/dvk.sqlite", False),
])
def test_unc_paths_are_network_paths_everywhere(path, expected):
    assert is_unc(path) is expected
    assert is_network(path, platform="linux", mounts="") is expected


@pytest.mark.parametrize(("path", "kind", "network"), [
    ("/mnt/vanphong/DVK/dvk.sqlite", "cifs", True),
    ("/srv/dvk/xa.sqlite", "nfs4", True),
    ("/media/usb stick/dvk.sqlite", "vfat", False),
    ("/home/thu/dvk.sqlite", "ext4", False),
    ("/mnt/vanphongkhac/dvk.sqlite", "ext4", False),  # a prefix is not a mount point
])
def test_linux_mounts_of_other_computers_are_network(path, kind, network, tmp_path):
    from pathlib import Path

    assert mount_type(Path(path), MOUNTS) == kind
    assert is_network(path, platform="linux", mounts=MOUNTS) is network


def test_a_mapped_drive_is_asked_of_windows(monkeypatch):
    import app.datafile.location as location

    monkeypatch.setattr(location, "_windows_drive_is_remote",
                        lambda path: str(path).upper().startswith("Z:"))
    assert is_network(r"Z:\DVK\dvk.sqlite", platform="win32")
    assert not is_network(r"C:\DVK\dvk.sqlite", platform="win32")


def test_a_local_file_is_neither(ctx, db_path):
    found = locate(db_path)
    assert found.exists and not found.network and not found.read_only
    assert ctx.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_windows_see_each_other_and_a_dead_one_is_cleared(ctx, db_path):
    first = Presence(db_path, "aaaa")
    second = Presence(db_path, "bbbb")
    assert first.enter("chi.lan") and second.enter("anh.minh")
    assert [w.user for w in first.others()] == ["anh.minh"]
    assert second.alive("aaaa") and first.alive("aaaa")
    first.abandon()  # the PC lost power: the system dropped the lock, the file stays
    assert (first.folder / "aaaa.lock").exists()
    assert second.others() == [] and not second.alive("aaaa")
    assert not (first.folder / "aaaa.lock").exists()  # cleared when found
    second.leave()
    assert not first.folder.exists()


def test_closing_a_context_leaves_its_window(db_path, ctx):
    other = AppContext.open(db_path, create=False)
    assert other.presence.enter("thu.ha")
    assert [w.user for w in ctx.presence.others()] == ["thu.ha"]
    other.close()
    assert ctx.presence.others() == []
