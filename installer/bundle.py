"""What goes into the built application and what stays out (used by build_installer.spec).

The rules live here, in plain Python, so that the fast tests can check them without
running PyInstaller (tests/installer/test_bundle_rules.py): a new Qt module imported by
`ui/`, a resource folder or a catalog that would silently go missing from the build
fails a test instead of a clerk's office.

What is left out, and why each is safe:
- Qt modules the program never imports (only QT_MODULES are used, see `ui/`); their
  Python bindings and, with them, their libraries and plugins (Network, Qml/Quick,
  Designer, Sql, Svg widgets, OpenGL widgets, Test, UiTools...).
- Qt's own translations: Qt's strings go through our gettext catalogs
  (ui/qt_i18n.py), and Qt ships no Vietnamese.
- The Qt Network library, which PyInstaller collects although nothing kept links to it.
- Windows' software OpenGL renderer: the window is widgets, painted without OpenGL.
- Qt plugins for devices without a desktop (EGLFS, linuxfb, VNC, Vulkan displays, raw
  evdev/TUIO input): an office PC has Windows, X11 or Wayland.
- Babel's calendar and number data for languages other than Vietnamese and English
  (app.i18n.SUPPORTED); every Babel call passes one of those.
- Source catalogs (.po, .pot) and the empty package markers of resources/ and i18n/:
  only the compiled .mo files are read at run time.
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from app.i18n import SUPPORTED

ROOT = Path(__file__).resolve().parent.parent
NAME = "dvk"  # the folder and the windowed executable
CONSOLE_NAME = "dvk-console"  # the same program with a console, for diagnostics
ENTRY = ROOT / "installer" / "dvk_main.py"
ICON = ROOT / "resources" / "icons" / "dvk.ico"

# The Qt modules `ui/` imports. A test compares this with the imports found in ui/.
QT_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtPrintSupport")
# Modules nothing imports in Python: `dvk gui` finds the window by name
# (app/cli/cmd_gui.py), and PyNaCl's compiled module loads cffi's backend from C.
HIDDEN_IMPORTS = ["ui.launch", "ui.screenshots", "_cffi_backend"]
# Packages whose modules are imported from strings: ReportLab's barcode widgets (the
# QR code on certificates) exec "from reportlab.graphics.barcode.X import ..."; the
# window builds its screens when first shown, importing each by the module name in
# its table (ui/main_window.py, LAZY).
HIDDEN_PACKAGES = ["reportlab.graphics.barcode", "ui.screens"]
# Python packages that must never ride along even when the build environment has them
# (pypdfium2 and Pillow import numpy or Tk only for features DVK does not use).
NEVER_BUNDLED = ("tkinter", "numpy", "pytest", "_pytest", "pytestqt", "hypothesis", "IPython")
LANGUAGES = SUPPORTED

_QT_PLUGINS_DROPPED = (
    "egldeviceintegrations/",
    "generic/",
    "platforms/libqeglfs", "platforms/libqlinuxfb", "platforms/libqvnc",
    "platforms/libqvkkhrdisplay", "platforms/libqminimalegl",
    "platforms/qeglfs", "platforms/qlinuxfb", "platforms/qvnc", "platforms/qvkkhrdisplay",
    "platforms/qminimalegl",
)
# Qt libraries collected although nothing kept links to them (QtNetwork's bindings,
# its TLS and network-information plugins and the VNC platform are all left out).
_QT_LIBRARIES_DROPPED = ("Network",)
# Windows: Mesa's software OpenGL (20 MB), a fallback for OpenGL and Qt Quick on PCs
# without a usable driver; widgets paint without OpenGL.
_QT_FILES_DROPPED = ("opengl32sw.dll",)
_LICENCE_FILE = re.compile(r"^(LICEN[CS]E|COPYING|NOTICE)", re.IGNORECASE)


def project_version(root: Path = ROOT) -> str:
    """The version, from pyproject.toml: the one place it is written."""
    data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    return data["project"]["version"]


def excluded_modules() -> list[str]:
    """Python modules PyInstaller must not follow: unused Qt bindings and NEVER_BUNDLED."""
    import PySide6

    unused = sorted(f"PySide6.{name}" for name in PySide6.__all__ if name not in QT_MODULES)
    return unused + list(NEVER_BUNDLED)


def data_files(root: Path = ROOT) -> list[tuple[str, str]]:
    """(source file, destination folder) for everything under resources/ and the
    compiled catalogs under i18n/, at the same relative places (app/paths.py)."""
    files = []
    for path in sorted((root / "resources").rglob("*")):
        if path.is_file() and path.suffix not in (".py", ".pyc"):
            files.append(path)
    files.extend(sorted((root / "i18n").rglob("*.mo")))
    return [(str(p), p.parent.relative_to(root).as_posix()) for p in files]


def keep(dest: str) -> bool:
    """Whether a file PyInstaller collected (its place inside the bundle) is kept."""
    dest = dest.replace("\\", "/")
    if dest.startswith("PySide6/") or re.match(r"(lib)?Qt6\w+\.(so\.6|dll)$", dest):
        if dest.endswith(".qm") and "/translations/" in dest:
            return False
        if re.search(rf"(lib)?Qt6({'|'.join(_QT_LIBRARIES_DROPPED)})\.(so\.6|dll)$", dest):
            return False
        if dest.rsplit("/", 1)[-1] in _QT_FILES_DROPPED:
            return False
        plugin = dest.split("/plugins/", 1)[1] if "/plugins/" in dest else ""
        return not plugin.startswith(_QT_PLUGINS_DROPPED)
    if dest.startswith(f"{NAME}.egg-info/") or re.match(rf"{NAME}-[^/]*\.dist-info/", dest):
        return False  # a stale copy from the source tree: version_metadata() writes it
    if dest.startswith("babel/locale-data/") and dest.endswith(".dat"):
        locale = dest.rsplit("/", 1)[1][:-4]
        return locale == "root" or locale.split("_")[0] in LANGUAGES
    return True


def version_metadata(version: str, folder: Path) -> Path:
    """A minimal `dvk-VERSION.dist-info` for the bundle, so that `app.__version__`
    (importlib.metadata) gives the pyproject version in the built program too."""
    info = folder / f"{NAME}-{version}.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {version}\n", encoding="utf-8")
    return info


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    licence: str
    url: str
    files: tuple[Path, ...]


def _top_level_names(dist: metadata.Distribution) -> set[str]:
    names = set()
    for entry in dist.files or []:
        first = entry.parts[0]
        if first.endswith((".dist-info", ".egg-info", ".data")) or first == "..":
            continue
        names.add(first.split(".", 1)[0])
    return names


def _licence_of(meta) -> str:
    text = (meta.get("License-Expression") or meta.get("License") or "").strip()
    if text and len(text) <= 80 and "\n" not in text:
        return text
    classifiers = [c.rsplit(" :: ", 1)[1] for c in meta.get_all("Classifier") or []
                   if c.startswith("License ::")]
    return ", ".join(classifiers) or "see the licence files"


def _url_of(meta) -> str:
    links = dict(u.split(",", 1) for u in meta.get_all("Project-URL") or [] if "," in u)
    links = {label.strip().lower(): url.strip() for label, url in links.items()}
    for label in ("homepage", "home", "source", "source code", "repository"):
        if label in links:
            return links[label]
    return meta.get("Home-page") or next(iter(links.values()), "")


def components(bundled: set[str]) -> list[Component]:
    """The third-party distributions whose modules are in the bundle (top-level module
    names in `bundled`), with their licence and licence files."""
    found: dict[str, Component] = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        key = re.sub(r"[-_.]+", "-", name or "").lower()
        if not name or key == NAME or key in found or not _top_level_names(dist) & bundled:
            continue
        files = tuple(Path(dist.locate_file(f)) for f in dist.files or []
                      if _LICENCE_FILE.match(f.name) and ".dist-info" in str(f))
        found[key] = Component(name, dist.version, _licence_of(dist.metadata),
                               _url_of(dist.metadata), files)
    return sorted(found.values(), key=lambda c: c.name.lower())


def python_licence() -> Path | None:
    base = Path(sys.base_prefix)
    for candidate in (base / "LICENSE.txt",
                      base / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
                      / "LICENSE.txt"):
        if candidate.is_file():
            return candidate
    return None


def licence_files(bundled: set[str], folder: Path) -> list[tuple[str, str]]:
    """(source, destination folder) for THIRD-PARTY.txt, which lists every bundled
    component with its version, licence and home page, and the licence texts beside it
    under licenses/<component>/. The program's own fonts and unit data keep their
    notices in resources/."""
    folder.mkdir(parents=True, exist_ok=True)
    found = components(bundled)
    lines = ["DVK bundles these components; their licence texts are in licenses/.",
             f"Python {sys.version.split()[0]}: PSF-2.0 (https://www.python.org/)", ""]
    lines[2:2] = [f"{c.name} {c.version}: {c.licence}" + (f" ({c.url})" if c.url else "")
                  for c in found]
    summary = folder / "THIRD-PARTY.txt"
    summary.write_text("\n".join(lines) + "\n", encoding="utf-8")
    entries = [(str(summary), "licenses")]
    python = python_licence()
    if python:
        entries.append((str(python), "licenses/python"))
    for component in found:
        for path in component.files:
            entries.append((str(path), f"licenses/{component.name}"))
    return entries


def windows_version_info(version: str):
    """The version resource of the Windows executables (Explorer's Details tab, and
    what installer/dvk.iss reads). Windows only: PyInstaller's helper needs pefile."""
    from PyInstaller.utils.win32 import versioninfo as vi

    numbers = tuple(int(n) for n in re.findall(r"\d+", version)[:4])
    numbers = numbers + (0,) * (4 - len(numbers))
    strings = [vi.StringStruct("CompanyName", "DVK"),
               vi.StringStruct("FileDescription", "DVK - Dân vận khéo"),
               vi.StringStruct("FileVersion", version),
               vi.StringStruct("ProductName", "DVK"),
               vi.StringStruct("ProductVersion", version)]
    return vi.VSVersionInfo(
        ffi=vi.FixedFileInfo(filevers=numbers, prodvers=numbers),
        kids=[vi.StringFileInfo([vi.StringTable("040904B0", strings)]),
              vi.VarFileInfo([vi.VarStruct("Translation", [0x0409, 1200])])])
