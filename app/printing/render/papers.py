"""The story (list of flowables) of each portrait paper."""

from __future__ import annotations

from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
)

from app.i18n import _
from app.printing.model import (
    STATE,
    DecisionDoc,
    GuideDoc,
    ProposalDoc,
    RegistrationFormDoc,
    ReportDoc,
    ScoreSheetDoc,
)
from app.printing.render.blocks import Blocks, Rule
from app.printing.render.styles import FRAME_WIDTH, text


def _last(story: list[Flowable], count: int) -> list[Flowable]:
    """Take the last `count` flowables off the story (to keep them with the closing;
    a conditional page break among them has no say inside the group)."""
    count = min(count, len(story))
    kept = story[len(story) - count:]
    del story[len(story) - count:]
    return [f for f in kept if not isinstance(f, CondPageBreak)]


def registration(doc: RegistrationFormDoc, b: Blocks) -> list[Flowable]:
    story: list[Flowable] = [*b.heading(doc.heading, date_line=False)]
    story += b.title(doc.title, doc.subtitle, doc.heading.system)
    if doc.addressee:
        story.append(Paragraph(text(doc.addressee), b.styles.centre))
        story.append(Spacer(1, 8))
    last_section = 0
    for heading, items, tables in doc.sections:
        last_section = len(story)
        story += b.section(heading)
        for item in items:
            story += b.labelled(item)
        for table in tables:
            story += b.table(table)
    if doc.consent:
        story.append(Paragraph(f"<i>{text(doc.consent)}</i>", b.styles.label))
    # The last section (and the consent) stays with the signatures: they never stand
    # alone on a page.
    keep = _last(story, len(story) - last_section)
    story.append(b.two_signatures(doc.confirming_signer, doc.registrant_signer, doc.heading,
                                  keep=keep))
    return story


def scoresheet(doc: ScoreSheetDoc, b: Blocks) -> list[Flowable]:
    s = b.styles
    story: list[Flowable] = [*b.heading(doc.heading, date_line=False)]
    story += b.title(doc.title, doc.subtitle, doc.heading.system)
    for item in doc.identity:
        story += b.labelled(item)
    story += b.section(doc.conditions_title)
    story += b.table(doc.conditions)
    story += b.section(doc.criteria_title)
    story += b.table(doc.criteria)
    for table in doc.extra_tables:
        story += b.table(table)
    start = len(story)
    rating = doc.rating.text or b.wording["name_blank"]
    story.append(Paragraph(f"<font name='{b.fonts.bold}'>{text(doc.rating.label)}:</font> "
                           f"{text(rating)}", s.label))
    story += [Paragraph(f"<i>{text(note)}</i>", s.label) for note in doc.notes]
    story += b.labelled(doc.remarks)
    keep = _last(story, len(story) - start)
    if len(doc.signers) >= 2:
        story.append(b.two_signatures(doc.signers[0], doc.signers[1], doc.heading,
                                      keep=keep))
    else:
        story += keep
    return story


def proposal(doc: ProposalDoc, b: Blocks) -> list[Flowable]:
    story: list[Flowable] = [*b.heading(doc.heading)]
    story += b.title(doc.title, doc.subject, doc.heading.system)
    story.append(Paragraph(text(doc.addressee), b.styles.centre))
    story.append(Spacer(1, 8))
    story += b.paragraphs(doc.paragraphs)
    if doc.listing_title:
        doc.listing.title = doc.listing.title or doc.listing_title
    story += b.table(doc.listing)
    closing = b.paragraphs([doc.closing])
    story.append(b.closing(doc.recipients, doc.signer, keep=closing))
    return story


def decision(doc: DecisionDoc, b: Blocks) -> list[Flowable]:
    s = b.styles
    story: list[Flowable] = [*b.heading(doc.heading)]
    story += b.title(doc.title, doc.subject, doc.heading.system)
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
    keep = _last(story, 1)  # the last article stays with the signature
    story.append(b.closing(doc.recipients, doc.signer, keep=keep))
    story.append(PageBreak())
    annex: list[Flowable] = []
    if doc.annex_label:
        annex.append(Paragraph(text(doc.annex_label), s.centre_bold))
    annex += [Paragraph(text(doc.annex_title), s.title),
              Paragraph(f"<i>{text(doc.annex_subtitle)}</i>", s.centre)]
    if doc.heading.system == STATE:  # a rule under the annex's reference line
        annex.append(Rule(FRAME_WIDTH * 0.2, gap=3))
    else:
        annex.append(Paragraph("-----", s.centre))
    annex.append(Spacer(1, 8))
    story.append(KeepTogether(annex))
    story += b.table(doc.annex)
    return story


def report(doc: ReportDoc, b: Blocks) -> list[Flowable]:
    story: list[Flowable] = [*b.heading(doc.heading)]
    story += b.title(doc.title, doc.subject, doc.heading.system)
    if doc.addressee:
        story.append(Paragraph(text(doc.addressee), b.styles.centre))
        story.append(Spacer(1, 8))
    for section in doc.sections:
        if section.heading:
            story += b.section(section.heading)
        story += b.paragraphs(section.paragraphs)
        for table in section.tables:
            story += b.table(table)
        for chart in section.charts:
            story += b.chart(chart)
    keep = _last(story, 1)
    story.append(b.closing(doc.recipients, doc.signer, keep=keep))
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
