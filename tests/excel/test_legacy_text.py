"""The TCVN3 and VNI converter: every Vietnamese letter, upper and lower case, every
tone; and detection that never touches Unicode Vietnamese or plain ASCII."""

from __future__ import annotations

import unicodedata

import pytest

from app.demo import content as C
from app.domain.legacy_text import (
    TCVN3,
    VNI,
    convert,
    decode,
    detect,
    encode,
    font_hint,
    is_vietnamese_word,
)

VOWELS = "aăâeêioôơuưy"
# grave, hook, tilde, acute, dot below (written independently of the tables)
TONE_MARKS = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]


def letters(upper: bool) -> list[str]:
    result = []
    for vowel in VOWELS:
        for mark in TONE_MARKS:
            letter = unicodedata.normalize("NFC", vowel + mark)
            result.append(letter.upper() if upper else letter)
    result.append("Đ" if upper else "đ")
    return result


LOWER = letters(False)
UPPER = letters(True)
ALL = LOWER + UPPER


def test_there_are_134_letters_all_single_code_points():
    assert len(ALL) == 2 * (12 * 6 + 1)
    assert all(len(letter) == 1 for letter in ALL)


# TCVN3 byte of every lower-case letter, typed from the TCVN 5712:1993 VN3 code chart:
# rows a ă â e ê i o ô ơ u ư y, columns none, grave, hook, tilde, acute, dot.
TCVN3_BYTES = """
61 B5 B6 B7 B8 B9
A8 BB BC BD BE C6
A9 C7 C8 C9 CA CB
65 CC CE CF D0 D1
AA D2 D3 D4 D5 D6
69 D7 D8 DC DD DE
6F DF E1 E2 E3 E4
AB E5 E6 E7 E8 E9
AC EA EB EC ED EE
75 EF F1 F2 F3 F4
AD F5 F6 F7 F8 F9
79 FA FB FC FD FE
"""
TCVN3_CAPITAL_BYTES = {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6,
                       "Đ": 0xA7, "đ": 0xAE}


def tcvn3_expected() -> dict[str, int]:
    codes = [int(h, 16) for h in TCVN3_BYTES.split()]
    expected = dict(zip(LOWER[:-1], codes, strict=True))
    expected.update(TCVN3_CAPITAL_BYTES)
    return expected


@pytest.mark.parametrize("letter,code", sorted(tcvn3_expected().items()))
def test_tcvn3_code_of_every_letter_it_can_write(letter, code):
    legacy = encode(letter, TCVN3)
    assert legacy.encode("cp1252") == bytes([code])
    assert decode(legacy, TCVN3) == letter


@pytest.mark.parametrize("letter", ALL)
def test_tcvn3_every_letter_round_trips(letter):
    legacy = encode(letter, TCVN3)
    assert len(legacy) == 1
    if letter.isupper() and letter not in TCVN3_CAPITAL_BYTES and not letter.isascii():
        # capitals with a tone exist only through the "H" fonts (.VnTimeH)
        assert legacy == encode(letter.lower(), TCVN3)
        assert decode(legacy, TCVN3, capitals=True) == letter
    else:
        assert decode(legacy, TCVN3) == letter


# VNI-Windows: the base letter then the mark keys, as the VNI keyboard and fonts have them.
VNI_MARKS = {"": "", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0301": "ù",
             "\u0323": "ï"}
VNI_CIRCUMFLEX = {"": "â", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0301": "á",
                  "\u0323": "ä"}
VNI_BREVE = {"": "ê", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0301": "é",
             "\u0323": "ë"}
VNI_I = {"": "i", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0301": "í", "\u0323": "ò"}


def vni_expected(letter: str) -> str:
    upper = letter.isupper()
    base, *marks = unicodedata.normalize("NFD", letter.lower())
    shape = next((m for m in marks if m in "\u0302\u0306\u031b"), "")
    tone = next((m for m in marks if m in VNI_MARKS and m), "")
    if base == "đ":
        text = "ñ"
    elif base == "i":
        text = VNI_I[tone]
    elif base == "y" and tone == "\u0323":
        text = "î"
    elif shape == "\u031b":
        text = {"o": "ô", "u": "ö"}[base] + VNI_MARKS[tone]
    elif shape == "\u0302":
        text = base + VNI_CIRCUMFLEX[tone]
    elif shape == "\u0306":
        text = base + VNI_BREVE[tone]
    else:
        text = base + VNI_MARKS[tone]
    return text.upper() if upper else text


@pytest.mark.parametrize("letter", ALL)
def test_vni_every_letter(letter):
    legacy = encode(letter, VNI)
    assert legacy == vni_expected(letter)
    assert decode(legacy, VNI) == letter


def test_vni_mark_keys_in_the_other_case_still_decode():
    assert decode("AÙ", VNI) == "Á"
    assert decode("Aù", VNI) == "Á"
    assert decode("aÙ", VNI) == "á"


def test_tables_never_give_two_letters_one_code():
    for encoding, letters_ in ((TCVN3, LOWER + list("ĂÂÊÔƠƯĐ")), (VNI, ALL)):
        codes = [encode(letter, encoding) for letter in letters_]
        assert len(set(codes)) == len(codes)


@pytest.mark.parametrize("legacy,unicode_text", [
    ("D©n vËn khÐo", "Dân vận khéo"),
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    ("Chi héi Phô n÷ th«n §«ng", "Chi hội Phụ nữ thôn Đông"),
    ("Daân vaän kheùo", "Dân vận khéo"),
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("Toå daân phoá soá 1", "Tổ dân phố số 1"),
    ("ÑOAØN THANH NIEÂN", "ĐOÀN THANH NIÊN"),
])
def test_known_phrases_are_detected_and_converted(legacy, unicode_text):
    found = detect(legacy)
    assert found is not None
    assert found.text == unicode_text
    assert found.original == legacy


def test_capitals_font_gives_capitals():
    found = detect("d©n vËn khÐo", capitals=True)
    assert found.text == "DÂN VẬN KHÉO"
    assert font_hint(".VnTimeH") == (TCVN3, True)
    assert font_hint(".VnTime") == (TCVN3, False)
    assert font_hint("VNI-Times") == (VNI, False)
    assert font_hint("Times New Roman") == (None, False)


def _demo_texts() -> list[str]:
    texts: list[str] = list(C.VILLAGES) + C.FAMILY + C.MIDDLE_MALE + C.MIDDLE_FEMALE \
        + C.GIVEN_MALE + C.GIVEN_FEMALE + C.POSITIONS + C.WITHDRAW_REASONS
    texts += [template for _type, template in C.SUBUNITS_PER_VILLAGE + C.COMMUNE_BODIES]
    for models in C.MODELS.values():
        for model in models:
            texts += [value for value in model if isinstance(value, str)]
    for deeds in C.EXEMPLAR_DEEDS.values():
        texts += list(deeds)
    return texts


def test_unicode_vietnamese_and_ascii_are_never_converted():
    texts = _demo_texts() + ["Thái Bình", "Cà Mau", "Tây Ninh", "Café sáng", "ABC 123",
                             "HTX Đồng Tâm", "COVID-19", "Hòa", "Hoà", "©2020", "30°C",
                             "Nguyễn Thị Hoà"]
    texts += [unicodedata.normalize("NFD", t) for t in texts]
    converted = [t for t in texts if detect(t) is not None]
    assert converted == []
    assert len(texts) > 300


@pytest.mark.parametrize("encoding", [TCVN3, VNI])
def test_demo_texts_typed_in_legacy_encodings_come_back(encoding):
    """Detected alone, or - when the legacy text happens to read as Vietnamese already
    ("Phãng", "Thò") - left alone and converted once its column is known to be legacy."""
    detected = ambiguous = 0
    wrong = []
    for text in _demo_texts():
        legacy = encode(text, encoding)
        if legacy == text:
            continue
        expected = text if encoding == VNI else decode(legacy, TCVN3)
        assert expected.lower() == text.lower()
        found = detect(legacy)
        if found is None:
            assert all(is_vietnamese_word(w) for w in legacy.split() if not w.isascii()), legacy
            ambiguous += 1
        elif found.text != expected:
            wrong.append((text, legacy, found.text))
        else:
            detected += 1
        forced = convert(legacy, encoding)
        assert forced is not None and forced.text == expected, legacy
    assert wrong == []
    assert detected > 10 * ambiguous


def test_the_font_settles_a_tie():
    # "Uû" reads as TCVN3 "Uỷ" and as VNI "Ủ"; the cell's font decides.
    assert detect("Uû ban", hint=TCVN3).text == "Uỷ ban"
    assert detect("Uû ban", hint=VNI).text == "Ủ ban"


def test_syllables():
    for word in ["Dân", "vận", "khéo", "Nguyễn", "giữa", "gì", "quốc", "khuỷu", "xoong",
                 "thuở", "ĐƯỜNG", "Hòa", "hoà", "ươu"]:
        assert is_vietnamese_word(word), word
    for word in ["D©n", "Daân", "café", "hòá", "Vieät", "abc©"]:
        assert not is_vietnamese_word(word), word


@pytest.mark.parametrize("encoding", [TCVN3, VNI])
def test_decoding_by_table_or_by_word_equals_the_sequence_rule(encoding):
    """decode() uses str.translate (TCVN3) or remembered words (VNI); both must give
    what reading the text pair by pair gives, for any mix of codes and separators."""
    import random

    from app.domain.legacy_text import _decode_table, decode_sequence

    table = _decode_table(encoding)
    pieces = list(table) + list(" .,-()/!?:;abcdAB19\n")
    rng = random.Random(5)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        assert decode(text, encoding) == decode_sequence(text, table), text
        assert decode(text, encoding, capitals=True) == decode_sequence(text, table).upper()
