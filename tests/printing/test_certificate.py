"""Certificates: A4 landscape, both variants, text never past the border however long
the name, emblem and QR code, many certificates in one PDF."""

from __future__ import annotations

import dataclasses
import io

import pypdfium2 as pdfium
import pytest
from PIL import Image

from app.errors import DvkError
from app.printing import builders, samples, templates
from app.printing.render import certificate as layout
from app.printing.render.fit import fit
from tests.printing import pdfcheck

LANDSCAPE = (841.89, 595.28)
ABSURD = ("Tổ dân phố số 1 " + "Nguyễn Thị Ánh Tuyết và Trần Văn Đức " * 30
          + "Đ" * 400)


def _certificate(**changes):
    entry = dataclasses.replace(samples.entries()[0], **changes)
    return builders.certificate(entry, samples.decision_data(), office=samples.sample_office(),
                                wording=templates.defaults("certificate"),
                                official=templates.defaults("official"))


def _inside_border(data: bytes) -> None:
    for c in pdfcheck.chars(data):
        assert c.left >= layout.INNER and c.right <= LANDSCAPE[0] - layout.INNER, c
        assert c.bottom >= layout.INNER and c.top <= LANDSCAPE[1] - layout.INNER, c


def test_collective_certificate(renderer):
    data = renderer.render(_certificate())
    assert pdfcheck.page_sizes(data) == [LANDSCAPE]
    assert all(pdfcheck.fonts(data).values())
    text = pdfcheck.text(data)
    for part in ("GIẤY CÔNG NHẬN", "ĐẢNG CỘNG SẢN VIỆT NAM", "Tổ dân phố số 1",
                 "Mô hình “Dân vận khéo” cấp xã năm 2026",
                 "Mô hình: “Tuyến đường hoa, đường cờ Tổ quốc”",
                 "Kèm theo Quyết định số 05-QĐ/BCĐ, ngày 05-10-2026", "Số vào sổ: 01/GCN",
                 "Yên Thắng, ngày 05 tháng 10 năm 2026", "TRƯỞNG BAN", "Nguyễn Thị Hương"):
        assert part in text, part
    _inside_border(data)


def test_individual_certificate(renderer):
    data = renderer.render(samples.sample("certificate-individual"))
    text = pdfcheck.text(data)
    assert "Điển hình “Dân vận khéo” cấp xã năm 2026" in text
    assert "Chi hội trưởng Chi hội Phụ nữ tổ dân phố số 1" in text
    assert "Bà Trần Thị Ánh Tuyết" in text
    _inside_border(data)


def test_an_absurdly_long_name_shrinks_wraps_and_stays_inside(renderer):
    data = renderer.render(_certificate(registrant=ABSURD, name=ABSURD))
    _inside_border(data)
    chars = pdfcheck.chars(data)
    name = pdfcheck.find(chars, "Tổ dân phố số 1 Nguyễn")
    assert max(c.top - c.bottom for c in name) < 20  # shrunk from 28 pt
    lines = {round(c.bottom) for c in chars if c.font.endswith("Bold") and c.char == "Đ"}
    assert len(lines) >= 2  # wrapped
    text = pdfcheck.text(data)
    assert "…" in text  # what no size could hold ends visibly cut
    assert "Nguyễn Thị Hương" in text  # the closing is still there, not pushed off


def test_fit_breaks_a_word_wider_than_the_box():
    fitted = fit("Đ" * 300, "DVKSerif-bold", 200, 30, largest=28, smallest=8)
    assert fitted.size == 8
    assert len(fitted.lines) == 3 and fitted.lines[-1].endswith("…")
    short = fit("Tổ dân phố số 1", "DVKSerif-bold", 600, 40, largest=28, smallest=8)
    assert short.size == 28 and short.lines == ["Tổ dân phố số 1"]


def _png(colour=(200, 20, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 160), colour).save(out, "PNG")
    return out.getvalue()


def _images(data: bytes) -> int:
    pdf = pdfium.PdfDocument(data)
    try:
        return sum(1 for o in pdf[0].get_objects(max_depth=3)
                   if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE)
    finally:
        pdf.close()


def test_emblem_is_drawn_once_per_pdf(renderer):
    with_emblem = dataclasses.replace(_certificate(), emblem=_png())
    data = renderer.render(with_emblem)
    assert _images(data) == 1
    assert _images(renderer.render(_certificate())) == 0
    many = renderer.render_certificates([with_emblem] * 20)
    single = len(data)
    assert len(many) < single * 4  # the image is stored once, not twenty times


def test_a_broken_emblem_is_a_clear_error(renderer):
    broken = dataclasses.replace(_certificate(), emblem=b"not an image at all")
    with pytest.raises(DvkError, match="biểu tượng|emblem"):
        renderer.render(broken)


def test_qr_code_is_drawn_when_there_is_a_payload(renderer):
    plain = renderer.render(_certificate())
    with_qr = renderer.render(_certificate(qr_payload="DVK1.test-payload"))
    assert "Mã kiểm tra Giấy công nhận" in pdfcheck.text(with_qr)
    assert "Mã kiểm tra" not in pdfcheck.text(plain)
    pdf = pdfium.PdfDocument(with_qr)
    image = pdf[0].render(scale=2).to_pil().convert("L")
    pdf.close()
    # The QR sits bottom left inside the border: a square of dark and light modules.
    left = int(layout.BOX_LEFT * 2)
    box = image.crop((left, int((595.28 - layout.BOX_BOTTOM - 38 * 2.835) * 2),
                      left + int(32 * 2.835 * 2), int((595.28 - layout.BOX_BOTTOM) * 2)))
    dark = sum(box.histogram()[:100])
    assert 0.3 < dark / (box.width * box.height) < 0.7


def test_many_certificates_in_one_pdf_with_progress(renderer):
    docs = [_certificate(registrant=f"Tổ dân phố số {n}") for n in range(1, 6)]
    seen = []
    data = renderer.render_certificates(docs, progress=lambda done, total: seen.append(
        (done, total)))
    assert pdfcheck.page_sizes(data) == [LANDSCAPE] * 5
    assert seen[-1] == (5, 5) and len(seen) == 5
    assert "Tổ dân phố số 5" in pdfcheck.page_texts(data)[4]


def test_cancelling_stops_the_batch(renderer):
    class Stop(Exception):
        pass

    def cancel(done, total):
        if done == 2:
            raise Stop

    with pytest.raises(Stop):
        renderer.render_certificates([_certificate()] * 5, progress=cancel)
