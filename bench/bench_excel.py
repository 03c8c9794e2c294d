"""Benchmark: importing 10,000 registrations from an .xlsx file.

Builds an office register of N rows the way a province office keeps one (model name,
registering sub-unit, field, year, registration date, start and end dates, goals,
content and methods, contact phone), then times, in the same run:

  * baseline: openpyxl merely reading the workbook in read-only mode (every row's
    values, nothing else);
  * import: `dvk import-excel` without --dry-run, i.e. `ExcelService.run_import(...,
    apply=True)` - reading, header detection, legacy-text checks, parsing, identity
    look-ups, the form's validation and save path for every row, all in one
    transaction - into a fresh office data file each run;

interleaved run by run (both see the same machine load); prints the medians and the
median ratio (the goal: within 3x), and the ratio of CPU time, which a busy machine
disturbs less. Not a timed test: it reports, it does not fail.

    python bench/bench_excel.py [--rows 10000] [--runs 3] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook, load_workbook

from app.context import AppContext
from app.services.demo import content as C

OFFICE = "14725"
FIELDS = ["Kinh tế", "Văn hóa - xã hội", "Quốc phòng - an ninh", "Xây dựng hệ thống chính trị"]


def subunits() -> list[tuple[str, str]]:
    units = []
    for village in C.VILLAGES:
        for unit_type, template in C.SUBUNITS_PER_VILLAGE:
            units.append((template.format(v=village), unit_type))
    return units


def build_book(path: Path, rows: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    names = [name for models in C.MODELS.values() for name, *_rest in models]
    units = [name for name, _type in subunits()]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách")
    sheet.append(["STT", "Tên mô hình", "Đơn vị đăng ký", "Lĩnh vực", "Năm", "Ngày đăng ký",
                  "Ngày bắt đầu", "Ngày kết thúc", "Mục tiêu", "Nội dung, cách làm",
                  "Điện thoại"])
    for number in range(1, rows + 1):
        year = 2025
        sheet.append([
            number, f"{rng.choice(names)} (số {number})", rng.choice(units),
            FIELDS[number % 4], year, dt.datetime(year, 1, 5) + dt.timedelta(days=number % 80),
            dt.datetime(year, 4, 1), dt.datetime(year, 12, 31),
            "Vận động nhân dân tham gia, nâng cao đời sống, giữ gìn an ninh trật tự",
            "Họp dân, phân công hội viên phụ trách từng hộ, kiểm tra hằng tháng",
            "0912 345 678",
        ])
    book.save(path)


def build_office(path: Path) -> None:
    with AppContext.open(path, actor="bench") as ctx:
        ctx.setup.configure(profile="hai_cap", unit_code=OFFICE)
        for name, unit_type in subunits():
            ctx.units.add_subunit(name, unit_type)


def read_only(path: Path) -> int:
    book = load_workbook(path, read_only=True)
    count = 0
    for _row in book.worksheets[0].iter_rows(values_only=True):
        count += 1
    book.close()
    return count


def timed_import(book: Path, office: Path, scratch: Path) -> tuple[float, dict]:
    """The import alone (the office data file is copied and opened outside the time)."""
    target = scratch / "office-run.sqlite"
    shutil.copy(office, target)
    with AppContext.open(target, actor="bench") as ctx:
        start, cpu = time.perf_counter(), time.process_time()
        report = ctx.excel.run_import(book, apply=True)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    return elapsed, cpu, report.counts()


def timed_read(book: Path) -> tuple[float, float]:
    start, cpu = time.perf_counter(), time.process_time()
    read_only(book)
    return time.perf_counter() - start, time.process_time() - cpu


SCALES = {"1x": "1,000 rows", "10x": "10,000 rows (the target)",
          "100x": "100,000 rows (a national body's sheet)"}
SIZES = {"1x": 1_000, "10x": 10_000, "100x": 100_000}
TARGET_SCALE = "10x"


def measure(rows: int, runs: int) -> dict:
    """Baseline and import, interleaved run by run (both see the same machine load)."""
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        book, office = scratch / "register.xlsx", scratch / "office.sqlite"
        build_book(book, rows)
        build_office(office)
        rows_read = read_only(book)
        reads, imports, ratios, cpu_ratios = [], [], [], []
        for _run in range(runs):
            read, read_cpu = timed_read(book)
            imported, imported_cpu, counts = timed_import(book, office, scratch)
            reads.append(read)
            imports.append(imported)
            ratios.append(imported / read)
            cpu_ratios.append(imported_cpu / read_cpu)
    baseline, imported, ratio, cpu_ratio = (
        statistics.median(v) for v in (reads, imports, ratios, cpu_ratios))
    return {"rows": rows, "rows_read": rows_read, "runs": runs,
            "openpyxl_read_only_s": round(baseline, 3), "import_s": round(imported, 3),
            "ratio": round(ratio, 2), "ratios": [round(r, 2) for r in ratios],
            "cpu_ratio": round(cpu_ratio, 2), "counts": counts}


def cases(scale: str, runs: int = 3) -> list:
    from bench.protocol import Result

    result = measure(SIZES[scale], runs)
    applies = scale == TARGET_SCALE
    return [Result("import", f"Excel import, saved (median of {runs})",
                   result["import_s"], "s", result["openpyxl_read_only_s"],
                   "openpyxl read-only read", "<= 3x openpyxl read" if applies else "",
                   result["ratio"] <= 3.0 if applies else None, ratio=result["ratio"],
                   detail={"cpu_ratio": result["cpu_ratio"], "ratios": result["ratios"]})]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = measure(args.rows, args.runs)
    baseline, imported = result["openpyxl_read_only_s"], result["import_s"]
    ratio, cpu_ratio, counts = result["ratio"], result["cpu_ratio"], result["counts"]
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"rows: {args.rows} (median of {args.runs} runs)")
        print(f"openpyxl read-only read: {baseline:.2f} s")
        print(f"import (preview rules, validation, save, one transaction): {imported:.2f} s")
        print(f"ratio: {ratio:.2f}x, median of the runs' ratios {result['ratios']} "
              "(goal: within 3x)")
        print(f"ratio of CPU time (steadier on a busy machine): {cpu_ratio:.2f}x")
        print(f"outcomes: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
