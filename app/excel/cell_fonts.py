"""The font names of some cells, read from the XML: the sheet's cells name a style
(`s="3"`), the style names a font (styles.xml: cellXfs -> fonts).

Legacy Vietnamese text is recognised partly by its font (".VnTime" is TCVN3, "VNI-Times"
VNI). openpyxl finds them too, but only by parsing every cell with its style again
(about 1 s for 10,000 rows, on top of the reading); this reads the styles part and one
regex over the sheet. It answers only for the plain sheets sheet_scan's quick look
vouched for (every cell written `<c r="...`); for any other sheet, or when the styles
cannot be read, it returns None and openpyxl is asked as before. Like openpyxl's
read-only cells, a cell without a style has style 0, and row and column styles do not
count.
"""

from __future__ import annotations

import re
import zipfile
from xml.etree import ElementTree

from app.excel import sheet_scan

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_STYLES_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
_CELL = re.compile(rb'<c r="([A-Za-z]+)([0-9]+)"([^>]*)>')
_STYLE = re.compile(rb"\ss\s*=\s*[\"']([0-9]+)[\"']")


def styles_member(archive: zipfile.ZipFile) -> str:
    relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for item in relations:
        if item.get("Type") == _STYLES_TYPE and item.get("Target"):
            target = item.get("Target")
            return target.lstrip("/") if target.startswith("/") else "xl/" + target
    return "xl/styles.xml"


def style_fonts(archive: zipfile.ZipFile) -> list[str | None]:
    """The font name of each cell style (cellXfs), in order."""
    styles = ElementTree.fromstring(archive.read(styles_member(archive)))
    fonts_element = styles.find(f"{_MAIN}fonts")
    names = []
    for font in fonts_element if fonts_element is not None else []:
        name = font.find(f"{_MAIN}name")
        names.append(name.get("val") if name is not None else None)
    formats = styles.find(f"{_MAIN}cellXfs")
    result = []
    for xf in formats if formats is not None else []:
        index = int(xf.get("fontId", "0") or 0)
        result.append(names[index] if 0 <= index < len(names) else None)
    return result


def cell_fonts(archive: zipfile.ZipFile, member: str,
               cells: list[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """(row, column from 0) -> font name, for the cells asked about that have one."""
    fonts = style_fonts(archive)
    wanted = set(cells)
    rows = {row for row, _column in cells}
    result = {}
    for part in sheet_scan.sheet_parts(archive, member):
        for letters, digits, attributes in _CELL.findall(part):
            row = int(digits)
            if row not in rows:
                continue
            place = (row, sheet_scan.column_number(letters) - 1)
            if place not in wanted:
                continue
            style = _STYLE.search(attributes)
            index = int(style.group(1)) if style else 0
            name = fonts[index] if index < len(fonts) else None
            if name:
                result[place] = name
    return result
