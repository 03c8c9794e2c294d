"""Flowables shared by every portrait paper: the official heading, tables, charts,
labelled texts, and the closing block ("Nơi nhận:" on the left, the signature on the
right)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.i18n import format_long_date
from app.printing.fonts import FontSet, printable
from app.printing.model import PARTY, BarChart, Heading, LabelledText, Signer, TableBlock
from app.printing.render.styles import FRAME_WIDTH, Styles, text
from app.printing.templates import fill

# Column widths of the heading: the Party title is short, the State title is long.
LEFT_HEAD = {PARTY: 84 * mm, "state": 74 * mm}


class Rule(Flowable):
    """A centred horizontal line (under the motto, under the State issuing body)."""

    def __init__(self, width: float, line_width: float = 0.6, gap: float = 2):
        super().__init__()
        self.rule_width = width
        self.line_width = line_width
        self.gap = gap

    def wrap(self, available_width, available_height):
        self._available = available_width
        return available_width, self.gap + self.line_width

    def draw(self):
        # `gap` above the line keeps it clear of the descenders of the text above.
        x = (self._available - self.rule_width) / 2
        y = self.line_width / 2
        self.canv.setLineWidth(self.line_width)
        self.canv.line(x, y, x + self.rule_width, y)


class Blocks:
    def __init__(self, fonts: FontSet, styles: Styles, wording: dict):
        self.fonts = fonts
        self.styles = styles
        self.wording = wording

    # -- the heading --------------------------------------------------------------------
    def heading(self, head: Heading, *, date_line: bool = True) -> list[Flowable]:
        s = self.styles
        w = self.wording
        left: list[Flowable] = []
        right: list[Flowable] = []
        for line in filter(None, (head.superior or "").split("\n")):
            left.append(Paragraph(text(line.upper()), s.head_left))
        for line in filter(None, (head.body or "").split("\n")):
            left.append(Paragraph(text(line.upper()), s.head_left_bold))
        if head.system == PARTY:
            left.append(Paragraph(text(w["party_mark"]), s.head_left_bold))
            right.append(Paragraph(f"<u>{text(w['party_title'])}</u>", s.head_right_bold))
            number_format = w["party_number"]
        else:
            if head.body:
                body_width = max(stringWidth(line.upper(), self.fonts.bold, 12)
                                 for line in head.body.split("\n") if line)
                left.append(Rule(min(body_width, LEFT_HEAD["state"] - 6 * mm) / 2.5, gap=5))
            right.append(Paragraph(text(w["state_title"]), s.head_right_bold))
            right.append(Paragraph(text(w["state_motto"]), s.motto))
            right.append(Rule(stringWidth(w["state_motto"], self.fonts.bold, 13), gap=4))
            number_format = w["state_number"]
        if head.number:
            left.append(Spacer(1, 3))
            left.append(Paragraph(text(fill(number_format, number=head.number)), s.head_left))
        if date_line and head.date:
            right.append(Spacer(1, 8 if head.system == PARTY else 6))
            right.append(Paragraph(text(format_long_date(head.date, head.place)), s.date_line))
        left_width = LEFT_HEAD.get(head.system, LEFT_HEAD[PARTY])
        table = Table([[left, right]], colWidths=[left_width, FRAME_WIDTH - left_width])
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.regular),  # not Helvetica
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]))
        return [table, Spacer(1, 10)]

    def date_line(self, head: Heading) -> Paragraph:
        return Paragraph(text(format_long_date(head.date, head.place)), self.styles.date_line)

    # -- titles and text ----------------------------------------------------------------
    def title(self, title: str, subtitle: str = "") -> list[Flowable]:
        items: list[Flowable] = [Paragraph(text(title), self.styles.title)]
        if subtitle:
            items.append(Paragraph(text(subtitle), self.styles.subtitle))
        return items

    def paragraphs(self, texts: Sequence[str], style=None) -> list[Flowable]:
        style = style or self.styles.body_indent
        return [Paragraph(text(t), style) for t in texts if t]

    def blank_lines(self, count: int = 2) -> list[Flowable]:
        return [Paragraph(text(self.wording["text_blank"]), self.styles.label)
                for _ in range(count)]

    def labelled(self, item: LabelledText) -> list[Flowable]:
        """'Label: text' on one paragraph; long texts follow on their own lines; an
        empty text gets dotted lines to fill in by hand."""
        label = f"<font name='{self.fonts.bold}'>{text(item.label)}:</font>"
        if not item.text:
            return [Paragraph(label, self.styles.label), *self.blank_lines()]
        lines = item.text.split("\n")
        first = Paragraph(f"{label} {text(lines[0])}", self.styles.label)
        return [first, *(Paragraph(text(line), self.styles.label) for line in lines[1:] if line)]

    # -- tables and charts --------------------------------------------------------------
    def table(self, block: TableBlock, width: float = FRAME_WIDTH) -> list[Flowable]:
        s = self.styles
        count = len(block.columns)
        weights = block.widths or [1] * count
        widths = [width * w / sum(weights) for w in weights]
        aligns = block.align or ["left"] * count
        cell_style = {"left": s.cell, "center": s.cell_centre, "right": s.cell_right}

        def row(values: Sequence[str], bold: bool = False) -> list[Paragraph]:
            cells = []
            for index, value in enumerate(values):
                markup = text(str(value)) or "&nbsp;"  # an empty row keeps a writing line
                if bold:
                    markup = f"<font name='{self.fonts.bold}'>{markup}</font>"
                cells.append(Paragraph(markup, cell_style.get(aligns[index], s.cell)))
            return cells

        data = [[Paragraph(text(c), s.cell_head) for c in block.columns]]
        heads = set(block.group_rows)
        data += [row(r, bold=i in heads) for i, r in enumerate(block.rows)]
        if block.total:
            data.append(row(block.total, bold=True))
        table = Table(data, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.regular),  # not Helvetica
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            *[("SPAN", (1, i + 1), (-1, i + 1)) for i in sorted(heads)],
        ]))
        items: list[Flowable] = []
        if block.title:
            items.append(Paragraph(text(block.title), s.centre_bold))
            items.append(Spacer(1, 4))
        items += [table, Spacer(1, 6)]
        return items

    def chart(self, chart: BarChart, width: float = FRAME_WIDTH) -> list[Flowable]:
        height = 72 * mm
        drawing = Drawing(width, height, initialFontName=self.fonts.regular)
        bars = VerticalBarChart()
        bars.x, bars.y = 14 * mm, 18 * mm
        bars.width, bars.height = width - 20 * mm, height - 30 * mm
        bars.data = [values for _legend, values in chart.series] or [[0] * len(chart.categories)]
        bars.categoryAxis.categoryNames = [printable(c) for c in chart.categories]
        bars.categoryAxis.labels.fontName = self.fonts.regular
        bars.categoryAxis.labels.fontSize = 8
        bars.categoryAxis.labels.dy = -3
        bars.valueAxis.labels.fontName = self.fonts.regular
        bars.valueAxis.labels.fontSize = 9
        bars.valueAxis.valueMin = 0
        top = max([max(values, default=0) for values in bars.data] + [1])
        bars.valueAxis.valueMax = top * 1.15
        bars.valueAxis.valueStep = max(1, round(top / 5))
        palette = [colors.HexColor("#4a6fa5"), colors.HexColor("#c0504d"),
                   colors.HexColor("#9bbb59"), colors.HexColor("#8064a2")]
        for index in range(len(bars.data)):
            bars.bars[index].fillColor = palette[index % len(palette)]
        bars.barLabels.fontName = self.fonts.regular
        bars.barLabels.fontSize = 8
        bars.barLabelFormat = "%d"
        bars.barLabels.nudge = 6
        drawing.add(bars)
        drawing.add(String(width / 2, height - 6 * mm, printable(chart.title),
                           fontName=self.fonts.bold,
                           fontSize=11, textAnchor="middle"))
        if len(chart.series) > 1:
            legend = Legend()
            legend.fontName = self.fonts.regular
            legend.fontSize = 9
            legend.x, legend.y = 16 * mm, 6 * mm
            legend.alignment = "right"
            legend.columnMaximum = 1
            legend.dx = legend.dy = 7
            legend.deltax = 45 * mm
            legend.colorNamePairs = [(palette[i % len(palette)], printable(name))
                                     for i, (name, _v) in enumerate(chart.series)]
            drawing.add(legend)
        return [drawing, Spacer(1, 6)]

    # -- closing ------------------------------------------------------------------------
    @staticmethod
    def _signer_lines(signer: Signer) -> list[str]:
        return [part for line in (signer.on_behalf, signer.title)
                for part in (line or "").split("\n") if part]

    def signature(self, signer: Signer, lines: int = 0) -> list[Flowable]:
        """The block; `lines` pads the heading lines so two blocks side by side put
        their names on one level."""
        s = self.styles
        heading = self._signer_lines(signer)
        items: list[Flowable] = [Paragraph(text(part), s.signer) for part in heading]
        missing = max(0, lines - len(heading))
        items.append(Spacer(1, 26 * mm + missing * s.signer.leading))
        name = signer.name or self.wording["name_blank"]
        items.append(Paragraph(text(name), s.signer_name))
        return items

    def recipients(self, lines: Sequence[str]) -> list[Flowable]:
        if not lines:
            return []
        items: list[Flowable] = [Paragraph(text(self.wording["recipients_label"]),
                                           self.styles.recipients_label)]
        items += [Paragraph(text("- " + line), self.styles.recipients) for line in lines]
        return items

    def closing(self, recipients: Sequence[str], signer: Signer,
                head: Heading | None = None) -> Flowable:
        """Nơi nhận bottom left, signature right; kept together on one page."""
        right = self.signature(signer)
        if head is not None:  # papers whose date line sits above the signature
            right = [self.date_line(head), Spacer(1, 4), *right]
        table = Table([[self.recipients(recipients), right]],
                      colWidths=[FRAME_WIDTH * 0.45, FRAME_WIDTH * 0.55])
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.regular),  # not Helvetica
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ]))
        return KeepTogether([Spacer(1, 8), table])

    def two_signatures(self, left: Signer, right: Signer, head: Heading | None = None
                       ) -> Flowable:
        """Two signature columns (registrant and confirming body), date above right."""
        lines = max(len(self._signer_lines(left)), len(self._signer_lines(right)))
        right_items = self.signature(right, lines)
        left_items = self.signature(left, lines)
        if head is not None and head.date:
            right_items = [self.date_line(head), Spacer(1, 4), *right_items]
            left_items = [Spacer(1, self.styles.date_line.leading + 4), *left_items]
        table = Table([[left_items, right_items]],
                      colWidths=[FRAME_WIDTH / 2, FRAME_WIDTH / 2])
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.regular),  # not Helvetica
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ]))
        return KeepTogether([Spacer(1, 10), table])
