"""Opening a workbook a clerk picked, whatever it turns out to be: a real .xlsx, an old
.xls, a password-protected or damaged file, or no spreadsheet at all; and reading a
sheet's header and rows (the values through app.excel.workbook: calamine where the file
allows it, openpyxl's streaming read-only mode otherwise).

The header is found, not assumed: offices put a title, the office's name and a date
above their tables, number the columns ("(1) (2) (3)") below the header, and merge
header cells over two rows ("Thời gian" over "Bắt đầu" / "Kết thúc").
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.domain import legacy_text
from app.domain.text import fold
from app.errors import DvkError
from app.excel import row_kinds, sheet_scan, synonyms
from app.excel.columns import match, propose, readable
from app.excel.values import field_named_in
from app.excel.workbook import Book, CalamineBook
from app.i18n import _

OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
MAX_ROWS = 100_000  # data rows in one import; more is a national export, not a register
HEADER_SCAN_ROWS = 30
BLANK_TAIL = 5_000  # this many empty rows in a row: the table has ended


class WorkbookRefused(DvkError):
    """The file cannot be read as a workbook; nothing was imported."""

    exit_code = 4


@dataclass
class SheetLayout:
    name: str
    header_rows: list[int]  # 1-based
    headers: list[str]  # one per column, "" for a column without a header
    mapping: list[str | None]  # proposed column key per column
    first_data_row: int
    sample: list[list[Any]] = field(default_factory=list)  # a few data rows, as read
    max_row: int | None = None
    year: int | None = None  # the campaign year its title or its name gives
    field: int | None = None  # the field its title or its name gives ("1. Kinh tế")
    title: str = ""  # the title above the header, as the clerk reads it
    rows: int = 0  # rows below the header that hold anything

    @property
    def width(self) -> int:
        return len(self.headers)


def column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _damaged(path: Path, error: BaseException) -> WorkbookRefused:
    return WorkbookRefused(_(
        "{name} is damaged and cannot be read ({detail}). Open it in Excel, which may "
        "repair it, save it again and import the saved copy.").format(
        name=path.name, detail=type(error).__name__))


@contextlib.contextmanager
def reading(path: str | Path) -> Iterator[None]:
    """Damage found while streaming a sheet (read-only mode parses as it goes) is a
    refusal of the file, like damage found when opening it."""
    try:
        yield
    except (DvkError, MemoryError, KeyboardInterrupt):
        raise
    except Exception as error:
        raise _damaged(Path(path), error) from None


def open_book(path: str | Path) -> Book:
    """The workbook a clerk picked, opened for reading (app.excel.workbook), or a
    WorkbookRefused that says what is wrong with it."""
    path = Path(path)
    synonyms.refresh()  # the office may have added words since the last workbook
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise WorkbookRefused(_("The file {name} is not there (moved, deleted or the stick "
                                "was pulled).").format(name=path.name)) from None
    except OSError as error:
        raise WorkbookRefused(_("The file {name} cannot be read ({detail}).").format(
            name=path.name, detail=error.strerror or error)) from None
    if head == OLE_SIGNATURE:
        if _is_encrypted(path):
            raise WorkbookRefused(_(
                "{name} is protected by a password. Open it in Excel, remove the password "
                "(File > Info > Protect Workbook), save it and import it again.").format(
                name=path.name))
        return _calamine_book(path, "xls")
    if not zipfile.is_zipfile(path):
        if head.startswith(b"PK\x03\x04"):
            raise WorkbookRefused(_(
                "{name} is incomplete: the download or the copy stopped before the end of "
                "the file. Copy or download it again, check that it opens in Excel, and "
                "import it again.").format(name=path.name))
        raise WorkbookRefused(_(
            "{name} is not an Excel workbook (.xlsx, .xls) or an OpenDocument spreadsheet "
            "(.ods). Choose the spreadsheet itself, or save it from Excel as .xlsx."
        ).format(name=path.name))
    if _is_ods(path):
        return _calamine_book(path, "ods")
    try:
        return Book(path)
    except Exception as error:  # zip or XML damage surfaces as many exception types
        raise _damaged(path, error) from None


def _is_ods(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "content.xml" not in names or "xl/workbook.xml" in names:
                return False
            sheet_scan.check_parts(archive, ("mimetype", "content.xml", "styles.xml"))
            return True
    except (*sheet_scan.DAMAGE, ValueError):
        return "content.xml" in _names(path)


def _names(path: Path) -> set[str]:
    try:
        with zipfile.ZipFile(path) as archive:
            return set(archive.namelist())
    except (*sheet_scan.DAMAGE, ValueError):
        return set()


def _calamine_book(path: Path, kind: str) -> CalamineBook:
    """An .xls or .ods through calamine; damage (a part whose CRC fails, a file cut
    short) is a refusal that says what to do."""
    try:
        if kind == "ods":
            with zipfile.ZipFile(path) as archive:
                sheet_scan.check_parts(archive, ("content.xml",))
        return CalamineBook(path, kind)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # calamine's errors and panics
        if kind == "xls" and path.stat().st_size % 512:
            raise WorkbookRefused(_(
                "{name} (Excel 97-2003) is incomplete: the download or the copy stopped "
                "before the end of the file. Copy or download it again, check that it "
                "opens in Excel, and import it again.").format(name=path.name)) from None
        if kind == "xls":
            raise WorkbookRefused(_(
                "{name} is an Excel 97-2003 workbook (.xls) that cannot be read: it is "
                "damaged or incomplete. Open it in Excel, save it again (or copy it "
                "again) and import the saved copy.").format(name=path.name)) from None
        raise _damaged(path, error) from None


def _is_encrypted(path: Path) -> bool:
    """An encrypted Office file is an OLE container holding an 'EncryptedPackage'."""
    marker = "EncryptedPackage".encode("utf-16-le")
    with path.open("rb") as handle:
        return marker in handle.read(4 * 1024 * 1024)


def formula_cells(path: str | Path, sheet_name: str, first_row: int) -> dict[tuple[int, int], str]:
    """(row, column) -> formula text, for the formulas of a sheet (second read, only for
    sheets that have formulas)."""
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = load_workbook(path, read_only=True, data_only=False)
    try:
        result = {}
        for row_number, row in enumerate(book[sheet_name].iter_rows(
                min_row=first_row, values_only=True), start=first_row):
            for column, value in enumerate(row):
                if isinstance(value, str) and value.startswith("="):
                    result[(row_number, column)] = value
        return result
    finally:
        book.close()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _is_numbering(values: list[Any]) -> bool:
    """A row of column numbers under the header: 1 2 3 ... or (1) (2) (3)."""
    texts = [_text(v).strip("()") for v in values if _text(v)]
    if len(texts) < 3 or not all(t.isdigit() for t in texts):
        return False
    numbers = [int(t) for t in texts]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def layout(book, sheet_name: str | None = None) -> SheetLayout:
    """Find the header of a sheet (the row among the first 30 whose cells name the most
    known columns) and propose a mapping."""
    name = sheet_name or _best_sheet(book)
    if name not in book.sheetnames:
        raise WorkbookRefused(_("The workbook has no sheet named {sheet}.").format(
            sheet=name) + " " + _("Its sheets are: {names}.").format(
            names=", ".join(book.sheetnames)))
    values = book.values(name)
    top = values.top(HEADER_SCAN_ROWS)
    if not top:
        raise WorkbookRefused(_("The sheet {sheet} is empty.").format(sheet=name))
    width = max(len(row) for row in top)
    top = [row + [None] * (width - len(row)) for row in top]
    scores = [sum(1 for v in row if isinstance(v, str) and match(v)) for row in top]
    header_index = max(range(len(top)), key=lambda i: (scores[i], -i))
    if scores[header_index] == 0:
        raise WorkbookRefused(_(
            "No column of the sheet {sheet} has a header DVK knows (for example \"Tên mô "
            "hình\", \"Đơn vị\", \"Lĩnh vực\"). Use the template (File > Excel template) or "
            "add a header row.").format(sheet=name))
    header_rows = [header_index]
    # Headers merged over two rows: the row below holds sub-headers in the columns the
    # merged cell spans, and no model name (data rows always have one).
    below = header_index + 1
    if below < len(top) and _is_sub_header(top[header_index], top[below]):
        header_rows.append(below)
    headers = [readable(text) for text in _combine([top[i] for i in header_rows])]
    first_data = header_rows[-1] + 1
    if first_data < len(top) and _is_numbering(top[first_data]):
        first_data += 1
    mapping = propose(headers)
    name_index = mapping.index("name") if "name" in mapping else None
    sample = [row for row in top[first_data:first_data + 12] if any(_text(v) for v in row)
              and row_kinds.classify(tuple(row), name_index, False) is None]
    mapping = refine(mapping, sample, headers)
    title = " ".join(_title_texts(top[:header_index]))
    return SheetLayout(name, [i + 1 for i in header_rows], headers, mapping,
                       first_data + 1, sample, values.max_row,
                       year=title_year(title) or title_year(name),
                       field=field_named_in(name) or field_named_in(title), title=title,
                       rows=_count_rows(values, first_data + 1))


def _title_texts(rows: list[list[Any]]) -> list[str]:
    texts = []
    for row in rows:
        for value in row:
            if isinstance(value, str) and value.strip():
                found = legacy_text.detect(value)
                texts.append(found.text if found else value.strip())
    return texts


_YEAR_IN_TITLE = re.compile(r"\bnam\s+(\d{4})\b")
_YEAR_ALONE = re.compile(r"^(?:nam\s*)?((?:19|20)\d{2})$")


def title_year(text: str) -> int | None:
    """The campaign year a title ("... ĐĂNG KÝ NĂM 2025") or a sheet name ("Năm 2025",
    "2025") gives."""
    folded = fold(text or "")
    found = _YEAR_IN_TITLE.search(folded) or _YEAR_ALONE.match(folded.strip(" ."))
    if not found:
        return None
    year = int(found.group(1))
    return year if 2000 <= year <= 2100 else None


def _count_rows(values, first_row: int) -> int:
    """Rows below the header that hold anything (a sheet read by openpyxl: its extent)."""
    grid = getattr(values, "grid", None)
    if grid is None:
        return max((values.max_row or 0) - first_row + 1, 0)
    return sum(1 for row in grid[first_row - 1:]
               if any(v not in ("", None) for v in row))


def refine(mapping: list[str | None], sample: list[list[Any]],
           headers: list[str] | None = None) -> list[str | None]:
    """What the values say where a header is ambiguous: a column headed "Tập thể/cá
    nhân" holding village names is the registrant, one holding "Tập thể" / "Cá nhân"
    is the kind of registrant."""
    from app.excel.values import choice_or_none

    result = list(mapping)
    for index, key in enumerate(mapping):
        if key not in ("subject", "registrant"):
            continue
        texts = [row[index] for row in sample if index < len(row) and
                 isinstance(row[index], str) and row[index].strip()]
        if not texts:
            continue
        words = sum(1 for t in texts if choice_or_none(t, "subject"))
        other = "registrant" if key == "subject" else "subject"
        wrong = words * 2 < len(texts) if key == "subject" else words == len(texts)
        if wrong and other not in result:
            result[index] = other
            # The column the header proposal passed over for `key` may now take it.
            for later, text in enumerate(headers or []):
                if result[later] is None and key not in result and match(text) == key:
                    result[later] = key
    return result


@dataclass
class SheetInfo:
    """One sheet of a workbook as offered: its name, how many rows it holds, whether it
    holds registrations (a header DVK knows, with the models' names)."""

    name: str
    rows: int
    visible: bool
    layout: SheetLayout | None
    why: str = ""  # why it holds no registrations

    @property
    def registrations(self) -> bool:
        return self.layout is not None and "name" in self.layout.mapping


def survey(book) -> list[SheetInfo]:
    """Every sheet, with the layout of those that hold registrations."""
    found = []
    for name in book.sheetnames:
        visible = book.visible(name)
        try:
            sheet = layout(book, name)
        except WorkbookRefused as refused:
            found.append(SheetInfo(name, _count_rows(book.values(name), 1), visible, None,
                                   refused.message))
            continue
        if "name" not in sheet.mapping:  # the clerk may still say which column it is
            found.append(SheetInfo(name, sheet.rows, visible, sheet, _(
                "no column holds the names of models (a summary or another table)")))
            continue
        found.append(SheetInfo(name, sheet.rows, visible, sheet))
    return found


def _best_sheet(book) -> str:
    names = book.sheetnames
    if not names:
        raise WorkbookRefused(_(
            "{name} has no sheet that can be read (it may be damaged, or hold only "
            "charts). Open it in Excel, check its sheets, save it and import it again."
        ).format(name=book.path.name))
    first = None
    for name in names:
        if book.visible(name) and any(any(v is not None for v in row)
                                      for row in book.values(name).top(HEADER_SCAN_ROWS)):
            first = first or name
            try:
                if "name" in layout(book, name).mapping:
                    return name
            except WorkbookRefused:
                continue
    return first or names[0]


def _is_sub_header(header: list[Any], below: list[Any]) -> bool:
    under_blank = any(_text(b) and not _text(h) for h, b in zip(header, below, strict=True))
    texts = [b for b in below if _text(b)]
    named = [i for i, h in enumerate(header) if isinstance(h, str) and match(h) == "name"]
    no_name = all(not _text(below[i]) for i in named)
    return under_blank and no_name and all(isinstance(b, str) for b in texts)


def _combine(rows: list[list[Any]]) -> list[str]:
    """Header text per column; an upper header cell merged across columns (blank to the
    right of its text) is repeated over the columns that have a sub-header."""
    if len(rows) == 1:
        return [_text(v) for v in rows[0]]
    upper, lower = rows
    result, carried = [], ""
    for top_value, low_value in zip(upper, lower, strict=True):
        top_text, low_text = _text(top_value), _text(low_value)
        if top_text:
            carried = top_text
        if low_text:
            parent = top_text or carried
            result.append(f"{parent} / {low_text}" if parent else low_text)
        else:
            result.append(top_text)
            if top_text == "":
                carried = ""
    return result


def rows(book, sheet_layout: SheetLayout) -> Iterator[tuple[int, tuple]]:
    """(row number, values) for every row below the header."""
    yield from book.values(sheet_layout.name).rows(sheet_layout.first_data_row)


def as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None
