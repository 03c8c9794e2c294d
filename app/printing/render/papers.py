"""The story (list of flowables) of each portrait paper."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from app.i18n import format_number
from app.printing.model import (
    DecisionDoc,
    ProposalDoc,
    RegistrationFormDoc,
    ReportDoc,
    ScoreSheetDoc,
    TableBlock,
)
from app.printing.render.blocks import Blocks
from app.printing.render.styles import text


def registration(doc: RegistrationFormDoc, b: Blocks) -> list[Flowable]:
    story: list[Flowable] = [*b.heading(doc.heading, date_line=False)]
    story += b.title(doc.title, doc.subtitle)
    if doc.addressee:
        story.append(Paragraph(text(doc.addressee), b.styles.centre))
        story.append(Spacer(1, 8))
    for heading, items, tables in doc.sections:
        story.append(Paragraph(text(heading), b.styles.section))
        for item in items:
            story += b.labelled(item)
        for table in tables:
            story += b.table(table)
    story.append(b.two_signatures(doc.confirming_signer, doc.registrant_signer, doc.heading))
    return story


def _score(value: float | None) -> str:
    return "" if value is None else format_number(value)


def scoresheet(doc: ScoreSheetDoc, b: Blocks, wording: dict) -> list[Flowable]:
    w = wording
    rubric = doc.rubric
    story: list[Flowable] = [*b.heading(doc.heading, date_line=False)]
    story += b.title(doc.title, doc.subtitle)
    for item in doc.identity:
        story += b.labelled(item)
    story.append(Paragraph(text(w["conditions_title"]), b.styles.section))
    ticks = {True: ("X", ""), False: ("", "X"), None: ("", "")}
    story += b.table(TableBlock(
        columns=w["condition_columns"],
        rows=[[c.code, c.text, *ticks[doc.conditions_met[i] if i < len(doc.conditions_met)
                                        else None]]
              for i, c in enumerate(rubric.conditions)],
        widths=[1.2, 9, 1.3, 1.6], align=["center", "left", "center", "center"]))
    story.append(Paragraph(text(w["criteria_title"]), b.styles.section))
    rows = []
    for index, criterion in enumerate(rubric.criteria):
        line = doc.lines[index] if index < len(doc.lines) else None
        rows.append([criterion.code, criterion.text, format_number(criterion.max_points),
                     _score(line.self_score if line else None),
                     _score(line.council_score if line else None),
                     line.remark if line else ""])
    story += b.table(TableBlock(
        columns=w["criteria_columns"], rows=rows,
        total=[ "", w["total"], format_number(rubric.total_points), _score(doc.total_self),
               _score(doc.total_council), ""],
        widths=[0.9, 7.2, 1.5, 1.5, 1.7, 2.0],
        align=["center", "left", "center", "center", "center", "left"]))
    rating = doc.rating or b.wording["name_blank"]
    story.append(Paragraph(f"<font name='{b.fonts.bold}'>{text(w['rating'])}:</font> "
                           f"{text(rating)}", b.styles.label))
    if doc.ratings_note:
        story.append(Paragraph(text(doc.ratings_note), b.styles.label))
    if rubric.note:
        story.append(Paragraph(f"<i>{text(rubric.note)}</i>", b.styles.label))
    story.append(Paragraph(f"<font name='{b.fonts.bold}'>{text(w['remarks'])}:</font> "
                           f"{text(doc.remarks)}", b.styles.label))
    if not doc.remarks:
        story += b.blank_lines(2)
    signers = doc.signers + [None] * (2 - len(doc.signers))
    if signers[0] is not None and signers[1] is not None:
        story.append(b.two_signatures(signers[0], signers[1], doc.heading))
    return story


def proposal(doc: ProposalDoc, b: Blocks) -> list[Flowable]:
    story: list[Flowable] = [*b.heading(doc.heading)]
    story += b.title(doc.title, doc.subject)
    story.append(Paragraph(text(doc.addressee), b.styles.centre))
    story.append(Spacer(1, 8))
    story += b.paragraphs(doc.paragraphs)
    if doc.listing_title:
        doc.listing.title = doc.listing.title or doc.listing_title
    story += b.table(doc.listing)
    story += b.paragraphs([doc.closing])
    story.append(b.closing(doc.recipients, doc.signer))
    return story


def decision(doc: DecisionDoc, b: Blocks) -> list[Flowable]:
    s = b.styles
    story: list[Flowable] = [*b.heading(doc.heading)]
    story += b.title(doc.title, doc.subject)
    story.append(Spacer(1, 4))
    story.append(Paragraph(text(doc.authority), s.centre_bold))
    story.append(Spacer(1, 6))
    story += [Paragraph(f"<i>{text(basis)}</i>", s.body_indent) for basis in doc.bases]
    story.append(Spacer(1, 4))
    story.append(Paragraph(text(doc.decides), s.centre_bold))
    story.append(Spacer(1, 6))
    for article in doc.articles:
        head, _sep, rest = article.partition(". ")
        markup = (f"<font name='{b.fonts.bold}'>{text(head)}.</font> {text(rest)}" if rest
                  else text(article))
        story.append(Paragraph(markup, s.body_indent))
    story.append(b.closing(doc.recipients, doc.signer))
    story.append(PageBreak())
    story.append(KeepTogether([
        Paragraph(text(doc.annex_title), s.title),
        Paragraph(f"<i>{text(doc.annex_subtitle)}</i>", s.centre),
        Spacer(1, 8),
    ]))
    story += b.table(doc.annex)
    return story


def report(doc: ReportDoc, b: Blocks) -> list[Flowable]:
    story: list[Flowable] = [*b.heading(doc.heading)]
    story += b.title(doc.title, doc.subject)
    for section in doc.sections:
        if section.heading:
            story.append(Paragraph(text(section.heading), b.styles.section))
        story += b.paragraphs(section.paragraphs)
        for table in section.tables:
            story += b.table(table)
        for chart in section.charts:
            story += b.chart(chart)
    story.append(b.closing(doc.recipients, doc.signer))
    return story
