"""Two programs on one data file: writes queue up (BEGIN IMMEDIATE and the busy
timeout) instead of failing or corrupting, and one bundle imported by two programs at
the same moment is applied exactly once."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.reliability.crash import integrity
from tests.reliability.scenarios import BUNDLE, COMMUNE, FILES, PROVINCE

ROOT = Path(__file__).resolve().parents[2]


def _start(*args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "tests.reliability.concurrent_worker",
                             *args], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, encoding="utf-8", errors="replace")


def _finish(process: subprocess.Popen) -> str:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err[-3000:]
    return out.strip()


def test_same_bundle_imported_by_two_programs_at_once_is_applied_once(network_template,
                                                                      tmp_path):
    db = tmp_path / "tinh.sqlite"
    shutil.copyfile(network_template / FILES[PROVINCE], db)
    bundle = network_template / BUNDLE
    signals = tmp_path / "signals"
    signals.mkdir()
    workers = [_start("import", str(db), str(bundle), str(signals), name, name)
               for name in ("a", "b")]
    deadline = time.monotonic() + 60
    while not all((signals / f"ready-{n}").exists() for n in ("a", "b")):
        assert time.monotonic() < deadline and all(w.poll() is None for w in workers)
        time.sleep(0.01)
    (signals / "go").touch()  # both previews were made before either applied
    results = sorted(_finish(w) for w in workers)
    assert results == ["already", "applied"]
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM inbox WHERE sender = ?", [COMMUNE]
                        ).fetchone()[0] == 1
    # The commune's four registrations (two models, a scored one, a recognised one).
    assert conn.execute("SELECT count(*) FROM registrations").fetchone()[0] == 4
    assert conn.execute("SELECT count(*) FROM audit_log WHERE action = 'import'"
                        ).fetchone()[0] == 1
    conn.close()
    assert integrity(db) == ["ok"]


def test_two_programs_saving_at_once_lose_nothing(network_template, tmp_path):
    db = tmp_path / "xa.sqlite"
    shutil.copyfile(network_template / FILES[COMMUNE], db)
    conn = sqlite3.connect(db)
    before = conn.execute("SELECT count(*) FROM registrations").fetchone()[0]
    conn.close()
    workers = [_start("register", str(db), "15", name, name) for name in ("a", "b")]
    assert [_finish(w) for w in workers] == ["saved", "saved"]
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM registrations").fetchone()[0] == before + 30
    revs = [r[0] for r in conn.execute("SELECT rev FROM registrations")]
    assert len(revs) == len(set(revs))  # every change got its own number
    conn.close()
    assert integrity(db) == ["ok"]
