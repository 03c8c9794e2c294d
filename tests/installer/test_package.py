"""The portable zip and the size report (installer/package.py) on a small fake build."""

from __future__ import annotations

import os
import zipfile

import pytest

from installer import build, package


@pytest.fixture
def built(tmp_path):
    folder = tmp_path / "dist" / "dvk"
    (folder / "_internal" / "lib").mkdir(parents=True)
    (folder / "dvk").write_bytes(b"\x7fELF" + b"x" * 1000)
    (folder / "dvk").chmod(0o755)
    (folder / "_internal" / "lib" / "libQt6Core.so.6").write_bytes(b"q" * 5000)
    if os.name != "nt":
        os.symlink("lib/libQt6Core.so.6", folder / "_internal" / "libQt6Core.so.6")
    return folder


def test_zip_holds_the_folder_and_the_portable_marker(built, tmp_path):
    report = package.package(built, tmp_path / "dvk.zip")
    names = zipfile.ZipFile(report.archive).namelist()
    assert "dvk/dvk" in names and "dvk/_internal/lib/libQt6Core.so.6" in names
    assert f"dvk/{package.PORTABLE_MARKER}" in names
    assert not (built / package.PORTABLE_MARKER).exists()  # the folder stays installable
    assert report.unpacked == package.folder_size(built) < 7000  # the link is not counted twice
    assert report.zipped == report.archive.stat().st_size
    assert report.within_budget
    assert all("ok" in line for line in report.lines())


@pytest.mark.skipif(os.name == "nt", reason="links and modes are a Unix matter")
def test_extract_restores_links_and_the_executable_bit(built, tmp_path):
    archive = package.make_zip(built, tmp_path / "dvk.zip")
    package.extract(archive, tmp_path / "usb")
    copy = tmp_path / "usb" / "dvk"
    assert os.access(copy / "dvk", os.X_OK)
    link = copy / "_internal" / "libQt6Core.so.6"
    assert link.is_symlink() and link.read_bytes() == b"q" * 5000
    marker = (copy / package.PORTABLE_MARKER).read_text(encoding="utf-8")
    assert "USB" in marker and "data" in marker


def test_over_budget_is_reported_and_fails(built, monkeypatch, capsys):
    monkeypatch.setattr(package, "UNPACKED_BUDGET", 100)
    assert build.main(["--dist", str(built.parent), "--no-build"]) == 1
    assert "OVER BUDGET" in capsys.readouterr().out
    assert list(built.parent.glob("dvk-*.zip"))


def test_a_folder_without_the_program_is_refused(tmp_path):
    with pytest.raises(SystemExit) as caught:
        build.main(["--dist", str(tmp_path), "--no-build"])
    assert caught.value.code == 2
