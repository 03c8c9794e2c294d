"""A quick look at a workbook's XML before calamine reads it.

calamine (the Rust reader behind python-calamine) reads a sheet about ten times faster
than openpyxl, but it trusts some numbers in the file: it lays a sheet out as one dense
grid from its first to its last cell (a stray value in XFD1048576 asks for 500 GB), and
sizes the shared-string table by its declared count. An allocation that fails aborts
the whole process - no exception, the clerk's window just vanishes. So before calamine
sees a file, this module bounds those numbers from the XML itself: the cell references
of the sheet (every form calamine accepts: either quote, spaces around "=", lower case,
a namespace prefix, cells and rows without references) and the counts it declares. A
file that does not pass is read by openpyxl's streaming reader instead, as before.

The bounds err on the large side (text that merely looks like a reference counts too);
too large only costs speed, never safety.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree import ElementTree

# What reading a damaged zip member raises.
DAMAGE = (KeyError, OSError, EOFError, zipfile.BadZipFile, zlib.error, ElementTree.ParseError)
CELL_LIMIT = 4_000_000  # cells of a dense grid calamine may build (~130 MB)
STRING_LIMIT = 4_000_000  # shared strings a workbook may declare
CHUNK = 4 << 20
CARRY_LIMIT = 16 << 20  # an XML "word" longer than this: give up the fast path

_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
# Any attribute r (or x:r) whose value is letters then digits, the only values calamine
# turns into a position (anything else it refuses as damaged).
_REFERENCE = re.compile(rb"[\s:]r\s*=\s*[\"']([A-Za-z]*)([0-9]*)[\"']")
_CELL_TAG = re.compile(rb"<" + _PREFIX + rb"c[\s/>]")
_ROW_TAG = re.compile(rb"<" + _PREFIX + rb"row[\s/>]")
_FORMULA_TAG = re.compile(rb"<" + _PREFIX + rb"f[\s/>]")
# A cell written <c r="AA..." or <c r="A123456...": past column Z or row 99,999.
_FAR_CELL = re.compile(rb'<c r="(?:[A-Za-z]{2}|[A-Za-z]*[0-9]{6})')
_ERROR_CELL = re.compile(rb'<c r="([A-Za-z])([0-9]+)"[^>]*? t="e"[^>]*(?<!/)>(.*?)</c>', re.S)
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_ERROR_TYPE = re.compile(rb"[\s:]t\s*=\s*[\"']e[\"']")
_PLAIN_ROWS, _PLAIN_COLUMNS = 99_999, 26
_ODD_SPELLINGS = (b"r =", b"r\t=", b"r\n=", b"r\r=", b":c", b":row")
_BEFORE, _INSIDE, _AFTER = range(3)
_COUNT = re.compile(rb"[\s:](?:count|uniqueCount)\s*=\s*[\"']\s*([0-9]+)")
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


@dataclass(frozen=True)
class SheetScan:
    rows: int  # at most this many rows from row 1 to the last value
    columns: int  # at most this many columns from A to the last value
    has_formulas: bool
    plain: bool = False  # the quick look vouched for it: every cell written <c r="...
    # (row, column from 0) -> "#REF!" and the like: python-calamine reads error cells as
    # empty, openpyxl as their text. None: the sheet has error cells not located.
    errors: dict[tuple[int, int], str] | None = field(default_factory=dict)

    @property
    def fits(self) -> bool:
        """Whether calamine may read this sheet: its dense grid stays within CELL_LIMIT
        and its error cells are known."""
        return self.rows * self.columns <= CELL_LIMIT and self.errors is not None


def column_number(letters: bytes) -> int:
    """1 for A, 27 for AA; any length (calamine caps none)."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


class _Unbounded(Exception):
    """An XML "word" longer than CARRY_LIMIT: the sheet is not scanned further."""


def sheet_parts(archive: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    """The member's XML in pieces of about CHUNK bytes, each cut after a ">" so that no
    tag (and no reference) is cut in two."""
    carry = b""
    with archive.open(member) as stream:
        while chunk := stream.read(CHUNK):
            data = carry + chunk
            end = data.rfind(b">") + 1
            part, carry = data[:end], data[end:]
            if len(carry) > CARRY_LIMIT:
                raise _Unbounded()
            if part:
                yield part
    if carry:
        yield carry


def scan_sheet(archive: zipfile.ZipFile, member: str) -> SheetScan | None:
    """Bounds of a sheet's extent and whether it holds formulas; None when the sheet's
    XML cannot be bounded (then it is read the slow, safe way)."""
    try:
        return _plain_scan(archive, member) or _full_scan(archive, member)
    except _Unbounded:
        return None


def _plain_scan(archive: zipfile.ZipFile, member: str) -> SheetScan | None:
    """The quick look, for the XML Excel, LibreOffice and openpyxl write: every cell of
    the sheet data written <c r="..." and no reference past column Z or row 99,999 -
    then the grid is at most 99,999 x 26 cells. Byte counts and one regex anchored on
    '<c r="'; None when the sheet is anything else (wider, longer, or written some
    other way), and the full scan decides."""
    state = _BEFORE
    has_formulas = False
    errors: dict[tuple[int, int], str] = {}
    for whole in sheet_parts(archive, member):
        part = whole
        if state == _BEFORE:
            start = part.find(b"<sheetData")
            if start < 0:
                continue
            part, state = part[start:], _INSIDE
        if state == _INSIDE:
            stop = part.find(b"</sheetData>")
            if stop >= 0:
                part, state = part[:stop], _AFTER
            if not _plain_references(part) or _FAR_CELL.search(part):
                return None
            has_formulas = has_formulas or b"<f" in part or b":f" in part
            if b'"e"' in part or b"'e'" in part:
                found = _error_cells(part)
                if len(found) != len(_ERROR_TYPE.findall(part)):
                    return None  # an error cell written some other way
                errors.update(found)
    if state == _BEFORE:
        return None
    return SheetScan(_PLAIN_ROWS, _PLAIN_COLUMNS, has_formulas, True, errors)


def _error_cells(part: bytes) -> dict[tuple[int, int], str]:
    found = {}
    for letters, digits, inside in _ERROR_CELL.findall(part):
        value = _VALUE.search(inside)
        if value:
            found[(int(digits), column_number(letters) - 1)] = \
                value.group(1).decode("utf-8", "replace")
    return found


def _plain_references(part: bytes) -> bool:
    """Whether every cell tag of this piece of sheet data is '<c r="', and every "r="
    belongs to a cell or a row written that way (no other spelling of the attribute,
    no namespace prefix)."""
    cells = part.count(b'<c r="')
    return part.count(b"<c") == cells and \
        part.count(b"r=") == cells + part.count(b'<row r="') and \
        not any(part.count(odd) for odd in _ODD_SPELLINGS)


def _full_scan(archive: zipfile.ZipFile, member: str) -> SheetScan:
    """Every reference in any spelling calamine accepts, and every tag that may stand
    for a cell or a row without one."""
    letters: set[bytes] = set()
    digits: set[bytes] = set()
    cell_references = cell_tags = row_tags = 0
    has_formulas = has_errors = False
    for part in sheet_parts(archive, member):
        found = _REFERENCE.findall(part)
        if found:
            column_letters, row_digits = zip(*found, strict=True)
            letters.update(column_letters)
            digits.update(row_digits)
            cell_references += len(found) - column_letters.count(b"")
        cell_tags += len(_CELL_TAG.findall(part))
        row_tags += len(_ROW_TAG.findall(part))
        has_formulas = has_formulas or _FORMULA_TAG.search(part) is not None
        has_errors = has_errors or _ERROR_TYPE.search(part) is not None
    last_row = max((int(d) for d in digits if d), default=0)
    last_column = max((column_number(word) for word in letters if word), default=0)
    # A row or cell without a reference follows the one before it: at worst each one
    # extends the sheet by one.
    unplaced_cells = max(cell_tags - cell_references, 0)
    return SheetScan(last_row + row_tags, last_column + unplaced_cells, has_formulas,
                     errors=None if has_errors else {})


def check_parts(archive: zipfile.ZipFile, members: tuple[str, ...]) -> None:
    """Read the members that exist to their end: zipfile raises BadZipFile when one's
    CRC does not match (a damaged part)."""
    present = set(archive.namelist())
    for member in members:
        if member in present:
            with archive.open(member) as stream:
                while stream.read(CHUNK):
                    pass


def counts_are_sane(archive: zipfile.ZipFile, member: str) -> bool:
    """Whether the counts an XML part declares in its first tags (sharedStrings.xml's
    count and uniqueCount) are within STRING_LIMIT."""
    try:
        with archive.open(member) as stream:
            head = stream.read(64 << 10)
    except KeyError:
        return True
    return all(int(value) <= STRING_LIMIT for value in _COUNT.findall(head))


def sheet_members(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the zip member holding its XML (from workbook.xml and its
    relationships); empty when they cannot be read."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except DAMAGE:
        return {}
    targets = {item.get("Id"): item.get("Target", "")
               for item in relations.iter(f"{_RELATIONSHIPS}Relationship")}
    members = {}
    for sheet in workbook.iter():
        if not sheet.tag.endswith("}sheet"):
            continue
        target = targets.get(sheet.get(f"{_OFFICE_RELATIONSHIPS}id"))
        if target and sheet.get("name") is not None:
            path = target.lstrip("/") if target.startswith("/") else "xl/" + target
            members[sheet.get("name")] = posixpath.normpath(path)
    return members
