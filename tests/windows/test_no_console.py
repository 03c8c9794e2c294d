"""The windowed program has no console (issue 19, point 2): with stdout and stderr None
nothing crashes and no code path writes to them; errors go to the window and to
dvk-errors.log."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import console, errorlog
from app.cli import main
from app.context import AppContext
from tests.conftest import OFFICE_CODE

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.gui
def test_the_window_runs_with_no_stdout_and_no_stderr(tmp_path):
    data = tmp_path / "Dữ liệu DVK" / "Xã Yên Mô"
    data.mkdir(parents=True)
    office = data / "dvk.sqlite"
    with AppContext.open(office, actor="test") as ctx:
        ctx.setup.configure(profile="hai_cap", unit_code=OFFICE_CODE)
    result = tmp_path / "result.json"
    env = {**os.environ, "DVK_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, str(ROOT / "tests" / "windows" /
                                               "gui_without_console.py"), str(result),
                           str(office)], env=env, cwd=tmp_path, capture_output=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    seen = json.loads(result.read_text(encoding="utf-8"))
    assert seen["code"] == 0
    assert seen["title"] == "DVK - Dân vận khéo - Phường Yên Thắng"
    # every screen opened: Personal data (issue 26), and the communes' status board too
    # (issue 25; hidden in the list of a commune, it still opens)
    assert len(seen["screens"]) == 16 and "communes" in seen["screens"]
    assert seen["stdout"] == seen["stderr"] == "Sink"  # None was replaced...
    assert seen["written"] == 0 and seen["errors_written"] == 0  # ...and never written to
    # the bug raised in a slot was told to the clerk and written to the log
    assert any("dvk-errors.log" in text and "Lỗi không mong đợi" in text
               for text in seen["messages"])
    log = (data / errorlog.LOG_NAME).read_text(encoding="utf-8")
    assert "ZeroDivisionError" in log
    # what Python printed itself (the C-level stream is all a pythonw process has)
    assert b"Traceback" not in done.stderr


def test_the_command_line_with_no_streams_does_not_fail(ctx, db_path, monkeypatch):
    """`dvk.exe check` run from a shortcut: the windowed executable has no console to
    print on; the command still runs and its exit code says how it went."""
    ctx.close()
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    assert main(["--db", str(db_path), "check"]) == 0
    assert isinstance(sys.stdout, console.Sink) and sys.stdout.written > 0
    assert main(["--db", str(db_path), "models", "show", "no-such-id"]) == 1
    with pytest.raises(SystemExit) as usage:
        main(["--db", str(db_path), "--no-such-option"])
    assert usage.value.code == 2


def test_the_sink_accepts_anything():
    sink = console.prepare_stream(None)
    assert sink.write("Lỗi 😀\n") == 6 and sink.writable()
    sink.flush()
    print("không có màn hình", file=sink)
    assert sink.written == 6 + len("không có màn hình\n")
    # a stream that already works is kept
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    assert console.prepare_stream(stream) is stream
