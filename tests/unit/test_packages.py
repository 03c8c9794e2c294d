"""Every folder of Python code is a package with its __init__.py: import-linter only
checks the contracts (the core never imports Qt, the layers) in modules it can see,
and a folder without one (app/excel once, 2,000 lines) slipped past it."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_code_folder_is_a_package():
    missing = []
    for top in ("app", "ui", "db"):
        for folder in [ROOT / top, *(p for p in (ROOT / top).rglob("*") if p.is_dir())]:
            if folder.name == "__pycache__" or not any(folder.glob("*.py")):
                continue
            if not (folder / "__init__.py").is_file():
                missing.append(str(folder.relative_to(ROOT)))
    assert not missing, f"folders of code without __init__.py: {missing}"
