"""Issue 15, point 9 (output side) on paper: a model name of 480,000 characters stored
before the limits existed prints in about the time of a normal one (it took minutes),
cut with "…" and a note on the paper; control characters and the marks that reorder
text are never laid out."""

from __future__ import annotations

import time

from app.domain import limits
from app.printing.fonts import PRINT_TEXT_MAX, printable
from tests.helpers import collective
from tests.printing.pdfcheck import text

HUGE = "Dân vận khéo " * 37_000  # 481,000 characters
HIDDEN = "Thực trạng\u202e gnáhT\x1b[31m\x07 có\u200f ký tự ẩn"


def _stored(ctx, name: str, situation: str = "") -> str:
    registration_id = ctx.registrations.save(collective(ctx, "Tên tạm"))
    ctx.db.execute("UPDATE registrations SET name = ?, situation = ? WHERE id = ?",
                   [name, situation, registration_id])
    ctx.db.conn.commit()
    return registration_id


def _print(ctx, registration_id: str) -> tuple[bytes, float]:
    started = time.perf_counter()
    pdf = ctx.printing.render(ctx.printing.registration_document(registration_id))
    return pdf, time.perf_counter() - started


def test_a_480000_character_name_prints_in_about_the_time_of_a_normal_one(ctx):
    normal = ctx.registrations.save(collective(ctx, "Tuyến đường hoa, đường cờ Tổ quốc"))
    huge = _stored(ctx, HUGE)
    doc = ctx.printing.registration_document(huge)
    names = [item.text for _h, items, _t in doc.sections for item in items
             if item.text.startswith("Dân vận khéo")]
    assert names and len(names[0]) <= limits.NAME and names[0].endswith("…")
    assert "registrations.name" in doc.cut
    _print(ctx, normal)  # fonts loaded, caches warm
    normal_pdf, normal_time = _print(ctx, normal)
    huge_pdf, huge_time = _print(ctx, huge)
    # minutes before; now the same order as a normal form (a loaded machine: generous)
    assert huge_time < max(5 * normal_time, 10.0), (huge_time, normal_time)
    printed = text(huge_pdf)
    assert "Dân vận khéo Dân vận khéo" in printed and "…" in printed
    assert "Ghi chú: một số nội dung của văn bản này dài hơn mức DVK cho phép" in printed
    assert "Ghi chú: một số nội dung" not in text(normal_pdf)


def test_hidden_characters_are_not_laid_out(ctx):
    registration_id = _stored(ctx, "Mô hình\u202e có dấu đảo chiều", HIDDEN)
    printed = text(_print(ctx, registration_id)[0])
    assert "Mô hình có dấu đảo chiều" in printed
    assert "Thực trạng gnáhT[31m có ký tự ẩn" in printed
    assert not any(ch in printed for ch in ("\u202e", "\u200f", "\x1b", "\x07"))


def test_the_renderer_never_lays_out_more_than_the_longest_field():
    assert PRINT_TEXT_MAX == limits.LONG_TEXT
    assert len(printable("x" * 1_000_000)) == PRINT_TEXT_MAX
    assert printable("a\u202eb\x00c\r\nd") == "abc\nd"


def test_lists_of_decisions_and_proposals_cut_names_to_their_limits(ctx):
    cut: list[str] = []
    entry = ctx.recognition_papers._entry({"name": "x" * 5000, "registrant": "y" * 5000, "field": 1,
                         "subject": "tap_the", "total": None, "rating": "",
                         "detail": "z" * 5000}, cut=cut)
    assert len(entry.name) <= limits.NAME and entry.name.endswith("…")
    assert len(entry.registrant) <= limits.NAME
    assert set(cut) == {"model_name", "registrant", "detail"}
