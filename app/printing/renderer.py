"""The one renderer: any document of app/printing/model.py -> PDF bytes.

Portrait papers are laid out with ReportLab's platypus on A4 with the official
margins; page numbers are printed from page 2 on, top centre. Certificates are drawn
on A4 landscape pages; many certificates go into one PDF with `render_certificates`.
The PDF is built in memory; writing it to disk is app/printing/output.py's job, so a
failure here never leaves a file behind.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from reportlab import rl_config
from reportlab.platypus import SimpleDocTemplate

from app import __version__
from app.errors import DvkError
from app.i18n import _
from app.printing import templates
from app.printing.fonts import FontSet, document_fonts
from app.printing.model import (
    CertificateDoc,
    DecisionDoc,
    Document,
    GuideDoc,
    ProposalDoc,
    RegistrationFormDoc,
    ReportDoc,
    ScoreSheetDoc,
)
from app.printing.render import papers
from app.printing.render.blocks import Blocks
from app.printing.render.certificate import CertificatePainter
from app.printing.render.styles import (
    LANDSCAPE,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PORTRAIT,
    make_styles,
)

PAGE_NUMBER_FROM_TOP = 11  # mm: inside the top margin, above the text

# Page streams stay binary (zlib only) instead of also ASCII85-armoured: a quarter
# smaller, and ASCII85 in pure Python costs about 2 ms per certificate page. Binary
# streams are ordinary PDF; nothing reads our files as 7-bit text.
rl_config.useA85 = 0


class PdfRenderer:
    def __init__(self, wording: dict | None = None, fonts: FontSet | None = None,
                 *, stable: bool = False):
        """`wording`: the official frame texts (resources/print/official.json).
        `stable`: the PDF names no program version, so the same document gives the
        same bytes with every version of DVK that lays it out the same (issued papers,
        app/printing/frozen.py)."""
        self.fonts = fonts or document_fonts()
        self.wording = wording or templates.defaults("official")
        self.creator = "DVK" if stable else f"DVK {__version__}"
        self.styles = make_styles(self.fonts)
        self.blocks = Blocks(self.fonts, self.styles, self.wording)

    # -- portrait papers ---------------------------------------------------------------
    def _story(self, doc: Document) -> list:
        if isinstance(doc, RegistrationFormDoc):
            story = papers.registration(doc, self.blocks)
        elif isinstance(doc, ScoreSheetDoc):
            story = papers.scoresheet(doc, self.blocks)
        elif isinstance(doc, ProposalDoc):
            story = papers.proposal(doc, self.blocks)
        elif isinstance(doc, DecisionDoc):
            story = papers.decision(doc, self.blocks)
        elif isinstance(doc, ReportDoc):
            story = papers.report(doc, self.blocks)
        elif isinstance(doc, GuideDoc):
            story = papers.guide(doc, self.blocks)
        else:
            raise TypeError(f"not a printable document: {type(doc).__name__}")
        if getattr(doc, "cut", None):
            story += papers.cut_note(self.blocks)
        return story

    def _page_number(self, canvas, template) -> None:
        from reportlab.lib.units import mm

        canvas.saveState()
        canvas.setFont(self.fonts.regular, 13)
        label = templates.fill(self.wording["page_number"], page=canvas.getPageNumber())
        canvas.drawCentredString(PORTRAIT[0] / 2 + (MARGIN_LEFT - MARGIN_RIGHT) / 2,
                                 PORTRAIT[1] - PAGE_NUMBER_FROM_TOP * mm, label)
        canvas.restoreState()

    def _draft_mark(self, canvas) -> None:
        """"DỰ THẢO" in a box in the top margin, right: a draft is never taken for the
        issued paper."""
        from reportlab.lib.units import mm

        label = self.wording["draft_mark"]
        canvas.saveState()
        canvas.setFont(self.fonts.bold, 13)
        width = canvas.stringWidth(label, self.fonts.bold, 13) + 6 * mm
        right = PORTRAIT[0] - MARGIN_RIGHT
        top = PORTRAIT[1] - 6 * mm
        canvas.setLineWidth(0.8)
        canvas.rect(right - width, top - 8 * mm, width, 7 * mm)
        canvas.drawCentredString(right - width / 2, top - 6 * mm, label)
        canvas.restoreState()

    def render(self, doc: Document, *, title: str = "") -> bytes:
        if isinstance(doc, CertificateDoc):
            return self.render_certificates([doc], title=title)
        buffer = io.BytesIO()
        template = SimpleDocTemplate(
            buffer, pagesize=PORTRAIT, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title or _doc_title(doc),
            author="DVK", creator=self.creator, invariant=1,
            initialFontName=self.fonts.regular,  # else Helvetica, never embedded
        )
        draft = bool(getattr(getattr(doc, "heading", None), "draft", False))

        def first(canvas, template) -> None:
            if draft:
                self._draft_mark(canvas)

        def later(canvas, template) -> None:
            self._page_number(canvas, template)
            first(canvas, template)

        try:
            template.build(self._story(doc), onFirstPage=first, onLaterPages=later)
        except DvkError:
            raise
        except Exception as error:  # a layout ReportLab cannot place, e.g. a giant cell
            raise DvkError(_(
                "The document could not be laid out ({detail}). Shorten the longest text "
                "and print again."
            ).format(detail=error)) from error
        return buffer.getvalue()

    # -- certificates ------------------------------------------------------------------
    def render_certificates(self, docs: Sequence[CertificateDoc], *, title: str = "",
                            progress: Callable[[int, int], None] | None = None) -> bytes:
        """Every certificate on its own landscape page, in one PDF. `progress(done,
        total)` is called after each page and may raise to cancel."""
        from reportlab.pdfgen.canvas import Canvas

        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=LANDSCAPE, invariant=1, pageCompression=1,
                        initialFontName=self.fonts.regular)
        canvas.setTitle(title or (docs[0].title if docs else ""))
        canvas.setAuthor("DVK")
        canvas.setCreator(self.creator)
        painter = CertificatePainter(self.fonts, self.wording)
        total = len(docs)
        for index, doc in enumerate(docs, start=1):
            painter.draw(canvas, doc)
            canvas.showPage()
            if progress:
                progress(index, total)
        canvas.save()
        return buffer.getvalue()


def _doc_title(doc: Document) -> str:
    return getattr(doc, "title", "") or ""
