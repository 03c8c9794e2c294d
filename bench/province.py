"""The benchmarks' province: a real demo network of Ninh Bình's 129 communes, made by the
demo generator (`dvk demo` machinery) and cached.

    python bench/province.py            # build (or find) the network
    python bench/province.py --workers 1

Every commune office is filled through the real services (sub-units, 78 registrations
over two years with targets, milestones and evidence, score sheets in every state,
recognition at the commune), exactly as `generate_network` does; only the filling of the
offices runs in parallel processes (each office is filled from its own seeds, so the data
is the same as a sequential run). Then the offices are linked as the generator links
them: keys, every commune's bundle exported and imported by the province with the real
code, the province decides, decisions travel back down.

The province year's commune bundles are the files `bundles/<commune>-to-37-001.dvk`
(the first, full bundle of each commune), about 10,000 registrations with their score
sheets: what `bench_bundles.py` imports.

Cached under bench/.cache/province-<communes>x<models>-v<PROVINCE_VERSION>-<key>/, where
the key hashes the sources of the demo generator, so a change there builds a fresh
network (a feature that adds records adds them to the demo). A new migration or a change
of app/sync alone does not: the offices' files are upgraded when opened and the bundles
stay what they were, as a real office's would; delete the folder to build anew.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app import clock  # noqa: E402
from app.context import AppContext  # noqa: E402
from app.demo.network import (  # noqa: E402
    NETWORK_FILE,
    DemoOptions,
    demo_moment,
    fill_office,
    link_network,
    load_network,
    plan_network,
)
from bench.datasets import CACHE  # noqa: E402

PROVINCE_VERSION = "1"
PROVINCE = "37"
COMMUNES = 129
MODELS = 78  # 129 x 78 = 10,062 registrations: a province year of the issues' size
OPTIONS = DemoOptions(communes=COMMUNES, models=MODELS, seed=11)


def _source_key() -> str:
    digest = hashlib.sha256()
    for module in sorted((ROOT / "app" / "services" / "demo").glob("*.py")):
        digest.update(module.read_bytes())
    return digest.hexdigest()[:8]


def network_path(communes: int = COMMUNES, models: int = MODELS) -> Path:
    return CACHE / f"province-{communes}x{models}-v{PROVINCE_VERSION}-{_source_key()}"


def _fill(args: tuple) -> str:
    out, offices, index, options, seeds = args
    clock.set_fixed(demo_moment(options))
    fill_office(out, offices, index, options, seeds)
    return offices[index].code


def ensure(communes: int = COMMUNES, models: int = MODELS, *, workers: int = 2,
           quiet: bool = False) -> Path:
    """The folder of the cached network (network.json, the offices' files, bundles/)."""
    path = network_path(communes, models)
    if (path / NETWORK_FILE).exists():
        return path
    partial = path.with_name(path.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    options = replace(OPTIONS, communes=communes, models=models)
    started = time.perf_counter()
    offices, seeds = plan_network(options)
    jobs = [(partial, offices, index, options, seeds[index]) for index in range(len(offices))]
    with ProcessPoolExecutor(max_workers=max(1, workers)) as pool:
        for done, _code in enumerate(pool.map(_fill, jobs), start=1):
            if not quiet:
                print(f"\r  {done}/{len(jobs)} offices filled "
                      f"({time.perf_counter() - started:,.0f} s)", end="", file=sys.stderr,
                      flush=True)
    if not quiet:
        print("\n  linking (bundles up, decisions down)...", file=sys.stderr)
    clock.set_fixed(demo_moment(options))
    try:
        link_network(partial, offices, options)
    finally:
        clock.set_fixed(None)
    partial.rename(path)
    if not quiet:
        size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6
        print(f"built {path.name}: {len(offices)} offices, {size:,.0f} MB in "
              f"{time.perf_counter() - started:,.0f} s", file=sys.stderr)
    return path


def commune_bundles(path: Path) -> list[tuple[str, Path]]:
    """(commune code, its first full bundle to the province), in commune order."""
    network = load_network(path)
    result = []
    for office in network["offices"]:
        if office["level"] == "xa":
            bundle = path / "bundles" / f"{office['code']}-to-{PROVINCE}-001.dvk"
            result.append((office["code"], bundle))
    return result


def commune_keys(path: Path) -> dict[str, bytes]:
    """Each commune's public key, to be trusted by a receiving office."""
    keys = {}
    for office in load_network(path)["offices"]:
        if office["level"] == "xa":
            with AppContext.open(path / office["db"], actor="bench") as ctx:
                keys[office["code"]] = bytes.fromhex(ctx.keys.own().public_key)
    return keys


def office_db(path: Path, level: str) -> Path:
    """The first office of `level` ('tinh' or 'xa')."""
    office = next(o for o in load_network(path)["offices"] if o["level"] == level)
    return path / office["db"]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--communes", type=int, default=COMMUNES)
    parser.add_argument("--models", type=int, default=MODELS)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    print(ensure(args.communes, args.models, workers=args.workers))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
