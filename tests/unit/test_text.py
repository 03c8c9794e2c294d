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
