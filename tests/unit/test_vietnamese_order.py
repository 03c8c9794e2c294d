"""Issue 25, point 7: Vietnamese order. Lists and papers sorted by character codes put
"Tạ" after "Trịnh" and "Đỗ" after "Vũ"; a Vietnamese reader expects the alphabet
a ă â b c d đ e ê ... with the tone after the letters (ngang, huyền, hỏi, ngã, sắc,
nặng), numbers by value, case and spacing ignored. The screen's lists (a click on a
column's header, app/domain/text.py `sort_key` in ui/models/rows_model.py) and the
papers use the same key."""

from __future__ import annotations

import random

import pytest

from app.domain.text import compare, sort_key


def _sorted(names):
    return sorted(names, key=sort_key)


def test_the_families_of_the_issue():
    names = ["Vũ Thị Hà", "Trịnh Văn Nam", "Đỗ Minh Tâm", "Tạ Quang Huy", "Dương Văn Lợi",
             "Nguyễn Văn An"]
    assert _sorted(names) == ["Dương Văn Lợi", "Đỗ Minh Tâm", "Nguyễn Văn An",
                              "Tạ Quang Huy", "Trịnh Văn Nam", "Vũ Thị Hà"]
    # code points would give the wrong order the issue saw
    assert sorted(names).index("Tạ Quang Huy") > sorted(names).index("Trịnh Văn Nam")
    assert sorted(names).index("Đỗ Minh Tâm") > sorted(names).index("Vũ Thị Hà")


def test_the_alphabet_and_the_tones():
    alphabet = "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split()
    shuffled = alphabet[:]
    random.Random(25).shuffle(shuffled)
    assert _sorted(shuffled) == alphabet
    assert _sorted([w.upper() for w in shuffled]) == [w.upper() for w in alphabet]
    tones = ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ", "Mác"]
    assert _sorted(list(reversed(tones))) == tones
    # the letters first, then the tone: "Ánh" before "Ăn", "Hà" before "Hải" before "Hàn"
    assert _sorted(["Ăn", "Ánh", "Anh"]) == ["Anh", "Ánh", "Ăn"]
    assert _sorted(["Hàn", "Hải", "Hà"]) == ["Hà", "Hải", "Hàn"]
    # syllable by syllable, each by its letters and then its tone
    assert _sorted(["Xã Tân Thành", "Xã Tân Thanh"]) == ["Xã Tân Thanh", "Xã Tân Thành"]


def test_numbers_case_spacing_and_tone_placement():
    assert _sorted(["Tổ 10", "Tổ 2", "Tổ 1"]) == ["Tổ 1", "Tổ 2", "Tổ 10"]
    assert compare("phường  yên thắng", "Phường Yên Thắng") == 0
    # "Hoà" (old placement) and "Hòa" (new) sort as the same word
    assert sort_key("Xã Hoà Bình")[0] == sort_key("Xã Hòa Bình")[0]
    assert compare("Hòa", "Hoa") == 1 and compare("Hoa", "Hòa") == -1
    # decomposed input (a register pasted from a PDF) sorts as its composed form
    assert sort_key("Ta\u0323")[0] == sort_key("Tạ")[0]
    assert sort_key(None) == sort_key("") == ((), "")


def test_the_communes_of_the_shipped_list_in_order():
    """The 3,321 communes and wards of the shipped list: every "Xã D..." before every
    "Xã Đ...", each group in order; Ninh Bình's 129 as its status board lists them."""
    import json
    from pathlib import Path

    units = json.loads((Path(__file__).resolve().parents[2] / "resources" /
                        "units-2025.json").read_text(encoding="utf-8"))
    names = _sorted([u["name"] for u in units if u["parent"]])
    communes = [n.removeprefix("Xã ") for n in names if n.startswith("Xã ")]
    ds = [n for n in communes if n[:1] in "DĐ"]
    assert {n[0] for n in ds} == {"D", "Đ"}
    assert ds == sorted(ds, key=lambda n: (n[0] == "Đ", sort_key(n.replace("Đ", "D", 1))))
    ninh_binh = _sorted([u["name"] for u in units if u["parent"] == "37"])
    assert len(ninh_binh) == 129 and ninh_binh[:2] == ["Phường Châu Sơn", "Phường Duy Hà"]


@pytest.mark.gui
def test_a_header_click_sorts_the_screen_in_the_same_order(qtbot):
    from PySide6.QtCore import Qt

    from ui.models.rows_model import RowsModel

    model = RowsModel(["Tên", "Điểm", "Ngày"])
    rows = [("v", ["Vũ Thị Hà", "9,5", "02/10/2026"]), ("d", ["Đỗ Minh Tâm", "10", "1/9/2026"]),
            ("t", ["Tạ Quang Huy", "85", "15/10/2025"]),
            ("r", ["Trịnh Văn Nam", "100", "30/09/2026"]),
            ("y", ["Dương Văn Lợi", "9", "01/01/2027"])]
    model.set_rows([(k, v, None) for k, v in rows])
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert [model.key(r) for r in range(5)] == ["y", "d", "t", "r", "v"]
    model.sort(1, Qt.SortOrder.AscendingOrder)  # numbers by value, with a decimal comma
    assert [model.key(r) for r in range(5)] == ["y", "v", "d", "t", "r"]
    model.sort(2, Qt.SortOrder.DescendingOrder)  # dates by date
    assert [model.key(r) for r in range(5)] == ["y", "v", "r", "d", "t"]
    # the order chosen stays when the rows are read again after a step
    model.sort(0, Qt.SortOrder.AscendingOrder)
    model.set_rows([(k, v, None) for k, v in reversed(rows)])
    assert [model.key(r) for r in range(5)] == ["y", "d", "t", "r", "v"]
