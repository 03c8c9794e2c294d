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
    size: float = 0.0  # points


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
            size = pdfium_c.FPDFText_GetFontSize(textpage.raw, index)
            result.append(Char(char, left, bottom, right, top, font, round(size, 1)))
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


def lines(data: bytes, page_index: int = 0) -> list[str]:
    """The text of a page line by line as laid out (each line drawn on its own), NFC,
    spaces dropped: to see where a text broke."""
    reader = PdfReader(io.BytesIO(data))
    raw = unicodedata.normalize("NFC", reader.pages[page_index].extract_text() or "")
    return ["".join(line.split()) for line in raw.split("\n") if line.strip()]


def dark_rows(data: bytes, page_index: int, top: float, bottom: float, *,
              dpi: int = 100) -> list[tuple[float, float, float]]:
    """Horizontal dark runs (a rule) drawn between `top` and `bottom` (points from the
    bottom of the page): (y, left, right) in points, for each pixel row holding one
    run longer than 10 points."""
    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[page_index]
        image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        height = page.get_height()
    finally:
        pdf.close()
    scale = dpi / 72
    found = []
    for row in range(int((height - top) * scale), int((height - bottom) * scale) + 1):
        if not 0 <= row < image.height:
            continue
        pixels = [image.getpixel((col, row)) < 128 for col in range(image.width)]
        start = None
        for col, dark in enumerate([*pixels, False]):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                if (col - start) / scale > 10:
                    found.append((height - row / scale, start / scale, col / scale))
                start = None
    return found
