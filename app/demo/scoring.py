"""Demo score sheets of a commune office, made through the real services.

Last year's sheets are all approved and locked (one corrected as a second edition);
this year's run through every state: draft (one on which a council member has begun
typing the scores), submitted (one with a second keying that differs in one cell),
returned with a reason, approved, locked, and a locked sheet with a corrected draft
edition. Approved and locked sheets carry three council
members. Model quality is spread so some sheets rate Tiêu biểu, some Đạt and some
Chưa đạt; one fails a prerequisite.
"""

from __future__ import annotations

import random

from app.context import AppContext
from app.demo import content as C
from app.domain.listing import ListQuery
from app.domain.scoring import APPROVED, DRAFT, LOCKED, RETURNED, SUBMITTED, format_score
from app.domain.sheets import EVIDENCE, REMARKS, SELF, VERDICT, Sheet, member_column
from app.services.scoring import CellChange

CORRECTED = "corrected"  # a locked sheet with a corrected draft edition
# The first sheets of this year take these states in turn, so every commune shows all.
THIS_YEAR_CYCLE = [DRAFT, SUBMITTED, RETURNED, APPROVED, LOCKED, CORRECTED, APPROVED]
THIS_YEAR_WEIGHTS = {DRAFT: 15, SUBMITTED: 20, RETURNED: 10, APPROVED: 30, LOCKED: 25}
UNSCORED_SHARE = 0.12  # this year's models not scored yet

COUNCIL_ROLES = [
    "Phó Bí thư Thường trực Đảng ủy - Tổ trưởng tổ thẩm định",
    "Trưởng khối Dân vận - Tổ phó",
    "Chủ tịch Ủy ban MTTQ - Thành viên",
]
RETURN_REASONS = [
    "Thiếu minh chứng cho tiêu chí 5 (bảng so sánh kết quả với chỉ tiêu đã đăng ký); "
    "đề nghị bổ sung.",
    "Điểm tự chấm tiêu chí 4 chưa có căn cứ; đề nghị bổ sung báo cáo thực trạng trước và "
    "sau khi thực hiện.",
    "Chưa có xác nhận của chi bộ và trưởng thôn; đề nghị hoàn thiện hồ sơ rồi nộp lại.",
]
CORRECTION_REASONS = [
    "Đính chính điểm tiêu chí 2 do nhập nhầm từ phiếu giấy của thành viên tổ thẩm định.",
    "Bổ sung điểm của thành viên thứ ba theo biên bản họp tổ thẩm định.",
]
REMARKS_BY_QUALITY = {
    "top": ["Cách làm sáng tạo, hiệu quả rõ rệt, được nhân dân đồng tình cao.",
            "Mô hình tiêu biểu, có khả năng nhân rộng ra toàn xã."],
    "pass": ["Đạt yêu cầu; cần bổ sung số liệu minh chứng cụ thể hơn.",
             "Có kết quả bước đầu; cần duy trì thường xuyên."],
    "fail": ["Kết quả chưa rõ, chưa đạt các chỉ tiêu đã đăng ký.",
             "Sự tham gia của nhân dân còn hạn chế."],
}
EVIDENCE_REFS = [
    "Kế hoạch số {n:02d}-KH/CB ngày {d:02d}/4",
    "Biên bản họp ngày {d:02d}/6",
    "Báo cáo sơ kết 6 tháng",
    "Ảnh hoạt động (kèm hồ sơ)",
    "Danh sách hộ tham gia",
    "Bảng so sánh kết quả với chỉ tiêu đăng ký",
]
INELIGIBLE_REMARK = "Hồ sơ không thể hiện việc đăng ký với cơ quan phát động, triển khai."


def add_score_sheets(ctx: AppContext, today_year: int, rng: random.Random) -> None:
    models = ctx.registrations.list_json(ListQuery(status="da_dang_ky", sort="registered_on",
                                                   descending=False))
    council = _council(rng)
    last_year = [m for m in models if m["year"] < today_year]
    this_year = [m for m in models if m["year"] == today_year]
    for index, model in enumerate(last_year):
        _score(ctx, model["id"], _quality(rng, index), LOCKED, council, rng,
               corrected=index == 1)
    scored = 0
    for model in this_year:
        if scored < len(THIS_YEAR_CYCLE):
            state = THIS_YEAR_CYCLE[scored]
        elif rng.random() < UNSCORED_SHARE:
            continue
        else:
            state = rng.choices(list(THIS_YEAR_WEIGHTS), list(THIS_YEAR_WEIGHTS.values()))[0]
        _score(ctx, model["id"], _quality(rng, scored), LOCKED if state == CORRECTED else state,
               council, rng, corrected=state == CORRECTED, draft_correction=True,
               ineligible=scored == 3, double_entry=scored == 1, council_begun=scored == 0)
        scored += 1


def _council(rng: random.Random) -> list[tuple[str, str]]:
    names: list[tuple[str, str]] = []
    for role in COUNCIL_ROLES:
        female = rng.random() < 0.5
        name = " ".join([rng.choice(C.FAMILY),
                         rng.choice(C.MIDDLE_FEMALE if female else C.MIDDLE_MALE),
                         rng.choice(C.GIVEN_FEMALE if female else C.GIVEN_MALE)])
        names.append((name, role))
    return names


def _quality(rng: random.Random, index: int) -> tuple[str, float]:
    """Outstanding, passing and failing models in turn, with their quality 0..1."""
    bucket = ("top", "pass", "fail", "pass")[index % 4]
    low, high = {"top": (0.92, 0.99), "pass": (0.73, 0.86), "fail": (0.5, 0.66)}[bucket]
    return bucket, rng.uniform(low, high)


def _points(rng: random.Random, max_tenths: int, quality: float) -> str:
    """A score as a clerk types it: whole or half points, sometimes "8,5"."""
    value = max_tenths * min(1.0, max(0.0, quality + rng.uniform(-0.06, 0.06)))
    halves = min(max_tenths // 5, max(0, round(value / 5)))
    whole, half = divmod(halves * 5, 10)
    return f"{whole},5" if half else str(whole)


def _score(ctx: AppContext, registration_id: str, quality: tuple[str, float], state: str,
           council: list[tuple[str, str]], rng: random.Random, *, corrected: bool = False,
           draft_correction: bool = False, ineligible: bool = False,
           double_entry: bool = False, council_begun: bool = False) -> None:
    scoring = ctx.scoring
    bucket, level = quality
    sheet_id = scoring.create(registration_id)
    sheet = scoring.sheet(sheet_id)
    scoring.save(sheet_id, _self_changes(sheet, min(1.0, level + 0.03), rng))
    if state == DRAFT:
        if council_begun:  # one member's paper typed in: still a draft, never ranked
            sheet = _with_members(ctx, sheet_id, council[:1])
            scoring.save(sheet_id, _council_changes(sheet, level, rng, False, False))
        return
    scoring.submit(sheet_id)
    if state == RETURNED:
        scoring.send_back(sheet_id, rng.choice(RETURN_REASONS))
        return
    sheet = _with_members(ctx, sheet_id, council)
    complete = state != SUBMITTED or double_entry
    scoring.save(sheet_id, _council_changes(sheet, level, rng, complete, ineligible),
                 remarks=rng.choice(REMARKS_BY_QUALITY[bucket]) if complete else None)
    if double_entry:
        _second_keying(ctx, sheet_id)
    if state == SUBMITTED:
        return
    scoring.approve(sheet_id)
    if state == APPROVED:
        return
    scoring.lock(sheet_id)
    if corrected:
        new_id = scoring.correct(sheet_id, rng.choice(CORRECTION_REASONS))
        sheet = scoring.sheet(new_id)
        first = sheet.rubric.criteria[1]
        member = sheet.members[0]
        old = member.scores.get(first.id) or 0
        fixed = min(first.max_tenths, old + 10)
        scoring.save(new_id, [CellChange(first.id, member_column(member.id),
                                         format_score(fixed))])
        if not draft_correction:
            scoring.submit(new_id)
            scoring.approve(new_id)
            scoring.lock(new_id)


def _self_changes(sheet: Sheet, quality: float, rng: random.Random) -> list[CellChange]:
    changes = []
    for number, criterion in enumerate(sheet.rubric.criteria):
        changes.append(CellChange(criterion.id, SELF, _points(rng, criterion.max_tenths,
                                                              quality)))
        refs = rng.sample(EVIDENCE_REFS, 2)
        changes.append(CellChange(criterion.id, EVIDENCE, "; ".join(
            ref.format(n=number + 1, d=rng.randint(1, 28)) for ref in refs)))
    return changes


def _with_members(ctx: AppContext, sheet_id: str, council: list[tuple[str, str]]) -> Sheet:
    present = {m.name for m in ctx.scoring.sheet(sheet_id).members}
    for name, role in council:
        if name not in present:
            ctx.scoring.add_member(sheet_id, name, role)
    return ctx.scoring.sheet(sheet_id)


def _council_changes(sheet: Sheet, quality: float, rng: random.Random, complete: bool,
                     ineligible: bool) -> list[CellChange]:
    changes = []
    for member in sheet.members if complete else sheet.members[:1]:
        bias = rng.uniform(-0.04, 0.03)
        for criterion in sheet.rubric.criteria:
            changes.append(CellChange(criterion.id, member_column(member.id),
                                      _points(rng, criterion.max_tenths, quality + bias)))
    if complete:
        for number, item in enumerate(sheet.rubric.prerequisites):
            fails = ineligible and number == len(sheet.rubric.prerequisites) - 1
            changes.append(CellChange(item.id, VERDICT, "không đạt" if fails else "đạt"))
            if fails:
                changes.append(CellChange(item.id, REMARKS, INELIGIBLE_REMARK))
    return changes


def _second_keying(ctx: AppContext, sheet_id: str) -> None:
    """A second clerk re-keys the paper sheet and mistypes one score."""
    scoring = ctx.scoring
    first = scoring.sheet(sheet_id)
    check_id = scoring.start_check(sheet_id)
    check = scoring.sheet(check_id)
    changes = []
    for item in first.rubric.prerequisites:
        passed = first.line(item.id).passed
        changes.append(CellChange(item.id, VERDICT, "" if passed is None else
                                  ("đạt" if passed else "không đạt")))
    for item in first.rubric.criteria:
        changes.append(CellChange(item.id, SELF, format_score(first.line(item.id).self_tenths)))
        for original, copy in zip(first.members, check.members, strict=True):
            changes.append(CellChange(item.id, member_column(copy.id),
                                      format_score(original.scores.get(item.id))))
    typo = next(i for i, c in enumerate(changes) if c.column.startswith("member:"))
    wrong = changes[typo]
    changes[typo] = CellChange(wrong.item_id, wrong.column, "1" if wrong.text != "1" else "2")
    scoring.save(check_id, changes)


def score_as_council(ctx: AppContext, registration_id: str, level: str = "tinh",
                     share: float = 0.95) -> None:
    """A council of three at `level` scores the model at `share` of every criterion's
    maximum and passes its prerequisites, then the sheet is approved: a proposed model
    made ready to recognise (the province's October in bench_october.py and its tests)."""
    sheet_id = ctx.scoring.create(registration_id, level)
    ctx.scoring.submit(sheet_id)
    sheet = ctx.scoring.sheet(sheet_id)
    members = [m.id for m in sheet.members] or [
        ctx.scoring.add_member(sheet_id, f"Ủy viên {n}") for n in (1, 2, 3)]
    changes = [CellChange(c.id, member_column(m),
                          str(round(c.max_tenths * share) / 10).replace(".", ","))
               for m in members for c in sheet.rubric.criteria]
    changes += [CellChange(p.id, VERDICT, "đạt") for p in sheet.rubric.prerequisites]
    ctx.scoring.save(sheet_id, changes)
    ctx.scoring.approve(sheet_id)
