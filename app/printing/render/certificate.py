"""The certificate (Giấy công nhận): A4 landscape, drawn on the canvas directly.

Every text is fitted into a fixed box inside the inner border (render/fit.py), so a
very long name shrinks, wraps and at worst ends with "…", but never crosses the
border. The border is a form XObject drawn once per PDF and placed on every page,
the emblem image is stored once, and the QR code is a small one-bit image (one bit
per module), so a thousand certificates stay small and fast.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from app.errors import DvkError
from app.i18n import _, format_long_date
from app.printing.fonts import FontSet, printable
from app.printing.model import INDIVIDUAL, PARTY, CertificateDoc, Heading
from app.printing.render import qr
from app.printing.render.fit import fit
from app.printing.render.styles import LANDSCAPE
from app.printing.typography import printed

RED = colors.HexColor("#a11d1d")
GOLD = colors.HexColor("#c39a2c")
BLUE = colors.HexColor("#1d3d8f")

W, H = LANDSCAPE
OUTER = 9 * mm
INNER = 15 * mm
# The box every text stays in: the inner border less a small breathing space.
BOX_LEFT, BOX_RIGHT = INNER + 4 * mm, W - INNER - 4 * mm
BOX_BOTTOM, BOX_TOP = INNER + 3 * mm, H - INNER - 3 * mm
QR_SIZE = 30 * mm
BORDER_FORM = "dvkCertificateBorder"


@dataclass
class CertificatePainter:
    fonts: FontSet
    wording: dict

    def __post_init__(self):
        self._emblems: dict[int, ImageReader] = {}
        self._border_on: set[int] = set()

    # -- pieces --------------------------------------------------------------------
    def _border(self, canvas: Canvas) -> None:
        if id(canvas) not in self._border_on:
            canvas.beginForm(BORDER_FORM)
            canvas.setStrokeColor(RED)
            canvas.setLineWidth(3)
            canvas.rect(OUTER, OUTER, W - 2 * OUTER, H - 2 * OUTER)
            canvas.setStrokeColor(GOLD)
            canvas.setLineWidth(1.2)
            gap = 2.2 * mm
            canvas.rect(OUTER + gap, OUTER + gap, W - 2 * (OUTER + gap), H - 2 * (OUTER + gap))
            canvas.setStrokeColor(RED)
            canvas.setLineWidth(0.8)
            canvas.rect(INNER, INNER, W - 2 * INNER, H - 2 * INNER)
            canvas.setFillColor(RED)
            for x, y in ((INNER, INNER), (W - INNER, INNER), (INNER, H - INNER),
                         (W - INNER, H - INNER)):
                self._diamond(canvas, x, y, 3.2 * mm)
            canvas.setFillColor(GOLD)
            for x in (W / 2 - 40 * mm, W / 2, W / 2 + 40 * mm):
                self._diamond(canvas, x, OUTER + gap / 2, 1.6 * mm)
                self._diamond(canvas, x, H - OUTER - gap / 2, 1.6 * mm)
            canvas.endForm()
            self._border_on.add(id(canvas))
        canvas.doForm(BORDER_FORM)

    @staticmethod
    def _diamond(canvas: Canvas, x: float, y: float, r: float) -> None:
        path = canvas.beginPath()
        path.moveTo(x, y + r)
        path.lineTo(x + r, y)
        path.lineTo(x, y - r)
        path.lineTo(x - r, y)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)

    def _lines(self, canvas: Canvas, value: str, font: str, centre_x: float, top: float,
               width: float, height: float, largest: float, smallest: float,
               colour=colors.black) -> float:
        """Draw `value` fitted into a box whose top edge is `top`; return its bottom."""
        if not value:
            return top
        fitted = fit(printed(printable(value)), font, width, height, largest=largest,
                     smallest=smallest)
        canvas.setFillColor(colour)
        canvas.setFont(font, fitted.size)
        used = len(fitted.lines) * fitted.leading
        y = top - (height - used) / 2 - fitted.size  # centred in its box
        for line in fitted.lines:
            canvas.drawCentredString(centre_x, y, line)
            y -= fitted.leading
        return top - height

    def _heading(self, canvas: Canvas, head: Heading) -> None:
        f = self.fonts
        w = self.wording
        left_x, left_w = BOX_LEFT + 48 * mm, 94 * mm
        right_x, right_w = BOX_RIGHT - 52 * mm, 104 * mm
        top = BOX_TOP - 2 * mm
        y = top
        for line in filter(None, head.superior.split("\n")):
            y = self._lines(canvas, line.upper(), f.regular, left_x, y, left_w, 5.5 * mm, 12, 7)
        for line in filter(None, head.body.split("\n")):
            y = self._lines(canvas, line.upper(), f.bold, left_x, y, left_w, 5.5 * mm, 12, 7)
        if head.system == PARTY:
            self._lines(canvas, w["party_mark"], f.bold, left_x, y, left_w, 5 * mm, 12, 12)
            self._lines(canvas, w["party_title"], f.bold, right_x, top, right_w, 6 * mm, 13, 9)
            width = canvas.stringWidth(w["party_title"], f.bold, 13)
            canvas.setLineWidth(0.7)
            canvas.line(right_x - width / 2, top - 6.3 * mm, right_x + width / 2, top - 6.3 * mm)
        else:
            canvas.setLineWidth(0.6)
            canvas.line(left_x - 15 * mm, y - 1 * mm, left_x + 15 * mm, y - 1 * mm)
            bottom = self._lines(canvas, w["state_title"], f.bold, right_x, top, right_w,
                                 6 * mm, 12.5, 9)
            self._lines(canvas, w["state_motto"], f.bold, right_x, bottom, right_w, 6 * mm,
                        13, 9)
            width = canvas.stringWidth(w["state_motto"], f.bold, 13)
            canvas.setLineWidth(0.6)
            canvas.line(right_x - width / 2, bottom - 6.5 * mm, right_x + width / 2,
                        bottom - 6.5 * mm)

    def _emblem(self, canvas: Canvas, data: bytes) -> None:
        key = hash(data)
        if key not in self._emblems:
            try:
                self._emblems[key] = ImageReader(io.BytesIO(data))
                self._emblems[key].getSize()
            except Exception as error:  # Pillow raises many kinds for a bad image
                raise DvkError(_(
                    "The emblem image cannot be read ({detail}). Choose a PNG or JPG file "
                    "in the print settings, or remove the emblem."
                ).format(detail=error)) from error
        image = self._emblems[key]
        width, height = image.getSize()
        side = 24 * mm
        scale = min(side / width, side / height)
        draw_w, draw_h = width * scale, height * scale
        canvas.drawImage(image, W / 2 - draw_w / 2, BOX_TOP - draw_h, draw_w, draw_h,
                         mask="auto")

    def fitted(self, canvas: Canvas, value: str, font: str, centre_x: float, top: float,
               width: float, height: float, largest: float, smallest: float) -> float:
        """A text fitted and centred into a box (blanks print their fields with it)."""
        return self._lines(canvas, value, font, centre_x, top, width, height, largest,
                           smallest)

    @classmethod
    def qr_at(cls, canvas: Canvas, payload: str, x: float, y: float, size: float) -> None:
        cls._qr(canvas, payload, x, y, size)

    @staticmethod
    def _qr(canvas: Canvas, payload: str, x: float, y: float, size: float = QR_SIZE) -> None:
        """The QR code (render/qr.py) as a one-bit image mask, one bit per module,
        drawn inline and scaled to QR_SIZE without smoothing: a code of version 13 is
        620 bytes of hex instead of a thousand rectangles, so a thousand certificates
        stay fast and small, and every module keeps its sharp square edges."""
        lines = qr.rows(payload)
        count = len(lines)
        spare = -count % 8
        data = b"".join((int(line, 2) << spare).to_bytes((count + spare) // 8, "big")
                        for line in lines)
        canvas.saveState()
        canvas.setFillColor(colors.black)
        canvas.addLiteral(
            f"{fp_str(size)} 0 0 {fp_str(size)} {fp_str(x)} {fp_str(y)} cm\n"
            f"BI /IM true /W {count} /H {count} /BPC 1 /D [1 0] /I false /F /AHx ID\n"
            f"{data.hex()}>\nEI")
        canvas.restoreState()

    # -- the page --------------------------------------------------------------------
    def draw(self, canvas: Canvas, doc: CertificateDoc) -> None:
        f = self.fonts
        self._border(canvas)
        self._heading(canvas, doc.heading)
        if doc.emblem:
            self._emblem(canvas, doc.emblem)
        centre = W / 2
        width = BOX_RIGHT - BOX_LEFT - 20 * mm
        y = BOX_TOP - 32 * mm
        y = self._lines(canvas, doc.title, f.bold, centre, y, width, 15 * mm, 36, 16, RED)
        y = self._lines(canvas, doc.authority, f.bold, centre, y - 1 * mm, width, 11 * mm, 15, 8)
        individual = doc.variant == INDIVIDUAL
        y = self._lines(canvas, doc.authority_verb, f.bold, centre, y,
                        width, 7 * mm, 14, 9)
        y = self._lines(canvas, doc.recipient, f.bold, centre, y - 1 * mm, width,
                        (18 if individual else 24) * mm, 28, 8, BLUE)
        if individual:
            y = self._lines(canvas, doc.recipient_detail, f.italic, centre, y, width, 6 * mm,
                            13, 7)
        for line in doc.achievement:
            y = self._lines(canvas, line, f.bold, centre, y, width, 8 * mm, 16, 8, RED)
        y = self._lines(canvas, doc.model_name, f.bolditalic, centre, y, width, 13 * mm, 15, 7)
        self._lines(canvas, doc.reference, f.italic, centre, y, width, 6 * mm, 12, 7)
        self._closing(canvas, doc)

    def _closing(self, canvas: Canvas, doc: CertificateDoc) -> None:
        f = self.fonts
        right_x, right_w = BOX_RIGHT - 55 * mm, 108 * mm
        top = BOX_BOTTOM + 54 * mm
        head = doc.heading
        y = top
        if head.date:
            y = self._lines(canvas, format_long_date(head.date, head.place), f.italic, right_x,
                            y, right_w, 6 * mm, 13, 8)
        for line in (doc.signer.on_behalf, doc.signer.title):
            y = self._lines(canvas, line, f.bold, right_x, y, right_w, 6 * mm, 13, 8)
        name = doc.signer.name or self.wording["name_blank"]
        self._lines(canvas, name, f.bold, right_x, BOX_BOTTOM + 9 * mm, right_w, 8 * mm, 14, 8)
        left_x = BOX_LEFT + 3 * mm
        if doc.qr_payload:
            self._qr(canvas, doc.qr_payload, left_x, BOX_BOTTOM + 8 * mm)
            self._lines(canvas, doc.qr_caption, f.italic, left_x + QR_SIZE / 2,
                        BOX_BOTTOM + 8 * mm + QR_SIZE + 6 * mm, 60 * mm, 5 * mm, 9, 6)
        if doc.number_line:
            self._lines(canvas, doc.number_line, f.regular, left_x + 35 * mm, BOX_BOTTOM + 7 * mm,
                        70 * mm, 6 * mm, 11, 7)
