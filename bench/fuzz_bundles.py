"""Long fuzzing run of the bundle reader and importer (issue 10).

    python bench/fuzz_bundles.py [--cases 100000] [--signed 3000] [--seed 1]

1. Tamper: one bit flipped at every byte of a genuine bundle, and the bundle cut at
   every length: every case must be refused (BundleRefused).
2. Random: `--cases` mutations of the genuine bundle (bit flips, bytes set, cut,
   inserted, deleted, duplicated, 16/32-bit fields set to edge values, junk, zips of
   hostile names): no exception but BundleRefused, and only the genuine bytes accepted.
3. Signed: `--signed` bundles signed with the sender's real key but carrying hostile
   records or manifest fields, imported into the province: refused with no database
   write before the refusal, or stored; the file passes PRAGMA integrity_check after.

Prints the counts and the speed; exit code 1 if anything crashed or passed wrongly.
Readers from other branches join through tests/reliability/fuzzing.register_target().
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DVK_DATA_DIR", tempfile.mkdtemp(prefix="dvk-fuzz-data-"))

from app.context import AppContext  # noqa: E402
from app.sync.errors import BundleRefused  # noqa: E402
from tests.reliability.fuzzing import (  # noqa: E402
    TARGETS,
    FuzzTarget,
    bundle_reader,
    register_target,
    run_cases,
    signed_variant,
)
from tests.reliability.scenarios import (  # noqa: E402
    BUNDLE,
    COMMUNE,
    FILES,
    PASSPHRASE,
    PROVINCE,
    build_network,
)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--signed", type=int, default=3_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="dvk-fuzz-"))
    try:
        return run(folder, args)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(folder: Path, args) -> int:
    network = build_network(folder / "net")
    genuine = (network / BUNDLE).read_bytes()
    province = AppContext.open(network / FILES[PROVINCE], actor="fuzz")  # open: trust reads it
    lookup = province.trust.load()
    with AppContext.open(network / FILES[COMMUNE], actor="fuzz") as ctx:
        signing = ctx.keys.unlock(PASSPHRASE)
    target = register_target(FuzzTarget("bundle_reader", bundle_reader(folder, lookup),
                                        (BundleRefused,), seeds=[genuine]))
    failures = 0

    # 1. tamper: every bit position's byte, every cut
    started = time.perf_counter()
    tamper = [genuine[:at] + bytes([genuine[at] ^ (1 << (at % 8))]) + genuine[at + 1:]
              for at in range(len(genuine))] + [genuine[:n] for n in range(len(genuine))]
    refused = 0
    for data in tamper:
        try:
            target.run(data)
        except BundleRefused:
            refused += 1
    print(f"tamper: {len(tamper)} cases ({len(genuine)} bit flips, {len(genuine)} cuts), "
          f"{refused} refused, {len(tamper) - refused} NOT refused "
          f"({time.perf_counter() - started:.1f} s)")
    failures += len(tamper) - refused

    # 2. random mutations through every registered target
    for name, each in TARGETS.items():
        started = time.perf_counter()
        stats = run_cases(each, random.Random(args.seed), args.cases,
                          strict=name == "bundle_reader")
        wrongly = len(stats.wrongly_accepted)
        elapsed = time.perf_counter() - started
        print(f"random [{name}]: {stats.cases} cases, {stats.refused} refused, "
              f"{stats.accepted} accepted, {len(stats.crashes)} crashes "
              f"({stats.cases / elapsed:.0f} cases/s)")
        print("  refusal reasons: " + ", ".join(f"{k} {v}" for k, v in
                                                sorted(stats.reasons.items(),
                                                       key=lambda kv: -kv[1])))
        for message, _data in stats.crashes[:5]:
            print("  CRASH:", message)
        # Only a mutation that happens to give back the genuine bytes may pass.
        print(f"  accepted although changed: {wrongly}")
        failures += len(stats.crashes) + wrongly

    # 3. signed hostile content, imported
    db = folder / "tinh.sqlite"
    shutil.copyfile(network / FILES[PROVINCE], db)
    rng = random.Random(args.seed + 1)
    counts = {"refused": 0, "imported": 0, "write_before_refusal": 0, "crash": 0}
    started = time.perf_counter()
    with AppContext.open(db, actor="fuzz") as ctx:
        for number in range(args.signed):
            path = folder / "signed.dvk"
            path.write_bytes(signed_variant(rng, genuine, signing))
            changes = ctx.db.conn.total_changes
            try:
                ctx.sync.import_bundle(path)
                counts["imported"] += 1
            except BundleRefused as error:
                counts["refused"] += 1
                if error.reason != "integrity" and ctx.db.conn.total_changes != changes:
                    counts["write_before_refusal"] += 1
            except Exception as error:
                counts["crash"] += 1
                print(f"  CRASH in signed case {number}: {type(error).__name__}: {error}")
        check = ctx.db.execute("PRAGMA integrity_check").fetchone()[0]
    elapsed = time.perf_counter() - started
    print(f"signed: {args.signed} cases, {counts['refused']} refused, {counts['imported']} "
          f"imported, {counts['write_before_refusal']} wrote before refusing, "
          f"{counts['crash']} crashes, integrity {check} ({args.signed / elapsed:.0f} cases/s)")
    failures += counts["crash"] + counts["write_before_refusal"] + (check != "ok")
    total = len(tamper) + args.cases * len(TARGETS) + args.signed
    print(f"TOTAL: {total} cases, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
