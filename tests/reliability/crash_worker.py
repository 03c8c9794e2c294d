"""Run one scenario in a process of its own, killed (os._exit) at the n-th write:
    python -m tests.reliability.crash_worker SCENARIO WORK_DIR N
Exit code 77 = killed as planned, 0 = the job finished before the n-th write."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("DVK_DATA_DIR", str(Path(sys.argv[2]) / "data"))

from tests.reliability.crash import Plan, file_steps, open_context
from tests.reliability.scenarios import BY_NAME, FILES, seeded


def main() -> int:
    scenario = BY_NAME[sys.argv[1]]
    work = Path(sys.argv[2])
    plan = Plan(at=int(sys.argv[3]), mode="exit")
    ctx = open_context(work / FILES[scenario.office], plan)
    seeded(ctx)
    plan.armed = True
    with file_steps(plan):
        scenario.run(ctx, work)
    plan.armed = False
    ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
