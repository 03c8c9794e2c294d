"""Score sheets through the service: typing, states, corrections, double entry."""

from __future__ import annotations

import pytest

from app.core import events
from app.domain import scoring as S
from app.domain.sheets import EVIDENCE, REMARKS, SELF, VERDICT, SheetFilter, cell_key, member_column
from app.errors import DvkError, ValidationError
from app.services.scoring import CellChange
from tests.scoring.helpers import (
    GOOD_SELF,
    approved_sheet,
    decide,
    new_sheet,
    type_member,
    type_self,
)


def _row(ctx, sql, *params):
    return ctx.db.execute(sql, params).fetchone()


def test_a_new_sheet_uses_the_rubric_of_its_year_and_locks_it(ctx):
    sheet_id = new_sheet(ctx)
    sheet = ctx.scoring.sheet(sheet_id)
    assert sheet.state == S.DRAFT and sheet.level == "coso" and sheet.edition == 1
    assert sheet.rubric.family == "tap-the-2021"
    assert len(sheet.lines) == 9  # 3 prerequisites + 6 criteria
    assert ctx.rubrics.get(sheet.rubric.id).locked
    assert ctx.rubrics.assignments()[0].rubric_id == sheet.rubric.id
    assert _row(ctx, "SELECT count(*) FROM audit_log WHERE kind = 'score_sheets'")[0] == 1
    with pytest.raises(DvkError, match="đã có phiếu chấm"):
        ctx.scoring.create(sheet.registration_id)


def test_a_withdrawn_model_is_not_scored(ctx):
    from tests.helpers import collective

    registration_id = ctx.registrations.save(collective(ctx))
    ctx.registrations.withdraw(registration_id, "Đơn vị xin rút")
    with pytest.raises(DvkError, match="rút"):
        ctx.scoring.create(registration_id)


def test_scores_are_stored_as_tenths_and_totals_follow(ctx):
    sheet_id = new_sheet(ctx)
    type_self(ctx, sheet_id, GOOD_SELF)
    stored = [r[0] for r in ctx.db.execute(
        "SELECT l.self_tenths FROM sheet_lines l JOIN rubric_items i ON i.id = l.item_id"
        " WHERE l.sheet_id = ? AND i.kind = 'tieu_chi' ORDER BY i.position", [sheet_id])]
    assert stored == [150, 145, 130, 180, 190, 125]
    result = ctx.scoring.sheet(sheet_id).result()
    assert result.total_self == 920 and result.total == 920 and result.rating == S.TOP


def test_bad_input_is_refused_cell_by_cell_and_nothing_is_saved(ctx):
    sheet_id = new_sheet(ctx)
    type_self(ctx, sheet_id, GOOD_SELF)
    version = ctx.scoring.sheet(sheet_id).version
    criteria = ctx.scoring.sheet(sheet_id).rubric.criteria
    changes = [CellChange(criteria[0].id, SELF, "10"),      # fine on its own
               CellChange(criteria[1].id, SELF, "16"),      # above 15
               CellChange(criteria[2].id, SELF, "abc"),
               CellChange(criteria[3].id, SELF, "-1"),
               CellChange(criteria[4].id, SELF, "8,25")]
    with pytest.raises(ValidationError) as caught:
        ctx.scoring.save(sheet_id, changes)
    fields = caught.value.fields
    assert set(fields) == {cell_key(SELF, c.id) for c in criteria[1:5]}
    assert "tối đa của tiêu chí này là 15" in fields[cell_key(SELF, criteria[1].id)]
    assert fields[cell_key(SELF, criteria[1].id)].startswith("Tiêu chí 2 (tự chấm)")
    assert "không phải là điểm" in fields[cell_key(SELF, criteria[2].id)]
    assert "không được âm" in fields[cell_key(SELF, criteria[3].id)]
    assert "một chữ số thập phân" in fields[cell_key(SELF, criteria[4].id)]
    after = ctx.scoring.sheet(sheet_id)
    assert after.line(criteria[0].id).self_tenths == 150  # the good change was not saved either
    assert after.version == version


def test_blank_clears_a_score_and_submit_names_what_is_missing(ctx):
    sheet_id = new_sheet(ctx)
    type_self(ctx, sheet_id, GOOD_SELF)
    third = ctx.scoring.sheet(sheet_id).rubric.criteria[2]
    ctx.scoring.save(sheet_id, [CellChange(third.id, SELF, "  ")])
    assert ctx.scoring.sheet(sheet_id).line(third.id).self_tenths is None
    with pytest.raises(ValidationError) as caught:
        ctx.scoring.submit(sheet_id)
    assert caught.value.fields == {cell_key(SELF, third.id):
                                   "Tiêu chí 3: chưa có điểm tự chấm."}
    assert ctx.scoring.sheet(sheet_id).state == S.DRAFT


def test_remarks_evidence_and_verdicts(ctx):
    sheet_id = new_sheet(ctx)
    sheet = ctx.scoring.sheet(sheet_id)
    first, prerequisite = sheet.rubric.criteria[0], sheet.rubric.prerequisites[0]
    ctx.scoring.save(sheet_id, [
        CellChange(first.id, REMARKS, "  Có nghị quyết  của chi bộ "),
        CellChange(first.id, EVIDENCE, "Nghị quyết số 05-NQ/CB"),
        CellChange(prerequisite.id, VERDICT, "Đạt"),
    ], remarks="Mô hình có hiệu quả.")
    sheet = ctx.scoring.sheet(sheet_id)
    assert sheet.line(first.id).remarks == "Có nghị quyết của chi bộ"
    assert sheet.line(first.id).evidence == "Nghị quyết số 05-NQ/CB"
    assert sheet.line(prerequisite.id).passed is True
    assert sheet.remarks == "Mô hình có hiệu quả."
    with pytest.raises(ValidationError, match="Điều kiện ĐK1"):
        ctx.scoring.save(sheet_id, [CellChange(prerequisite.id, SELF, "5")])
    with pytest.raises(ValidationError, match="đạt hoặc không đạt"):
        ctx.scoring.save(sheet_id, [CellChange(first.id, VERDICT, "đạt")])


def test_council_mean_rounds_half_up(ctx):
    sheet_id = new_sheet(ctx)
    type_self(ctx, sheet_id, GOOD_SELF)
    ctx.scoring.submit(sheet_id)
    type_member(ctx, sheet_id, "Nguyễn Văn An", ["8", "15", "15", "20", "20", "15"])
    type_member(ctx, sheet_id, "Trần Thị Bình", ["8,5", "15", "15", "20", "20", "15"])
    result = ctx.scoring.sheet(sheet_id).result()
    first = ctx.scoring.sheet(sheet_id).rubric.criteria[0]
    assert result.council_scores[first.id] == 83  # 8.25 -> 8.3
    assert result.total_council == 933 and result.total == 933
    listed = ctx.scoring.list_json()[0]
    assert listed["criteria"][0] == {"code": "1", "max": 15.0, "self": 15.0, "council": 8.3}
    assert listed["total"] == 93.3


def test_every_members_sheet_is_kept(ctx):
    sheet_id = approved_sheet(ctx, council=[GOOD_SELF, GOOD_SELF, ["10"] * 6])
    assert _row(ctx, "SELECT count(*) FROM council_members WHERE sheet_id = ?", sheet_id)[0] == 3
    assert _row(ctx, "SELECT count(*) FROM council_scores WHERE sheet_id = ?", sheet_id)[0] == 18
    members = ctx.scoring.sheet(sheet_id).members
    assert [m.name for m in members] == ["Thành viên 1", "Thành viên 2", "Thành viên 3"]
    assert all(len(m.scores) == 6 for m in members)


def test_the_whole_life_of_a_sheet(ctx):
    seen = []
    ctx.events.subscribe(events.SCORES_CHANGED, lambda name, payload: seen.append(name))
    sheet_id = new_sheet(ctx)
    type_self(ctx, sheet_id, GOOD_SELF)
    ctx.scoring.submit(sheet_id)
    assert ctx.scoring.sheet(sheet_id).submitted_on
    with pytest.raises(ValidationError, match="Bản tự đánh giá đã nộp nên không sửa được"):
        ctx.scoring.save(sheet_id, [CellChange(
            ctx.scoring.sheet(sheet_id).rubric.criteria[0].id, SELF, "10")])
    with pytest.raises(ValidationError, match="lý do"):
        ctx.scoring.send_back(sheet_id, "   ")
    ctx.scoring.send_back(sheet_id, "Thiếu minh chứng tiêu chí 5")
    sheet = ctx.scoring.sheet(sheet_id)
    assert sheet.state == S.RETURNED and sheet.return_reason == "Thiếu minh chứng tiêu chí 5"
    type_self(ctx, sheet_id, ["14"] + GOOD_SELF[1:])  # the registrant may change it again
    ctx.scoring.submit(sheet_id)
    with pytest.raises(ValidationError) as caught:
        ctx.scoring.approve(sheet_id)
    assert "members" in caught.value.fields
    type_member(ctx, sheet_id, "Nguyễn Văn An", GOOD_SELF)
    with pytest.raises(ValidationError) as caught:
        ctx.scoring.approve(sheet_id)
    assert all(key.startswith("passed:") for key in caught.value.fields)
    decide(ctx, sheet_id, ["đạt", "đạt", "đạt"])
    ctx.scoring.approve(sheet_id)
    with pytest.raises(ValidationError, match="đã duyệt"):
        type_self(ctx, sheet_id, GOOD_SELF)
    ctx.scoring.lock(sheet_id)
    sheet = ctx.scoring.sheet(sheet_id)
    assert sheet.state == S.LOCKED and sheet.locked_on and sheet.approved_on
    with pytest.raises(ValidationError, match="đã khóa"):
        type_member(ctx, sheet_id, "Nguyễn Văn An", ["1"] * 6)
    with pytest.raises(DvkError, match="đã khóa"):
        ctx.scoring.send_back(sheet_id, "muộn")
    with pytest.raises(DvkError, match="đã khóa"):
        ctx.scoring.add_member(sheet_id, "Người mới")
    assert len(seen) >= 8


def test_a_correction_is_a_new_edition_and_the_old_one_stays(ctx):
    sheet_id = approved_sheet(ctx)
    with pytest.raises(DvkError, match="Chỉ phiếu đã khóa"):
        ctx.scoring.correct(sheet_id, "sửa")
    ctx.scoring.lock(sheet_id)
    with pytest.raises(ValidationError):
        ctx.scoring.correct(sheet_id, "")
    new_id = ctx.scoring.correct(sheet_id, "Nhập nhầm điểm tiêu chí 2")
    old, new = ctx.scoring.sheet(sheet_id), ctx.scoring.sheet(new_id)
    assert new.edition == 2 and new.supersedes_id == sheet_id and new.state == S.DRAFT
    assert new.correction_reason == "Nhập nhầm điểm tiêu chí 2"
    assert old.state == S.LOCKED and old.superseded_by == new_id and not old.is_current
    assert new.result().total == old.result().total
    assert [m.name for m in new.members] == [m.name for m in old.members]
    second = new.rubric.criteria[1]
    ctx.scoring.save(new_id, [CellChange(second.id, member_column(new.members[0].id), "10")])
    assert ctx.scoring.sheet(sheet_id).members[0].scores[second.id] == 145  # unchanged
    with pytest.raises(ValidationError, match="phiên bản cũ"):
        ctx.scoring.save(sheet_id, [CellChange(second.id, SELF, "1")])
    with pytest.raises(DvkError, match="phiên bản cũ"):
        ctx.scoring.correct(sheet_id, "lần nữa")
    assert [s["id"] for s in ctx.scoring.list_json()] == [new_id]
    both = ctx.scoring.list_json(SheetFilter(include_old=True))
    assert {s["id"] for s in both} == {sheet_id, new_id}
    assert [e.edition for e in ctx.scoring.editions(new_id)] == [1, 2]


def test_a_failed_prerequisite_makes_the_sheet_ineligible(ctx):
    sheet_id = new_sheet(ctx)
    type_self(ctx, sheet_id, ["15", "15", "15", "20", "20", "15"])
    decide(ctx, sheet_id, ["đạt", "đạt", "không đạt"])
    result = ctx.scoring.sheet(sheet_id).result()
    assert result.total == 1000 and result.rating == S.INELIGIBLE
    listed = ctx.scoring.list_json()[0]
    assert listed["rating"] == "khong_du_dk" and listed["rank"] is None
    assert listed["rating_label"] == "Không đủ điều kiện"


def test_double_entry_shows_every_difference_before_approval(ctx):
    sheet_id = new_sheet(ctx)
    type_self(ctx, sheet_id, GOOD_SELF)
    ctx.scoring.submit(sheet_id)
    type_member(ctx, sheet_id, "Nguyễn Văn An", GOOD_SELF)
    decide(ctx, sheet_id, ["đạt", "đạt", "đạt"])
    with pytest.raises(DvkError, match="chưa được nhập lần hai"):
        ctx.scoring.differences(sheet_id)
    check_id = ctx.scoring.start_check(sheet_id)
    assert ctx.scoring.start_check(sheet_id) == check_id
    check = ctx.scoring.sheet(check_id)
    assert check.check_of == sheet_id and [m.name for m in check.members] == ["Nguyễn Văn An"]
    assert ctx.scoring.list_json() and all(s["id"] != check_id for s in ctx.scoring.list_json())
    type_self(ctx, check_id, GOOD_SELF)
    type_member(ctx, check_id, "Nguyễn Văn An", ["15", "14,5", "13", "18", "9", "12,5"])
    decide(ctx, check_id, ["đạt", "đạt", ""])
    differences = ctx.scoring.differences(sheet_id)
    assert [(d.item_code, d.column, d.first, d.second) for d in differences] == [
        ("ĐK3", "passed", "đạt", ""), ("5", "1", "19", "9")]
    with pytest.raises(DvkError, match="2 ô"):
        ctx.scoring.approve(sheet_id)
    with pytest.raises(DvkError, match="nhập thứ hai"):
        ctx.scoring.approve(check_id)
    type_member(ctx, check_id, "Nguyễn Văn An", GOOD_SELF)
    decide(ctx, check_id, ["đạt", "đạt", "đạt"])
    assert ctx.scoring.differences(sheet_id) == []
    ctx.scoring.approve(sheet_id)
    assert ctx.scoring.sheet(check_id).state == S.LOCKED


def test_a_save_over_someone_elses_change_is_refused(ctx):
    sheet_id = new_sheet(ctx)
    opened = ctx.scoring.sheet(sheet_id)
    type_self(ctx, sheet_id, GOOD_SELF)  # another window
    with pytest.raises(DvkError, match="Có người đã sửa"):
        ctx.scoring.save(sheet_id, [CellChange(opened.rubric.criteria[0].id, SELF, "1")],
                         expected_version=opened.version)
    assert ctx.scoring.sheet(sheet_id).line(opened.rubric.criteria[0].id).self_tenths == 150


def test_standings_rank_within_year_level_and_field(ctx):
    top = approved_sheet(ctx, "Mô hình A", council=[["15", "15", "15", "20", "20", "15"]])
    second = approved_sheet(ctx, "Mô hình B", council=[GOOD_SELF])
    tie = approved_sheet(ctx, "Mô hình C", council=[GOOD_SELF])
    low = approved_sheet(ctx, "Mô hình D", council=[["10", "10", "10", "10", "10", "10"]])
    other_field = approved_sheet(ctx, "Mô hình E", council=[["1"] * 6], field=1)
    ranks = {s.sheet_id: s.rank for s in ctx.scoring.standings()}
    assert ranks == {top: 1, second: 2, tie: 2, low: 4, other_field: 1}
    ratings = {s.sheet_id: s.result.rating for s in ctx.scoring.standings()}
    assert ratings[top] == S.TOP and ratings[low] == S.FAIL
    field_two = ctx.scoring.standings(SheetFilter(field=2, year=ctx.scoring.years()[0]))
    assert len(field_two) == 4


def test_members_can_be_removed_and_their_rows_stay(ctx):
    sheet_id = new_sheet(ctx)
    member_id = type_member(ctx, sheet_id, "Nguyễn Văn An", GOOD_SELF)
    type_member(ctx, sheet_id, "Trần Thị Bình", ["10"] * 6)
    ctx.scoring.remove_member(sheet_id, member_id)
    sheet = ctx.scoring.sheet(sheet_id)
    assert [m.name for m in sheet.members] == ["Trần Thị Bình"]
    assert sheet.result().total_council == 600
    assert _row(ctx, "SELECT removed FROM council_members WHERE id = ?", member_id)[0] == 1
    with pytest.raises(ValidationError, match="không còn trong phiếu"):
        ctx.scoring.save(sheet_id, [CellChange(sheet.rubric.criteria[0].id,
                                               member_column(member_id), "5")])
    with pytest.raises(ValidationError):
        ctx.scoring.add_member(sheet_id, "   ")


def test_a_new_sheet_starts_with_the_last_council(ctx):
    first = new_sheet(ctx, "Mô hình A")
    type_member(ctx, first, "Nguyễn Văn An", GOOD_SELF)
    ctx.scoring.add_member(first, "Trần Thị Bình", "Tổ phó")
    second = new_sheet(ctx, "Mô hình B")
    members = ctx.scoring.sheet(second).members
    assert [(m.name, m.role) for m in members] == [("Nguyễn Văn An", ""), ("Trần Thị Bình",
                                                                              "Tổ phó")]
    assert all(not m.scores for m in members)


def test_a_score_for_an_item_of_another_rubric_is_refused(ctx):
    sheet_id = new_sheet(ctx)
    individual = ctx.rubrics.resolve("ca-nhan-2021")
    with pytest.raises(ValidationError, match="không thuộc bộ tiêu chí của phiếu"):
        ctx.scoring.save(sheet_id, [CellChange(individual.criteria[0].id, SELF, "5")])


def test_every_save_says_in_the_audit_log_what_changed(ctx):
    sheet_id = new_sheet(ctx)
    type_self(ctx, sheet_id, GOOD_SELF)
    type_member(ctx, sheet_id, "Nguyễn Văn An", ["9"] * 6)
    details = [r[0] for r in ctx.db.execute(
        "SELECT detail FROM audit_log WHERE action = 'score' AND record_id = ? ORDER BY seq",
        [sheet_id])]
    assert details[0].startswith("1 self=15; 2 self=14,5")
    assert details[1] == "+ Nguyễn Văn An"
    assert details[2].startswith("1 Nguyễn Văn An=9")
    from app.repositories.audit import verify_chain

    assert verify_chain(ctx.db) is None
