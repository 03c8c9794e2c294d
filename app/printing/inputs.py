"""What the builders need beyond the wording: the office's print settings and the data
of scoring and recognition (filled by those services once they exist; samples.py and
the tests fill them meanwhile)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import cache

from app.domain.registration import Subject
from app.paths import resource
from app.printing.model import PARTY, Signer


@dataclass
class OfficePrint:
    """The office as it appears on its papers (settings `print.*` and `place_name`)."""

    system: str = PARTY
    superior: str = ""
    body: str = ""
    authority: str = ""  # the steering committee that decides and certifies
    place: str = ""
    level: str = "xa"  # the office's level: certificates say "cấp xã", "cấp tỉnh"
    signer: Signer = field(default_factory=Signer)
    emblem: bytes | None = None
    preset: str = "bcd"  # app/printing/presets.py
    symbol: str = "BCĐ"  # of its numbering: "05-QĐ/BCĐ"
    executor: str = ""  # who executes its decisions (Điều 3)
    archive: str = ""  # where its papers are filed: "Lưu: VT, VHXH."
    report_to: str = ""  # whom its reports go to: "Kính gửi: ..."


@dataclass
class RecognisedEntry:
    """One model or exemplar on a proposal list, a decision annex or a certificate."""

    name: str
    registrant: str
    field: int
    subject: str = Subject.COLLECTIVE
    score: float | None = None
    rating: str = ""
    certificate_number: str = ""
    detail: str = ""  # an individual's unit or address
    qr_payload: str | None = None
    group: str = ""  # the commune, on lists above the commune (annexes group by it)


@dataclass
class DecisionData:
    number: str
    date: dt.date | None  # None: a draft, dated when it is signed
    year: int
    period: str
    entries: list[RecognisedEntry]
    guideline: str = ""  # "Hướng dẫn số 01-HD/BCĐ ngày 28/6/2021 của ..." (the period's)
    draft: bool = False  # printed "DỰ THẢO", its number left blank


@dataclass
class ProposalData:
    number: str
    date: dt.date
    year: int
    addressee: str
    entries: list[RecognisedEntry]
    level: str = ""  # the level asked for; default: the level above the office


@dataclass
class ReportData:
    number: str
    date: dt.date
    year: int
    scope: str  # "phường Yên Thắng"
    registered: dict[int, int]  # field -> registrations
    recognised: dict[int, dict[str, int]]  # field -> level -> models recognised there
    units: list[tuple[str, dict[int, int]]]  # unit name -> field -> registrations
    assessment: list[str] = field(default_factory=list)
    addressee: str = ""  # whom the report goes to ("Kính gửi: ...")
    # A review of a period (sơ kết, tổng kết) rather than of one year:
    period: str = ""  # "2026 - 2030"
    years: list[int] = field(default_factory=list)  # the years it covers
    final: bool = False  # tổng kết (the period's last year is in), else sơ kết
    per_year: list[tuple[int, int, int]] = field(default_factory=list)  # year, reg., rec.
    communes: bool = False  # the units listed are communes (a report above the commune)
    # field -> models recognised at any level (each once; levels are never added up);
    # empty: the sum over the levels (papers that have one level).
    recognised_any: dict[int, int] = field(default_factory=dict)
    # The sub-units under each row of `units` (a district's or province's report: each
    # commune, then its villages); empty at a commune, whose rows are its sub-units.
    unit_parts: list[list[tuple[str, dict[int, int]]]] = field(default_factory=list)


@cache
def field_names() -> dict[int, str]:
    """The four fields' Vietnamese names as printed (resources/fields.json)."""
    data = json.loads(resource("fields.json").read_text(encoding="utf-8"))
    return {item["code"]: item["name"] for item in data}
