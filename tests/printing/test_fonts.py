"""Every Vietnamese letter prints in every face and comes back unchanged; fonts are
embedded; Times New Roman is used only when it is complete."""

from __future__ import annotations

import datetime as dt
import shutil
import unicodedata

from app.i18n import format_long_date, set_language
from app.paths import resource
from app.printing import templates
from app.printing.fonts import (
    VIETNAMESE_LETTERS,
    _choose,
    find_times_new_roman,
    missing_letters,
)
from app.printing.model import Heading, ReportDoc, Section, Signer
from app.printing.renderer import PdfRenderer
from tests.printing import pdfcheck


def test_the_letter_set_is_every_precomposed_vietnamese_letter():
    letters = VIETNAMESE_LETTERS
    assert len(letters) == len(set(letters)) == 146  # 12 vowels x 6 tone forms x 2 cases + đ Đ
    assert all(unicodedata.normalize("NFC", c) == c and len(c) == 1 for c in letters)
    for sample in "ắằẳẵặấầẩẫậếềểễệốồổỗộớờởỡợứừửữựỳýỷỹỵđĂÂÊÔƠƯĐỲỴ":
        assert sample in letters
    # The 134 precomposed (non-ASCII) letters: per case 60 toned vowels, ă â ê ô ơ ư, đ.
    assert len([c for c in letters if not c.isascii()]) == 134


def test_bundled_faces_cover_every_letter():
    for name in ("Regular", "Bold", "Italic", "BoldItalic"):
        assert missing_letters(resource("fonts", f"LiberationSerif-{name}.ttf")) == ""
    assert (resource("fonts") / "LICENSE-LiberationSerif.txt").read_text(encoding="utf-8").count(
        "SIL OPEN FONT LICENSE") >= 1


def test_every_letter_in_every_face_extracts_back_unchanged():
    letters = VIETNAMESE_LETTERS
    wording = {**templates.defaults("official"), "recipients_label": letters}  # bold italic
    doc = ReportDoc(
        heading=Heading(superior=letters[:20], body=letters[20:40], number="01-BC/BCĐ",
                        place=letters, date=dt.date(2025, 10, 5)),  # italic date line
        title=letters, subject=letters,  # bold
        sections=[Section(letters, [letters, letters.lower(), letters.upper()])],  # regular
        recipients=["Lưu"], signer=Signer("T/M", "TRƯỞNG BAN", letters))
    data = PdfRenderer(wording).render(doc)
    text = pdfcheck.text(data).replace(" ", "")
    assert text.count(letters) >= 5  # regular, bold, italic, bold italic, signer
    used = {c.font for c in pdfcheck.chars(data) if c.char in letters}
    assert {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic",
            "LiberationSerif-BoldItalic"} <= used
    assert all(pdfcheck.fonts(data).values())


def test_times_new_roman_is_used_only_when_all_faces_exist(tmp_path):
    assert find_times_new_roman([tmp_path]) is None
    for face, name in (("Regular", "times.ttf"), ("Bold", "timesbd.ttf"),
                       ("Italic", "timesi.ttf")):
        shutil.copy(resource("fonts", f"LiberationSerif-{face}.ttf"), tmp_path / name)
    assert find_times_new_roman([tmp_path]) is None  # bold italic missing
    shutil.copy(resource("fonts", "LiberationSerif-BoldItalic.ttf"), tmp_path / "timesbi.ttf")
    found = find_times_new_roman([tmp_path])
    assert found and found["bolditalic"].name == "timesbi.ttf"


def test_a_font_without_vietnamese_is_refused(tmp_path):
    broken = tmp_path / "times.ttf"
    broken.write_bytes(b"not a font")
    assert missing_letters(broken) == VIETNAMESE_LETTERS
    label, _files = _choose("bundled")
    assert label == "Liberation Serif"


def test_date_line_is_vietnamese_and_zero_padded_by_decree_30():
    assert format_long_date(dt.date(2025, 10, 5), "Yên Thắng") == \
        "Yên Thắng, ngày 05 tháng 10 năm 2025"
    assert format_long_date(dt.date(2026, 2, 3), "Yên Thắng") == \
        "Yên Thắng, ngày 03 tháng 02 năm 2026"
    assert format_long_date(dt.date(2026, 1, 9), "Hoa Lư") == "Hoa Lư, ngày 09 tháng 01 năm 2026"
    assert format_long_date(dt.date(2026, 3, 15), "Yên Thắng") == \
        "Yên Thắng, ngày 15 tháng 3 năm 2026"
    assert format_long_date(dt.date(2026, 12, 31)) == "Ngày 31 tháng 12 năm 2026"
    set_language("en")  # the window's language does not change a Vietnamese paper
    assert format_long_date(dt.date(2025, 10, 5), "Yên Thắng") == \
        "Yên Thắng, ngày 05 tháng 10 năm 2025"
