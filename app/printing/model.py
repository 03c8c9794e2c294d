"""The intermediate document model: one plain dataclass per kind of paper.

The services fill these from the database and the office's print settings through
the pure builders (app/printing/builders.py) and the wording templates; the one renderer (app/printing/renderer.py) lays
any of them out as PDF. Nothing here knows about ReportLab, so other services (scoring,
recognition) can produce documents without touching layout code.

Texts are final, printable Vietnamese. An empty string where a person must write by
hand (a signer's name, an unfilled score) is printed as a dotted line: a clearly
marked blank, never a silently missing line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.domain.registration import Subject

PARTY = "party"
STATE = "state"
SYSTEMS = (PARTY, STATE)


# -- shared pieces ---------------------------------------------------------------------

@dataclass
class Frozen:
    """A paper rebuilt from what was frozen when its decision was issued
    (app/printing/frozen.py): rendered with the fixed font and the official wording
    it was issued with; `sha256` is the hash of the PDF as issued ("" if unknown);
    `erased`: a person's data on it was erased since (app/domain/privacy.py
    erase_paper), so a reprint differs from the paper as issued by that alone."""

    official: dict
    sha256: str = ""
    erased: bool = False


@dataclass
class Heading:
    """The two-column head of an official paper.

    Party: `superior` ("ĐẢNG BỘ TỈNH NINH BÌNH") over `body` in bold capitals and a "*";
    State: the governing body over `body` in bold with a short rule. `number` is the
    bare number ("05-QĐ/BCĐ", "15/QĐ-UBND"); the renderer adds "Số " or "Số: ".
    """

    system: str = PARTY
    superior: str = ""
    body: str = ""
    number: str = ""
    place: str = ""
    date: dt.date | None = None
    draft: bool = False  # a draft: "DỰ THẢO" on every page, no number and no date yet


@dataclass
class Signer:
    """A signature block: "T/M BAN CHỈ ĐẠO" / "TRƯỞNG BAN", space, the name."""

    on_behalf: str = ""
    title: str = ""
    name: str = ""  # "" -> a dotted line to write the name by hand


@dataclass
class TableBlock:
    columns: list[str]
    rows: list[list[str]]
    widths: list[float] | None = None  # relative column widths
    title: str = ""
    total: list[str] | None = None  # a bold last row
    align: list[str] | None = None  # per column: "left", "center", "right"
    # Rows that head a group (a commune's models in an annex): bold, their text in the
    # second column spanning the rest of the row.
    group_rows: list[int] = field(default_factory=list)


def with_group_heads(groups: list[str], rows: list[list[str]]
                     ) -> tuple[list[list[str]], list[int]]:
    """`rows` with a heading row before each run of one group (a commune's models in an
    annex), and the positions of those heads (`TableBlock.group_rows`)."""
    result: list[list[str]] = []
    heads: list[int] = []
    for index, row in enumerate(rows):
        if index == 0 or groups[index] != groups[index - 1]:
            heads.append(len(result))
            result.append(["", groups[index], *[""] * (len(row) - 2)])
        result.append(row)
    return result, heads


@dataclass
class BarChart:
    title: str
    categories: list[str]
    series: list[tuple[str, list[float]]]  # (legend, one value per category)


@dataclass
class Section:
    """A numbered part of a paper: a heading, paragraphs, tables and charts."""

    heading: str = ""
    paragraphs: list[str] = field(default_factory=list)
    tables: list[TableBlock] = field(default_factory=list)
    charts: list[BarChart] = field(default_factory=list)


# -- registration form -----------------------------------------------------------------

@dataclass
class LabelledText:
    label: str
    text: str  # "" -> dotted lines to fill in by hand


@dataclass
class RegistrationFormDoc:
    heading: Heading
    title: str
    subtitle: str
    addressee: str  # "Kính gửi: ..."
    sections: list[tuple[str, list[LabelledText], list[TableBlock]]]
    registrant_signer: Signer
    confirming_signer: Signer
    cut: list[str] = field(default_factory=list)  # texts cut to their limit (bounds.py)
    # An individual's form: the consent line the person signs (Luật Bảo vệ dữ liệu cá
    # nhân 2025; docs/privacy.md), above the signatures.
    consent: str = ""


# -- score sheet -----------------------------------------------------------------------

@dataclass
class RubricCondition:
    code: str
    text: str


@dataclass
class RubricCriterion:
    code: str
    text: str
    max_points: float


@dataclass
class RubricRating:
    name: str
    min_points: float


@dataclass
class Rubric:
    """What a score sheet needs of a rubric (the scoring service owns the real one)."""

    code: str
    name: str
    subject: str  # Subject.COLLECTIVE | Subject.INDIVIDUAL
    version: int
    conditions: list[RubricCondition]
    criteria: list[RubricCriterion]
    ratings: list[RubricRating]
    note: str = ""
    # How the council's total is made: "sum_of_means" (the default) or
    # "mean_of_totals" (app/domain/scoring.py, COUNCIL_TOTALS); printed on the sheet.
    council_total: str = "sum_of_means"

    @property
    def total_points(self) -> float:
        return sum(c.max_points for c in self.criteria)


@dataclass
class ScoreLine:
    self_score: float | None = None
    council_score: float | None = None
    remark: str = ""


@dataclass
class ScoreSheetDoc:
    """A score sheet; blank for paper use when no scores are given. The tables are
    laid out by the builder from the rubric and the scores; `lines` keep the scores
    themselves for whoever needs them (totals, the rating)."""

    heading: Heading
    title: str
    subtitle: str
    rubric: Rubric
    identity: list[LabelledText]  # model, registrant, field (blank on a blank sheet)
    conditions_title: str
    conditions: TableBlock
    criteria_title: str
    criteria: TableBlock
    rating: LabelledText  # "" -> a dotted line
    notes: list[str]  # the rating scale, the rubric's note
    remarks: LabelledText
    signers: list[Signer]
    lines: list[ScoreLine] = field(default_factory=list)
    extra_tables: list[TableBlock] = field(default_factory=list)  # the council's scores
    cut: list[str] = field(default_factory=list)

    @property
    def blank(self) -> bool:
        return not any(line.self_score is not None or line.council_score is not None
                       for line in self.lines)


# -- proposal, decision, report --------------------------------------------------------

@dataclass
class ProposalDoc:
    heading: Heading
    title: str  # "TỜ TRÌNH"
    subject: str  # "Về việc đề nghị công nhận ..."
    addressee: str
    paragraphs: list[str]
    listing: TableBlock
    closing: str
    recipients: list[str]
    signer: Signer
    listing_title: str = ""
    cut: list[str] = field(default_factory=list)


@dataclass
class DecisionDoc:
    heading: Heading
    title: str  # "QUYẾT ĐỊNH"
    subject: str  # "Về việc công nhận ..."
    authority: str  # "BAN CHỈ ĐẠO ..."
    bases: list[str]  # "Căn cứ ..."
    decides: str  # "QUYẾT ĐỊNH:"
    articles: list[str]
    recipients: list[str]
    signer: Signer
    annex_title: str
    annex_subtitle: str
    annex: TableBlock
    annex_label: str = ""  # "Phụ lục" above the annex title, when the wording has one
    frozen: Frozen | None = None  # an issued paper, rebuilt as it was issued
    cut: list[str] = field(default_factory=list)


@dataclass
class ReportDoc:
    heading: Heading
    title: str
    subject: str
    sections: list[Section]
    recipients: list[str]
    signer: Signer
    addressee: str = ""  # "Kính gửi: ...", which "Nơi nhận: - Như trên" refers to
    cut: list[str] = field(default_factory=list)


# -- certificate -----------------------------------------------------------------------

COLLECTIVE = Subject.COLLECTIVE
INDIVIDUAL = Subject.INDIVIDUAL


@dataclass
class CertificateDoc:
    """One Giấy công nhận (A4 landscape). `lines` are the worded lines between the
    title and the recipient; `achievement` the lines after it."""

    variant: str  # COLLECTIVE | INDIVIDUAL
    heading: Heading
    title: str
    authority: str  # "BAN CHỈ ĐẠO PHONG TRÀO ..."
    authority_verb: str  # "CÔNG NHẬN"
    recipient: str  # the collective or the person, largest line
    recipient_detail: str  # an individual's unit or address
    achievement: list[str]
    model_name: str
    reference: str  # "(Kèm theo Quyết định số ... ngày ...)"
    number_line: str  # "Số vào sổ: 12/GCN"
    signer: Signer
    emblem: bytes | None = None
    qr_payload: str | None = None
    qr_caption: str = ""
    frozen: Frozen | None = None  # an issued paper, rebuilt as it was issued


# -- guides ----------------------------------------------------------------------------

@dataclass
class Step:
    """A numbered step of a guide: what to do, then the lines that explain it."""

    text: str
    details: list[str] = field(default_factory=list)


@dataclass
class GuideSection:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    tables: list[TableBlock] = field(default_factory=list)
    after: list[str] = field(default_factory=list)  # paragraphs after the steps


@dataclass
class GuideDoc:
    """A plain paper for the office's own use (the user guide, a key card sheet): no
    official heading nor signature. `large` lines are printed big and spaced (a check
    code read over the phone)."""

    title: str
    subtitle: str
    sections: list[GuideSection]
    large: list[str] = field(default_factory=list)
    footer: str = ""


Document = (RegistrationFormDoc | ScoreSheetDoc | ProposalDoc | DecisionDoc | ReportDoc
            | CertificateDoc | GuideDoc)
