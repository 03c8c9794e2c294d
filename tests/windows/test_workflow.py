"""The Windows workflow (.github/workflows/windows.yml) cannot run here; this keeps it
consistent with the files and names it relies on, so that a rename here cannot leave it
building or uploading nothing."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from installer import bundle, package

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "windows.yml"


def test_the_workflow_runs_on_windows_with_python_311_and_every_step():
    text = WORKFLOW.read_text(encoding="utf-8")
    assert re.search(r"^\s+runs-on: windows-latest$", text, re.M)
    assert re.search(r'^\s+python-version: "3\.11"$', text, re.M)
    for step in ('pip install -e ".[test,build]"', "lint-imports", "ruff check .",
                 "python tools/i18n.py check", "python -m pytest", "python -m installer.build",
                 "DVK_BUILD_SMOKE", "tests/installer -m slow", r"installer\dvk.iss",
                 "/VERYSILENT", "unins000.exe", "actions/upload-artifact"):
        assert step in text, step
    assert "\t" not in text  # YAML takes no tabs


def test_the_files_it_names_exist_and_its_upload_patterns_match_the_outputs(monkeypatch):
    text = WORKFLOW.read_text(encoding="utf-8")
    for path in ("installer/dvk.iss", "tools/i18n.py", "tests/installer", "pyproject.toml",
                 "build_installer.spec"):
        assert (ROOT / path).exists(), path
    assert "build_installer.spec" in (ROOT / "installer" / "build.py").read_text(
        encoding="utf-8")  # what `python -m installer.build` runs
    # the portable zip as installer/package.py names it on 64-bit Windows
    monkeypatch.setattr(package.sys, "platform", "win32")
    monkeypatch.setattr(package.platform, "machine", lambda: "AMD64")
    zip_name = f"{bundle.NAME}-{bundle.project_version()}-{package.platform_tag()}.zip"
    assert re.fullmatch(r"dvk-.*-windows-x64\.zip", zip_name)
    assert "dist/dvk-*-windows-x64.zip" in text
    # the setup as installer/dvk.iss names it
    iss = (ROOT / "installer" / "dvk.iss").read_text(encoding="ascii")
    assert "OutputBaseFilename=dvk-{#AppVersion}-setup" in iss and "OutputDir=..\\dist" in iss
    assert "dist/dvk-*-setup.exe" in text and r"dist\dvk-*-setup.exe" in text
    assert "MinVersion=10.0.17763" in iss  # what Qt 6 needs (README.md, "Windows")
    assert sys.version_info >= (3, 11)
