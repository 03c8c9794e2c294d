"""Measure the built folder and pack the portable zip (after the build: installer/build.py).

The zip (beside the folder: dist/dvk-VERSION-PLATFORM.zip) holds the folder `dvk/` and the
portable marker `dvk/dvk-portable.txt`: unzipped onto a USB stick, DVK keeps its data
in `dvk/data/` beside the executable and the whole program travels with the stick.
The folder itself has no marker, so that installer/dvk.iss installs a normal program.
"""

from __future__ import annotations

import os
import platform
import stat
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from installer import bundle

MB = 1_000_000
UNPACKED_BUDGET = 250 * MB
ZIPPED_BUDGET = 100 * MB
PORTABLE_MARKER = "dvk-portable.txt"  # app.paths.PORTABLE_MARKER (a test keeps them equal)
MARKER_TEXT = """\
DVK - chế độ mang theo (portable)

Khi có tệp này bên cạnh chương trình dvk, DVK lưu dữ liệu (tệp dữ liệu của cơ quan,
thiết lập, khóa ký, nhật ký lỗi) trong thư mục "data" bên cạnh, để chạy được cả
chương trình từ USB. Xóa tệp này nếu muốn lưu dữ liệu trong thư mục của người dùng
trên máy tính.

While this file sits beside the dvk program, DVK keeps its data (the office data
file, settings, signing keys, error log) in the "data" folder beside it, so the whole
program runs from a USB stick. Delete this file to keep the data in the user's own
folder on the computer instead.
"""


def platform_tag() -> str:
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    machine = platform.machine().lower()
    arch = {"amd64": "x64", "x86_64": "x64"}.get(machine, machine)
    return f"{system}-{arch}"


def _files(folder: Path) -> list[Path]:
    """Every file and symbolic link under `folder`, in a stable order."""
    found = []
    for base, dirs, names in os.walk(folder):
        dirs.sort()
        found.extend(Path(base) / name for name in sorted(names))
        # os.walk lists links to folders among dirs and does not enter them
        found.extend(Path(base) / d for d in dirs if (Path(base) / d).is_symlink())
    return found


def folder_size(folder: Path) -> int:
    """Bytes on disk the unpacked folder takes (links count as links, not twice)."""
    return sum(path.lstat().st_size for path in _files(folder))


def make_zip(folder: Path, target: Path) -> Path:
    """`folder` as `<name>/...` in a zip, with the portable marker added. Symbolic links
    (the Linux build has a few between Qt libraries) stay links, as `unzip` restores
    them, instead of doubling those libraries."""
    partial = target.with_suffix(".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in _files(folder):
            name = f"{folder.name}/{path.relative_to(folder).as_posix()}"
            if path.is_symlink():
                info = zipfile.ZipInfo(name)
                info.create_system = 3  # Unix, so that the mode below is honoured
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                archive.writestr(info, os.readlink(path))
            else:
                archive.write(path, name)
        marker = zipfile.ZipInfo(f"{folder.name}/{PORTABLE_MARKER}", (2020, 1, 1, 0, 0, 0))
        marker.external_attr = 0o644 << 16
        archive.writestr(marker, MARKER_TEXT.encode("utf-8"), zipfile.ZIP_DEFLATED)
    partial.replace(target)
    return target


def extract(archive_path: Path, target: Path) -> None:
    """Unpack a zip made by make_zip, links and executable bits included (zipfile's own
    extractall writes links as text files and drops the modes)."""
    with zipfile.ZipFile(archive_path) as archive:
        for info in archive.infolist():
            dest = target / info.filename
            mode = info.external_attr >> 16
            dest.parent.mkdir(parents=True, exist_ok=True)
            if stat.S_ISLNK(mode):
                os.symlink(archive.read(info).decode("utf-8"), dest)
            elif not info.is_dir():
                dest.write_bytes(archive.read(info))
                if mode & 0o777:
                    dest.chmod(mode & 0o777)


@dataclass(frozen=True)
class Report:
    folder: Path
    unpacked: int
    archive: Path
    zipped: int

    @property
    def within_budget(self) -> bool:
        return self.unpacked < UNPACKED_BUDGET and self.zipped < ZIPPED_BUDGET

    def lines(self) -> list[str]:
        def line(label: str, size: int, budget: int, where: Path) -> str:
            verdict = "ok" if size < budget else "OVER BUDGET"
            return (f"{label}: {size / MB:.1f} MB ({size:,} bytes; budget {budget // MB} MB,"
                    f" {verdict}) {where}")

        return [line("unpacked", self.unpacked, UNPACKED_BUDGET, self.folder),
                line("zipped  ", self.zipped, ZIPPED_BUDGET, self.archive)]


def package(folder: Path, archive: Path | None = None) -> Report:
    archive = archive or folder.parent / (
        f"{folder.name}-{bundle.project_version()}-{platform_tag()}.zip")
    make_zip(folder, archive)
    return Report(folder, folder_size(folder), archive, archive.stat().st_size)
