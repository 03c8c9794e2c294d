"""Every figure of every paper and screen of one office, against the oracle
(tests/figures/oracle.py): the statistics tables (every breakdown, every year and all
years), the Excel statistics sheets, the period review (each year and the period),
the printed summary report, the home screen's counts, the council's ranking under
every filter (and each sheet's total and rating), and the same through `dvk`.

A `Checks` collects every comparison, so a run reports every wrong figure at once
(and how many were compared)."""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.context import AppContext
from app.domain.sheets import SheetFilter
from app.services.recognition import UnitFigures
from tests.figures.oracle import FIELDS, Office

MEASURES = ("registrations", "replications", "scored", "recognised", "withdrawn")
DIMENSIONS = {"year": "r.year", "field": "r.field", "kind": "r.kind", "subject": "r.subject",
              "level": "level", "status": "r.status", "subunit": "r.subunit_code",
              "unit": "r.unit_code"}
OWN, NONE = "__own__", "__none__"


@dataclass
class Checks:
    where: str = ""
    count: int = 0
    wrong: list[str] = field(default_factory=list)

    def equal(self, got: Any, expected: Any, what: str) -> None:
        self.count += 1
        if got != expected:
            self.wrong.append(f"{self.where}: {what}: shown {got!r}, true {expected!r}")

    def true(self, condition: bool, what: str) -> None:
        self.equal(bool(condition), True, what)


def check_office(path: Path, checks: Checks, *, cli: bool = True) -> None:
    with AppContext.open(path, actor="figures-test") as ctx:
        office = Office(ctx.db, ctx.office_code, ctx.units.profile)
        checks.where = f"{ctx.units.office().name} ({path.name})"
        years = ctx.recognition.years()
        check_statistics(ctx, office, years, checks)
        check_excel(ctx, office, years[0], checks)
        check_review(ctx, office, years, checks)
        for year in years:
            check_report(ctx, office, year, checks)
            check_home(ctx, office, year, checks)
        check_ranking(ctx, office, years, checks)
    if cli:
        check_command_line(path, office, years, checks)


# -- statistics ------------------------------------------------------------------------------
def _expected_table(ctx, office: Office, by: str, year: int | None) -> dict[str, dict]:
    where, params = ("r.year = :year", {"year": year}) if year is not None else ("1", {})
    expected = {m: office.by(m, DIMENSIONS[by], where, **params) for m in MEASURES}
    if by == "unit":
        expected = {m: _roll_up(ctx, office, values) for m, values in expected.items()}
    if by == "subunit":
        expected = {m: {NONE if k is None else k: n for k, n in values.items()}
                    for m, values in expected.items()}
    return expected


def _roll_up(ctx, office: Office, values: dict) -> dict:
    """Counts per unit code -> per child office (communes of a province, districts of a
    three-tier province), the office's own under OWN."""
    parents = dict(ctx.db.execute("SELECT code, parent_code FROM units").fetchall())
    children = {code for code, in ctx.db.execute(
        "SELECT code FROM units WHERE parent_code = ? AND level <> 'coso'", [office.code])}
    result: dict = {}
    for code, number in values.items():
        key, seen = code, set()
        while key is not None and key not in children and key != office.code and key not in seen:
            seen.add(key)
            key = parents.get(key)
        bucket = key if key in children else OWN
        result[bucket] = result.get(bucket, 0) + number
    return result


def check_statistics(ctx, office: Office, years: list[int], checks: Checks) -> None:
    below = ctx.statistics.has_units_below()
    for by in DIMENSIONS:
        if by == "unit" and not below:
            continue
        for year in [None, *years]:
            table = ctx.statistics.table(by, year)
            expected = _expected_table(ctx, office, by, year)
            shown = {row.key: row.counts for row in table.rows}
            for measure in MEASURES:
                what = f"stats --by {by} --year {year} [{measure}]"
                for key, number in expected[measure].items():
                    checks.equal(shown.get(key, {}).get(measure, 0), number, f"{what} {key}")
                for key, counts in shown.items():
                    if key not in expected[measure]:
                        checks.equal(counts[measure], 0, f"{what} {key}")
                where, params = ("r.year = :year", {"year": year}) if year else ("1", {})
                checks.equal(table.totals[measure], office.total(measure, where, **params),
                             f"{what} total")
            if by == "level":
                checks.equal({row.key for row in table.rows}, set(office.levels),
                             f"stats --by level --year {year}: the profile's levels")


def check_excel(ctx, office: Office, year: int, checks: Checks) -> None:
    from openpyxl import load_workbook

    tables = ctx.statistics.all_tables(year)
    with tempfile.TemporaryDirectory() as folder:
        book = load_workbook(ctx.excel.export(Path(folder) / "thong-ke.xlsx", year),
                             read_only=True)
        sheets = book.worksheets[1:]
        checks.equal(len(sheets), len(tables), "Excel: one sheet per statistics table")
        for sheet, table in zip(sheets, tables, strict=False):
            cells = [list(row) for row in sheet.iter_rows(min_row=4, values_only=True)]
            expected = _expected_table(ctx, office, table.dimension, year)
            measures = [name for name, _label in table.measures]
            for index, row in enumerate(table.rows):
                checks.equal(cells[index][0], row.label, f"Excel {table.dimension} row {index}")
                for column, measure in enumerate(measures, start=1):
                    checks.equal(cells[index][column], expected[measure].get(row.key, 0),
                                 f"Excel {table.dimension} {year} {row.label} [{measure}]")
            total = cells[len(table.rows)]
            for column, measure in enumerate(measures, start=1):
                checks.equal(total[column], office.total(measure, "r.year = :year", year=year),
                             f"Excel {table.dimension} {year} total [{measure}]")
        book.close()


# -- review and report ---------------------------------------------------------------------------
def _unit_where(row: UnitFigures, grouped: bool) -> tuple[str, dict]:
    if grouped and row.depth == 0:
        return "r.unit_code = :office", {"office": row.office}
    if row.code is None:
        return "r.unit_code = :office AND r.subunit_code IS NULL", {"office": row.office}
    return "r.unit_code = :office AND r.subunit_code = :code", {"office": row.office,
                                                                 "code": row.code}


def check_review(ctx, office: Office, years: list[int], checks: Checks) -> None:
    for chosen in [[y] for y in years] + [sorted(years)]:
        review = ctx.recognition.review(chosen)
        grouped = len(office.area()) > 1
        checks.equal(review.grouped, grouped, f"review {chosen}: grouped by office")
        for entry in review.years:
            year = entry.year
            for f in FIELDS:
                where, params = "r.year = :year AND r.field = :f", {"year": year, "f": f}
                what = f"review {year} field {f}"
                checks.equal(entry.registered[str(f)],
                             office.total("registrations", where, **params), f"{what} registered")
                checks.equal(entry.replicated[str(f)],
                             office.total("replications", where, **params), f"{what} replicated")
                checks.equal(entry.recognised_any[str(f)],
                             office.total("recognised", where, **params),
                             f"{what} recognised at any level")
                levels = office.by("recognised", "level", where, **params)
                for level in office.levels:
                    checks.equal(entry.recognised[level][str(f)], levels.get(level, 0),
                                 f"{what} recognised at {level}")
            seen = set()
            for row in entry.units:
                where, params = _unit_where(row, grouped)
                where += " AND r.year = :year"
                params["year"] = year
                what = f"review {year} unit {row.unit}"
                for measure, key in (("registrations", "registered"),
                                     ("replications", "replicated"),
                                     ("recognised", "recognised_any")):
                    checks.equal(row.count(key), office.total(measure, where, **params),
                                 f"{what} {key}")
                levels = office.by("recognised", "level", where, **params)
                for level in office.levels:
                    checks.equal(row.count(f"recognised_{level}"), levels.get(level, 0),
                                 f"{what} recognised at {level}")
                checks.true((row.office, row.code, row.depth) not in seen,
                            f"{what}: one row per unit code")
                seen.add((row.office, row.code, row.depth))
            top = [row for row in entry.units if row.depth == 0]
            checks.equal(sum(row.count("registered") for row in top),
                         office.total("registrations", "r.year = :year", year=year),
                         f"review {year}: the units add up to the registrations")
        where = "r.year IN (SELECT value FROM json_each(:years))"
        params = {"years": json.dumps(chosen)}
        checks.equal(review.totals.registered,
                     office.total("registrations", where, **params), f"review {chosen} total")
        checks.equal(review.totals.recognised,
                     office.total("recognised", where, **params),
                     f"review {chosen} models recognised (any level)")
        checks.equal(review.totals.replicated,
                     office.total("replications", where, **params),
                     f"review {chosen} replications")


def check_report(ctx, office: Office, year: int, checks: Checks) -> None:
    from tests.printing import pdfcheck

    data = ctx.recognition_papers.report_data(year)
    where, params = "r.year = :year", {"year": year}
    registered = office.by("registrations", "r.field", where, **params)
    recognised = office.by("recognised", "r.field", where, **params)
    for f in FIELDS:
        checks.equal(data.registered.get(f, 0), registered.get(f, 0),
                     f"report {year} section II field {f} registered")
        levels = office.by("recognised", "level", where + " AND r.field = :f", f=f, **params)
        for level in office.levels:
            checks.equal(data.recognised.get(f, {}).get(level, 0), levels.get(level, 0),
                         f"report {year} section II field {f} recognised at {level}")
    checks.equal({f: n for f, n in data.recognised_any.items() if n}, recognised,
                 f"report {year} models recognised (any level) per field")
    # Section III: rows by unit code; above a commune each office, its sub-units under it.
    names = dict(ctx.db.execute("SELECT code, name FROM units").fetchall())
    grouped = len(office.area()) > 1
    offices = office.by("registrations", "r.unit_code", where, **params)
    if grouped:
        checks.equal(sorted(name for name, _counts in data.units),
                     sorted(names[code] for code in offices), f"report {year} III: offices")
        for (name, counts), parts in zip(data.units, data.unit_parts, strict=True):
            code = next(c for c in offices if names[c] == name)
            per_field = office.by("registrations", "r.field",
                                  where + " AND r.unit_code = :code", code=code, **params)
            checks.equal({f: n for f, n in counts.items() if n}, per_field,
                         f"report {year} III {name}")
            subunits = office.by("registrations", "r.subunit_code",
                                 where + " AND r.unit_code = :code", code=code, **params)
            checks.equal(len(parts), len(subunits), f"report {year} III {name}: sub-units")
            checks.equal(sum(sum(c.values()) for _n, c in parts), sum(per_field.values()),
                         f"report {year} III {name}: sub-units add up")
    else:
        subunits = office.by("registrations", "r.subunit_code", where, **params)
        checks.equal(len(data.units), len(subunits), f"report {year} III: sub-units")
        checks.equal(data.unit_parts, [], f"report {year} III: no groups at a commune")
    checks.equal(sum(sum(c.values()) for _n, c in data.units), sum(registered.values()),
                 f"report {year} III adds up")
    text = pdfcheck.text(ctx.printing.render(ctx.printing.report_document(data)))
    sentence = (f"có {sum(registered.values())} mô hình, điển hình đăng ký; "
                f"{sum(recognised.values())} mô hình, điển hình được công nhận")
    checks.true(sentence in text, f"report {year} printed: «{sentence}»")
    replicated = office.total("replications", where, **params)
    checks.true(f"trong đó {replicated} mô hình nhân rộng" in text,
                f"report {year} printed: {replicated} replications")


# -- home ------------------------------------------------------------------------------------------
def check_home(ctx, office: Office, year: int, checks: Checks) -> None:
    counts = ctx.agenda.counts(year)
    checks.equal(counts["registered"], office.total("registrations", "r.year = :year",
                                                    year=year), f"home {year} registrations")
    level = ctx.units.office().level
    sheet_level = "coso" if level == "xa" else level
    checks.equal(counts["waiting_council"], office.waiting_for_council(year, sheet_level),
                 f"home {year} sheets waiting for the council")
    checks.equal(counts["unsent"], office.unsent_proposals(year), f"home {year} unsent")
    rows = ctx.recognition.models(year)
    withdrawn = office.ids("withdrawn")
    checks.true(not {r.id for r in rows} & withdrawn, f"home {year}: no withdrawn model waits")
    if level == "tinh":
        checks.equal(counts["eligible"], 0, f"home {year}: nothing to propose at the top")
        checks.equal(ctx.proposals.candidates(year), [], f"candidates {year} at the top")
        checks.true(bool(ctx.proposals.nothing_above()), "candidates at the top: says why")


# -- ranking ----------------------------------------------------------------------------------------
def check_ranking(ctx, office: Office, years: list[int], checks: Checks) -> None:
    sheets = office.sheets()
    filters = [SheetFilter(), SheetFilter(include_old=True), SheetFilter(state="da_duyet"),
               SheetFilter(state="khoa"), SheetFilter(state="nhap"), SheetFilter(field=2)]
    for year in years:
        filters.append(SheetFilter(year=year))
        for level in ("coso", "huyen", "tinh"):
            filters.append(SheetFilter(year=year, level=level))
            filters.append(SheetFilter(year=year, level=level, state="da_duyet"))
    for where in filters:
        for standing in ctx.scoring.standings(where):
            sheet = sheets[standing.sheet_id]
            what = f"ranking {where} sheet {standing.sheet_id[:8]}"
            checks.equal(standing.rank, sheet["rank"], f"{what} rank")
            checks.equal(standing.result.total_council, sheet["council"], f"{what} council")
            checks.equal(standing.result.rating, sheet["rating"], f"{what} rating")
    for sheet_id in [s for s, sheet in sheets.items() if sheet["council"] is not None][:40]:
        result = ctx.scoring.sheet(sheet_id).result()
        checks.equal(result.total_council, sheets[sheet_id]["council"],
                     f"sheet screen {sheet_id[:8]} council total")


# -- the same through the command line --------------------------------------------------------
def dvk(path: Path, *args: str) -> str:
    from app.cli.main import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["--db", str(path), *args])
    assert code == 0, (args, out.getvalue())
    return out.getvalue()


def check_command_line(path: Path, office_: Office, years: list[int], checks: Checks) -> None:
    with AppContext.open(path) as ctx:
        office = Office(ctx.db, ctx.office_code, ctx.units.profile)
        shown = json.loads(dvk(path, "stats", "--by", "level", "--json"))
        for measure in MEASURES:
            expected = office.by(measure, "level")
            for row in shown["rows"]:
                checks.equal(row[measure], expected.get(row["key"], 0),
                             f"dvk stats --by level {row['key']} [{measure}]")
            checks.equal(shown["total"][measure], office.total(measure),
                         f"dvk stats --by level total [{measure}]")
        review = json.loads(dvk(path, "recognition", "review", "--year", str(years[0]),
                                "--json"))
        checks.equal(review["totals"]["recognised"],
                     office.total("recognised", "r.year = :year", year=years[0]),
                     "dvk recognition review: models recognised")
        sheets = office.sheets()
        for row in json.loads(dvk(path, "scores", "council", "--json")):
            checks.equal(row["rank"], sheets[row["id"]]["rank"],
                         f"dvk scores council {row['id'][:8]}")
        for row in json.loads(dvk(path, "scores", "list", "--state", "da_duyet", "--json")):
            checks.equal(row["rank"], sheets[row["id"]]["rank"],
                         f"dvk scores list --state da_duyet {row['id'][:8]}")
        if ctx.units.office().level == "tinh":
            said = dvk(path, "proposals", "candidates", "--year", str(years[0]))
            checks.true("cấp cao nhất" in said, "dvk proposals candidates at the top")
