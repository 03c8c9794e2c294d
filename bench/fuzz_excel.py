"""Long fuzz run of the Excel importer (issue 10): damaged workbook bytes and workbooks
of random cells, imported into a fresh commune office. Prints the counts; exits 1 on
any crash (an exception that is not a refusal with a message).

    python bench/fuzz_excel.py [--cases 100000] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.context import AppContext  # noqa: E402
from tests.excel.fuzz_cases import excel_target, genuine_register, maker  # noqa: E402
from tests.reliability.fuzzing import run_cases  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        ctx = AppContext.open(folder / "xa.sqlite", actor="fuzz")
        ctx.setup.configure(profile="hai_cap", unit_code="14725")
        ctx.units.add_subunit("Tổ dân phố số 1", "to_dan_pho")
        seed = genuine_register(folder / "so-dang-ky.xlsx")
        rng = random.Random(args.seed)
        started = time.perf_counter()
        half = args.cases // 2
        damaged = run_cases(excel_target(ctx, folder, seed), rng, half)
        made = run_cases(excel_target(ctx, folder, seed, apply=True), rng,
                         args.cases - half, maker(folder))
        seconds = time.perf_counter() - started
        sound = ctx.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        imported = ctx.db.execute("SELECT count(*) FROM registrations").fetchone()[0]
        ctx.close()
    crashes = damaged.crashes + made.crashes
    print(f"cases: {damaged.cases + made.cases} in {seconds:.0f} s")
    print(f"damaged workbooks: {damaged.cases} (refused {damaged.refused}, "
          f"read {damaged.accepted}); random registers: {made.cases} (refused "
          f"{made.refused}, imported {made.accepted}); registrations stored: {imported}")
    print(f"crashes: {len(crashes)}; integrity_check ok: {sound}")
    for text, _data in crashes[:5]:
        print("  ", text)
    return 1 if crashes or not sound else 0


if __name__ == "__main__":
    raise SystemExit(main())
