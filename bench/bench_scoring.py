"""Benchmark: totals, ratings and ranks of a whole province year.

A province year is about 10,000 models; each sheet has 6 criteria (plus 3
prerequisites) and 3 council members, so 90,000 sheet lines and 180,000 members'
scores. The benchmark builds such a file once (bulk inserts, outside the timing),
then times

  * recompute: `ScoringService.standings()` for the year - council means (round half
    up), clamping, totals, prerequisites, ratings and competition ranks per field;
  * baseline: the plain SQL aggregate over the same rows - the sum of self scores and
    the sum of members' scores per sheet, nothing else;

each as the median of several runs in the same process, and prints both and their
ratio. Not a timed test: it reports, it does not fail.

    python bench/bench_scoring.py [--models 10000] [--members 3] [--runs 5] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import clock
from app.context import AppContext
from app.domain.scoring import mean_tenths
from app.domain.sheets import SheetFilter
from app.repositories.scoring import line_id, score_id
from bench.common import median_seconds

YEAR = 2026
LEVEL = "tinh"
STATES = ("nhap", "da_nop", "da_duyet", "khoa")


def build(path: Path, models: int, members: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    with AppContext.open(path, actor="bench") as ctx:
        ctx.setup.configure(profile="hai_cap", unit_code="37")
        rubric = ctx.rubrics.resolve("tap-the-2021")
        ctx.rubrics.assign(YEAR, LEVEL, "tap_the", rubric.id)
        now = clock.stamp()
        sync = ("37", now, now)
        registrations, sheets, lines, people, scores = [], [], [], [], []
        for number in range(models):
            registration_id, sheet_id = str(uuid.UUID(int=rng.getrandbits(128))), \
                str(uuid.UUID(int=rng.getrandbits(128)))
            name = f"Mô hình số {number + 1}"
            registrations.append((number + 1, registration_id, YEAR, "mo_hinh", "tap_the", "37",
                                  "Đơn vị", name, number % 4 + 1, "moi", f"{YEAR}-03-01",
                                  f"mo hinh so {number + 1}", "don vi",
                                  f"mo hinh so {number + 1} don vi", *sync))
            sheets.append((sheet_id, registration_id, YEAR, LEVEL, rubric.id,
                           STATES[number % len(STATES)], *sync))
            quality = rng.uniform(0.5, 1.0)
            for item in rubric.prerequisites:
                passed = 0 if number % 97 == 0 and item.position == 3 else 1
                lines.append((line_id(sheet_id, item.id), sheet_id, item.id, None, passed, *sync))
            for item in rubric.criteria:
                lines.append((line_id(sheet_id, item.id), sheet_id, item.id,
                              _score(rng, item.max_tenths, quality), None, *sync))
            for position in range(1, members + 1):
                member_id = str(uuid.UUID(int=rng.getrandbits(128)))
                people.append((member_id, sheet_id, position, f"Thành viên {position}", *sync))
                for item in rubric.criteria:
                    scores.append((score_id(member_id, item.id), sheet_id, member_id, item.id,
                                   _score(rng, item.max_tenths, quality), *sync))
        conn = ctx.db.conn
        with ctx.transaction():
            conn.executemany(
                "INSERT INTO registrations (seq, id, year, kind, subject, unit_code, registrant,"
                " name, field, mode, registered_on, name_fold, registrant_fold, search_words,"
                " origin, created_at, updated_at) VALUES"
                " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", registrations)
            conn.executemany(
                "INSERT INTO score_sheets (id, registration_id, year, level, rubric_id, state,"
                " origin, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", sheets)
            conn.executemany(
                "INSERT INTO sheet_lines (id, sheet_id, item_id, self_tenths, passed, origin,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", lines)
            conn.executemany(
                "INSERT INTO council_members (id, sheet_id, position, name, origin, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", people)
            conn.executemany(
                "INSERT INTO council_scores (id, sheet_id, member_id, item_id, tenths, origin,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", scores)
        ctx.db.execute("ANALYZE")


def _score(rng: random.Random, max_tenths: int, quality: float) -> int:
    return max(0, min(max_tenths, round(max_tenths * (quality + rng.uniform(-0.1, 0.1)))))


BASELINE_SQL = [
    "SELECT l.sheet_id, sum(l.self_tenths) FROM sheet_lines l"
    " JOIN score_sheets s ON s.id = l.sheet_id WHERE s.year = ? GROUP BY l.sheet_id",
    "SELECT c.sheet_id, sum(c.tenths) FROM council_scores c"
    " JOIN score_sheets s ON s.id = c.sheet_id WHERE s.year = ? GROUP BY c.sheet_id",
]


def baseline(ctx: AppContext) -> int:
    rows = 0
    for sql in BASELINE_SQL:
        rows += len(ctx.db.execute(sql, [YEAR]).fetchall())
    return rows


def recompute(ctx: AppContext) -> list:
    return ctx.scoring.standings(SheetFilter(year=YEAR))


def spot_check(ctx: AppContext, standings: list, count: int = 50) -> None:
    """Recompute a few sheets the slow way (one sheet at a time) and compare."""
    for standing in standings[:count]:
        sheet = ctx.scoring.sheet(standing.sheet_id)
        expected = sum(mean_tenths(m.scores[c.id] for m in sheet.members)
                       for c in sheet.rubric.criteria)
        assert standing.result.total == expected == sheet.result().total, standing.sheet_id


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=int, default=10_000)
    parser.add_argument("--members", type=int, default=3)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dvk-bench-scoring-") as folder:
        path = Path(folder) / "province.sqlite"
        started = time.perf_counter()
        build(path, args.models, args.members)
        built = time.perf_counter() - started
        with AppContext.open(path, actor="bench") as ctx:
            standings = recompute(ctx)  # warm the page cache for both measurements
            baseline(ctx)
            spot_check(ctx, standings)
            base = median_seconds(lambda: baseline(ctx), args.runs)
            ours = median_seconds(lambda: recompute(ctx), args.runs)
            counts = {table: ctx.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                      for table in ("score_sheets", "sheet_lines", "council_members",
                                    "council_scores")}
    ranked = sum(1 for s in standings if s.rank is not None)
    report = {
        "models": args.models, "members": args.members, "rows": counts,
        "build_seconds": round(built, 2), "runs": args.runs,
        "recompute_seconds": round(ours, 4), "baseline_seconds": round(base, 4),
        "ratio": round(ours / base, 2) if base else None, "ranked": ranked,
        "under_one_second": ours < 1.0,
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"Province year: {args.models} models, {args.members} council members, "
              f"rows {counts} (built in {built:.1f} s)")
        print(f"baseline (plain SQL sums per sheet):           {base * 1000:8.1f} ms")
        print(f"recompute (means, totals, ratings, ranks):     {ours * 1000:8.1f} ms")
        print(f"ratio recompute / baseline:                    {ours / base:8.2f}")
        print(f"under 1 s: {'yes' if ours < 1.0 else 'NO'}; {ranked} sheets ranked "
              f"(median of {args.runs} runs)")
    return 0


# -- bench/run (bench/protocol.py) ---------------------------------------------------------
SIZES = {"1x": 1_000, "10x": 10_000, "100x": 100_000}
SCALES = {"1x": "1,000 sheets", "10x": "10,000 sheets (a province year, the target)",
          "100x": "100,000 sheets (a national year's worth)"}
TARGET_SCALE = "10x"


def cached(models: int, members: int = 3) -> Path:
    """The scoring file of `models` sheets, built once into bench/.cache/."""
    from bench.datasets import CACHE, _schema_key

    path = CACHE / f"scoring-{models}x{members}-v1-{_schema_key()}.sqlite"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        for suffix in ("", "-wal", "-shm"):
            Path(str(partial) + suffix).unlink(missing_ok=True)
        build(partial, models, members)
        with AppContext.open(partial, actor="bench") as ctx:
            ctx.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        partial.rename(path)
    return path


def cases(scale: str, runs: int = 5) -> list:
    from bench.protocol import Result

    with AppContext.open(cached(SIZES[scale]), actor="bench") as ctx:
        standings = recompute(ctx)  # warm the page cache for both measurements
        baseline(ctx)
        spot_check(ctx, standings)
        base = median_seconds(lambda: baseline(ctx), runs)
        ours = median_seconds(lambda: recompute(ctx), runs)
    applies = scale == TARGET_SCALE
    return [Result("recompute", f"totals, ratings and ranks of a year (median of {runs})",
                   ours, "s", base, "plain SQL sums per sheet",
                   "< 1 s for a province year" if applies else "", ours < 1.0 if applies
                   else None, detail={"ranked": sum(1 for s in standings if s.rank)})]


if __name__ == "__main__":
    sys.exit(main())
