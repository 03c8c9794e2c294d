"""Crash at every step: for each job (saving a registration, scoring, exporting and
importing a bundle) the harness fails the n-th write, for every n, and checks that the
data file is exactly as before or exactly as after, that SQLite's integrity check
passes, and that doing the job again completes it. The full sweep injects failures in
the same process; a sample of points kills a real process with os._exit."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app import clock
from app.context import AppContext
from app.errors import DvkError
from tests.reliability.crash import KILLED, Plan, integrity, open_context, snapshot
from tests.reliability.scenarios import (
    FILES,
    SCENARIOS,
    Scenario,
    fresh_copy,
    seeded,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def template(network_template: Path) -> Path:
    return network_template


def run_once(scenario: Scenario, work: Path, plan: Plan) -> BaseException | None:
    """The job under the plan; the failure it ended with (None: it completed)."""
    ctx = open_context(work / FILES[scenario.office], plan)
    try:
        seeded(ctx)
        plan.armed = True
        scenario.run(ctx, work)
        return None
    except (DvkError, sqlite3.Error) as error:  # anything else is a bug: let it fail
        return error
    finally:
        plan.armed = False
        clock.set_fixed(None)
        ctx.close()


def retry(scenario: Scenario, work: Path, before: str, state: str) -> None:
    """Do the job again, as a clerk would after the crash (see Scenario.idempotent)."""
    path = work / FILES[scenario.office]
    if scenario.idempotent or state == before:
        with AppContext.open(path, actor="test") as ctx:
            seeded(ctx)
            try:
                scenario.run(ctx, work)
            finally:
                clock.set_fixed(None)


def reference(scenario: Scenario, template: Path, work: Path) -> tuple[str, str, int]:
    """(state before, state after, number of writes) of an uninterrupted run."""
    fresh_copy(template, work, scenario.office)
    path = work / FILES[scenario.office]
    before = snapshot(path)
    plan = Plan()
    assert run_once(scenario, work, plan) is None
    return before, snapshot(path), plan.writes


def check_point(scenario: Scenario, template: Path, work: Path, at: int, mode: str,
                before: str, after: str) -> str:
    fresh_copy(template, work, scenario.office)
    path = work / FILES[scenario.office]
    plan = Plan(at=at, mode=mode)
    run_once(scenario, work, plan)
    assert plan.fired
    assert integrity(path) == ["ok"], (scenario.name, at, mode)
    state = snapshot(path)
    outcome = "before" if state == before else "after" if state == after else "OTHER"
    retry(scenario, work, before, state)
    assert snapshot(path) == after, (scenario.name, at, mode, "retry did not complete")
    if scenario.verify:
        with AppContext.open(path, actor="test") as ctx:
            scenario.verify(ctx, work)
    return outcome


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_every_write_fails_in_turn(scenario: Scenario, template: Path, tmp_path: Path):
    before, after, writes = reference(scenario, template, tmp_path / "ref")
    assert before != after and writes > 2
    outcomes = {}
    for mode in ("raise", "after"):
        for at in range(1, writes + 1):
            outcomes[(mode, at)] = check_point(scenario, template, tmp_path / "w", at, mode,
                                               before, after)
    others = [point for point, outcome in outcomes.items() if outcome == "OTHER"]
    assert not others, f"{scenario.name}: neither before nor after at {others}"
    # Failing before the commit leaves the state before; failing just after it, after.
    assert outcomes[("raise", writes)] == "before"
    assert outcomes[("after", writes)] == "after"
    _report(scenario.name, len(outcomes), len(others))


def _report(name: str, points: int, others: int) -> None:
    line = f"{name}: {points} crash points, {others} left another state\n"
    target = os.environ.get("DVK_CRASH_REPORT")
    if target:
        with open(target, "a", encoding="utf-8") as fp:
            fp.write(line)


def _kill(scenario: Scenario, work: Path, at: int) -> int:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "tests.reliability.crash_worker",
                             scenario.name, str(work), str(at)], cwd=ROOT, env=env,
                            capture_output=True, encoding="utf-8", errors="replace",
                            timeout=120)
    assert result.returncode in (0, KILLED), result.stderr[-2000:]
    return result.returncode


@pytest.mark.slow
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_killed_process_leaves_before_or_after(scenario: Scenario, template: Path,
                                               tmp_path: Path):
    """A real process dies (os._exit, no rollback, no cleanup) at a few writes: the
    first, the middle, the commit; then one more past the end (the job completes)."""
    before, after, writes = reference(scenario, template, tmp_path / "ref")
    for at, expected in ((1, before), (writes // 2, None), (writes, before),
                         (writes + 1, after)):
        work = fresh_copy(template, tmp_path / f"kill-{at}", scenario.office)
        path = work / FILES[scenario.office]
        code = _kill(scenario, work, at)
        assert code == (0 if at > writes else KILLED)
        assert integrity(path) == ["ok"]
        state = snapshot(path)
        assert state in (before, after)
        if expected is not None:
            assert state == expected
        retry(scenario, work, before, state)
        assert snapshot(path) == after
