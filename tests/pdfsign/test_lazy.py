"""Issue 22: the window and the command line start without pyHanko, python-pkcs11 or
any token driver: they are imported when a PDF is signed or checked, not before."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("pyhanko", "pyhanko_certvalidator", "pkcs11", "aiohttp", "lxml")


def test_starting_the_program_loads_no_signature_library():
    probe = ("import sys; import app.cli.main, app.context, ui.main_window; "
             "from app.cli.main import build_parser; build_parser(); "
             f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", timeout=120,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
