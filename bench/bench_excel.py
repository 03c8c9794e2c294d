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

Three shapes of the same register (`--shape`): "openpyxl" as openpyxl writes it (text
inline in the sheet), "excel" as Excel saves it (text in the shared-string table, which
openpyxl reads faster, so the ratio is harder), and "tcvn3" with the model names, goals
and methods typed in TCVN3 under the .VnTime font (the import also converts them).

    python bench/bench_excel.py [--rows 10000] [--runs 3] [--shape S] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook, load_workbook

from app.context import AppContext
from app.demo import content as C

OFFICE = "14725"
FIELDS = ["Kinh tế", "Văn hóa - xã hội", "Quốc phòng - an ninh", "Xây dựng hệ thống chính trị"]


def subunits() -> list[tuple[str, str]]:
    units = []
    for village in C.VILLAGES:
        for unit_type, template in C.SUBUNITS_PER_VILLAGE:
            units.append((template.format(v=village), unit_type))
    return units


def build_book(path: Path, rows: int, seed: int = 1, shape: str = "openpyxl") -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    from app.domain.legacy_text import TCVN3, encode

    rng = random.Random(seed)
    names = [name for models in C.MODELS.values() for name, *_rest in models]
    units = [name for name, _type in subunits()]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách")
    legacy = shape == "tcvn3"
    font = Font(name=".VnTime")

    def typed(text: str):
        if not legacy:
            return text
        cell = WriteOnlyCell(sheet, value=encode(text, TCVN3))
        cell.font = font
        return cell

    sheet.append(["STT", "Tên mô hình", "Đơn vị đăng ký", "Lĩnh vực", "Năm", "Ngày đăng ký",
                  "Ngày bắt đầu", "Ngày kết thúc", "Mục tiêu", "Nội dung, cách làm",
                  "Điện thoại"])
    for number in range(1, rows + 1):
        year = 2025
        sheet.append([
            number, typed(f"{rng.choice(names)} (số {number})"), rng.choice(units),
            FIELDS[number % 4], year, dt.datetime(year, 1, 5) + dt.timedelta(days=number % 80),
            dt.datetime(year, 4, 1), dt.datetime(year, 12, 31),
            typed("Vận động nhân dân tham gia, nâng cao đời sống, giữ gìn an ninh trật tự"),
            typed("Họp dân, phân công hội viên phụ trách từng hộ, kiểm tra hằng tháng"),
            "0912 345 678",
        ])
    book.save(path)
    if shape == "excel":
        shared_strings(path)


_INLINE = re.compile(rb'<c([^>]*) t="inlineStr"([^>]*)><is><t(?: [^>]*)?>(.*?)</t></is></c>',
                     re.S)


def shared_strings(path: Path) -> None:
    """Rewrite openpyxl's inline text (of every sheet) into one shared-string table, as
    Excel saves it (also the register corpus's "excel" flavour)."""
    with zipfile.ZipFile(path) as source:
        members = {name: source.read(name) for name in source.namelist()}
    strings: dict[bytes, int] = {}

    def shared(match: re.Match) -> bytes:
        index = strings.setdefault(match.group(3), len(strings))
        return b"<c%s%s t=\"s\"><v>%d</v></c>" % (match.group(1), match.group(2), index)

    for sheet in [name for name in members if name.startswith("xl/worksheets/sheet")]:
        members[sheet] = _INLINE.sub(shared, members[sheet])
    members["xl/sharedStrings.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main" count="%d" uniqueCount="%d">' % (len(strings), len(strings))
        + b"".join(b'<si><t xml:space="preserve">%s</t></si>' % text for text in strings)
        + b"</sst>")
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdStrings" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
        b'Target="sharedStrings.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members.items():
            target.writestr(name, data)


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


def measure(rows: int, runs: int, shape: str = "openpyxl") -> dict:
    """Baseline and import, interleaved run by run (both see the same machine load)."""
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        book, office = scratch / "register.xlsx", scratch / "office.sqlite"
        build_book(book, rows, shape=shape)
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
    return {"rows": rows, "shape": shape, "rows_read": rows_read, "runs": runs,
            "openpyxl_read_only_s": round(baseline, 3), "import_s": round(imported, 3),
            "ratio": round(ratio, 2), "ratios": [round(r, 2) for r in ratios],
            "cpu_ratio": round(cpu_ratio, 2), "counts": counts}


SHAPES = {"openpyxl": "", "excel": "; the register as Excel saves it (shared strings)",
          "tcvn3": "; its text typed in TCVN3 (.VnTime)"}


def cases(scale: str, runs: int = 3) -> list:
    """The register as openpyxl writes it at every scale; as Excel saves it and typed in
    TCVN3 at 1x and 10x (the target's size; 100x would add minutes for no new fact)."""
    from bench.protocol import Result

    applies = scale == TARGET_SCALE
    shapes = list(SHAPES) if scale != "100x" else ["openpyxl"]
    results = []
    for shape in shapes:
        result = measure(SIZES[scale], runs, shape)
        key = "import" if shape == "openpyxl" else f"import-{shape}"
        results.append(Result(
            key, f"Excel import, saved{SHAPES[shape]} (median of {runs})",
            result["import_s"], "s", result["openpyxl_read_only_s"],
            "openpyxl read-only read", "<= 3x openpyxl read" if applies else "",
            result["ratio"] <= 3.0 if applies else None, ratio=result["ratio"],
            detail={"cpu_ratio": result["cpu_ratio"], "ratios": result["ratios"]}))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--shape", choices=list(SHAPES), default="openpyxl")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = measure(args.rows, args.runs, args.shape)
    baseline, imported = result["openpyxl_read_only_s"], result["import_s"]
    ratio, cpu_ratio, counts = result["ratio"], result["cpu_ratio"], result["counts"]
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"rows: {args.rows}, shape {args.shape} (median of {args.runs} runs)")
        print(f"openpyxl read-only read: {baseline:.2f} s")
        print(f"import (preview rules, validation, save, one transaction): {imported:.2f} s")
        print(f"ratio: {ratio:.2f}x, median of the runs' ratios {result['ratios']} "
              "(goal: within 3x)")
        print(f"ratio of CPU time (steadier on a busy machine): {cpu_ratio:.2f}x")
        print(f"outcomes: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
