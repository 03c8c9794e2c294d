"""Flowables shared by every portrait paper: the official heading, tables, charts,
labelled texts, and the closing block ("Nơi nhận:" on the left, the signature on the
right)."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
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
from app.printing.render.fit import heading_lines
from app.printing.render.styles import FRAME_WIDTH, Styles, text
from app.printing.templates import fill
from app.printing.typography import printed

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


def kept(flowables: Sequence[Flowable]) -> list[Flowable]:
    """The flowables to keep on one page, with any group inside opened up: ReportLab's
    KeepTogether measures as a page's height (to force its split), so a group nested
    in another pushed the outer one onto a new page every time (an empty field's dotted
    lines sent a form's signatures to a page of their own)."""
    flat: list[Flowable] = []
    for flowable in flowables:
        if isinstance(flowable, KeepTogether):
            flat += kept(flowable._content)
        else:
            flat.append(flowable)
    return flat


class Blocks:
    def __init__(self, fonts: FontSet, styles: Styles, wording: dict):
        self.fonts = fonts
        self.styles = styles
        self.wording = wording

    # -- the heading --------------------------------------------------------------------
    def _head_lines(self, value: str, style, width: float, smallest: float,
                    upper: bool = True) -> list[Flowable]:
        """One heading text kept whole: one line shrunk to fit, else two even lines,
        never a place name split (render/fit.heading_lines)."""
        line = printed(printable(value.upper() if upper else value))
        size, lines = heading_lines(line, style.fontName, width, largest=style.fontSize,
                                    smallest=smallest)
        fitted = style if size == style.fontSize else ParagraphStyle(
            f"{style.name}-{size}", parent=style, fontSize=size,
            leading=style.leading * size / style.fontSize)
        return [Paragraph(escape(part), fitted) for part in lines]

    def heading(self, head: Heading, *, date_line: bool = True) -> list[Flowable]:
        s = self.styles
        w = self.wording
        left_width = LEFT_HEAD.get(head.system, LEFT_HEAD[PARTY])
        right_width = FRAME_WIDTH - left_width
        left: list[Flowable] = []
        right: list[Flowable] = []
        for line in filter(None, (head.superior or "").split("\n")):
            left += self._head_lines(line, s.head_left, left_width - 2 * mm, 10)
        for line in filter(None, (head.body or "").split("\n")):
            left += self._head_lines(line, s.head_left_bold, left_width - 2 * mm, 10)
        if head.system == PARTY:
            left.append(Paragraph(text(w["party_mark"]), s.head_left_bold))
            right.append(Paragraph(f"<u>{text(w['party_title'])}</u>", s.head_right_bold))
            number_format = w["party_number"]
        else:
            if head.body:
                body_width = max(stringWidth(line.upper(), self.fonts.bold, 12)
                                 for line in head.body.split("\n") if line)
                left.append(Rule(min(body_width, left_width - 6 * mm) / 2.5, gap=5))
            right.append(Paragraph(text(w["state_title"]), s.head_right_bold))
            right.append(Paragraph(text(w["state_motto"]), s.motto))
            right.append(Rule(stringWidth(w["state_motto"], self.fonts.bold, 13), gap=4))
            number_format = w["state_number"]
        if head.number:
            left.append(Spacer(1, 3))
            left.append(Paragraph(text(fill(number_format, number=head.number)),
                                  s.head_number))
        if date_line and (head.date or head.draft):
            right.append(Spacer(1, 8 if head.system == PARTY else 6))
            right += self.date_lines(head, right_width)
        table = Table([[left, right]], colWidths=[left_width, right_width])
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.regular),  # not Helvetica
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]))
        return [table, Spacer(1, 10)]

    def date_text(self, head: Heading) -> str:
        if head.date is None:  # a draft: the day is written when it is signed
            return fill(self.wording["draft_date"], place=head.place)
        return format_long_date(head.date, head.place)

    def date_lines(self, head: Heading, width: float = FRAME_WIDTH * 0.55) -> list[Flowable]:
        """The italic place-and-date line, whole: the year never alone on a line."""
        return self._head_lines(self.date_text(head), self.styles.date_line, width, 11,
                                upper=False)

    # -- titles and text ----------------------------------------------------------------
    def title(self, title: str, subtitle: str = "", system: str | None = None
              ) -> list[Flowable]:
        """The name of the paper and its trích yếu, with what goes under the trích
        yếu: a solid rule 1/3 to 1/2 of its line (State, Decree 30/2020), five hyphens
        (Party, Hướng dẫn 36-HD/VPTW)."""
        items: list[Flowable] = [Paragraph(text(title), self.styles.title)]
        if subtitle:
            items.append(Paragraph(text(subtitle), self.styles.subtitle))
        if system == PARTY:
            items.append(Paragraph("-----", self.styles.subtitle))
        elif system is not None:
            longest = max(stringWidth(printed(printable(line)), self.fonts.bold,
                                      self.styles.subtitle.fontSize)
                          for line in (subtitle or title).split("\n"))
            items.append(Rule(min(longest, FRAME_WIDTH) * 0.4, line_width=0.6, gap=2))
            items.append(Spacer(1, 4))
        return items

    def section(self, heading: str) -> list[Flowable]:
        """A section heading, never the last line of a page: it starts a new page
        unless three more lines fit under it."""
        return [CondPageBreak(self.styles.section.leading + 3 * self.styles.label.leading
                              + 12),
                Paragraph(text(heading), self.styles.section)]

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
            return [KeepTogether([Paragraph(label, self.styles.label), *self.blank_lines()])]
        lines = item.text.split("\n")
        first = Paragraph(f"{label} {text(lines[0])}", self.styles.label)
        return [first, *(Paragraph(text(line), self.styles.label) for line in lines[1:] if line)]

    # -- tables and charts --------------------------------------------------------------
    def table(self, block: TableBlock, width: float = FRAME_WIDTH) -> list[Flowable]:
        s = self.styles
        count = len(block.columns)
        weights = block.widths or [1] * count
        widths = self._column_widths(block, [width * w / sum(weights) for w in weights])
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
            # The total row never stands alone on a page: its last line goes with it.
            *([("NOSPLIT", (0, -2), (-1, -1))] if block.total and block.rows else []),
        ]))
        items: list[Flowable] = []
        if block.title:  # a table's title starts a page unless its first rows fit
            needed = s.centre_bold.leading + 4 + 3 * (s.cell.leading * 2 + 5)
            return [CondPageBreak(needed), Paragraph(text(block.title), s.centre_bold),
                    Spacer(1, 4), table, Spacer(1, 6)]
        items += [table, Spacer(1, 6)]
        return items

    def _column_widths(self, block: TableBlock, widths: list[float]) -> list[float]:
        """Every column at least as wide as its longest word ("STT" never becomes
        "ST/T"), taken from the columns that have room to spare."""
        padding = 6 + 1
        size = self.styles.cell.fontSize

        def longest(value: str, font: str) -> float:
            words = printed(printable(value)).replace("\n", " ").split(" ")
            return max((stringWidth(word, font, size) for word in words), default=0)

        needed = []
        for index in range(len(widths)):
            rows = [*block.rows, *([block.total] if block.total else [])]
            cells = [longest(str(r[index]), self.fonts.regular) for r in rows
                     if index < len(r)]
            head = longest(block.columns[index], self.fonts.bold)
            needed.append(max([head, *cells]) + padding)
        total = sum(widths)
        result = list(widths)
        for _round in range(len(widths)):
            short = [i for i, w in enumerate(result) if w < needed[i] - 0.01]
            if not short:
                break
            for i in short:
                result[i] = needed[i]
            spare = [i for i, w in enumerate(result) if i not in short and w > needed[i]]
            excess = sum(result) - total
            room = sum(result[i] - needed[i] for i in spare)
            if room <= 0:
                break
            for i in spare:
                result[i] -= excess * (result[i] - needed[i]) / room
        scale = total / sum(result)
        return [w * scale for w in result] if scale < 1 else result

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
                head: Heading | None = None, keep: Sequence[Flowable] = ()) -> Flowable:
        """Nơi nhận bottom left, signature right; kept together on one page with
        `keep`, the last lines of the text, so a signature never stands alone."""
        right = self.signature(signer)
        if head is not None:  # papers whose date line sits above the signature
            right = [*self.date_lines(head), Spacer(1, 4), *right]
        table = Table([[self.recipients(recipients), right]],
                      colWidths=[FRAME_WIDTH * 0.45, FRAME_WIDTH * 0.55])
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.regular),  # not Helvetica
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ]))
        return KeepTogether([*kept(keep), Spacer(1, 8), table])

    def two_signatures(self, left: Signer, right: Signer, head: Heading | None = None,
                       keep: Sequence[Flowable] = ()) -> Flowable:
        """Two signature columns (registrant and confirming body), date above right;
        kept on one page with `keep`, the last lines of the text."""
        lines = max(len(self._signer_lines(left)), len(self._signer_lines(right)))
        right_items = self.signature(right, lines)
        left_items = self.signature(left, lines)
        if head is not None and head.date:
            dates = self.date_lines(head, FRAME_WIDTH / 2)
            right_items = [*dates, Spacer(1, 4), *right_items]
            left_items = [Spacer(1, self.styles.date_line.leading * len(dates) + 4),
                          *left_items]
        table = Table([[left_items, right_items]],
                      colWidths=[FRAME_WIDTH / 2, FRAME_WIDTH / 2])
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.regular),  # not Helvetica
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ]))
        return KeepTogether([*kept(keep), Spacer(1, 10), table])
