"""`dvk scores ...` and `dvk rubrics ...`: every scoring job from the command line."""

from __future__ import annotations

import json

import pytest

from app.cli.main import main
from tests.helpers import collective


@pytest.fixture
def dvk(ctx, db_path, capsys):
    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--db", str(db_path), *args])
        out, err = capsys.readouterr()
        return code, out, err
    return run


@pytest.fixture
def model(ctx) -> str:
    return ctx.registrations.save(collective(ctx, "Thu gom rác thải nhựa"))


def test_a_sheet_from_start_to_lock(dvk, model):
    code, out, _err = dvk("scores", "new", model[:8])
    assert code == 0
    sheet = out.strip()
    assert dvk("scores", "set", sheet, "1=15", "2=14,5", "3=13", "4=18", "5=19",
               "6=12.5")[0] == 0
    code, out, _err = dvk("scores", "submit", sheet[:8])
    assert code == 0 and "Đã nộp" in out
    for name, values in [("Nguyễn Văn An", ["15", "14", "13", "18", "19", "12"]),
                         ("Trần Thị Bình", ["15", "14,5", "13", "18", "19", "12,5"])]:
        code, out, _err = dvk("scores", "set", sheet, *[f"{n}={v}" for n, v in
                                                        enumerate(values, start=1)],
                              "--member", name)
        assert code == 0, out
    code, _out, err = dvk("scores", "approve", sheet)
    assert code == 1 and "Điều kiện ĐK1" in err
    assert dvk("scores", "set", sheet, "ĐK1=đạt", "dk2=đạt", "DK3=có")[0] == 0
    assert dvk("scores", "approve", sheet)[0] == 0
    assert dvk("scores", "lock", sheet)[0] == 0
    code, _out, err = dvk("scores", "set", sheet, "1=1")
    assert code == 1 and "Phiếu đã khóa" in err
    code, out, _err = dvk("scores", "list", "--json")
    items = json.loads(out)
    assert len(items) == 1
    item = items[0]
    assert item["model_id"] == model and item["level"] == "coso" and item["state"] == "khoa"
    assert item["total"] == 91.6 and item["rating"] == "tieu_bieu"
    assert item["rating_label"] == "Tiêu biểu"
    assert item["criteria"][1] == {"code": "2", "max": 15.0, "self": 14.5, "council": 14.3}
    assert {"model_id", "level", "state", "total", "rating", "criteria"} <= set(item)
    code, out, _err = dvk("scores", "show", sheet, "--json")
    shown = json.loads(out)
    assert [m["name"] for m in shown["members"]] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert shown["criteria"][1]["members"] == [14.0, 14.5]
    code, out, _err = dvk("scores", "show", sheet)
    assert "Tiêu biểu" in out and "91,6" in out
    code, out, _err = dvk("scores", "correct", sheet, "--reason", "Nhập nhầm tiêu chí 2")
    corrected = out.strip()
    assert code == 0 and corrected != sheet
    code, out, _err = dvk("scores", "list", "--all", "--json")
    assert {i["edition"] for i in json.loads(out)} == {1, 2}
    code, out, _err = dvk("scores", "list", "--year", "1999", "--json")
    assert json.loads(out) == []


def test_bad_scores_get_vietnamese_messages_and_exit_1(dvk, model):
    sheet = dvk("scores", "new", model)[1].strip()
    code, _out, err = dvk("scores", "set", sheet, "1=16", "2=abc", "3=-1")
    assert code == 1
    assert "Tiêu chí 1 (tự chấm): Điểm tối đa của tiêu chí này là 15" in err
    assert "'abc' không phải là điểm" in err and "không được âm" in err
    code, _out, err = dvk("scores", "set", sheet, "9=5")
    assert code == 1 and "không có mục 9" in err
    code, _out, err = dvk("scores", "set", sheet, "5")
    assert code == 1 and "TIÊU_CHÍ=ĐIỂM" in err
    code, _out, err = dvk("scores", "set", sheet, "ĐK1=đạt", "--member", "An")
    assert code == 1 and "--member" in err
    code, _out, err = dvk("scores", "show", "zzzz")
    assert code == 1 and "Không có phiếu chấm" in err
    code, _out, err = dvk("scores", "submit", sheet)
    assert code == 1 and "chưa có điểm tự chấm" in err
    code, _out, err = dvk("scores", "return", sheet, "--reason", "x")
    assert code == 1 and "trạng thái nháp" in err


def test_return_with_a_reason_and_notes(dvk, model):
    sheet = dvk("scores", "new", model)[1].strip()
    dvk("scores", "set", sheet, *[f"{n}=10" for n in range(1, 7)])
    dvk("scores", "submit", sheet)
    code, out, _err = dvk("scores", "return", sheet, "--reason", "Thiếu minh chứng")
    assert code == 0 and "Trả lại" in out
    assert dvk("scores", "note", sheet, "5", "--evidence", "Bảng so sánh kết quả")[0] == 0
    assert dvk("scores", "note", sheet, "--remarks", "Cần bổ sung")[0] == 0
    data = json.loads(dvk("scores", "show", sheet, "--json")[1])
    assert data["state"] == "tra_lai" and data["return_reason"] == "Thiếu minh chứng"
    assert data["criteria"][4]["evidence"] == "Bảng so sánh kết quả"
    assert data["remarks"] == "Cần bổ sung"
    code, out, _err = dvk("scores", "members", sheet, "--add", "Lê Văn Cường", "--role", "Tổ trưởng")
    assert code == 0 and "Lê Văn Cường" in out and "Tổ trưởng" in out
    code, out, _err = dvk("scores", "members", sheet, "--remove", "le van cuong")
    assert code == 0 and "Lê Văn Cường" not in out


def test_double_entry_from_the_command_line(dvk, model):
    sheet = dvk("scores", "new", model)[1].strip()
    dvk("scores", "set", sheet, *[f"{n}=10" for n in range(1, 7)])
    dvk("scores", "submit", sheet)
    dvk("scores", "set", sheet, *[f"{n}=9" for n in range(1, 7)], "--member", "An")
    dvk("scores", "set", sheet, "ĐK1=đạt", "ĐK2=đạt", "ĐK3=đạt")
    check = dvk("scores", "rekey", sheet)[1].strip()
    dvk("scores", "set", check, *[f"{n}=10" for n in range(1, 7)])
    dvk("scores", "set", check, *[f"{n}=9" for n in range(1, 6)], "6=8", "--member", "An")
    dvk("scores", "set", check, "ĐK1=đạt", "ĐK2=đạt", "ĐK3=đạt")
    code, out, _err = dvk("scores", "compare", sheet)
    assert code == 1 and "1 chỗ khác nhau" in out and "thành viên 1" in out
    code, _out, err = dvk("scores", "approve", sheet)
    assert code == 1 and "lần nhập thứ hai khác" in err
    dvk("scores", "set", check, "6=9", "--member", "An")
    code, out, _err = dvk("scores", "compare", sheet)
    assert code == 0 and "khớp" in out
    assert dvk("scores", "approve", sheet)[0] == 0


def test_council_ranks(dvk, ctx):
    """Only approved sheets are ranked (issue 24, point 6): a draft on which one council
    member has scored, however high, has no rank."""
    for name, score in [("Mô hình A", "10"), ("Mô hình B", "15"), ("Mô hình C", "10")]:
        sheet = dvk("scores", "new", ctx.registrations.save(collective(ctx, name)))[1].strip()
        dvk("scores", "set", sheet, *[f"{n}={score}" for n in range(1, 7)])
        dvk("scores", "set", sheet, "ĐK1=đạt", "ĐK2=đạt", "ĐK3=đạt")
        dvk("scores", "submit", sheet)
        dvk("scores", "set", sheet, *[f"{n}={score}" for n in range(1, 7)], "--member", "An")
        assert dvk("scores", "approve", sheet)[0] == 0
    registration = ctx.registrations.save(collective(ctx, "Mô hình D"))
    draft = dvk("scores", "new", registration)[1].strip()
    dvk("scores", "set", draft, *[f"{n}=15" for n in range(1, 7)], "--member", "An")
    registration = ctx.registrations.save(collective(ctx, "Mô hình E"))
    only_self = dvk("scores", "new", registration)[1].strip()
    dvk("scores", "set", only_self, *[f"{n}=15" for n in range(1, 7)])
    code, out, _err = dvk("scores", "council", "--field", "2", "--json")
    ranked = [(r["model_name"], r["rank"]) for r in json.loads(out)]
    assert ranked == [("Mô hình B", 1), ("Mô hình A", 2), ("Mô hình C", 2), ("Mô hình D", None),
                      ("Mô hình E", None)]
    code, out, _err = dvk("scores", "council")
    assert code == 0 and out.index("Mô hình B") < out.index("Mô hình A")


def test_rubrics_commands(dvk, tmp_path):
    code, out, _err = dvk("rubrics", "list")
    assert code == 0 and "tap-the-2021" in out and "mẫu gợi ý" in out
    data = json.loads(dvk("rubrics", "list", "--json")[1])
    assert {r["family"] for r in data} == {"tap-the-2021", "ca-nhan-2021"}
    code, out, _err = dvk("rubrics", "show", "tap-the-2021")
    assert code == 0 and "Tiêu biểu từ 90, Đạt từ 70" in out
    copy = dvk("rubrics", "copy", "tap-the-2021", "--name", "Bộ tiêu chí của tỉnh")[1].strip()
    code, out, _err = dvk("rubrics", "edit", copy, "--max", "4=25", "--max", "6=10",
                          "--top", "85", "--pass", "65,5", "--text", "1=Gắn với cấp ủy")
    assert code == 0
    shown = json.loads(dvk("rubrics", "show", copy, "--json")[1])
    assert shown["criteria"][3]["max"] == 25.0 and shown["ratings"] == {"tieu_bieu": 85.0,
                                                                        "dat": 65.5}
    assert shown["criteria"][0]["text"] == "Gắn với cấp ủy"
    code, _out, err = dvk("rubrics", "edit", copy, "--max", "4=abc")
    assert code == 1 and "không phải là điểm" in err
    code, _out, err = dvk("rubrics", "edit", copy, "--top", "200")
    assert code == 1 and "cao hơn tổng điểm" in err
    shown["criteria"][0]["max"] = 20
    shown["criteria"][3]["max"] = 20
    path = tmp_path / "rubric.json"
    path.write_text(json.dumps(shown, ensure_ascii=False), encoding="utf-8")
    assert dvk("rubrics", "edit", copy, "--from-json", str(path))[0] == 0
    assert json.loads(dvk("rubrics", "show", copy, "--json")[1])["criteria"][0]["max"] == 20.0
    code, out, _err = dvk("rubrics", "assign", copy, "--year", "2026", "--level", "coso")
    assert code == 0 and "Bộ tiêu chí của tỉnh" in out
    rows = json.loads(dvk("rubrics", "assignments", "--json")[1])
    assert rows[0]["rubric_id"] == copy and rows[0]["subject"] == "tap_the"
    # the keys it always wrote, in this order (typed records since issue 21, point 3)
    rubric = json.loads(dvk("rubrics", "show", copy, "--json")[1])
    assert list(rows[0].items()) == [
        ("year", 2026), ("level", "coso"), ("subject", "tap_the"), ("rubric_id", copy),
        ("name", rubric["name"]), ("edition", rubric["edition"]), ("family", rubric["family"])]


def test_editing_a_used_rubric_says_a_new_edition_was_made(dvk, model):
    dvk("scores", "new", model)
    code, out, _err = dvk("rubrics", "edit", "tap-the-2021", "--max", "1=10", "--max", "4=25")
    assert code == 0 and "phiên bản 2" in out
    editions = [r["edition"] for r in json.loads(dvk("rubrics", "list", "--json")[1])
                if r["family"] == "tap-the-2021"]
    assert editions == [1, 2]
    data = json.loads(dvk("scores", "list", "--json")[1])
    assert data[0]["criteria"][0]["max"] == 15.0


def test_a_bad_score_for_a_new_member_adds_no_member(dvk, model):
    sheet = dvk("scores", "new", model)[1].strip()
    code, _out, err = dvk("scores", "set", sheet, "1=99", "--member", "Lê Văn Cường")
    assert code == 1 and "tối đa" in err
    assert json.loads(dvk("scores", "show", sheet, "--json")[1])["members"] == []
