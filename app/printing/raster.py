"""PDF pages to pixels (pypdfium2), for the preview, for printing through the system
print dialog, and for the reference-image tests.

The window shows and prints these images, so `ui` needs no PDF library of its own and
all PDF handling stays in `app`. Pixels come as 32-bit BGRx rows, which is the memory
layout of QImage.Format_RGB32 on every little-endian PC, so the window can wrap them
without converting. pdfium is not thread-safe: use one document from one thread.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pypdfium2 as pdfium

from app.errors import DvkError
from app.i18n import _


@dataclass(frozen=True)
class PageImage:
    width: int
    height: int
    stride: int
    data: bytes  # BGRx, `stride` bytes per row


@dataclass(frozen=True)
class PageSize:
    width: float  # points
    height: float


class PdfPages:
    """An open PDF (bytes) whose pages can be rendered at any resolution."""

    def __init__(self, data: bytes):
        try:
            self._pdf = pdfium.PdfDocument(data)
            # A digitally signed PDF shows its visible signatures as form fields: without
            # the form environment pdfium neither shows nor prints them.
            self._pdf.init_forms()
        except pdfium.PdfiumError as error:
            raise DvkError(_("The PDF cannot be opened for preview ({detail}).").format(
                detail=error)) from error
        self.data = data

    def __len__(self) -> int:
        return len(self._pdf)

    def size(self, index: int) -> PageSize:
        width, height = self._pdf[index].get_size()
        return PageSize(width, height)

    def render(self, index: int, dpi: float) -> PageImage:
        page = self._pdf[index]
        bitmap = page.render(scale=dpi / 72, prefer_bgrx=True, may_draw_forms=True)
        return PageImage(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer))

    def png(self, index: int, dpi: float, *, grey: bool = False) -> bytes:
        page = self._pdf[index]
        image = page.render(scale=dpi / 72, grayscale=grey).to_pil()
        out = io.BytesIO()
        image.save(out, "PNG")
        return out.getvalue()

    def close(self) -> None:
        self._pdf.close()

    def __enter__(self) -> PdfPages:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
