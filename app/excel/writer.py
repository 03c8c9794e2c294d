"""Writing .xlsx files (openpyxl, write-only mode: a 50,000-row list streams): headers
in the program's language (Vietnamese by default), columns wide enough to read, dates
as dates (dd/mm/yyyy), numbers as numbers, the header row frozen and filtered.

A file is written under a temporary name beside the target and renamed when complete,
so a full disk or a pulled stick never leaves half a workbook under the real name.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app import filenames, fileops
from app.domain.safe_output import for_spreadsheet
from app.errors import DvkError
from app.excel.columns import DATE, NUMBER, TEXT
from app.i18n import _

DATE_FORMAT = "DD/MM/YYYY"
HEADER_FILL = "D9E2F3"
MAX_WIDTH = 60
_BAD_TITLE = str.maketrans({c: " " for c in "[]:*?/\\"})


@dataclass
class TableSheet:
    title: str
    headers: list[str]
    kinds: list[str]  # TEXT / NUMBER / DATE per column
    rows: Iterable[Sequence[Any]]
    widths: list[int] | None = None  # characters; None: from the header and first rows
    heading: str = ""  # a line above the table ("Thống kê theo lĩnh vực - năm 2026")
    total: Sequence[Any] | None = None  # a last, bold row
    footnote: str = ""  # a line under the table (how to read it)
    chart: bool = False  # a bar chart of the number columns beside the table
    expected_rows: int = 0  # for progress
    validations: dict[int, list[str]] = field(default_factory=dict)  # column -> choices


# A text beginning with one of these is a formula to Excel, LibreOffice or a CSV
# reader; the error codes are values of their own ("#N/A").
FORMULA_START = frozenset("=+-@\t\r\n")
_ERROR_CODES = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!",
                          "#N/A"})


def text_cell(ws, value: str, make=None):
    """The one way text goes into a cell: cleaned for the file (no control or hidden
    character, nothing XML cannot hold, at most 32,767 characters) and always stored as
    text. A name that came in a bundle as "=HYPERLINK(...)" stays those characters:
    plain text that looks like a formula is written as a typed string cell, with the
    quote prefix Excel uses for text typed after an apostrophe, so editing it in Excel
    keeps it text too. Returns the plain string when nothing can mistake it (fast)."""
    value = for_spreadsheet(value)
    if value[:1] not in FORMULA_START and value not in _ERROR_CODES:
        return value
    if make is None:
        from openpyxl.cell import WriteOnlyCell as make
    cell = make(ws, value)
    cell.data_type = "s"  # openpyxl made "=..." a formula and "#N/A" an error
    cell.quotePrefix = True
    return cell


def sheet_title(text: str, used: set[str]) -> str:
    base = for_spreadsheet(text).translate(_BAD_TITLE).strip()[:31] or "Sheet"
    title, number = base, 2
    while title.lower() in used:
        suffix = f" ({number})"
        title, number = base[:31 - len(suffix)] + suffix, number + 1
    used.add(title.lower())
    return title


def write(path: str | Path, sheets: list[TableSheet],
          progress: Callable[[int, int, str], None] | None = None) -> Path:
    """Write the workbook; return its path."""
    from openpyxl import Workbook

    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        target = target.with_suffix(target.suffix + ".xlsx") if target.suffix else \
            target.with_suffix(".xlsx")
    if not target.parent.is_dir():
        raise DvkError(_("The folder {folder} does not exist.").format(folder=target.parent))
    filenames.check_name(target)
    book = Workbook(write_only=True)
    used: set[str] = set()
    for sheet in sheets:
        _write_sheet(book, sheet, sheet_title(sheet.title, used), progress)
    handle, temporary = tempfile.mkstemp(prefix=".dvk-", suffix=".xlsx", dir=target.parent)
    os.close(handle)
    try:
        book.save(temporary)
        fileops.replace(temporary, target)
    except PermissionError as error:
        Path(temporary).unlink(missing_ok=True)
        if fileops.is_in_use(error):
            raise DvkError(fileops.explain(error, target)) from error
        raise DvkError(_(
            "{name} cannot be written: it is open in Excel or the folder is protected. Close "
            "it (or choose another name) and export again.").format(name=target.name)) from None
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        said = fileops.explain(error, target)
        if said:
            raise DvkError(said) from None
        raise DvkError(_("{name} could not be written ({detail}); nothing was saved under "
                         "that name.").format(name=target.name,
                                              detail=error.strerror or error)) from None
    return target


def _write_sheet(book, sheet: TableSheet, title: str,
                 progress: Callable[[int, int, str], None] | None) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    ws = book.create_sheet(title)
    rows = iter(sheet.rows)
    first = []
    if sheet.widths is None:
        for row in rows:
            first.append(row)
            if len(first) >= 200:
                break
    widths = sheet.widths or _widths(sheet.headers, first, sheet.kinds)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = min(width, MAX_WIDTH) + 2
    top = 3 if sheet.heading else 1
    # Written before the first row: write-only sheets put the view first.
    ws.freeze_panes = f"A{top + 1}"
    if sheet.heading:
        cell = WriteOnlyCell(ws, for_spreadsheet(sheet.heading))
        cell.data_type = "s"
        cell.font = Font(bold=True, size=13)
        ws.append([cell])
        ws.append([])
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    wrap = Alignment(wrap_text=True, vertical="center")
    header_cells = []
    for text in sheet.headers:
        cell = WriteOnlyCell(ws, for_spreadsheet(str(text)))
        cell.data_type = "s"
        cell.font, cell.fill, cell.alignment = bold, fill, wrap
        header_cells.append(cell)
    ws.append(header_cells)
    for column, choices in sheet.validations.items():
        letter = get_column_letter(column + 1)
        rule = DataValidation(type="list", formula1='"' + ",".join(choices) + '"',
                              allow_blank=True, showErrorMessage=False)
        rule.add(f"{letter}{top + 1}:{letter}{top + 5000}")
        ws.data_validations.append(rule)
    count = 0
    for row in _chain(first, rows):
        ws.append(_cells(ws, row, WriteOnlyCell))
        count += 1
        if progress and count % 1000 == 0:
            progress(count, sheet.expected_rows, title)
    last = top + count
    if sheet.total is not None:
        ws.append(_cells(ws, sheet.total, WriteOnlyCell, bold))
    if sheet.footnote:
        note = WriteOnlyCell(ws, sheet.footnote)
        note.font = Font(italic=True)
        ws.append([])
        ws.append([note])
    if sheet.headers:
        ws.auto_filter.ref = f"A{top}:{get_column_letter(len(sheet.headers))}{max(last, top)}"
    if sheet.chart and count:
        _add_chart(ws, sheet, top, last)


def _chain(first: list, rest) -> Iterable:
    yield from first
    yield from rest


def _cells(ws, row: Sequence[Any], make, font=None) -> list:
    """Plain values where plain values do (fast); cells where a date needs its format,
    a font is asked for, or a text could be taken for a formula (text_cell)."""
    cells = []
    for value in row:
        if isinstance(value, str):
            value = text_cell(ws, value, make)
            if font is not None:
                if isinstance(value, str):
                    value = make(ws, value)
                value.font = font
            cells.append(value)
            continue
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date) or font is not None:
            cell = make(ws, value)
            if isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
            if font is not None:
                cell.font = font
            cells.append(cell)
        else:
            cells.append(value)
    return cells


def _widths(headers: list[str], rows: list[Sequence[Any]], kinds: list[str]) -> list[int]:
    widths = []
    for index, text in enumerate(headers):
        longest = max((len(word) for word in str(text).split()), default=4)
        kind = kinds[index] if index < len(kinds) else TEXT
        values = [row[index] for row in rows if index < len(row) and row[index] is not None]
        if kind == DATE:
            content = 10
        elif kind == NUMBER:
            content = max((len(str(v)) for v in values), default=4)
        else:
            lengths = sorted(len(str(v)) for v in values)
            content = lengths[int(len(lengths) * 0.9)] if lengths else 8
        widths.append(max(longest, min(content, MAX_WIDTH), 6))
    return widths


def _add_chart(ws, sheet: TableSheet, top: int, last: int) -> None:
    from openpyxl.chart import BarChart, Reference

    numbers = [i for i, kind in enumerate(sheet.kinds) if kind == NUMBER]
    if not numbers:
        return
    chart = BarChart()
    chart.type = "bar"
    chart.title = for_spreadsheet(sheet.heading or sheet.title)
    chart.height = max(7.5, 0.6 * (last - top) + 3)
    chart.width = 18
    for column in numbers:
        chart.add_data(Reference(ws, min_col=column + 1, min_row=top, max_row=last),
                       titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=last))
    from openpyxl.utils import get_column_letter

    ws.add_chart(chart, f"{get_column_letter(len(sheet.headers) + 2)}{top}")


_DMY = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$")
_WHOLE = re.compile(r"^-?[1-9]\d{0,2}(\.\d{3})*$|^-?[1-9]\d*$|^0$")
_DECIMAL = re.compile(r"^-?\d{1,3}(\.\d{3})*,\d+$|^-?\d+,\d+$")


def _typed_column(values: list[Any]) -> tuple[str, list[Any]]:
    """A column of shown texts as Excel wants it: every filled cell a date (dd/mm/yyyy)
    or a Vietnamese number ("1.234", "8,5") -> real dates or numbers; else text."""
    filled = [v for v in values if v not in (None, "")]
    if filled and all(isinstance(v, str) and _DMY.match(v) for v in filled):
        from app.domain.dates import DateError, parse_date

        try:
            return DATE, [parse_date(v) if v not in (None, "") else None for v in values]
        except DateError:
            return TEXT, values
    if filled and all(isinstance(v, int | float) or (isinstance(v, str) and (
            _WHOLE.match(v) or _DECIMAL.match(v))) for v in filled):
        def number(value):
            if value in (None, ""):
                return None
            if isinstance(value, int | float):
                return value
            text = value.replace(".", "").replace(",", ".")
            return float(text) if "." in text else int(text)

        return NUMBER, [number(v) for v in values]
    return TEXT, values


def write_table(path: str | Path, title: str, headers: list[str], rows: list[list[Any]],
                progress: Callable[[int, int, str], None] | None = None) -> Path:
    """Any list as the window shows it (texts), with dates and numbers made real."""
    columns = [_typed_column([row[i] if i < len(row) else None for row in rows])
               for i in range(len(headers))]
    kinds = [kind for kind, _values in columns]
    typed = [list(values) for values in zip(*(values for _kind, values in columns),
                                             strict=True)] if rows else []
    return write(path, [TableSheet(title, headers, kinds, typed, expected_rows=len(rows))],
                 progress)
