"""Demo situations every figure must count right (issue 24), made through the real
services so that the statistics, the report, the review, the home screen and the
council's ranking are checked against them (tests/figures):

- at a commune, after its recognition: last year's decision corrected by an amending
  decision that takes one model off the list (the model is then recorded as not
  recognised), and two of this year's models withdrawn after they were scored - one
  with an approved sheet that was ranked, one whose sheet waits for the council;
- at the province: a collective rubric whose council total is the mean of the members'
  totals, used for this year's sheets at the province level, and last year's decision
  corrected by an amending decision that takes one model off the list.

Elsewhere: every commune has a "Thôn Đông" (network.py), a draft sheet carries one
council member's scores (scoring.py), and a model replicates one refused last year
(recognition.py).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from app.context import AppContext
from app.demo.recognition import _decided_day, on
from app.domain.recognition import PROPOSED, DecisionState
from app.domain.scoring import APPROVED, FAIL, MEAN_OF_TOTALS, PASS, SUBMITTED
from app.domain.sheets import SheetFilter

AMEND_REASON = ("Đính chính: mô hình {name} trùng với mô hình đã được công nhận năm trước; "
                "đưa ra khỏi danh sách công nhận.")
AMENDED_OUT = "Trùng với mô hình đã được công nhận năm trước (theo quyết định đính chính)."
LATE_WITHDRAWALS = [
    "Đơn vị xin rút sau khi tổ thẩm định chấm điểm: chưa đủ điều kiện duy trì mô hình.",
    "Cá nhân chuyển công tác ra ngoài địa bàn, xin rút đăng ký.",
]
RUBRIC_NAME = "Bộ tiêu chí chấm điểm mô hình tập thể cấp tỉnh (điểm hội đồng: trung bình tổng)"


def add_commune_situations(ctx: AppContext, today: dt.date, rng: random.Random) -> None:
    _amend_last_year(ctx, today, PASS)
    _withdraw_after_scoring(ctx, today.year)


def _amend_last_year(ctx: AppContext, today: dt.date, rating: str | None) -> None:
    """Correct last year's decision of this office: one model (rated `rating`, not
    proposed further) is taken off the list and then recorded as not recognised."""
    year = today.year - 1
    level = ctx.recognition.level()
    decisions = [d for d in ctx.decisions.listing(year=year, state=DecisionState.ISSUED, level=level)
                 if d.origin == ctx.office_code and not d.amended_by]
    if not decisions:
        return
    decision = decisions[-1]
    rows = {r.id: r for r in ctx.recognition.models(year, level=level)}
    items = ctx.decisions.items(decision.id)
    replicated = {row[0] for row in ctx.db.execute(
        "SELECT replicates_id FROM registrations WHERE replicates_id IS NOT NULL")}
    # A province takes off a model of a commune that keeps another on the list, so every
    # commune still has a model recognised at the province (the list is in commune order).
    communes = {e["id"]: e["commune_code"]
                for e in ctx.decisions.as_json(decision.id)["entries"]}
    shared = Counter(communes.values())
    chosen = next((i for i in items if (row := rows.get(i.registration_id)) is not None
                   and not row.state.proposed_to and row.state.stage != PROPOSED
                   and i.registration_id not in replicated  # its copies stay copies
                   and shared[communes.get(i.registration_id)] > 1
                   and (rating is None or i.rating == rating)), None)
    if chosen is None or len(items) < 2:
        return
    with on(_decided_day(year, 11, 5, today)):
        amendment = ctx.decisions.amend(decision.id, AMEND_REASON.format(
            name=chosen.model_name))
        ctx.decisions.remove(amendment, chosen.registration_id)
        ctx.decisions.issue(amendment)
        ctx.recognition.refuse(chosen.registration_id, AMENDED_OUT)


def _withdraw_after_scoring(ctx: AppContext, year: int) -> None:
    """One model whose approved sheet was ranked (it was not recognised) and one whose
    sheet waits for the council are withdrawn."""
    standings = ctx.scoring.standings(SheetFilter(year=year))
    ranked = next((s for s in standings if s.rank and s.state == APPROVED
                   and s.result.rating == FAIL), None)
    waiting = next((s for s in standings if s.state == SUBMITTED
                    and not ctx.scoring.check_sheet(s.sheet_id)), None)
    for standing, reason in zip((ranked, waiting), LATE_WITHDRAWALS, strict=True):
        if standing is not None:
            ctx.registrations.withdraw(standing.registration_id, reason)


def before_province_scoring(ctx: AppContext, year: int) -> None:
    """The province scores this year's collectives on its own copy of the rubric, whose
    council total is the mean of the members' totals."""
    if ctx.recognition.level() != "tinh":
        return
    default = ctx.rubrics.applicable(year, "tinh", "tap_the")
    if default is None or default.council_total == MEAN_OF_TOTALS:
        return
    copy = ctx.rubrics.copy(default.id, name=RUBRIC_NAME, family="tap-the-tinh")
    rubric = ctx.rubrics.get(copy).to_input()
    rubric.council_total = MEAN_OF_TOTALS
    rubric.note = "Tổng điểm hội đồng là trung bình cộng tổng điểm của các thành viên."
    ctx.rubrics.save(copy, rubric)
    ctx.rubrics.assign(year, "tinh", "tap_the", copy)


def after_province_decisions(ctx: AppContext, today: dt.date) -> None:
    if ctx.recognition.level() == "tinh":
        _amend_last_year(ctx, today, None)
