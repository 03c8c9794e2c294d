"""No merge left its conflict markers in a file of the repository (a README once
shipped with one)."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MARKERS = ("<<<<<<< ", ">>>>>>> ", "=======\n")


def test_no_file_holds_merge_conflict_markers():
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                            encoding="utf-8", check=False)
    if listed.returncode != 0:  # not a git checkout (an unpacked release): nothing to check
        return
    found = []
    for name in listed.stdout.splitlines():
        path = ROOT / name
        if path.suffix in (".mo", ".sqlite", ".png", ".pdf", ".xlsx", ".xls", ".ods", ".ttf",
                           ".dvk", ".ico", ".zip") or not path.is_file():
            continue
        try:
            lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        except (UnicodeDecodeError, OSError):
            continue
        opened = [n for n, line in enumerate(lines, 1) if line.startswith(MARKERS[0])]
        closed = [n for n, line in enumerate(lines, 1) if line.startswith(MARKERS[1])]
        if opened and closed:
            found.append(f"{name}:{opened[0]}")
    assert not found, f"merge conflict markers left in: {found}"
