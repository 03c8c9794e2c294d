"""Issue 17: papers an office can sign as printed, read against Decree 30/2020/NĐ-CP
(State) and Hướng dẫn 36-HD/VPTW (Party), in both layouts: numbers from 01 in 13 pt,
a People's Committee headed by its own name, the rule under the trích yếu, the
decision's wording, reports with a number and "Kính gửi", whole place names and
numbers on a line, typographic quotes, no drafting note."""

from __future__ import annotations

import dataclasses

import pytest

from app.cli.main import main
from app.printing import builders, samples, templates
from app.printing.model import PARTY, STATE
from app.printing.render.styles import FRAME_WIDTH, MARGIN_LEFT
from tests.printing import pdfcheck
from tests.printing.pdfcheck import MM

PORTRAIT = ("registration", "scoresheet", "scoresheet-filled", "proposal", "decision",
            "report", "report-period")


@pytest.fixture(scope="module")
def papers(renderer):
    return {(kind, system): renderer.render(samples.sample(kind, system))
            for kind in samples.SAMPLE_KINDS for system in (PARTY, STATE)}


# -- point 2: numbers ------------------------------------------------------------------
def test_state_numbers_start_at_01_in_13_point(papers):
    for kind, number in (("decision", "Số: 05/QĐ-UBND"), ("proposal", "Số: 07/TTr-UBND"),
                         ("report", "Số: 12/BC-UBND")):
        data = papers[(kind, STATE)]
        chars = pdfcheck.find(pdfcheck.chars(data, 0), number)
        assert {c.size for c in chars} == {13.0}, kind
    party = pdfcheck.find(pdfcheck.chars(papers[("decision", PARTY)], 0), "Số 05-QĐ/BCĐ")
    assert {c.size for c in party} == {13.0}
    assert "Số vào sổ: 01/GCN" in pdfcheck.text(papers[("certificate", STATE)])


def test_an_office_numbers_its_first_state_papers_01(ctx):
    ctx.printing.set_preset("ubnd")
    assert ctx.numbering.next_preview("decision") == "01/QĐ-UBND"
    assert ctx.numbering.next_preview("proposal") == "01/TTr-UBND"
    assert ctx.numbering.next_preview("report") == "01/BC-UBND"
    assert ctx.numbering.next_preview("certificate") == "01/GCN"


def test_old_state_books_go_on_in_two_digits(ctx):
    from app.repositories import numbering as repo
    from db.migrations import m016_state_numbers

    ctx.printing.set_preset("ubnd")
    with ctx.transaction():
        repo.add_book(ctx.db, kind="decision", name="Sổ quyết định", pattern="{n}/QĐ-UBND",
                      scope="year", term="")
    assert ctx.numbering.next_preview("decision") == "1/QĐ-UBND"
    with ctx.transaction():
        m016_state_numbers.state_numbers(ctx.db)
    assert ctx.numbering.next_preview("decision") == "01/QĐ-UBND"


# -- point 3: the heading ----------------------------------------------------------------
def _left_column(chars, system):
    from app.printing.render.blocks import LEFT_HEAD

    edge = MARGIN_LEFT + LEFT_HEAD[system]
    return edge, [c for c in chars if c.top > 841.89 - 60 * MM and c.right <= edge + 1]


def test_a_peoples_committee_is_headed_by_its_own_name(papers):
    for kind in ("decision", "proposal", "report", "scoresheet"):
        text = pdfcheck.text(papers[(kind, STATE)])
        assert "ỦY BAN NHÂN DÂN PHƯỜNG YÊN THẮNG" in text, kind
        assert "TỈNH NINH BÌNH" not in text.split("CỘNG HÒA")[0], kind
        lines = pdfcheck.lines(papers[(kind, STATE)])
        assert lines[:2] == ["ỦYBANNHÂNDÂN", "PHƯỜNGYÊNTHẮNG"], (kind, lines[:3])


def test_heading_lines_stay_in_their_column(renderer):
    """A long superior shrinks to its column instead of running into the quốc hiệu."""
    office = dataclasses.replace(samples.sample_office(STATE),
                                 superior="Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu mới")
    doc = samples.sample("decision", office=office)
    data = renderer.render(doc)
    chars = pdfcheck.chars(data, 0)
    title = pdfcheck.find(chars, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    superior = pdfcheck.find(chars, "ỦY BAN NHÂN DÂN TỈNH BÀ RỊA")
    assert max(c.right for c in superior) < min(c.left for c in title)
    # Too long for one line even shrunk: two lines, broken before the place name.
    assert pdfcheck.lines(data)[:2] == ["ỦYBANNHÂNDÂN", "TỈNHBÀRỊA-VŨNGTÀUMỚI"]
    office = dataclasses.replace(office, superior="Ủy ban nhân dân tỉnh Ninh Bình")
    data = renderer.render(samples.sample("decision", office=office))
    assert pdfcheck.lines(data)[0] == "ỦYBANNHÂNDÂNTỈNHNINHBÌNH"  # one line, shrunk
    chars = pdfcheck.chars(data, 0)
    superior = pdfcheck.find(chars, "ỦY BAN NHÂN DÂN TỈNH NINH BÌNH")
    title = pdfcheck.find(chars, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert max(c.right for c in superior) < min(c.left for c in title) - 2


def test_print_set_superior_empty_clears_it_and_unset_restores_it(ctx, db_path):
    db = ["--db", str(db_path)]
    assert ctx.printing.office().superior == "Đảng ủy phường Yên Thắng"
    assert main([*db, "print", "set", "print.superior", ""]) == 0
    assert ctx.printing.settings()["print.superior"] == ""
    assert ctx.printing.office().superior == ""
    text = pdfcheck.text(ctx.printing.render(ctx.printing.sample_document("decision")))
    assert "ĐẢNG ỦY PHƯỜNG YÊN THẮNG" not in text
    assert main([*db, "print", "unset", "print.superior"]) == 0
    assert ctx.printing.office().superior == "Đảng ủy phường Yên Thắng"


# -- point 4: the rule under the trích yếu -------------------------------------------------
@pytest.mark.parametrize("kind", ["decision", "proposal", "report", "registration",
                                  "scoresheet"])
def test_a_solid_rule_under_the_trich_yeu_of_every_state_paper(papers, kind):
    data = papers[(kind, STATE)]
    chars = pdfcheck.chars(data, 0)
    doc = samples.sample(kind, STATE)
    subject = getattr(doc, "subject", None) or doc.subtitle
    line = pdfcheck.find(chars, subject.split("“")[0].strip())
    bottom = min(c.bottom for c in line)
    rules = pdfcheck.dark_rows(data, 0, bottom - 1, bottom - 14)
    assert rules, kind
    _y, left, right = rules[0]
    on_line = [c for c in chars if abs(c.bottom - line[0].bottom) < 1.5]
    widest = max(c.right for c in on_line) - min(c.left for c in on_line)
    assert widest / 3 - 2 <= right - left <= widest / 2 + 2, (kind, right - left, widest)
    assert abs((left + right) / 2 - (MARGIN_LEFT + FRAME_WIDTH / 2)) < 3


def test_five_hyphens_under_the_trich_yeu_of_party_papers(papers):
    for kind in ("decision", "proposal", "report"):
        assert "-----" in pdfcheck.page_texts(papers[(kind, PARTY)])[0], kind


# -- point 5: the decision's wording ---------------------------------------------------------
def test_state_decision_wording(papers):
    text = pdfcheck.text(papers[("decision", STATE)])
    for part in ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
                 "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
                 "Căn cứ Hướng dẫn số 05-HD/BTGDVTU ngày 18 tháng 11 năm 2025 của Ban Tuyên "
                 "giáo và Dân vận Tỉnh ủy Ninh Bình",
                 "“Dân vận khéo” năm 2026. QUYẾT ĐỊNH:",
                 "Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường Yên Thắng",
                 "Lưu: VT, VHXH.", "TM. ỦY BAN NHÂN DÂN",
                 "(Kèm theo Quyết định số 05/QĐ-UBND ngày 05 tháng 10 năm 2026 của Ủy ban "
                 "nhân dân phường Yên Thắng)"):
        assert part in text, part


def test_the_last_basis_ends_the_way_the_layout_wants(papers):
    state = samples.sample("decision", STATE)
    party = samples.sample("decision", PARTY)
    assert all(b.endswith(";") for b in state.bases[:-1]) and state.bases[-1].endswith(".")
    assert all(b.endswith(";") for b in party.bases[:-1]) and party.bases[-1].endswith(",")
    assert all(b.startswith("- Căn cứ") for b in party.bases[:-1])


def test_the_decision_and_the_certificate_name_the_same_paper():
    words = {k: templates.defaults(k) for k in templates.KINDS}
    words["certificate"]["title"] = "GIẤY CHỨNG NHẬN"
    doc = samples.sample("decision", STATE, wording=lambda k: templates.for_system(
        words[k], STATE))
    assert "được cấp Giấy chứng nhận;" in doc.articles[1]
    assert doc.annex.columns[-1] == "Số Giấy chứng nhận"
    certificate = samples.sample("certificate", STATE, wording=lambda k: words[k])
    assert certificate.title == "GIẤY CHỨNG NHẬN"
    assert builders.paper_name({"title": "GIẤY CÔNG NHẬN"}) == "Giấy công nhận"


def test_state_score_sheets_sign_tm(papers):
    assert "TM. HỘI ĐỒNG THẨM ĐỊNH" in pdfcheck.text(papers[("scoresheet", STATE)])
    assert "T/M HỘI ĐỒNG THẨM ĐỊNH" in pdfcheck.text(papers[("scoresheet", PARTY)])
    assert "T/M" not in pdfcheck.text(papers[("scoresheet-filled", STATE)])


# -- point 6: reports --------------------------------------------------------------------------
def test_reports_carry_a_number_and_kinh_gui(papers):
    state = pdfcheck.text(papers[("report", STATE)])
    party = pdfcheck.text(papers[("report", PARTY)])
    assert "Số: 12/BC-UBND" in state and "Số 12-BC/BCĐ" in party
    for text in (state, party):
        assert "Kính gửi: Ban Tuyên giáo và Dân vận Tỉnh ủy Ninh Bình" in text
        assert "Nơi nhận: - Như trên" in text


def test_a_report_from_the_database_takes_its_number(ctx, db_path, tmp_path):
    out = tmp_path / "bao-cao.pdf"
    db = ["--db", str(db_path)]
    assert main([*db, "print", "report", "--year", "2026", "--out", str(out)]) == 0
    text = pdfcheck.text(out.read_bytes())
    assert "-BC/BCĐ" in text and "Số 01-BC/BCĐ" not in text  # room to write the number
    assert "Kính gửi: Ban Tuyên giáo và Dân vận Tỉnh ủy Ninh Bình" in text
    assert main([*db, "print", "report", "--year", "2026", "--take-number", "--to",
                 "Ban Thường vụ Đảng ủy phường Yên Thắng", "--out", str(out)]) == 0
    text = pdfcheck.text(out.read_bytes())
    assert "Số 01-BC/BCĐ" in text and "Kính gửi: Ban Thường vụ Đảng ủy phường" in text
    assert main([*db, "print", "report", "--year", "2026", "--number", "07-BC/BCĐ",
                 "--out", str(out)]) == 0
    assert "Số 07-BC/BCĐ" in pdfcheck.text(out.read_bytes())
    assert ctx.numbering.next_preview("report") == "02-BC/BCĐ"


# -- point 9: never split a place name or a number from its word -----------------------------
def test_place_names_and_numbers_stay_whole(renderer):
    office = dataclasses.replace(samples.sample_office(PARTY),
                                 superior="Đảng ủy phường Lý Thường Kiệt",
                                 place="Lý Thường Kiệt")
    for kind in ("decision", "proposal", "report"):
        doc = samples.sample(kind, PARTY, office=office)
        doc.heading.date = samples.DATE.replace(month=12, day=18)
        lines = pdfcheck.lines(renderer.render(doc))
        assert any("PHƯỜNGLÝTHƯỜNGKIỆT" in line for line in lines), kind
        date = next(line for line in lines if "tháng12" in line)
        assert date.endswith("năm2026"), (kind, date)  # the year never alone on a line
    annex = pdfcheck.lines(renderer.render(samples.sample("decision")), 1)
    assert any("NĂM2026" in line for line in annex), annex[:3]
    assert not any(line.endswith(("NĂM", "năm", "ngày", "số")) for line in annex)


def test_a_bodys_name_stays_whole_in_the_annex_reference(renderer):
    """ "(Kèm theo Quyết định số 01/QĐ-UBND ngày 18 tháng 9 năm 2025 của Ủy ban nhân /
    dân xã Yên Mô)" split the issuer's name: it breaks before it, or not at all."""
    office = dataclasses.replace(samples.sample_office(STATE),
                                 authority="Ủy ban nhân dân xã Yên Mô", place="Yên Mô")
    doc = samples.sample("decision", STATE, office=office)
    annex = pdfcheck.lines(renderer.render(doc), 1)
    reference = [line for line in annex if "Kèmtheo" in line or "YênMô)" in line]
    assert any("ỦybannhândânxãYênMô" in line for line in reference), reference


def test_narrow_columns_keep_their_words(papers):
    for system in (PARTY, STATE):
        data = papers[("report", system)]
        lines = [line for page in range(pdfcheck.page_count(data))
                 for line in pdfcheck.lines(data, page)]
        assert "ST" not in lines and "T" not in lines
        assert any(line.startswith("STT") for line in lines)


# -- point 11: quotes, the drafting note, a State sample at a Party office ---------------------
def test_typographic_quotes_and_no_drafting_note(papers):
    for (kind, system), data in papers.items():
        text = pdfcheck.text(data)
        assert '"' not in text, (kind, system)
        assert "Mẫu gợi ý" not in text, (kind, system)
    assert "“Dân vận khéo”" in pdfcheck.text(papers[("decision", PARTY)])


def test_a_state_sample_at_a_party_office_is_a_state_paper(ctx):
    ctx.printing.set_setting("print.superior", "Đảng ủy phường Yên Thắng")  # Party's own
    doc = ctx.printing.sample_document("decision", STATE)
    assert doc.heading.system == STATE and doc.heading.superior == ""
    assert doc.heading.body == "Ủy ban nhân dân\nphường Yên Thắng"
    assert doc.signer.on_behalf == "TM. ỦY BAN NHÂN DÂN"
    assert doc.bases[0].startswith("Căn cứ Luật") and doc.heading.number.endswith("QĐ-UBND")
    text = pdfcheck.text(ctx.printing.render(doc))
    assert "ĐẢNG" not in text.split("QUYẾT ĐỊNH")[0] and "Ban Chỉ đạo" not in text
