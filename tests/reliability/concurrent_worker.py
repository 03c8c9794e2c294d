"""A second program on the same data file (run by test_concurrency.py):

    python -m tests.reliability.concurrent_worker import DB BUNDLE SIGNALS NAME
        verify and preview the bundle, say "ready", wait for "go", then apply;
        prints "applied" or "already"
    python -m tests.reliability.concurrent_worker register DB COUNT NAME
        save COUNT registrations one by one
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("DVK_DATA_DIR", str(Path(sys.argv[2]).parent / "data"))

from app.context import AppContext
from tests.helpers import collective


def wait_for(path: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(path)
        time.sleep(0.005)


def main() -> int:
    job, db = sys.argv[1], Path(sys.argv[2])
    with AppContext.open(db, actor=sys.argv[-1]) as ctx:
        if job == "import":
            signals = Path(sys.argv[4])
            preview = ctx.sync.prepare(sys.argv[3])
            (signals / f"ready-{sys.argv[5]}").touch()
            wait_for(signals / "go")
            print("applied" if ctx.sync.apply(preview) else "already")
        else:
            for number in range(int(sys.argv[3])):
                ctx.registrations.save(collective(ctx, f"Mô hình {sys.argv[4]} số {number}"))
            print("saved")
    return 0


if __name__ == "__main__":
    sys.exit(main())
