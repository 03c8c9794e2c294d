"""The visible signature, as Decree 30/2020 (Phụ lục I) shows a digital signature on
an electronic document: who signed ("Ký bởi"), the organisation, the signing time in
Vietnam's time with its offset, and, where the office configured them, the image of
the signer's handwritten signature and the organisation's seal, the seal over the left
third of the signature.

The texts are printed on the paper, so they are Vietnamese whatever the window's
language (like the papers themselves). The appearance is drawn by ReportLab with the
bundled Liberation Serif (Times New Roman's widths; the same on every PC) into a
one-page PDF of the box's size, which pyHanko places in the signature's field.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from app import clock

MM = 72 / 25.4
FONT = "DVKSignSerif"


@dataclass(frozen=True)
class Look:
    """What the visible signature shows besides the certificate's own names."""

    organisation: str = ""  # when the certificate names none: the office's name
    seal: bytes | None = None  # the organisation's seal (PNG with transparency)
    signature_image: bytes | None = None  # the signer's handwritten signature


def signing_time_text(moment: dt.datetime) -> str:
    """"07/12/2026 15:53:22 +07:00": day, month, year; hours, minutes, seconds;
    Vietnam's offset (ISO 8601), whatever zone the PC is set to."""
    local = clock.in_vietnam(moment)
    return f"{local:%d/%m/%Y %H:%M:%S} +07:00"


def lines(holder: str, organisation: str, moment: dt.datetime) -> list[tuple[str, str]]:
    """(label, value) of each line of the visible signature."""
    rows = [("Ký bởi:", holder)]
    if organisation and organisation != holder:
        rows.append(("Cơ quan:", organisation))
    rows.append(("Thời gian ký:", signing_time_text(moment)))
    return rows


def _register_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from app.paths import resource

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(resource("fonts/LiberationSerif-Regular.ttf"))))
        pdfmetrics.registerFont(TTFont(FONT + "-Bold",
                                       str(resource("fonts/LiberationSerif-Bold.ttf"))))
    return FONT


def _image(data: bytes):
    from reportlab.lib.utils import ImageReader

    return ImageReader(io.BytesIO(data))


def render(width: float, height: float, rows: list[tuple[str, str]], look: Look) -> bytes:
    """A one-page PDF of `width` x `height` points: the images, then the lines, the
    font shrunk until every line fits."""
    from reportlab.lib.colors import Color
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    font = _register_font()
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(width, height), invariant=1, pageCompression=1)
    page.setTitle("")
    text_left = 2.0
    if look.signature_image:
        image = _image(look.signature_image)
        iw, ih = image.getSize()
        scale = min(width * 0.6 / iw, height * 0.55 / ih)
        page.drawImage(image, (width - iw * scale) / 2, height - ih * scale - 1,
                       iw * scale, ih * scale, mask="auto")
    if look.seal:
        seal = _image(look.seal)
        sw, sh = seal.getSize()
        scale = min(height / sh, width * 0.45 / sw)
        page.drawImage(seal, 0, (height - sh * scale) / 2, sw * scale, sh * scale,
                       mask="auto")
        text_left = sw * scale * 2 / 3  # the seal covers the left third, as on paper
    room = width - text_left - 2
    size = 9.0
    wrapped: list[tuple[str, str]] = []
    while size >= 5:
        wrapped = _wrap(rows, font, size, room, stringWidth)
        if len(wrapped) * size * 1.2 <= height - 4:
            break
        size -= 0.5
    text_height = len(wrapped) * size * 1.2
    # Text at the bottom when there is an image above, else in the middle.
    top = (text_height + 2) if look.signature_image else (height + text_height) / 2
    y = top - size
    page.setFillColor(Color(0, 0, 0))
    widest = max((stringWidth(label + " ", font + "-Bold", size) if label else 0) +
                 stringWidth(value, font, size) for label, value in wrapped)
    # The block of lines centred in the room beside the seal (or in the box).
    text_left += max(0.0, (room - widest) / 2)
    for label, value in wrapped:
        x = text_left
        if label:
            page.setFont(font + "-Bold", size)
            page.drawString(x, y, label)
            x += stringWidth(label + " ", font + "-Bold", size)
        page.setFont(font, size)
        page.drawString(x, y, value)
        y -= size * 1.2
    page.showPage()
    page.save()
    return buffer.getvalue()


def _wrap(rows, font: str, size: float, room: float, width_of) -> list[tuple[str, str]]:
    """Each (label, value) broken into lines that fit `room`; continuation lines
    carry no label."""
    out: list[tuple[str, str]] = []
    for label, value in rows:
        first = room - width_of(label + " ", font + "-Bold", size)
        line, lines_of = "", []
        limit = first
        for word in value.split():
            candidate = f"{line} {word}".strip()
            if line and width_of(candidate, font, size) > limit:
                lines_of.append(line)
                line, limit = word, room
            else:
                line = candidate
        lines_of.append(line)
        out.append((label, lines_of[0]))
        out.extend(("", rest) for rest in lines_of[1:])
    return out
