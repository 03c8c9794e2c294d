"""The format rules of DOMAIN.md on every kind of portrait paper: A4, the margins, the
Party and State headings, the italic date line, page numbers from page 2, "Nơi nhận:"
bottom left, embedded fonts."""

from __future__ import annotations

import pytest

from app.printing.model import STATE
from app.printing.samples import sample
from tests.printing import pdfcheck
from tests.printing.pdfcheck import A4_PORTRAIT, MM

PORTRAIT_KINDS = ("registration", "scoresheet", "scoresheet-filled", "proposal", "decision",
                  "report")
TOLERANCE = 0.8  # points: glyph boxes of italics lean a hair past their advance


@pytest.fixture(scope="module")
def pdfs(renderer):
    made = {kind: renderer.render(sample(kind)) for kind in PORTRAIT_KINDS}
    made["decision-state"] = renderer.render(sample("decision", STATE))
    return made


@pytest.mark.parametrize("kind", [*PORTRAIT_KINDS, "decision-state"])
def test_a4_portrait_inside_the_margins_fonts_embedded(pdfs, kind):
    data = pdfs[kind]
    sizes = pdfcheck.page_sizes(data)
    assert sizes and all(size == A4_PORTRAIT for size in sizes)
    assert all(pdfcheck.fonts(data).values()), pdfcheck.fonts(data)
    width, height = A4_PORTRAIT
    for page in range(len(sizes)):
        chars = pdfcheck.chars(data, page)
        assert chars
        body = [c for c in chars if c.top <= height - 20 * MM + TOLERANCE]
        number = [c for c in chars if c not in body]
        for c in body:
            assert c.left >= 30 * MM - TOLERANCE, (kind, page, c)
            assert c.right <= width - 15 * MM + TOLERANCE, (kind, page, c)
            assert c.bottom >= 20 * MM - TOLERANCE, (kind, page, c)
        # Above the top margin only the page number, from page 2 on, centred.
        if page == 0:
            assert number == []
        else:
            assert "".join(c.char for c in number) == str(page + 1)
            middle = (number[0].left + number[-1].right) / 2
            assert abs(middle - (30 * MM + (width - 15 * MM)) / 2) < 3


def test_party_heading(pdfs):
    data = pdfs["decision"]
    chars = pdfcheck.chars(data, 0)
    title = pdfcheck.find(chars, "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert {c.font for c in title} == {"LiberationSerif-Bold"}
    assert min(c.left for c in title) > 595.28 / 2 - 10  # top right
    body = pdfcheck.find(chars, "BAN CHỈ ĐẠO PHONG TRÀO")
    assert {c.font for c in body} == {"LiberationSerif-Bold"}
    assert max(c.right for c in body) < 595.28 / 2  # top left
    number = pdfcheck.find(chars, "Số 05-QĐ/BCĐ")
    assert max(c.right for c in number) < 595.28 / 2
    star = [c for c in chars if c.char == "*"]
    assert star and star[0].top < min(c.bottom for c in body) and star[0].right < 595.28 / 2
    date = pdfcheck.find(chars, "Yên Thắng, ngày 05 tháng 10 năm 2026")
    assert {c.font for c in date} == {"LiberationSerif-Italic"}
    assert min(c.left for c in date) > 595.28 / 2 - 30
    text = pdfcheck.text(data)
    assert "Số: " not in text


def test_state_heading(pdfs):
    data = pdfs["decision-state"]
    chars = pdfcheck.chars(data, 0)
    title = pdfcheck.find(chars, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    motto = pdfcheck.find(chars, "Độc lập - Tự do - Hạnh phúc")
    assert {c.font for c in title + motto} == {"LiberationSerif-Bold"}
    assert min(c.bottom for c in title) > max(c.top for c in motto) - 1  # motto below
    assert "Số: 05/QĐ-UBND" in pdfcheck.text(data)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in pdfcheck.text(data)


def test_recipients_bottom_left_and_signature_right(pdfs):
    data = pdfs["decision"]
    chars = pdfcheck.chars(data, 0)
    label = pdfcheck.find(chars, "Nơi nhận:")
    assert {c.font for c in label} == {"LiberationSerif-BoldItalic"}
    assert label[0].left < 30 * MM + 2
    signer = pdfcheck.find(chars, "T/M BAN CHỈ ĐẠO")
    name = pdfcheck.find(chars, "Nguyễn Thị Hương")
    assert min(c.left for c in signer) > 595.28 / 2 - 20
    assert max(c.top for c in name) < min(c.bottom for c in signer) - 50  # room to sign
    articles = pdfcheck.find(chars, "Điều 3.")
    assert label[0].top < articles[0].bottom  # below the text


def test_decision_annex_lists_every_model(pdfs):
    pages = pdfcheck.page_texts(pdfs["decision"])
    assert len(pages) == 2
    annex = pages[1]
    assert "DANH SÁCH MÔ HÌNH, ĐIỂN HÌNH" in annex
    assert "Kèm theo Quyết định số 05-QĐ/BCĐ, ngày 05-10-2026" in annex
    for name in ("Tổ dân phố số 1", "Công an phường Yên Thắng", "04/GCN", "93,5"):
        assert name in annex
    assert "Điều 1. Công nhận 5 mô hình" in pages[0]


def test_proposal_with_its_list(pdfs):
    text = pdfcheck.text(pdfs["proposal"])
    for part in ("TỜ TRÌNH", "Kính gửi: Ban Tuyên giáo và Dân vận Tỉnh ủy Ninh Bình",
                 "DANH SÁCH ĐỀ NGHỊ CÔNG NHẬN", "Tiêu biểu", "Số 07-TTr/BCĐ",
                 "đề nghị công nhận mô hình, điển hình “Dân vận khéo” cấp tỉnh"):
        assert part.lower() in text.lower(), part


def test_report_tables_and_chart(pdfs):
    text = pdfcheck.text(pdfs["report"])
    for part in ("BÁO CÁO", "KẾT QUẢ THEO LĨNH VỰC VÀ CẤP", "Công nhận cấp xã",
                 "Công nhận cấp tỉnh", "KẾT QUẢ THEO ĐƠN VỊ", "Số mô hình, điển hình theo "
                 "lĩnh vực", "Được công nhận", "có 33 mô hình"):
        assert part in text, part


def test_scoresheet_blank_and_filled(pdfs):
    blank = pdfcheck.text(pdfs["scoresheet"])
    assert "PHIẾU TỰ ĐÁNH GIÁ, CHẤM ĐIỂM" in blank
    assert "Gắn liền với sự lãnh đạo, chỉ đạo của cấp ủy, chính quyền" in blank
    assert "Tổng cộng 100" in blank
    assert "92,5" not in blank
    filled = pdfcheck.text(pdfs["scoresheet-filled"])
    assert "Tổng cộng 100 92,5 92" in filled
    assert "Xếp loại: Tiêu biểu" in filled
