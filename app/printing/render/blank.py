"""Certificates onto pre-printed blanks, and the calibration page (app/printing/blanks.py).

Only the variable texts are drawn, each fitted into its box (render/fit.py) at the
layout's position plus the printer's offset. The calibration page draws the same
boxes, dashed and named, over a ruler grid in millimetres, shifted by the same offset:
printed on plain paper and laid on a blank, it shows how far the printer is off.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app import __version__
from app.i18n import format_long_date
from app.printing.blanks import Layout, Offset, page_mm
from app.printing.fonts import FontSet, printable
from app.printing.model import CertificateDoc
from app.printing.render.certificate import CertificatePainter
from app.printing.templates import fill

GRID_LIGHT = colors.HexColor("#c8c8c8")
GRID_DARK = colors.HexColor("#6a6a6a")
BOX = colors.HexColor("#1d3d8f")


def _texts(doc: CertificateDoc, wording: dict) -> dict[str, str]:
    head = doc.heading
    return {
        "authority": doc.authority, "recipient": doc.recipient,
        "recipient_detail": doc.recipient_detail, "achievement": " ".join(doc.achievement),
        "model_name": doc.model_name, "reference": doc.reference,
        "date_line": format_long_date(head.date, head.place) if head.date else "",
        "signer": "\n".join(p for p in (doc.signer.on_behalf, doc.signer.title) if p),
        "signer_name": doc.signer.name or wording["name_blank"],
        "number_line": doc.number_line,
    }


class BlankPainter:
    def __init__(self, fonts: FontSet, wording: dict, creator: str = f"DVK {__version__}"):
        self.fonts = fonts
        self.wording = wording
        self.creator = creator
        self.painter = CertificatePainter(fonts, wording)

    def _font(self, face: str) -> str:
        return self.fonts.name(face if face in ("regular", "bold", "italic", "bolditalic")
                               else "regular")

    def _page(self, canvas: Canvas, doc: CertificateDoc, layout: Layout, offset: Offset
              ) -> None:
        _width, height = layout.page_size
        texts = _texts(doc, self.wording)
        for field in layout.fields:
            if not field.print:
                continue
            left_mm = field.x + offset.x
            top = height - (field.y + offset.y) * mm
            if field.name == "qr":
                if doc.qr_payload:
                    self.painter.qr_at(canvas, doc.qr_payload, left_mm * mm,
                                       top - field.height * mm, field.width * mm)
                continue
            value = texts.get(field.name, "")
            if not value:
                continue
            self.painter.fitted(canvas, value, self._font(field.face), left_mm * mm, top,
                                field.width * mm, field.height * mm, field.size, field.min)

    def certificates(self, docs: Sequence[tuple[CertificateDoc, Layout]], offset: Offset, *,
                     title: str = "",
                     progress: Callable[[int, int], None] | None = None) -> bytes:
        buffer = io.BytesIO()
        first = docs[0][1].page_size if docs else (842, 595)
        canvas = Canvas(buffer, pagesize=first, invariant=1, pageCompression=1,
                        initialFontName=self.fonts.regular)
        canvas.setTitle(title)
        canvas.setAuthor("DVK")
        canvas.setCreator(self.creator)
        for index, (doc, layout) in enumerate(docs, start=1):
            canvas.setPageSize(layout.page_size)
            self._page(canvas, doc, layout, offset)
            canvas.showPage()
            if progress:
                progress(index, len(docs))
        canvas.save()
        return buffer.getvalue()

    # -- the calibration page -------------------------------------------------------
    def calibration(self, layout: Layout, offset: Offset, *, title: str, lines: list[str]
                    ) -> bytes:
        """The ruler grid and the layout's boxes, shifted by `offset`."""
        buffer = io.BytesIO()
        width, height = layout.page_size
        width_mm, height_mm = page_mm(layout.paper, layout.orientation)
        canvas = Canvas(buffer, pagesize=(width, height), invariant=1, pageCompression=1,
                        initialFontName=self.fonts.regular)
        canvas.setTitle(title)
        canvas.setAuthor("DVK")
        canvas.setCreator(self.creator)

        def x(value: float) -> float:
            return (value + offset.x) * mm

        def y(value: float) -> float:
            return height - (value + offset.y) * mm

        for step in range(0, int(max(width_mm, height_mm)) + 1):
            dark = step % 10 == 0
            if step % 5 and not dark:
                # 1 mm ticks along the edges only
                canvas.setStrokeColor(GRID_DARK)
                canvas.setLineWidth(0.2)
                if step <= width_mm:
                    canvas.line(x(step), y(0), x(step), y(2))
                if step <= height_mm:
                    canvas.line(x(0), y(step), x(2), y(step))
                continue
            canvas.setStrokeColor(GRID_DARK if dark else GRID_LIGHT)
            canvas.setLineWidth(0.4 if dark else 0.2)
            if step <= width_mm:
                canvas.line(x(step), y(0), x(step), y(height_mm))
            if step <= height_mm:
                canvas.line(x(0), y(step), x(width_mm), y(step))
            if dark and step:
                canvas.setFillColor(GRID_DARK)
                canvas.setFont(self.fonts.regular, 6)
                if step <= width_mm:
                    canvas.drawString(x(step) + 0.6 * mm, y(4), str(step))
                if step <= height_mm:
                    canvas.drawString(x(3), y(step) + 0.6 * mm, str(step))
        canvas.setDash(3, 2)
        canvas.setStrokeColor(BOX)
        canvas.setFillColor(BOX)
        canvas.setLineWidth(0.7)
        for field in layout.fields:
            if not field.print:
                continue
            left = field.x if field.name == "qr" else field.x - field.width / 2
            canvas.rect(x(left), y(field.y + field.height), field.width * mm,
                        field.height * mm)
            canvas.setFont(self.fonts.italic, 7)
            canvas.drawString(x(left) + 1 * mm, y(field.y) - 2.6 * mm, field.name)
        canvas.setDash()
        # The explanation, on white, in the top margin of the sheet (blanks keep their
        # top band for the national title, so no field sits there).
        top = 12
        canvas.setFillColor(colors.white)
        canvas.rect(width / 2 - 120 * mm, height - (top + 6 * len(lines) - 1) * mm,
                    240 * mm, (6 * len(lines) + 1) * mm, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        for index, line in enumerate(lines):
            size = 13 if index == 0 else 10
            canvas.setFont(self.fonts.bold if index == 0 else self.fonts.regular, size)
            canvas.drawCentredString(width / 2, height - (top + 4 + index * 6) * mm,
                                     printable(fill(line)))
        canvas.showPage()
        canvas.save()
        return buffer.getvalue()
