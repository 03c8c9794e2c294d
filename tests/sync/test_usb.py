"""Writing to a USB stick (point 10): free space first, temporary name, fsync,
rename, read back; a pulled stick never leaves half a bundle under the final name."""

from __future__ import annotations

import os
import shutil

import pytest

from app.errors import DvkError
from app.sync import writer
from tests.sync.builders import export, manifest_of, register
from tests.sync.conftest import COMMUNE, PROVINCE


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir())


def test_not_enough_space_writes_nothing(net, tmp_path, monkeypatch):
    stick = tmp_path / "stick"
    stick.mkdir()
    monkeypatch.setattr(writer.shutil, "disk_usage",
                        lambda _path: shutil._ntuple_diskusage(10**9, 10**9 - 1000, 1000))
    with net.open(COMMUNE) as commune:
        register(commune, "A")
        with pytest.raises(DvkError) as error:
            export(commune, PROVINCE, stick / "b.dvk")
        assert "KB" in error.value.message
        assert commune.db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0
    assert _leftovers(stick) == []


def test_pulled_stick_leaves_no_half_bundle(net, tmp_path, monkeypatch):
    stick = tmp_path / "stick"
    stick.mkdir()
    real_fsync = os.fsync

    def pulled(fd):
        raise OSError(5, "Input/output error")

    with net.open(COMMUNE) as commune:
        register(commune, "A")
        monkeypatch.setattr(writer.os, "fsync", pulled)
        with pytest.raises(DvkError):
            export(commune, PROVINCE, stick / "b.dvk")
        assert _leftovers(stick) == []
        # nothing was recorded as sent: the next try is bundle 1 again, whole
        assert commune.db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0
        monkeypatch.setattr(writer.os, "fsync", real_fsync)
        path = export(commune, PROVINCE, stick / "b.dvk")
    assert manifest_of(path)["seq"] == 1
    assert _leftovers(stick) == ["b.dvk"]


def test_a_write_that_fails_midway_removes_the_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "b.dvk"
    original_open = open

    class Failing:
        def __init__(self, fp):
            self.fp = fp

        def write(self, data):
            self.fp.write(data[: len(data) // 2])
            raise OSError(28, "No space left on device")

        def __getattr__(self, name):
            return getattr(self.fp, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fp.close()

    def failing_open(path, mode="r", *args, **kwargs):
        fp = original_open(path, mode, *args, **kwargs)
        return Failing(fp) if "x" in mode else fp

    monkeypatch.setattr("builtins.open", failing_open)
    with pytest.raises(OSError):
        writer.write_safely(target, b"x" * 10_000)
    monkeypatch.undo()
    assert _leftovers(tmp_path) == []


def test_read_back_mismatch_removes_the_file(tmp_path, monkeypatch):
    target = tmp_path / "b.dvk"

    def corrupting(folder):
        target.write_bytes(b"garbage")

    monkeypatch.setattr(writer, "_fsync_folder", corrupting)
    with pytest.raises(writer.ReadBackMismatch):
        writer.write_safely(target, b"x" * 1000)
    assert _leftovers(tmp_path) == []


def test_an_existing_bundle_is_replaced_whole(tmp_path):
    target = tmp_path / "b.dvk"
    target.write_bytes(b"old")
    writer.write_safely(target, b"new content")
    assert target.read_bytes() == b"new content"
    assert _leftovers(tmp_path) == ["b.dvk"]
