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
import re
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

    def hidden_rows(self, name: str) -> set[int]:
        """Rows (1-based) the sheet hides, by hand or by a filter (row hidden="1")."""
        member = self._members.get(name)
        if not member:
            return set()
        try:
            with zipfile.ZipFile(self.path) as archive:
                return _xlsx_hidden_rows(archive, member)
        except sheet_scan.DAMAGE:
            return set()

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


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\b([^>]*)>")
_ROW_NUMBER = re.compile(rb"\sr\s*=\s*[\"']([0-9]+)[\"']")
_HIDDEN = re.compile(rb"\shidden\s*=\s*[\"'](?:1|true)[\"']")


def _xlsx_hidden_rows(archive: zipfile.ZipFile, member: str) -> set[int]:
    hidden: set[int] = set()
    number = 0
    for part in sheet_scan.sheet_parts(archive, member):
        if b"hidden" not in part:
            number += part.count(b"<row")  # keeps the count for rows without r=
            continue
        for attributes in _ROW_TAG.findall(part):
            found = _ROW_NUMBER.search(attributes)
            number = int(found.group(1)) if found else number + 1
            if _HIDDEN.search(attributes):
                hidden.add(number)
    return hidden


class CalamineBook:
    """An Excel 97-2003 (.xls) or OpenDocument (.ods) workbook: values by calamine,
    which reads both; hidden rows and (for .xls) the cells' fonts from the file's own
    records (xlrd for .xls, the XML for .ods)."""

    def __init__(self, path: Path, kind: str):
        from python_calamine import CalamineWorkbook

        self.path = path
        self.kind = kind  # "xls" or "ods"
        self._fast = CalamineWorkbook.from_path(str(path))
        self._values: dict[str, CalamineValues] = {}
        self._hidden: dict[str, set[int]] | None = None
        self._xlrd = None

    @property
    def sheetnames(self) -> list[str]:
        from python_calamine import SheetTypeEnum

        return [item.name for item in self._fast.sheets_metadata
                if item.typ == SheetTypeEnum.WorkSheet]

    def visible(self, name: str) -> bool:
        from python_calamine import SheetVisibleEnum

        return any(item.visible == SheetVisibleEnum.Visible
                   for item in self._fast.sheets_metadata if item.name == name)

    def values(self, name: str) -> CalamineValues:
        if name not in self._values:
            self._values[name] = CalamineValues(self._fast.get_sheet_by_name(name), {})
        return self._values[name]

    def has_formulas(self, name: str) -> bool:
        return False  # both formats keep the last result of every formula

    def hidden_rows(self, name: str) -> set[int]:
        if self._hidden is None:
            try:
                self._hidden = _ods_hidden_rows(self.path) if self.kind == "ods" \
                    else self._xls_hidden_rows()
            except Exception:  # formatting that cannot be read hides nothing
                self._hidden = {}
        return self._hidden.get(name, set())

    def _xls(self):
        if self._xlrd is None:
            import xlrd

            self._xlrd = xlrd.open_workbook(str(self.path), formatting_info=True,
                                            on_demand=True, logfile=_Silent())
        return self._xlrd

    def _xls_hidden_rows(self) -> dict[str, set[int]]:
        book = self._xls()
        result = {}
        for index, name in enumerate(book.sheet_names()):
            sheet = book.sheet_by_index(index)
            result[name] = {row + 1 for row, info in sheet.rowinfo_map.items()
                            if getattr(info, "hidden", 0)}
        return result

    def fonts(self, name: str, cells: list[tuple[int, int]]) -> dict[tuple[int, int], str]:
        if self.kind != "xls" or not cells:
            return {}
        try:
            book = self._xls()
            sheet = book.sheet_by_name(name)
            result = {}
            for row, column in cells:
                if row - 1 < sheet.nrows and column < sheet.ncols:
                    xf = book.xf_list[sheet.cell_xf_index(row - 1, column)]
                    font = book.font_list[xf.font_index].name
                    if font:
                        result[(row, column)] = font
            return result
        except Exception:  # no fonts: the text alone decides
            return {}

    def close(self) -> None:
        self._fast.close()
        if self._xlrd is not None:
            self._xlrd.release_resources()


class _Silent:
    def write(self, _text: str) -> None:
        pass


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _ods_hidden_rows(path: Path) -> dict[str, set[int]]:
    """Rows of each sheet of an .ods whose visibility is "collapse" (hidden) or
    "filter" (filtered out)."""
    from xml.etree.ElementTree import iterparse

    result: dict[str, set[int]] = {}
    with zipfile.ZipFile(path) as archive, archive.open("content.xml") as stream:
        name, number = None, 0
        for event, element in iterparse(stream, events=("start", "end")):
            if element.tag == f"{_TABLE}table":
                if event == "start":
                    name, number = element.get(f"{_TABLE}name"), 0
                    result[name] = set()
                else:
                    element.clear()
            elif element.tag == f"{_TABLE}table-row" and event == "start":
                repeat = int(element.get(f"{_TABLE}number-rows-repeated", "1") or 1)
                if element.get(f"{_TABLE}visibility", "visible") in ("collapse", "filter") \
                        and repeat <= 10_000 and name is not None:
                    result[name].update(range(number + 1, number + repeat + 1))
                number += repeat
            elif event == "end" and element.tag == f"{_TABLE}table-row":
                element.clear()
    return result
