"""Crash at every step: for each job (saving a registration, from the form too,
scoring, exporting and importing a bundle, restoring, backing up, rotating the key)
the harness fails the n-th write, for every n, database statements and steps on files
alike, and checks that the data file (and what the job leaves outside it) is exactly
as before or exactly as after, that SQLite's integrity check passes, and that doing
the job again (or what the program does next by itself, `recover`) completes it. The
full sweep injects failures in the same process; a sample of points kills a real
process with os._exit."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.context import AppContext
from app.errors import DvkError
from tests.reliability.crash import (
    KILLED,
    Plan,
    file_steps,
    integrity,
    open_context,
    snapshot,
)
from tests.reliability.scenarios import (
    FILES,
    SCENARIOS,
    Scenario,
    fresh_copy,
    seeded,
    unseeded,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def template(network_template: Path) -> Path:
    return network_template


def state_of(scenario: Scenario, work: Path) -> str:
    """The data file's rows, and what the job leaves outside it (`Scenario.files`)."""
    state = snapshot(work / FILES[scenario.office])
    return state + "\n" + scenario.files(work) if scenario.files else state


def run_once(scenario: Scenario, work: Path, plan: Plan) -> BaseException | None:
    """The job under the plan; the failure it ended with (None: it completed)."""
    ctx = open_context(work / FILES[scenario.office], plan)
    try:
        seeded(ctx)
        plan.armed = True
        with file_steps(plan):
            scenario.run(ctx, work)
        return None
    except (DvkError, sqlite3.Error) as error:  # anything else is a bug: let it fail
        return error
    finally:
        plan.armed = False
        unseeded()
        ctx.close()


def retry(scenario: Scenario, work: Path, before: str, state: str) -> None:
    """Do the job again, as a clerk would after the crash (see Scenario.idempotent), or
    let the program finish what it left half done (Scenario.recover)."""
    path = work / FILES[scenario.office]
    job = scenario.run if scenario.idempotent or state == before else scenario.recover
    if job is None:
        return
    with AppContext.open(path, actor="test") as ctx:
        seeded(ctx)
        try:
            job(ctx, work)
        finally:
            unseeded()


def reference(scenario: Scenario, template: Path, work: Path) -> tuple[str, str, int, int]:
    """(state before, state after, number of writes, the decisive write) of an
    uninterrupted run. The decisive write is the last one labelled
    `scenario.decisive`: failing before it leaves "before", after it "after"."""
    fresh_copy(template, work, scenario.office)
    before = state_of(scenario, work)
    plan = Plan()
    assert run_once(scenario, work, plan) is None
    decisive = max(n for n, label in plan.labels.items() if label == scenario.decisive)
    return before, state_of(scenario, work), plan.writes, decisive


def check_point(scenario: Scenario, template: Path, work: Path, at: int, mode: str,
                before: str, after: str) -> str:
    fresh_copy(template, work, scenario.office)
    path = work / FILES[scenario.office]
    plan = Plan(at=at, mode=mode)
    run_once(scenario, work, plan)
    assert plan.fired
    assert integrity(path) == ["ok"], (scenario.name, at, mode)
    state = state_of(scenario, work)
    outcome = "before" if state == before else "after" if state == after else "OTHER"
    retry(scenario, work, before, state)
    assert state_of(scenario, work) == after, (scenario.name, at, mode,
                                               "retry did not complete")
    if scenario.verify:
        with AppContext.open(path, actor="test") as ctx:
            scenario.verify(ctx, work)
    return outcome


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_every_write_fails_in_turn(scenario: Scenario, template: Path, tmp_path: Path):
    # One work folder for every run: a job may record where it wrote (a backup's
    # folder in the audit log), and "after" must be one exact state.
    before, after, writes, decisive = reference(scenario, template, tmp_path / "w")
    assert before != after and writes > 2
    outcomes = {}
    for mode in ("raise", "after"):
        for at in range(1, writes + 1):
            outcomes[(mode, at)] = check_point(scenario, template, tmp_path / "w", at, mode,
                                               before, after)
    others = [point for point, outcome in outcomes.items() if outcome == "OTHER"]
    assert not others, f"{scenario.name}: neither before nor after at {others}"
    # Failing the decisive write (the commit...) leaves the state before; failing just
    # after it, after; so does every failure past it.
    assert outcomes[("raise", decisive)] == "before"
    assert outcomes[("after", decisive)] == "after"
    assert all(outcomes[(mode, at)] == "after" for mode in ("raise", "after")
               for at in range(decisive + 1, writes + 1))
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
    first, the middle, the decisive one (the commit...), the one after it if any; then
    one more past the end (the job completes)."""
    before, after, writes, decisive = reference(scenario, template, tmp_path / "w")
    points = {1: before, decisive // 2: None, decisive: before, writes + 1: after}
    if decisive < writes:
        points[decisive + 1] = after
    for at, expected in sorted(points.items()):
        if at < 1:
            continue
        work = fresh_copy(template, tmp_path / "w", scenario.office)
        path = work / FILES[scenario.office]
        code = _kill(scenario, work, at)
        assert code == (0 if at > writes else KILLED)
        assert integrity(path) == ["ok"]
        state = state_of(scenario, work)
        assert state in (before, after)
        if expected is not None:
            assert state == expected
        retry(scenario, work, before, state)
        assert state_of(scenario, work) == after
        if scenario.verify:
            with AppContext.open(path, actor="test") as ctx:
                scenario.verify(ctx, work)
