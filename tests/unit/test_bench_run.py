"""bench/run: every bench module follows the protocol, and the table and the growth
check say what the figures say (issue 11)."""

from __future__ import annotations

import importlib
from importlib.machinery import SourceFileLoader
from importlib.util import module_from_spec, spec_from_loader
from pathlib import Path

import pytest

from bench.protocol import SCALE_NAMES, Result

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _run_script():
    loader = SourceFileLoader("bench_run_script", str(BENCH / "run"))
    module = module_from_spec(spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", sorted(p.stem for p in BENCH.glob("bench_*.py")))
def test_every_bench_module_joins_the_table(name):
    module = importlib.import_module(f"bench.{name}")
    assert callable(module.cases)
    assert set(module.SCALES) <= set(SCALE_NAMES) and "1x" in module.SCALES
    assert all(isinstance(text, str) and text for text in module.SCALES.values())


def _result(key, scale, figure, *, grows="linear", ok=None, baseline=None):
    return Result(key, f"measured {key}", figure, "ms", baseline, "base", "<= 2x" if ok
                  is not None else "", ok, grows=grows, bench="demo", scale=scale,
                  size=f"{scale} data")


def test_growth_flags_what_grows_faster_than_it_should():
    run = _run_script()
    results = [
        *[_result("linear", s, f) for s, f in zip(SCALE_NAMES, (1, 10, 100), strict=True)],
        *[_result("squared", s, f) for s, f in zip(SCALE_NAMES, (1, 40, 2000), strict=True)],
        *[_result("page", s, f, grows="constant")
          for s, f in zip(SCALE_NAMES, (5, 5.5, 6), strict=True)],
        *[_result("leaky", s, f, grows="constant")
          for s, f in zip(SCALE_NAMES, (5, 50, 500), strict=True)],
    ]
    lines, faster = run.growth_table([results])
    assert faster == ["demo: measured squared", "demo: measured leaky"]
    row = next(line for line in lines if "measured linear" in line)
    assert "| 1.00 ms | 10.0 ms | 100 ms | linear | x10.0 | OK |" in row


def test_the_table_gives_ranges_over_runs_and_mixed_verdicts():
    run = _run_script()
    first = [_result("open", "1x", 300.0, ok=True, baseline=120.0)]
    second = [_result("open", "1x", 420.0, ok=False, baseline=130.0)]
    lines = run.main_table([first, second])
    row = lines[2]
    assert "300 ms - 420 ms" in row and "120 ms - 130 ms (base)" in row
    assert "2.50x - 3.23x" in row and "MIXED (1/2 OK)" in row


def test_results_survive_json():
    result = _result("open", "10x", 12.5, ok=True, baseline=5.0)
    again = Result.from_json(result.as_json())
    assert again == result and again.ratio == 2.5
