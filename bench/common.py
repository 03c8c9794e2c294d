"""Small helpers shared by the benchmarks: statistics, memory, child processes."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def median_seconds(fn, runs: int, warm: bool = False) -> float:
    """The median wall time of `runs` calls of `fn` (after one unmeasured call if
    `warm`, to fill the page cache)."""
    if warm:
        fn()
    times = []
    for _run in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def p90(values: list[float]) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


def rss_mb() -> tuple[float, float]:
    """(resident now, peak resident) in MB, from /proc (Linux); NaN elsewhere."""
    values = {"VmRSS": float("nan"), "VmHWM": float("nan")}
    try:
        for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
            key, _sep, rest = line.partition(":")
            if key in values:
                values[key] = int(rest.split()[0]) / 1024
    except OSError:
        pass
    return values["VmRSS"], values["VmHWM"]


def child_env() -> dict[str, str]:
    """The environment of a benchmark's child process: offscreen Qt, and Python's
    bytecode cached as an installed program has it (pip and the installer compile it;
    a PYTHONDONTWRITEBYTECODE left in a shell would make every start compile every
    module of the program from source, which no clerk's PC does)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_child(args: list[str], *, timeout: float = 600) -> dict:
    """Run `python <args>` in a fresh process (offscreen Qt); its last stdout line is JSON."""
    env = child_env()
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True,
                          encoding="utf-8", timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"child {args} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"
