"""Reading printed PDFs back in tests: text (pypdf), page sizes, embedded fonts, and
where each character sits and in which font (pdfium)."""

from __future__ import annotations

import ctypes
import io
import unicodedata
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pypdf import PdfReader

MM = 72 / 25.4
A4_PORTRAIT = (595.28, 841.89)


def text(data: bytes) -> str:
    """All text, NFC, with runs of white space as one space."""
    reader = PdfReader(io.BytesIO(data))
    raw = "\n".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(unicodedata.normalize("NFC", raw).split())


def page_texts(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    return [" ".join(unicodedata.normalize("NFC", p.extract_text() or "").split())
            for p in reader.pages]


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    reader = PdfReader(io.BytesIO(data))
    return [(round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2))
            for p in reader.pages]


def fonts(data: bytes) -> dict[str, bool]:
    """Every font any page uses -> whether its program is embedded."""
    reader = PdfReader(io.BytesIO(data))
    found: dict[str, bool] = {}

    def visit(resources) -> None:
        if resources is None:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if font.get("/Subtype") == "/Type0":
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font.get("/BaseFont"))] = embedded
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                visit(xobject.get("/Resources"))

    for page in reader.pages:
        visit(page.get("/Resources"))
    return found


@dataclass(frozen=True)
class Char:
    char: str
    left: float
    bottom: float
    right: float
    top: float
    font: str


def chars(data: bytes, page_index: int = 0) -> list[Char]:
    """Every visible character of a page with its box (points, origin bottom left)."""
    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[page_index]
        textpage = page.get_textpage()
        result = []
        buffer = ctypes.create_string_buffer(256)
        flags = ctypes.c_int()
        for index in range(textpage.count_chars()):
            char = textpage.get_text_range(index, 1)
            if not char.strip():
                continue
            left, bottom, right, top = textpage.get_charbox(index)
            length = pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, buffer, 256,
                                                   ctypes.byref(flags))
            font = buffer.raw[:max(0, length - 1)].decode("utf-8", "replace")
            result.append(Char(char, left, bottom, right, top, font))
        return result
    finally:
        pdf.close()


def page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def find(all_chars: list[Char], needle: str) -> list[Char]:
    """The characters of the first occurrence of `needle` (spaces ignored)."""
    letters = [c for c in all_chars]
    target = needle.replace(" ", "")
    joined = "".join(unicodedata.normalize("NFC", c.char) for c in letters)
    at = joined.find(target)
    if at < 0:
        raise AssertionError(f"{needle!r} not found on the page")
    return letters[at:at + len(target)]
