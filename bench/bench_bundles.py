"""Benchmark of signed bundles (issue 3), with baselines measured in the same run.

    python bench/bench_bundles.py [--communes 129] [--models 78]

1. Import: one year of a province, about 130 commune bundles and 10,000 registrations
   (each commune's records derived from a demo commune, with new ids and codes), each
   bundle imported with `dvk import`'s code path into the province, one transaction per
   bundle. Baseline: the same rows (derived columns precomputed) inserted with
   executemany into an identical database, one transaction per bundle, plus reading
   each bundle file, hashing it and verifying its Ed25519 signature. Target: <= 3x.
2. Export: a commune's full year through the service (key unlocked from the
   passphrase included). Target: < 1 s.
3. Size: each bundle without its evidence files, against the same records as deflated
   JSON Lines (zlib level 6). Target: <= 1.2x.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import time
import uuid
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import clock  # noqa: E402
from app.context import AppContext  # noqa: E402
from app.services.demo.network import DemoOptions, generate_network, load_network  # noqa: E402
from app.sync import canonical, crypto  # noqa: E402
from app.sync import manifest as mf  # noqa: E402
from app.sync.kinds import all_kinds  # noqa: E402
from app.sync.writer import build_zip, pack_files  # noqa: E402

PROVINCE = "37"
NAMESPACE = uuid.UUID("9d1f3c57-3b0e-4c43-8d55-2f1c8a5e7b11")


def _communes() -> list[str]:
    units = json.loads((ROOT / "resources" / "units-2025.json").read_text(encoding="utf-8"))
    return sorted(u["code"] for u in units if u["parent"] == PROVINCE)


def _template(folder: Path, models: int) -> tuple[Path, dict[str, list[dict]], dict[str, bytes]]:
    generate_network(folder, DemoOptions(communes=1, models=models, seed=3))
    commune = next(o for o in load_network(folder)["offices"] if o["level"] == "xa")
    with AppContext.open(folder / commune["db"]) as ctx:
        path = ctx.sync.export(PROVINCE, folder / "template.dvk", passphrase="demo",
                               full=True).path
    records: dict[str, list[dict]] = {}
    blobs: dict[str, bytes] = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("records/"):
                records[name[8:-6]] = [json.loads(line) for line in
                                       archive.read(name).decode().splitlines()]
            elif name.startswith("blobs/"):
                blobs[name[6:]] = archive.read(name)
    return folder / commune["db"], records, blobs


def _remap(records: dict[str, list[dict]], old: str, new: str) -> dict[str, list[dict]]:
    """The template commune's records as if another commune had made them."""
    def new_id(value):
        return str(uuid.uuid5(NAMESPACE, f"{new}:{value}")) if value else value

    def code(value):
        if value == old:
            return new
        if isinstance(value, str) and value.startswith(old + "-"):
            return new + value[len(old):]
        return value

    result: dict[str, list[dict]] = {}
    for kind, rows in records.items():
        out = []
        for row in rows:
            row = dict(row)
            for column in ("id", "person_id", "replicates_id", "registration_id"):
                if column in row and not (kind == "units" and column == "id"):
                    row[column] = new_id(row[column])
            if kind == "units":
                row["id"] = new_id(row["id"])
            for column in ("origin", "unit_code", "subunit_code", "code", "parent_code"):
                if column in row:
                    row[column] = code(row[column])
            out.append(row)
        result[kind] = out
    return result


def _bundle(path: Path, sender: str, records: dict[str, list[dict]], blobs: dict[str, bytes],
            signing) -> tuple[int, int, int]:
    """Write a bundle as the exporter does; return (size of the same bundle without
    evidence files, size of the records alone as deflated JSON Lines at levels 6, 9)."""
    _write(path, sender, records, blobs, signing)
    without = path.with_suffix(".noblobs")
    jsonl = _write(without, sender, records, {}, signing)
    size = without.stat().st_size
    without.unlink()
    return size, len(zlib.compress(jsonl, 6)), len(zlib.compress(jsonl, 9))


def _write(path: Path, sender: str, records: dict[str, list[dict]], blobs: dict[str, bytes],
           signing) -> bytes:
    files = []
    jsonl = b""
    for kind in all_kinds():
        rows = records.get(kind.name)
        if rows:
            data = b"".join(canonical.dumps(r) + b"\n" for r in rows)
            jsonl += data
            files.append((f"records/{kind.name}.jsonl", data))
    needed = {r["sha256"] for r in records.get("evidence", [])}
    files += [(f"blobs/{digest}", blobs[digest]) for digest in sorted(needed) if digest in blobs]
    packed = pack_files(files)
    manifest = mf.build(sender=sender, sender_name=sender, recipient=PROVINCE,
                        key_id=crypto.key_id(signing.verify_key.encode()), line="0" * 16,
                        seq=1, prev_sha256="", created_at=clock.stamp(), full=True,
                        app_version="bench", counts={k: len(v) for k, v in records.items()},
                        files=[mf.file_entry(n, d, p.body)
                               for (n, d), p in zip(files, packed, strict=True)])
    data = canonical.dumps(manifest)
    path.write_bytes(build_zip(data, crypto.sign(signing, data), packed))
    return jsonl


def _province(folder: Path, keys: dict[str, bytes]) -> Path:
    path = folder / "province.sqlite"
    with AppContext.open(path, actor="bench") as ctx:
        ctx.setup.configure(profile="hai_cap", unit_code=PROVINCE)
        for code, public in keys.items():
            ctx.keys.trust_public_key(code, code, public)
    return path


def _rows_for_baseline(ctx: AppContext, records: dict[str, list[dict]],
                       blobs: dict[str, bytes]) -> list[tuple[str, list[str], list[list]]]:
    """The rows exactly as the import stores them (derived columns computed, a rev)."""
    names = {r["code"]: r["name"] for r in records.get("units", [])}
    out = []
    rev = 1
    for kind in all_kinds():
        rows = records.get(kind.name)
        if not rows:
            continue
        full = []
        for row in rows:
            row = dict(row)
            if kind.derive:
                row.update(kind.derive(row, lambda code: names.get(code)))
            row["rev"] = rev
            rev += 1
            full.append(row)
        columns = list(full[0])
        out.append((kind.table, columns, [[r[c] for c in columns] for r in full]))
    needed = {r["sha256"] for r in records.get("evidence", [])}
    out.append(("blobs", ["sha256", "size", "data"],
                [[d, len(blobs[d]), blobs[d]] for d in sorted(needed) if d in blobs]))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--communes", type=int, default=129)
    parser.add_argument("--models", type=int, default=78)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dvk-bench-bundles-"))
    try:
        print(f"Preparing {args.communes} commune bundles of {args.models} models in {work}")
        template_db, records, blobs = _template(work / "template", args.models)
        old = records["registrations"][0]["origin"]
        communes = _communes()[: args.communes]
        keys, bundles, sizes = {}, [], []
        per_commune = {}
        for code in communes:
            _locked, signing = crypto.generate("bench", opslimit=crypto.DEMO_OPSLIMIT,
                                               memlimit=crypto.DEMO_MEMLIMIT)
            keys[code] = signing.verify_key.encode()
            mine = _remap(records, old, code)
            per_commune[code] = mine
            path = work / f"{code}.dvk"
            sizes.append(_bundle(path, code, mine, blobs, signing))
            bundles.append((code, path))
        registrations = sum(len(r["registrations"]) for r in per_commune.values())
        rows = sum(len(v) for r in per_commune.values() for v in r.values())
        print(f"{len(bundles)} bundles, {registrations} registrations, {rows} records")

        # -- baseline: raw bulk insert + read, hash and verify the same bytes --------
        base_db = _province(work / "base", keys) if (work / "base").mkdir() is None else None
        import_db = work / "import.sqlite"
        shutil.copy(base_db, import_db)
        with AppContext.open(base_db, actor="bench") as ctx:
            prepared = [_rows_for_baseline(ctx, per_commune[code], blobs)
                        for code, _path in bundles]
            start = time.perf_counter()
            for (code, path), tables in zip(bundles, prepared, strict=True):
                data = path.read_bytes()
                hashlib.sha256(data).hexdigest()
                with zipfile.ZipFile(path) as archive:
                    manifest = archive.read(mf.MANIFEST)
                    signature = archive.read(mf.SIGNATURE)
                assert crypto.verify(keys[code], manifest, signature)
                with ctx.db.atomic():
                    for table, columns, values in tables:
                        names = ", ".join(f"[{c}]" for c in columns)
                        marks = ", ".join("?" for _c in columns)
                        verb = "INSERT OR IGNORE" if table == "blobs" else "INSERT"
                        ctx.db.conn.executemany(
                            f"{verb} INTO [{table}] ({names}) VALUES ({marks})", values)
            baseline = time.perf_counter() - start
            stored = ctx.db.execute("SELECT count(*) FROM registrations").fetchone()[0]
        assert stored == registrations, (stored, registrations)

        # -- for information: the same baseline in one single transaction -------------
        single_db = work / "single.sqlite"
        shutil.copy(import_db, single_db)
        with AppContext.open(single_db, actor="bench") as ctx:
            start = time.perf_counter()
            with ctx.db.atomic():
                for (code, path), tables in zip(bundles, prepared, strict=True):
                    data = path.read_bytes()
                    hashlib.sha256(data).hexdigest()
                    with zipfile.ZipFile(path) as archive:
                        assert crypto.verify(keys[code], archive.read(mf.MANIFEST),
                                             archive.read(mf.SIGNATURE))
                    for table, columns, values in tables:
                        names = ", ".join(f"[{c}]" for c in columns)
                        marks = ", ".join("?" for _c in columns)
                        verb = "INSERT OR IGNORE" if table == "blobs" else "INSERT"
                        ctx.db.conn.executemany(
                            f"{verb} INTO [{table}] ({names}) VALUES ({marks})", values)
            single = time.perf_counter() - start

        # -- the real import ----------------------------------------------------------
        with AppContext.open(import_db, actor="bench") as ctx:
            start = time.perf_counter()
            for _code, path in bundles:
                result = ctx.sync.import_bundle(path)
                assert result.applied and not result.preview.rejections
            imported = time.perf_counter() - start
            assert ctx.db.execute("SELECT count(*) FROM registrations").fetchone()[0] == \
                registrations

        # -- export of one commune's year -----------------------------------------------
        exports = []
        with AppContext.open(template_db, actor="bench") as ctx:
            for attempt in range(3):
                start = time.perf_counter()
                ctx.keys._signing = None  # unlock from the passphrase each time
                ctx.sync.export(PROVINCE, work / f"export-{attempt}.dvk", passphrase="demo",
                                full=True)
                exports.append(time.perf_counter() - start)

        bundle_bytes = sum(s for s, _d, _n in sizes)
        deflated = sum(d for _s, d, _n in sizes)
        deflated9 = sum(n for _s, _d, n in sizes)
        worst = max(s / d for s, d, _n in sizes)
        print()
        print(f"Import of the province year: {imported:.2f} s "
              f"({registrations / imported:,.0f} registrations/s)")
        print(f"Baseline (bulk insert + read, hash, verify): {baseline:.2f} s")
        print(f"  ratio import / baseline: {imported / baseline:.2f}x  (target <= 3x)")
        print(f"  (for information: the baseline in one single transaction takes "
              f"{single:.2f} s; import / that: {imported / single:.2f}x)")
        print(f"Export of a commune's year ({args.models} models, full, key unlocked): "
              f"best {min(exports):.3f} s, worst {max(exports):.3f} s  (target < 1 s)")
        print(f"Bundle size without evidence files: {bundle_bytes / 1024:,.0f} KB; same records "
              f"as deflated JSON Lines: {deflated / 1024:,.0f} KB")
        print(f"  ratio: {bundle_bytes / deflated:.2f}x overall, {worst:.2f}x worst bundle "
              f"(target <= 1.2x); {bundle_bytes / deflated9:.2f}x against JSON Lines deflated "
              f"at the highest level")
        ok = imported / baseline <= 3 and max(exports) < 1 and worst <= 1.2
        print("OK" if ok else "TARGET MISSED")
        return 0 if ok else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
