"""Page geometry and paragraph styles of official papers (DOMAIN.md, "Format rules")."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from app.printing.fonts import FontSet, printable
from app.printing.typography import printed

PORTRAIT = A4
LANDSCAPE = landscape(A4)

# Decree 30/2020 and the Party's guidance: top/bottom 20-25 mm, left 30-35, right 15-20.
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 15 * mm
FRAME_WIDTH = PORTRAIT[0] - MARGIN_LEFT - MARGIN_RIGHT

BODY_SIZE = 13
TABLE_SIZE = 12


def text(value: str) -> str:
    """User text made safe for ReportLab's paragraph markup (escaped, every character
    one the font can draw, typographic quotes, no line break inside a place name or
    between a word and its number); line breaks kept."""
    return "<br/>".join(escape(line) for line in printed(printable(value)).split("\n"))


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    body_indent: ParagraphStyle
    label: ParagraphStyle
    centre: ParagraphStyle
    centre_bold: ParagraphStyle
    centre_italic: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    section: ParagraphStyle
    head_left: ParagraphStyle
    head_left_bold: ParagraphStyle
    head_number: ParagraphStyle
    head_right_bold: ParagraphStyle
    motto: ParagraphStyle
    date_line: ParagraphStyle
    cell: ParagraphStyle
    cell_centre: ParagraphStyle
    cell_right: ParagraphStyle
    cell_head: ParagraphStyle
    recipients_label: ParagraphStyle
    recipients: ParagraphStyle
    signer: ParagraphStyle
    signer_name: ParagraphStyle
    large: ParagraphStyle
    step: ParagraphStyle
    step_detail: ParagraphStyle


def make_styles(fonts: FontSet) -> Styles:
    def style(name: str, font: str, size: float = BODY_SIZE, align=TA_LEFT, *,
              leading: float | None = None, before: float = 0, after: float = 0,
              indent: float = 0, keep: bool = False) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, bulletFontName=font, fontSize=size,
                              alignment=align,
                              leading=leading or size * 1.25, spaceBefore=before,
                              spaceAfter=after, firstLineIndent=indent,
                              keepWithNext=1 if keep else 0)

    return Styles(
        body=style("body", fonts.regular, align=TA_JUSTIFY, after=4),
        body_indent=style("body_indent", fonts.regular, align=TA_JUSTIFY, after=4,
                          indent=10 * mm),
        label=style("label", fonts.regular, align=TA_JUSTIFY, after=3),
        centre=style("centre", fonts.regular, align=TA_CENTER),
        centre_bold=style("centre_bold", fonts.bold, align=TA_CENTER),
        centre_italic=style("centre_italic", fonts.italic, align=TA_CENTER),
        title=style("title", fonts.bold, 14, TA_CENTER, before=6, keep=True),
        subtitle=style("subtitle", fonts.bold, BODY_SIZE, TA_CENTER, after=2, keep=True),
        section=style("section", fonts.bold, BODY_SIZE, before=6, after=3),
        head_left=style("head_left", fonts.regular, 12, TA_CENTER, leading=14.5),
        head_left_bold=style("head_left_bold", fonts.bold, 12, TA_CENTER, leading=14.5),
        # "Số: 01/QĐ-UBND": 13 pt upright (Decree 30/2020, Hướng dẫn 36-HD/VPTW).
        head_number=style("head_number", fonts.regular, 13, TA_CENTER, leading=16),
        head_right_bold=style("head_right_bold", fonts.bold, 12, TA_CENTER, leading=15),
        motto=style("motto", fonts.bold, 13, TA_CENTER, leading=16),
        date_line=style("date_line", fonts.italic, BODY_SIZE, TA_CENTER),
        cell=style("cell", fonts.regular, TABLE_SIZE, leading=14.5),
        cell_centre=style("cell_centre", fonts.regular, TABLE_SIZE, TA_CENTER, leading=14.5),
        cell_right=style("cell_right", fonts.regular, TABLE_SIZE, 2, leading=14.5),
        cell_head=style("cell_head", fonts.bold, TABLE_SIZE, TA_CENTER, leading=14.5),
        recipients_label=style("recipients_label", fonts.bolditalic, 12, leading=14),
        recipients=style("recipients", fonts.regular, 11, leading=13.5),
        signer=style("signer", fonts.bold, BODY_SIZE, TA_CENTER, leading=16),
        signer_name=style("signer_name", fonts.bold, BODY_SIZE, TA_CENTER, leading=16),
        large=style("large", fonts.bold, 22, TA_CENTER, leading=30, before=6, after=6),
        step=style("step", fonts.regular, before=3, after=2),
        step_detail=ParagraphStyle("step_detail", fontName=fonts.regular, fontSize=12,
                                   leading=15, alignment=TA_LEFT, leftIndent=8 * mm,
                                   spaceAfter=2),
    )
