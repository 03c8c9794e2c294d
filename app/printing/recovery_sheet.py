"""The printed recovery key of an encrypted data file (app/atrest.py): one A4 page, the
key large enough to copy by hand, what it is for and where to keep it."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from app.printing.fonts import document_fonts
from app.printing.output import write_pdf


def recovery_sheet(lines: list[str], target: str | Path, *, key: str) -> Path:
    """`lines` (app.atrest.recovery_sheet_text) on one page, the line equal to `key`
    in large letters; written safely to `target`."""
    import io

    fonts = document_fonts()
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    y = height - 35 * mm
    for line in lines:
        if line == key:
            page.setFont(fonts.bold, 22)
            page.drawCentredString(width / 2, y, line)
            y -= 16 * mm
            continue
        page.setFont(fonts.bold if y > height - 40 * mm else fonts.regular, 13)
        for part in _wrap(line, 80):
            page.drawString(30 * mm, y, part)
            y -= 7 * mm
    page.showPage()
    page.save()
    return write_pdf(target, buffer.getvalue())


def _wrap(text: str, width: int) -> list[str]:
    words, lines, current = text.split(), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return lines + [current] if current else lines or [""]
