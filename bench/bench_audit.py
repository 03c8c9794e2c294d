"""Benchmark: signing and checking audit-log checkpoints (issue 15, point 11).

A checkpoint reads the whole log once (the chain computed again from every entry) and
signs its head; `dvk check` reads it once too, checking the stored chain and every
checkpoint in the same pass. The benchmark builds a data file with a log of N entries
(bulk, outside the timing), then times

  * checkpoint: `ctx.audit_checkpoints.take()` after one new entry (a bundle's cost),
    against reading every entry of the log with plain SQL, nothing else;
  * check: `ctx.audit_checkpoints.state()` with a checkpoint every 1,000 entries,
    against the check of the unkeyed chain alone (what `dvk check` did before);

each the median of several runs in the same process, and the size a checkpoint adds to
a bundle. Not a timed test: it reports, it does not fail.

    python bench/bench_audit.py [--entries 100000] [--runs 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import clock
from app.context import AppContext
from app.repositories import audit
from app.repositories import audit_checkpoints as repo
from app.repositories.records import next_rev
from app.signing import canonical
from app.sync.checkpoints import sign
from bench.common import median_seconds

EVERY = 1_000  # one checkpoint per this many entries in the checked file
SIZES = {"1x": 10_000, "10x": 100_000, "100x": 1_000_000}
SCALES = {"1x": "a log of 10,000 entries (a commune over years)",
          "10x": "100,000 entries (a province over a period)",
          "100x": "1,000,000 entries"}
TARGET_SCALE = "10x"


def build(path: Path, entries: int) -> None:
    """An office with a key and a log of `entries` entries, a checkpoint every EVERY."""
    with AppContext.open(path, actor="bench") as ctx:
        ctx.setup.configure(profile="hai_cap", unit_code="37")
        signing = ctx.keys.unlock(None) if ctx.keys.has_key() else None
        if signing is None:
            ctx.keys.create("bench", demo=True)
            signing = ctx.keys.unlock("bench")
        tip = ctx.audit_checkpoints._tip("37")
        have = ctx.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        while have < entries:
            block = min(EVERY, entries - have)
            with ctx.transaction():
                audit.append_many(ctx.db, actor="bench", action="update", kind="registrations",
                                  entries=[(f"{have + i:036d}", f"Sửa mô hình số {have + i}")
                                           for i in range(block)])
                # Signed as take() would, without reading the whole log again each time
                # (the chain was just written intact, so its stored head is the head).
                count, head = audit.last(ctx.db)
                tip = sign(signing, office="37", entries=count, head=head, follows=tip,
                           prev_head=tip.head, made_at=clock.stamp(), occasion="on_demand")
                repo.add(ctx.db, tip.row(actor="bench", rev=next_rev(ctx.db)))
            have += block


def read_log(ctx: AppContext) -> int:
    count = 0
    for _row in ctx.db.execute("SELECT seq, at, actor, action, kind, record_id, detail,"
                               " prev_hash, hash FROM audit_log ORDER BY seq"):
        count += 1
    return count


def measure(ctx: AppContext, runs: int) -> dict:
    signing = ctx.keys.unlock("bench")
    read_log(ctx)  # warm the page cache
    base = median_seconds(lambda: read_log(ctx), runs)

    def checkpoint():
        with ctx.transaction():
            audit.append(ctx.db, actor="bench", action="login", kind="user")
        return ctx.audit_checkpoints.take(signing, "on_demand")

    made = checkpoint()
    take = median_seconds(checkpoint, runs)
    state = ctx.audit_checkpoints.state()
    assert state.ok and state.latest is not None, state.problems
    check = median_seconds(ctx.audit_checkpoints.state, runs)
    chain = median_seconds(lambda: audit.verify_chain(ctx.db), runs)
    row = ctx.db.execute("SELECT * FROM audit_checkpoints WHERE id = ?", [made.id])
    record = dict(zip([d[0] for d in row.description], row.fetchone(), strict=True))
    record.pop("rev")
    return {"entries": state.count, "checkpoints": state.checkpoints, "baseline": base,
            "take": take, "check": check, "chain": chain,
            "bytes": len(canonical.dumps(record)) + 1}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dvk-bench-audit-") as folder:
        path = Path(folder) / "office.sqlite"
        started = time.perf_counter()
        build(path, args.entries)
        built = time.perf_counter() - started
        with AppContext.open(path, actor="bench") as ctx:
            found = measure(ctx, args.runs)
    print(f"log of {found['entries']} entries, {found['checkpoints']} checkpoints "
          f"(built in {built:.1f} s)")
    print(f"baseline (read every entry, plain SQL):  {found['baseline'] * 1000:8.1f} ms")
    print(f"sign a checkpoint:                       {found['take'] * 1000:8.1f} ms "
          f"({found['take'] / found['baseline']:.2f}x)")
    print(f"check the unkeyed chain alone:           {found['chain'] * 1000:8.1f} ms")
    print(f"check the log and every checkpoint:      {found['check'] * 1000:8.1f} ms "
          f"({found['check'] / found['chain']:.2f}x the chain alone)")
    print(f"one checkpoint in a bundle:              {found['bytes']} bytes of JSON")
    return 0


# -- bench/run (bench/protocol.py) ---------------------------------------------------------
def cached(entries: int) -> Path:
    from bench.datasets import CACHE, _schema_key

    path = CACHE / f"audit-{entries}-v1-{_schema_key()}.sqlite"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        for suffix in ("", "-wal", "-shm"):
            Path(str(partial) + suffix).unlink(missing_ok=True)
        build(partial, entries)
        with AppContext.open(partial, actor="bench") as ctx:
            ctx.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        partial.rename(path)
    return path


def cases(scale: str, runs: int = 5) -> list:
    import shutil

    from bench.protocol import Result

    with tempfile.TemporaryDirectory(prefix="dvk-bench-audit-") as folder:
        path = Path(folder) / "office.sqlite"
        shutil.copy(cached(SIZES[scale]), path)  # taking checkpoints writes
        with AppContext.open(path, actor="bench") as ctx:
            found = measure(ctx, runs)
    applies = scale == TARGET_SCALE
    return [
        Result("checkpoint", f"sign a checkpoint of the whole log (median of {runs})",
               found["take"], "s", found["baseline"], "reading every entry with SQL",
               "< 1 s at 100,000 entries" if applies else "",
               found["take"] < 1.0 if applies else None,
               detail={"bytes_in_bundle": found["bytes"]}),
        Result("check", f"check the log and its {found['checkpoints']} checkpoints",
               found["check"], "s", found["chain"], "the unkeyed chain's check alone",
               "<= 1.3x the chain alone" if applies else "",
               found["check"] <= 1.3 * found["chain"] if applies else None),
    ]


if __name__ == "__main__":
    sys.exit(main())
