"""Issue 22: a paper signed as PAdES with the office's certificate, here from a
certificate file (.p12/.pfx): the same code path as a token's but the token (see
test_token.py). The signed paper is the paper byte for byte plus the signature; the
visible signature follows Decree 30 (Ký bởi, organisation, time in Vietnam time)."""

from __future__ import annotations

import datetime as dt

import pytest

from app import clock
from app.errors import DvkError
from app.pdfsign import placement
from app.pdfsign.appearance import Look, signing_time_text
from app.pdfsign.keys import FileKey
from app.pdfsign.signing import B_B, sign_pdf
from app.pdfsign.verify import VALID, verify_pdf
from tests.pdfsign.conftest import P12_PASSWORD, SIGNER_NAME, flattened_text
from tests.printing import pdfcheck


def _sign(papers, key_files, kind="decision", who="signer", **kwargs):
    return sign_pdf(papers[kind], FileKey(str(key_files[who])), P12_PASSWORD, **kwargs)


@pytest.mark.parametrize("kind", ["decision", "proposal", "certificate"])
def test_a_paper_signed_is_the_paper_byte_for_byte_and_a_valid_signature(
        papers, key_files, test_pki, kind):
    signed = _sign(papers, key_files, kind)
    assert signed.data.startswith(papers[kind]), "the paper itself must not be rewritten"
    assert len(signed.data) > len(papers[kind])
    report = verify_pdf(signed.data, [test_pki.root.der])
    assert report.outcome == VALID, report.as_dict()
    only = report.signatures[0]
    assert only.signer == SIGNER_NAME
    assert only.organisation == "Ủy ban nhân dân xã Yên Thắng"
    assert only.chain == [SIGNER_NAME, "Cơ quan chứng thực chuyên dùng thử nghiệm",
                          "Cơ quan chứng thực thử nghiệm DVK"]
    assert signed.level == B_B and only.level == "B-B"


def test_the_visible_signature_says_who_which_organisation_and_when_in_vietnam_time(
        papers, key_files):
    # 23:30 UTC on 6/12 is 06:30 on 7/12 in Vietnam: the paper shows Vietnam's day.
    moment = dt.datetime(2026, 12, 6, 23, 30, 5, tzinfo=dt.UTC)
    signed = _sign(papers, key_files, "proposal", moment=moment)
    text = flattened_text(signed.data)
    assert "Ký bởi: Nguyễn Văn An" in text
    assert "Cơ quan: Ủy ban nhân dân xã Yên Thắng" in text
    assert "Thời gian ký: 07/12/2026 06:30:05 +07:00" in text
    assert signing_time_text(moment) == "07/12/2026 06:30:05 +07:00"
    assert signed.signed_at == moment
    # The time in the signature itself is the same second.
    report = verify_pdf(signed.data, [])
    assert report.signatures[0].claimed_time == moment


def test_the_visible_signature_sits_between_the_signing_title_and_the_name(papers, key_files):
    signed = _sign(papers, key_files, "decision")
    # Page 1 of the sample decision carries the signature block (page 2 is the annex).
    chars = pdfcheck.chars(papers["decision"], 0)
    name = pdfcheck.find(chars, SIGNER_NAME)
    title = pdfcheck.find(chars, "TRƯỞNG BAN")
    assert name and title
    box = _widget_box(signed.data)
    assert box.page == 0
    name_top = max(c.top for c in name)
    title_bottom = min(c.bottom for c in title)
    assert name_top < box.y1 < box.y2 < title_bottom, (name_top, box, title_bottom)
    name_centre = (min(c.left for c in name) + max(c.right for c in name)) / 2
    assert abs((box.x1 + box.x2) / 2 - name_centre) < 2


def _widget_box(data: bytes, field: str = "Signature1") -> placement.Box:
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    for index, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            widget = annotation.get_object()
            if widget.get("/T") == field or widget.get("/Parent", {}).get("/T") == field:
                x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
                return placement.Box(index, x1, y1, x2, y2)
    raise AssertionError(f"no widget {field}")


def test_a_paper_without_the_signers_name_gets_the_signature_in_the_top_margin(
        key_files, test_pki):
    import io

    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(100, 700, "Annex without a signature block")
    page.showPage()
    page.save()
    signed = sign_pdf(buffer.getvalue(), FileKey(str(key_files["signer"])), P12_PASSWORD)
    box = _widget_box(signed.data)
    height = pdfcheck.page_sizes(buffer.getvalue())[0][1]
    assert box.page == 0 and box.y2 > height - 20 * placement.MM
    assert verify_pdf(signed.data, [test_pki.root.der]).ok


def test_the_seal_and_signature_images_are_drawn_where_configured(papers, key_files):
    import io

    from PIL import Image

    def png(colour) -> bytes:
        image = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
        for x in range(200):
            for y in range(200):
                if (x - 100) ** 2 + (y - 100) ** 2 < 90 ** 2:
                    image.putpixel((x, y), colour)
        out = io.BytesIO()
        image.save(out, "PNG")
        return out.getvalue()

    look = Look(organisation="", seal=png((200, 0, 0, 255)))
    signed = _sign(papers, key_files, "proposal", look=look)
    from app.printing.raster import PdfPages

    box = _widget_box(signed.data)
    with PdfPages(signed.data) as pages:
        picture = pages.render(box.page, 72)
    red = 0
    height = picture.height
    for y in range(int(height - box.y2), int(height - box.y1)):
        for x in range(int(box.x1), int(box.x1 + box.height)):
            b, g, r = picture.data[y * picture.stride + x * 4: y * picture.stride + x * 4 + 3]
            red += r > 150 and g < 80 and b < 80
    assert red > 200, "the seal must print red in the signature's box"


def test_a_certificate_outside_its_validity_signs_nothing(papers, key_files):
    with pytest.raises(DvkError, match="đã hết hạn ngày"):
        _sign(papers, key_files, who="expired")
    with pytest.raises(DvkError, match="chỉ có hiệu lực từ"):
        _sign(papers, key_files, who="future")


def test_a_wrong_password_of_the_certificate_file_signs_nothing(papers, key_files):
    with pytest.raises(DvkError, match="Mật khẩu của tệp chứng thư số .* không đúng"):
        sign_pdf(papers["decision"], FileKey(str(key_files["signer"])), "sai")


def test_what_is_not_a_pdf_is_refused_in_words(papers, key_files, tmp_path):
    for data in (b"", b"PK\x03\x04 a workbook", b"%PDF-1.7\n garbage without objects"):
        with pytest.raises(DvkError, match="không phải tệp PDF"):
            sign_pdf(data, FileKey(str(key_files["signer"])), P12_PASSWORD)
    with pytest.raises(DvkError, match="không tồn tại"):
        sign_pdf(papers["proposal"], FileKey(str(tmp_path / "missing.p12")), "x")


def test_signing_with_the_clock_fixed_uses_the_program_clock(papers, key_files):
    clock.set_fixed(dt.datetime(2026, 12, 1, 9, 15, 0))  # naive: Vietnam time
    signed = _sign(papers, key_files, "certificate")
    assert "Thời gian ký: 01/12/2026 09:15:00 +07:00" in flattened_text(signed.data)


def test_the_signature_is_dated_in_vietnam_time_whatever_the_pcs_zone(papers, key_files,
                                                                      monkeypatch):
    """A PC whose time zone cannot be named (tzlocal fails, as on an odd Windows
    setting) signs all the same, and the PDF's dates carry Vietnam's offset."""
    import tzlocal

    def unknown_zone():
        raise LookupError("no time zone for 'Giờ chuẩn tự đặt'")

    monkeypatch.setattr(tzlocal, "get_localzone", unknown_zone)
    signed = _sign(papers, key_files, "decision",
                   moment=dt.datetime(2026, 12, 6, 23, 30, 5, tzinfo=dt.UTC))
    import io

    from pypdf import PdfReader

    field = PdfReader(io.BytesIO(signed.data)).get_fields()["Signature1"]
    assert field["/V"]["/M"] == "D:20261207063005+07'00'"
    assert tzlocal.get_localzone is unknown_zone, "pyHanko's zone is restored afterwards"
