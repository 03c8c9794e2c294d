"""A workbook opened for reading values: calamine where the file lets it, openpyxl
otherwise.

calamine (Rust, through python-calamine) reads a 10,000-row register in about 0.15 s,
openpyxl's read-only mode in about 1.2 s; the import of issue 8 must stay within 3x of
the latter, and most of its time is reading. calamine is the accelerator, openpyxl stays
the reference: a sheet that sheet_scan cannot vouch for, and any file calamine fails on,
is read by openpyxl exactly as before. Values come out the way openpyxl gives them
(None for an empty cell, int for a whole number, datetime for a date), so nothing after
the reading knows which reader ran. Fonts (for legacy Vietnamese text) always come from
openpyxl, opened only when they are asked for.
"""

from __future__ import annotations

import datetime as dt
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from app.excel import cell_fonts, sheet_scan

# The parts calamine reads when it opens a workbook: read through zipfile first, whose
# CRC check refuses a damaged part (calamine may stop reading before the end of a part
# and never look). Each sheet's part is checked by its scan.
_OPENED_PARTS = ("[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                 "xl/sharedStrings.xml", "xl/styles.xml")
_EXACT = 2 ** 53  # floats below this that are whole numbers are ints, as openpyxl reads them


def openpyxl_book(path: Path):
    """openpyxl in read-only mode, cached formula results as values."""
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles it skips
        return load_workbook(path, read_only=True, data_only=True)


def calamine_book(path: Path, archive: zipfile.ZipFile):
    """A calamine workbook, or None when the file's declared counts are too large to
    hand to calamine, a part it reads is damaged, or calamine cannot open it."""
    try:
        if not sheet_scan.counts_are_sane(archive, "xl/sharedStrings.xml"):
            return None
        sheet_scan.check_parts(archive, _OPENED_PARTS)
        from python_calamine import CalamineWorkbook

        return CalamineWorkbook.from_path(str(path))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # a Rust panic is a BaseException; openpyxl decides
        return None


def _value(value: Any) -> Any:
    """A calamine value as openpyxl gives it."""
    kind = type(value)
    if kind is str:
        return value if value else None
    if kind is float:
        return int(value) if value.is_integer() and -_EXACT < value < _EXACT else value
    if kind is dt.date:
        return dt.datetime(value.year, value.month, value.day)
    return value


class CalamineValues:
    """A sheet's values as calamine read them (the whole sheet at once: fits in
    sheet_scan.CELL_LIMIT)."""

    def __init__(self, sheet, errors: dict[tuple[int, int], str]):
        self.grid = sheet.to_python(skip_empty_area=False)  # from A1
        self.max_row = len(self.grid)
        for (row, column), text in errors.items():  # read as empty: put their text back
            if row <= self.max_row and column < len(self.grid[row - 1]):
                self.grid[row - 1][column] = text

    def top(self, count: int) -> list[list[Any]]:
        return [[_value(v) for v in row] for row in self.grid[:count]]

    def rows(self, first_row: int) -> Iterator[tuple[int, tuple]]:
        for number in range(first_row, self.max_row + 1):
            yield number, tuple([_value(v) for v in self.grid[number - 1]])


class OpenpyxlValues:
    """A sheet's values streamed by openpyxl's read-only mode."""

    def __init__(self, sheet):
        self.sheet = sheet
        self.max_row = sheet.max_row

    def top(self, count: int) -> list[list[Any]]:
        return [list(row) for row in self.sheet.iter_rows(max_row=count, values_only=True)]

    def rows(self, first_row: int) -> Iterator[tuple[int, tuple]]:
        yield from enumerate(self.sheet.iter_rows(min_row=first_row, values_only=True),
                             start=first_row)


class Book:
    """One workbook opened for reading (see the module's docstring)."""

    def __init__(self, path: Path):
        self.path = path
        self._members: dict[str, str] = {}
        self._fast = None
        try:
            with zipfile.ZipFile(path) as archive:
                self._members = sheet_scan.sheet_members(archive)
                self._fast = calamine_book(path, archive)
        except sheet_scan.DAMAGE:
            pass  # openpyxl reads it or says what is wrong
        self._slow = None if self._fast is not None else openpyxl_book(path)
        self._values: dict[str, CalamineValues | OpenpyxlValues] = {}
        self._scans: dict[str, sheet_scan.SheetScan | None] = {}

    @property
    def sheetnames(self) -> list[str]:
        """The worksheets (chart sheets have no cells to import)."""
        if self._fast is not None:
            from python_calamine import SheetTypeEnum

            return [item.name for item in self._fast.sheets_metadata
                    if item.typ == SheetTypeEnum.WorkSheet]
        return [sheet.title for sheet in self._slow.worksheets]

    def visible(self, name: str) -> bool:
        if self._fast is not None:
            from python_calamine import SheetVisibleEnum

            return any(item.visible == SheetVisibleEnum.Visible
                       for item in self._fast.sheets_metadata if item.name == name)
        return getattr(self._slow[name], "sheet_state", "visible") == "visible"

    def values(self, name: str) -> CalamineValues | OpenpyxlValues:
        if name not in self._values:
            self._values[name] = self._calamine_values(name) or \
                OpenpyxlValues(self.openpyxl()[name])
        return self._values[name]

    def _calamine_values(self, name: str) -> CalamineValues | None:
        scan = self._scan(name)
        if self._fast is None or scan is None or not scan.fits:
            return None
        try:
            return CalamineValues(self._fast.get_sheet_by_name(name), scan.errors)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:  # as in calamine_book
            return None

    def _scan(self, name: str) -> sheet_scan.SheetScan | None:
        if name not in self._scans:
            member = self._members.get(name)
            scan = None
            if member:
                try:
                    with zipfile.ZipFile(self.path) as archive:
                        scan = sheet_scan.scan_sheet(archive, member)
                except sheet_scan.DAMAGE:
                    scan = None
            self._scans[name] = scan
        return self._scans[name]

    def has_formulas(self, name: str) -> bool:
        """Whether the sheet holds formulas (then a second read finds the cells whose
        result was never saved); True when unknown."""
        scan = self._scan(name)
        return scan.has_formulas if scan is not None else True

    def fonts(self, name: str, cells: list[tuple[int, int]]) -> dict[tuple[int, int], str]:
        """(row, column from 0) -> font name of some cells: from the XML for a plain
        sheet (app.excel.cell_fonts), else by openpyxl over those cells' rows."""
        if not cells:
            return {}
        scan, member = self._scan(name), self._members.get(name)
        if scan is not None and scan.plain and member:
            try:
                with zipfile.ZipFile(self.path) as archive:
                    return cell_fonts.cell_fonts(archive, member, cells)
            except (*sheet_scan.DAMAGE, ValueError):
                pass  # openpyxl reads them, or says what is wrong
        return self._openpyxl_fonts(name, cells)

    def _openpyxl_fonts(self, name: str, cells: list[tuple[int, int]]
                        ) -> dict[tuple[int, int], str]:
        wanted: dict[int, list[int]] = {}
        for row, column in cells:
            wanted.setdefault(row, []).append(column)
        result = {}
        first, last = min(wanted), max(wanted)
        rows = self.openpyxl()[name].iter_rows(min_row=first, max_row=last)
        for number, row in enumerate(rows, start=first):
            for column in wanted.get(number, ()):
                if column < len(row):
                    font = getattr(getattr(row[column], "font", None), "name", None)
                    if font:
                        result[(number, column)] = font
        return result

    def openpyxl(self):
        """The openpyxl workbook (fonts, and the sheets calamine may not read)."""
        if self._slow is None:
            self._slow = openpyxl_book(self.path)
        return self._slow

    def close(self) -> None:
        if self._fast is not None:
            self._fast.close()
        if self._slow is not None:
            self._slow.close()
