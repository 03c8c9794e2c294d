"""Portable mode and resource lookup as the built program sees them (sys.frozen,
sys.executable and sys._MEIPASS are what PyInstaller's bootloader sets)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from app import paths
from app.cli import main
from app.errors import StorageError


@pytest.fixture
def frozen(tmp_path, monkeypatch):
    """A built folder: the executable, and _internal/ holding resources and i18n."""
    folder = tmp_path / "usb" / "dvk"
    internal = folder / "_internal"
    (internal / "resources").mkdir(parents=True)
    (internal / "resources" / "fields.json").write_text("[]", encoding="utf-8")
    (folder / "dvk").write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(folder / "dvk"))
    monkeypatch.setattr(sys, "_MEIPASS", str(internal), raising=False)
    monkeypatch.delenv("DVK_DATA_DIR", raising=False)
    monkeypatch.setattr(paths.platformdirs, "user_data_dir",
                        lambda *a, **k: str(tmp_path / "home" / "DVK"))
    return folder


def test_source_checkout_and_installed_package_use_the_folder_beside_app():
    root = Path(paths.__file__).resolve().parent.parent
    assert paths.program_root() == root
    assert paths.resource("units-2025.json") == root / "resources" / "units-2025.json"
    assert paths.catalogs_dir() == root / "i18n"
    assert paths.portable_dir() is None  # never portable unless frozen


def test_frozen_build_reads_resources_from_its_own_folder(frozen):
    assert paths.resource("fields.json") == frozen / "_internal" / "resources" / "fields.json"
    assert paths.catalogs_dir() == frozen / "_internal" / "i18n"


def test_without_the_marker_data_goes_to_the_users_folder(frozen, tmp_path):
    assert paths.portable_dir() is None
    assert paths.default_db_path() == tmp_path / "home" / "DVK" / "dvk.sqlite"
    assert not (frozen / "data").exists()


def test_the_marker_keeps_data_beside_the_executable(frozen, tmp_path):
    (frozen / paths.PORTABLE_MARKER).write_text("portable", encoding="utf-8")
    assert paths.portable_dir() == frozen / "data"
    assert paths.default_db_path() == frozen / "data" / "dvk.sqlite"
    assert paths.demo_dir() == frozen / "data" / "demo"
    assert (frozen / "data").is_dir()
    assert not (tmp_path / "home").exists()


def test_an_explicit_data_folder_still_wins(frozen, tmp_path, monkeypatch):
    (frozen / paths.PORTABLE_MARKER).write_text("portable", encoding="utf-8")
    monkeypatch.setenv("DVK_DATA_DIR", str(tmp_path / "elsewhere"))
    assert paths.user_data_dir() == tmp_path / "elsewhere"


def test_a_data_folder_that_cannot_be_made_is_a_clear_message(frozen, capsys):
    """A write-protected stick: here the place of data/ is taken by a file (root
    ignores permission bits, a file in the way fails for everyone)."""
    (frozen / paths.PORTABLE_MARKER).write_text("portable", encoding="utf-8")
    (frozen / "data").write_text("not a folder", encoding="utf-8")
    with pytest.raises(StorageError) as caught:
        paths.user_data_dir()
    assert "USB" in caught.value.message and str(frozen / "data") in caught.value.message
    assert main(["check"]) == 3
    err = capsys.readouterr().err
    assert "USB" in err and "Traceback" not in err
