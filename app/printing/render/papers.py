"""The story (list of flowables) of each portrait paper."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from app.i18n import _
from app.printing.model import (
    DecisionDoc,
    GuideDoc,
    ProposalDoc,
    RegistrationFormDoc,
    ReportDoc,
    ScoreSheetDoc,
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
    if doc.consent:
        story.append(Paragraph(f"<i>{text(doc.consent)}</i>", b.styles.label))
    story.append(b.two_signatures(doc.confirming_signer, doc.registrant_signer, doc.heading))
    return story


def scoresheet(doc: ScoreSheetDoc, b: Blocks) -> list[Flowable]:
    s = b.styles
    story: list[Flowable] = [*b.heading(doc.heading, date_line=False)]
    story += b.title(doc.title, doc.subtitle)
    for item in doc.identity:
        story += b.labelled(item)
    story.append(Paragraph(text(doc.conditions_title), s.section))
    story += b.table(doc.conditions)
    story.append(Paragraph(text(doc.criteria_title), s.section))
    story += b.table(doc.criteria)
    rating = doc.rating.text or b.wording["name_blank"]
    story.append(Paragraph(f"<font name='{b.fonts.bold}'>{text(doc.rating.label)}:</font> "
                           f"{text(rating)}", s.label))
    story += [Paragraph(f"<i>{text(note)}</i>", s.label) for note in doc.notes]
    story += b.labelled(doc.remarks)
    if len(doc.signers) >= 2:
        story.append(b.two_signatures(doc.signers[0], doc.signers[1], doc.heading))
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


def guide(doc: GuideDoc, b: Blocks) -> list[Flowable]:
    """A guide or a key card sheet: title, the large lines (a check code), then each
    section with its paragraphs and numbered steps."""
    s = b.styles
    story: list[Flowable] = [*b.title(doc.title, doc.subtitle)]
    for line in doc.large:
        story.append(Paragraph(text(line), s.large))
    for section in doc.sections:
        if section.heading:
            story.append(Paragraph(text(section.heading), s.section))
        story += b.paragraphs(section.paragraphs, s.step)
        for number, step in enumerate(section.steps, start=1):
            story.append(Paragraph(f"<font name='{b.fonts.bold}'>{number}.</font> "
                                   f"{text(step.text)}", s.step))
            story += b.paragraphs(step.details, s.step_detail)
        for table in section.tables:
            story += b.table(table)
        story += b.paragraphs(section.after, s.step)
    if doc.footer:
        story += [Spacer(1, 8), Paragraph(text(doc.footer), s.recipients)]
    return story


def cut_note(b: Blocks) -> list[Flowable]:
    """The last line of a paper some of whose texts were cut to their field's limit
    (app/printing/bounds.py): the paper says it is not whole."""
    return [Spacer(1, 8), Paragraph(text(_(
        "Note: some texts of this paper are longer than DVK allows and were cut where "
        "they end with \u201c\u2026\u201d. The full texts stay in the data file.")),
        b.styles.recipients)]
