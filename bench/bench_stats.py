"""Statistics and the office's own counts over a national-size database.

    python bench/bench_stats.py [--size 10k|100k|1m] [--runs 5]

On the benchmark databases (bench/datasets.py: 10,000, 100,000 or 1,000,000
registrations over 2021-2030, the office a province), the median of `--runs` of:

- the review of a year and of the campaign period 2026-2030 (sơ kết / tổng kết:
  `RecognitionService.review`, registrations, replications and recognitions per year,
  field, level and unit), against the plain SQL aggregate over the same rows (counts
  grouped by year, field, unit and sub-unit code, mode; no names, no Python);
- the home screen's counts (`AgendaService.counts`: the office's registrations of the
  year, what waits for its council, what may be proposed and decided) and the
  recognition list of the office's level (`RecognitionService.models`): the work of one
  office, which must not grow with the registrations of the communes below it.

Issue 8 sets no time target for statistics; they are reported, with their growth.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SIZES = {"1x": 10_000, "10x": 100_000, "100x": 1_000_000}
SCALES = {"1x": "10,000 registrations", "10x": "100,000 registrations",
          "100x": "1,000,000 registrations (national)"}
DATASETS = {scale: (n,) for scale, n in SIZES.items()}
YEAR = 2026
PERIOD = [2026, 2027, 2028, 2029, 2030]

BASELINE_SQL = (
    "SELECT year, field, unit_code, subunit_code, mode, count(*) FROM registrations"
    " WHERE status = 'da_dang_ky' AND year IN (SELECT value FROM json_each(?))"
    " GROUP BY 1, 2, 3, 4, 5")


def cases(scale: str, runs: int = 5) -> list:
    import json

    from app.context import AppContext
    from bench import datasets
    from bench.common import median_seconds
    from bench.protocol import Result

    results = []
    with AppContext.open(datasets.ensure(SIZES[scale]), actor="bench") as ctx:
        for key, label, years in (("review_year", f"review of a year ({YEAR})", [YEAR]),
                                  ("review_period", "review of the period 2026-2030",
                                   PERIOD)):
            ours = median_seconds(lambda y=years: ctx.recognition.review(y), runs,
                                  warm=True)
            base = median_seconds(lambda y=years: ctx.db.execute(
                BASELINE_SQL, [json.dumps([str(v) for v in y])]).fetchall(), runs, warm=True)
            results.append(Result(key, label, ours * 1000, "ms", base * 1000,
                                  "plain SQL counts, same rows"))
        agenda = median_seconds(lambda: ctx.agenda.counts(YEAR), runs, warm=True)
        results.append(Result("agenda", "home screen counts (work waiting at the office)",
                              agenda * 1000, "ms", grows="constant"))
        models = median_seconds(lambda: ctx.recognition.models(YEAR), runs, warm=True)
        results.append(Result("recognition_list", "recognition list of the office's level",
                              models * 1000, "ms", grows="constant"))
    return results


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="1m", choices=["10k", "100k", "1m"])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    scale = {"10k": "1x", "100k": "10x", "1m": "100x"}[args.size]
    for r in cases(scale, args.runs):
        base = f", baseline {r.baseline:.1f} ms ({r.baseline_label}), ratio {r.ratio:.2f}x" \
            if r.baseline else ""
        print(f"{r.label}: {r.figure:.1f} ms{base}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
