"""The rules of what goes into the built application (installer/bundle.py), checked
without running PyInstaller."""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

from app import paths
from installer import bundle, package

ROOT = Path(__file__).resolve().parents[2]


def _qt_modules_imported(folder: Path) -> set[str]:
    found = set()
    for source in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            found.update(n.split(".")[1] for n in names
                         if n.startswith("PySide6.") and n.split(".")[1].startswith("Qt"))
    return found


def test_the_qt_modules_kept_are_those_the_window_imports():
    """A new `from PySide6.QtSvg import ...` in ui/ must go into QT_MODULES, or the
    built program would lack it: the build excludes every other Qt module."""
    assert _qt_modules_imported(ROOT / "ui") == set(bundle.QT_MODULES)
    excluded = bundle.excluded_modules()
    assert not {f"PySide6.{m}" for m in bundle.QT_MODULES} & set(excluded)
    for unused in ("QtNetwork", "QtQml", "QtQuick", "QtDesigner", "QtSql", "QtTest"):
        assert f"PySide6.{unused}" in excluded


def test_every_resource_and_compiled_catalog_is_bundled_where_paths_looks():
    files = {(Path(src).relative_to(ROOT).as_posix(), dest)
             for src, dest in bundle.data_files(ROOT)}
    for path in (ROOT / "resources").rglob("*"):
        if path.is_file() and path.suffix not in (".py", ".pyc"):
            rel = path.relative_to(ROOT)
            assert (rel.as_posix(), rel.parent.as_posix()) in files
    catalogs = sorted((ROOT / "i18n").rglob("*.mo"))
    assert len(catalogs) >= 2 * len(list((ROOT / "i18n" / "vi" / "LC_MESSAGES").glob("*.po")))
    for mo in catalogs:
        rel = mo.relative_to(ROOT)
        assert (rel.as_posix(), rel.parent.as_posix()) in files
    assert not any(src.endswith((".po", ".pot", ".py")) for src, _dest in files)
    assert ("resources/icons/dvk.ico", "resources/icons") in files
    assert bundle.ICON.is_file() and bundle.ENTRY.is_file()


@pytest.mark.parametrize("dest", [
    "PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/plugins/platforms/libqwayland.so",
    "PySide6/Qt/plugins/platforms/libqoffscreen.so", "PySide6/plugins/platforms/qwindows.dll",
    "PySide6/Qt/plugins/imageformats/libqjpeg.so", "PySide6/plugins/imageformats/qjpeg.dll",
    "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
    "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
    "PySide6/Qt/lib/libQt6Widgets.so.6", "PySide6/Qt6Widgets.dll",
    "babel/locale-data/vi.dat", "babel/locale-data/en.dat", "babel/locale-data/en_GB.dat",
    "babel/locale-data/root.dat", "babel/global.dat", "babel/locale-data/LICENSE.unicode",
    "resources/units-2025.json", "i18n/vi/LC_MESSAGES/dvk.mo",
])
def test_kept(dest):
    assert bundle.keep(dest)
    assert bundle.keep(dest.replace("/", "\\"))


@pytest.mark.parametrize("dest", [
    "PySide6/Qt/translations/qtbase_de.qm", "PySide6/translations/qtbase_fr.qm",
    "PySide6/Qt/plugins/platforms/libqeglfs.so", "PySide6/Qt/plugins/platforms/libqvnc.so",
    "PySide6/Qt/plugins/platforms/libqlinuxfb.so", "PySide6/plugins/generic/qtuiotouchplugin.dll",
    "PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-x11-integration.so",
    "babel/locale-data/fr.dat", "babel/locale-data/zh_Hant_HK.dat", "babel/locale-data/ve.dat",
    "dvk.egg-info/PKG-INFO", "dvk-0.0.9.dist-info/METADATA",
    "PySide6/Qt/lib/libQt6Network.so.6", "libQt6Network.so.6", "PySide6/Qt6Network.dll",
    "PySide6/opengl32sw.dll",
])
def test_left_out(dest):
    assert not bundle.keep(dest)


def test_version_comes_from_pyproject(tmp_path):
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert bundle.project_version() == data["project"]["version"]
    info = bundle.version_metadata("1.2.3", tmp_path)
    assert info.name == "dvk-1.2.3.dist-info"
    found = next(metadata.distributions(name="dvk", path=[str(tmp_path)]))
    assert found.version == "1.2.3"


def test_build_extra_and_marker_agree_with_the_program():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert any(r.startswith("pyinstaller") for r in data["project"]["optional-dependencies"]
               ["build"])
    assert package.PORTABLE_MARKER == paths.PORTABLE_MARKER


def test_licences_list_every_bundled_component(tmp_path):
    entries = bundle.licence_files({"PySide6", "shiboken6", "reportlab", "nacl", "babel"},
                                   tmp_path)
    summary = (tmp_path / "THIRD-PARTY.txt").read_text(encoding="utf-8")
    for name in ("PySide6", "shiboken6", "reportlab", "PyNaCl", "babel", "Python"):
        assert name in summary
    assert "LGPL" in summary
    assert "pytest" not in summary  # only what is bundled
    assert any(dest == "licenses/PyNaCl" for _src, dest in entries)


def test_windows_setup_script_matches_the_build():
    """installer/dvk.iss cannot be compiled here; at least its paths and names must
    agree with what build_installer.spec makes."""
    script = ROOT / "installer" / "dvk.iss"
    text = script.read_bytes().decode("ascii")  # Inno Setup reads it as ANSI
    assert f'"..\\dist\\{bundle.NAME}"' in text
    assert f"\\{bundle.NAME}.exe" in text and "dvk-portable.txt" in text
    icon = next(line.split("=", 1)[1] for line in text.splitlines()
                if line.startswith("SetupIconFile="))
    assert (script.parent / icon.replace("\\", "/")).resolve() == bundle.ICON.resolve()
    assert package.PORTABLE_MARKER in text
    spec = (ROOT / "build_installer.spec").read_text(encoding="utf-8")
    assert "name=bundle.NAME, console=False" in spec
    assert "name=bundle.CONSOLE_NAME, console=True" in spec


def test_windows_version_resource_is_well_formed(monkeypatch):
    """PyInstaller's version-resource helper imports Windows-only modules; with stand-ins
    for those, the resource built for dvk.exe must render and encode."""
    pytest.importorskip("PyInstaller")
    import types

    from PyInstaller import compat

    monkeypatch.setattr(compat, "win32api", types.ModuleType("win32api"), raising=False)
    monkeypatch.setitem(sys.modules, "pefile", types.ModuleType("pefile"))
    monkeypatch.delitem(sys.modules, "PyInstaller.utils.win32.versioninfo", raising=False)
    info = bundle.windows_version_info("2.10.3")
    monkeypatch.delitem(sys.modules, "PyInstaller.utils.win32.versioninfo")
    assert "filevers=(2, 10, 3, 0)" in str(info) and "'FileVersion', '2.10.3'" in str(info)
    assert len(info.toRaw()) > 300


def test_the_screens_the_window_builds_by_name_are_bundled():
    """PyInstaller sees only import statements; the window imports its lazy screens by
    name (ui/main_window.py, LAZY), so their package rides along as a whole."""
    from ui.main_window import LAZY

    missing = [name for name in LAZY.values()
               if name.module not in bundle.HIDDEN_IMPORTS
               and not any(name.module.startswith(package + ".")
                           for package in bundle.HIDDEN_PACKAGES)]
    assert missing == []
