"""Issue 17, points 8 and 10: a heading never ends a page and the signatures never
stand alone on one; above the commune, units are named with their commune and the
province's report lists communes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

import pytest

from app.context import AppContext
from app.domain.registration import MilestoneInput, TargetInput
from app.printing import builders, samples, templates
from tests.helpers import collective
from tests.printing import pdfcheck

SENTENCE = "Vận động các hộ gia đình cùng tham gia, họp dân bàn bạc công khai, dân chủ. "


def _body(data: bytes, page: int) -> list:
    """The characters of a page's text, without its page number."""
    return [c for c in pdfcheck.chars(data, page) if c.top < 800]


def _free_below(data: bytes, page: int) -> float:
    """Points left empty between a page's last line and the bottom margin (20 mm)."""
    return min(c.bottom for c in _body(data, page)) - 20 * 72 / 25.4


def _height(data: bytes, page: int) -> float:
    body = _body(data, page)
    return max(c.top for c in body) - min(c.bottom for c in body)


def _registration(ctx, length: int, milestones: int, blank_last: bool = False) -> str:
    """A form whose texts run `length` sentences; `blank_last`: the last section left
    empty, to be written by hand (dotted lines)."""
    reg = collective(ctx, registered_on=dt.date(2026, 3, 10))
    for key in ("situation", "goals", "content_methods", "area", "target_group",
                "force_lead", "force_coordinating", "force_participating", "resources",
                "outputs", "sustainability"):
        blank = blank_last and key in ("outputs", "sustainability")
        setattr(reg, key, "" if blank else SENTENCE * length)
    reg.targets = [TargetInput(f"Chỉ tiêu {i}", i * 10, "%") for i in range(1, 4)]
    reg.start_date, reg.end_date = dt.date(2026, 4, 1), dt.date(2026, 12, 31)
    reg.milestones = [MilestoneInput(dt.date(2026, 4 + i, 1), f"Việc thứ {i + 1}")
                      for i in range(milestones)]
    return ctx.registrations.save(reg)


@pytest.mark.parametrize("system", ["party", "state"])
def test_headings_stay_with_their_text_and_signatures_with_the_last_lines(ctx, frozen_today,
                                                                          system):
    ctx.printing.set_wording("registration", "system", system)
    seen_pages = set()
    for length in range(0, 9):
        for milestones, blank_last in ((1, False), (3, False), (6, False), (1, True),
                                       (3, True)):
            data = ctx.printing.render(ctx.printing.registration_document(
                _registration(ctx, length, milestones, blank_last)))
            pages = pdfcheck.page_texts(data)
            seen_pages.add(len(pages))
            last = pages[-1]
            # The signatures share their page with the last section's text.
            assert "VII. KẾT QUẢ, SẢN PHẨM VÀ TÍNH BỀN VỮNG" in last, (length, milestones)
            assert "XÁC NHẬN CỦA CHI BỘ" in last
            for page in pages:
                lines = pdfcheck.lines(data, pages.index(page))
                body = [line for line in lines if not line.isdigit()]
                # A heading or a table title is never the last line of a page.
                assert not body[-1].startswith(("I.", "II.", "III.", "IV.", "V.", "VI.",
                                                "VII.", "Cácmốcthựchiện",
                                                "Cácchỉtiêucụthể")), (length, body[-1])
            milestones_page = next(i for i, p in enumerate(pages) if "Các mốc thực hiện" in p)
            assert "Thời hạn" in pages[milestones_page]
            if len(pages) > 1:
                # ... and they go to a new page only when they do not fit on the last
                # one: empty fields' dotted lines once sent them over a half-empty page.
                # (Three lines of slack: a line box is taller than its letters.)
                assert _free_below(data, len(pages) - 2) < _height(data, len(pages) - 1) + 60, \
                    (length, milestones, len(pages))
    assert len(seen_pages) >= 2  # the texts ran over one, two and three pages


def test_above_the_commune_units_are_named_with_their_commune(demo_network):
    network = json.loads((demo_network / "network.json").read_text(encoding="utf-8"))
    province = demo_network / next(o["db"] for o in network["offices"]
                                   if o["level"] == "tinh")
    commune = demo_network / next(o["db"] for o in network["offices"] if o["level"] == "xa")
    with AppContext.open(province) as ctx:
        own = [d for d in ctx.decisions.listing(state="ban_hanh") if d.origin == "37"]
        doc = ctx.recognition_papers.decision_document(own[0].id)
        registrants = [row[2] for row in doc.annex.rows]
        assert registrants and all(", xã " in r or ", phường " in r or r.startswith(
            ("Ông ", "Bà ")) or "xã" in r.lower() or "phường" in r.lower()
            for r in registrants), registrants
        assert any(", xã " in r or ", phường " in r for r in registrants)
        report = ctx.recognition_papers.report_data([2025])
        communes = {name for name, _counts in report.units}
        assert report.communes and communes and all(
            name.startswith(("Xã ", "Phường ")) for name in communes), communes
        # Each numbered row is a commune, its villages and branches listed under it
        # ("- Thôn Đông"; what the report counts is the issue on figures').
        text = pdfcheck.text(ctx.printing.render(ctx.printing.report_document(report)))
        assert "Xã, phường" in text and "- Thôn" in text
        assert not re.search(r"\b\d+ (Thôn|Chi hội|Chi bộ|Tổ dân phố) ", text), text
    with AppContext.open(commune) as ctx:
        own = [d for d in ctx.decisions.listing(state="ban_hanh")
               if d.origin == ctx.office_code]
        doc = ctx.recognition_papers.decision_document(own[0].id)
        assert not any(", xã " in row[2] or ", phường " in row[2] for row in doc.annex.rows)
        assert not ctx.recognition_papers.report_data([2025]).communes


def test_a_certificate_names_the_commune_of_its_unit(renderer):
    entry = dataclasses.replace(samples.entries()[0],
                                registrant="Chi hội Cựu chiến binh thôn Đồng Tâm, xã Nam Hồng")
    doc = builders.certificate(entry, samples.decision_data(), office=samples.sample_office(),
                               wording=templates.defaults("certificate"),
                               official=templates.defaults("official"))
    lines = pdfcheck.lines(renderer.render(doc))
    assert "ChihộiCựuchiếnbinhthônĐồngTâm,xãNamHồng" in lines


def test_a_tables_total_row_never_stands_alone_on_a_page(renderer):
    """Wherever the page breaks in a score sheet's criteria, "Tổng cộng" shares its
    page with the last criterion (it once stood alone under the repeated header)."""
    seen = set()
    for extra in range(0, 40, 2):
        doc = samples.sample("scoresheet-filled")
        doc.identity[0] = dataclasses.replace(
            doc.identity[0], text=doc.identity[0].text + " - vận động nhân dân" * extra)
        pages = pdfcheck.page_texts(renderer.render(doc))
        page = next(p for p in pages if "Tổng cộng 100" in p)
        seen.add(pages.index(page))
        assert "kế thừa và phát triển" in page, (extra, page[:200])
    assert seen == {0, 1}  # the total fell on either page
