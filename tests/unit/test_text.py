import unicodedata

from app.domain.text import clean, clean_multiline, fold, same_name, search_terms


def test_clean_stores_nfc_and_tidy_spaces():
    decomposed = unicodedata.normalize("NFD", "  Dân   vận\u00a0khéo ")
    assert decomposed != "Dân vận khéo"
    assert clean(decomposed) == "Dân vận khéo"
    assert unicodedata.is_normalized("NFC", clean(decomposed))


def test_clean_replaces_lookalike_eth_and_invisible_characters():
    assert clean("\u00d0ảng ủy xã") == "Đảng ủy xã"
    assert clean("\ufeffThôn\u200b Đông") == "Thôn Đông"
    assert clean(None) == ""


def test_every_lookalike_is_replaced_wherever_it_stands():
    from app.domain.text import _LOOKALIKES

    for code, replacement in _LOOKALIKES.items():
        expected = "Thôn " + (replacement or "") + "Đông"
        assert clean("Thôn " + chr(code) + "Đông").replace("  ", " ") == clean(expected)
        assert clean_multiline("Thôn " + chr(code) + "Đông\nxóm") == \
            clean_multiline(expected + "\nxóm")


def test_clean_multiline_keeps_lines():
    assert clean_multiline("  dòng một \r\n\r\n  dòng   hai  ") == "dòng một\n\ndòng hai"


def test_fold_ignores_case_and_every_mark():
    assert fold("Dân vận khéo") == "dan van kheo"
    assert fold("ĐẢNG ỦY") == "dang uy"
    assert fold("\u00d0ảng") == "dang"


def test_old_and_new_tone_mark_placement_are_equal():
    assert same_name("Xã Hoà Bình", "Xã Hòa Bình")
    assert same_name("Thuỷ", "Thủy")


def test_search_terms_split_folded_words():
    assert search_terms("  Dân-vận, KHÉO ") == ["dan", "van", "kheo"]
    assert search_terms("") == []


def test_stored_times_are_shown_in_vietnam_time_dd_mm_yyyy():
    from app.i18n import format_timestamp

    # Vietnam's clock (UTC+7) whatever zone the PC is set to (tests/windows/test_time.py)
    stamp = "2026-11-29T09:13:10.177Z"
    assert format_timestamp(stamp) == "29/11/2026 16:13"
    assert format_timestamp("") == "" and format_timestamp("hôm qua") == "hôm qua"


def test_text_reordering_and_c1_controls_are_never_stored():
    """U+202E (right-to-left override) shows "gnáhT" as "Tháng": a name holding one
    prints differently from what it says; C1 controls and ESC break terminals and
    spreadsheets (issue 15, point 9)."""
    from app.domain.text import hidden_characters, without_hidden

    tricky = "Mô hình\u202e nêd ưừ\u2066x\u2069 \x85\x9b31m\x1b[0m"
    assert clean(tricky) == "Mô hình nêd ưừx 31m[0m"
    assert not hidden_characters(clean(tricky))
    assert not hidden_characters(clean_multiline("a\u202eb\n\u200fc\td"))
    assert clean_multiline("a\u202eb\n\u200fc\td") == "ab\nc d"
    assert hidden_characters(tricky) and hidden_characters("\u061c")
    assert not hidden_characters("Dòng một\nDòng hai\tcột")
    assert without_hidden("a\u202eb\x1b[31m") == "ab[31m"
