"""A non-editable `pip install .` finds its resources and catalogs in site-packages.

Editable installs and the source checkout read resources/ and i18n/ from the checkout,
so only a real install shows a file that pyproject's package-data forgets. The
dependencies are borrowed from the running environment (a .pth file) instead of being
downloaded and unpacked again; DVK itself is built as a wheel and installed alone.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from installer import bundle

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow

PROBE = """
import json, sys
import app, app.paths as p, app.i18n as i18n
i18n.set_language("vi")
print(json.dumps({
    "app": app.__file__, "version": app.__version__, "root": str(p.program_root()),
    "resources": sorted(str(f.relative_to(p.resource())) for f in p.resource().rglob("*")
                        if f.is_file() and f.suffix not in (".py", ".pyc")),
    "catalogs": sorted(str(f.relative_to(p.catalogs_dir())) for f in p.catalogs_dir().rglob("*.mo")),
    "translated": i18n._("show the version and exit"),
}))
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("pip-install")
    source, wheels, env_dir = base / "source", base / "wheels", base / "venv"
    # A clean copy: setuptools would reuse a stale build/ folder of the checkout.
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", ".ci-venv", "build", "dist", "__pycache__", "*.egg-info", "tests"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--wheel-dir", str(wheels), str(source)], check=True, timeout=600,
                   cwd=base)
    venv.create(env_dir, with_pip=False)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                    "--quiet", "--no-deps", "--no-index", *map(str, wheels.glob("*.whl"))],
                   check=True, timeout=600, cwd=base)
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig"
                                ".get_paths()['purelib'])"], capture_output=True,
                               encoding="utf-8", check=True).stdout.strip())
    # The dependencies (PySide6, ReportLab...) from this environment, after DVK's own.
    (site / "zz-borrowed-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n",
                                               encoding="utf-8")
    return python


def _run(python: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    result = subprocess.run([str(python), *args], capture_output=True, text=True, cwd=cwd,
                            env=env, encoding="utf-8", timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_installed_package_finds_every_resource_and_catalog(installed, tmp_path):
    probe = json.loads(_run(installed, "-c", PROBE, cwd=tmp_path).stdout)
    site = Path(probe["root"])
    assert Path(probe["app"]).parent == site / "app"
    assert ROOT not in Path(probe["app"]).parents  # the installed copy, not the checkout
    assert probe["version"] == bundle.project_version()
    expected = sorted(str(Path(src).relative_to(ROOT / "resources"))
                      for src, dest in bundle.data_files(ROOT) if dest.startswith("resources"))
    assert probe["resources"] == expected
    assert probe["catalogs"] == sorted(str(p.relative_to(ROOT / "i18n"))
                                       for p in (ROOT / "i18n").rglob("*.mo"))
    assert probe["translated"] != "show the version and exit"


def test_installed_command_makes_a_demo_and_prints(installed, tmp_path):
    env_bin = installed.parent
    dvk = env_bin / ("dvk.exe" if os.name == "nt" else "dvk")
    assert _run(dvk, "--version", cwd=tmp_path).stdout == f"dvk {bundle.project_version()}\n"
    _run(dvk, "demo", "--out", str(tmp_path / "demo"), "--communes", "1", "--models", "3",
         cwd=tmp_path)
    office = next((tmp_path / "demo").glob("xa-*.sqlite"))
    _run(dvk, "--db", str(office), "check", cwd=tmp_path)
    _run(dvk, "--db", str(office), "print", "sample", "certificate", "--out",
         str(tmp_path / "c.pdf"), cwd=tmp_path)
    assert (tmp_path / "c.pdf").stat().st_size > 10_000
