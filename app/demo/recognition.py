"""Demo recognition, through the real services, so demo networks show every state.

A commune office (after its scoring): last year's models recognised at its level by a
numbered decision (Party style, "Số 01-QĐ/BCĐ"), the failing ones refused with a
reason, the Tiêu biểu ones proposed to the level above by a sent proposal; this
year, models recognised and decided, one recognised but not decided yet, one scored
and waiting for the council's verdict, one refused, a sent proposal (with a Đạt model
included for a stated reason) and a draft proposal not sent yet; and two of this
year's models replicating a model recognised last year (a chain of replications).

A higher office (`decide_received`, called by the sync step once its children's
bundles are in): it scores the models proposed to it with its own council, recognises
most of them with its own numbered decision and certificate numbers, refuses one with
a reason and leaves one waiting; a district (ba cấp) then proposes its recognised
Tiêu biểu models to the province.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from collections.abc import Iterator

from app import clock
from app.context import AppContext
from app.demo.scoring import _council, _score
from app.domain.recognition import PROPOSED, REFUSED, SCORED
from app.domain.scoring import APPROVED, FAIL, INELIGIBLE, LOCKED, PASS, TOP

REFUSE_REASONS = [
    "Kết quả chưa đạt các chỉ tiêu đã đăng ký; đề nghị tiếp tục duy trì, hoàn thiện để "
    "xét năm sau.",
    "Hồ sơ chưa thể hiện sức lan tỏa, khả năng nhân rộng của mô hình.",
    "Không đủ điều kiện: chưa đăng ký với cơ quan phát động theo quy định.",
]
PASS_REASON = ("Mô hình đạt loại Đạt nhưng có cách làm sáng tạo trong vận động nhân dân "
               "hiến đất; Ban Chỉ đạo đề nghị xem xét.")
HIGHER_REFUSE = ("Hội đồng cấp trên đánh giá mô hình chưa có sức lan tỏa trên địa bàn "
                 "rộng; đề nghị tiếp tục nhân rộng và đề xuất lại năm sau.")


@contextlib.contextmanager
def on(day: dt.date) -> Iterator[None]:
    """Steps taken on a given day (decisions carry the date they were issued)."""
    previous = clock._fixed
    clock.set_fixed(dt.datetime.combine(day, dt.time(8, 30), tzinfo=dt.UTC))
    try:
        yield
    finally:
        clock.set_fixed(previous)


def _decided_day(year: int, month: int, day: int, today: dt.date) -> dt.date:
    return min(dt.date(year, month, day), today)


def add_commune_recognition(ctx: AppContext, today: dt.date, rng: random.Random) -> None:
    last, this = today.year - 1, today.year
    _recognise_year(ctx, last, today, rng, leave_open=False)
    _recognise_year(ctx, this, today, rng, leave_open=True)
    _replicate(ctx, last, this, rng)


def _recognise_year(ctx: AppContext, year: int, today: dt.date, rng: random.Random, *,
                    leave_open: bool) -> None:
    service = ctx.recognition
    level = service.level()
    rows = [r for r in service.models(year, level=level) if r.state.stage == SCORED]
    waiting = None
    if leave_open:  # one scored model waits for the council's verdict
        waiting = next((r.id for r in rows if r.rating == PASS), None)
    with on(_decided_day(year, 9, 12, today)):
        refused = 0
        for row in rows:
            if row.id == waiting:
                continue
            if row.rating in (FAIL, INELIGIBLE):
                service.refuse(row.id, REFUSE_REASONS[refused % len(REFUSE_REASONS)])
                refused += 1
            elif row.rating in (TOP, PASS):
                service.recognise(row.id, "Hội đồng thống nhất công nhận.")
    to_decide = ctx.decisions.to_decide(year)
    if not to_decide:
        return
    held = to_decide[-1].id if leave_open and len(to_decide) > 1 else None
    with on(_decided_day(year, 9, 18, today)):
        decision = ctx.decisions.draft(year, [r.id for r in to_decide if r.id != held])
        ctx.decisions.issue(decision)
    if service.next_level() is None:
        return
    candidates = [r for r in ctx.proposals.candidates(year) if r.id != held]
    top = [r.id for r in candidates if r.rating == TOP]
    extra = next((r.id for r in candidates if r.rating == PASS), None)
    draft_only = top.pop() if leave_open and len(top) > 2 else None
    if not top:
        return
    with on(_decided_day(year, 9, 25, today)):
        chosen = top + ([extra] if extra and leave_open else [])
        proposal = ctx.proposals.create(year, chosen, reasons={extra: PASS_REASON}
                                        if extra else {})
        ctx.proposals.send(proposal)
        if draft_only:
            ctx.proposals.create(year, [draft_only],
                                 note="Bổ sung sau họp Ban Chỉ đạo; chưa trình ký.")


def _replicate(ctx: AppContext, last: int, this: int, rng: random.Random) -> None:
    """Two of this year's models replicate a model recognised last year, by other units;
    one replicates a model refused last year (it is a registration like any other, but
    no replication of a recognised model)."""
    rows = ctx.recognition.models(last)
    source = next((r for r in rows if r.state.recognised), None)
    if source is None:
        return
    refused = next((r for r in rows if r.state.stage == REFUSED and not r.state.recognised),
                   None)
    registrations = ctx.registrations
    source_unit = registrations.get(source.id).subunit_code
    others = [r for r in ctx.recognition.models(this, everything=True)
              if r.mode == "moi" and r.state.stage != "withdrawn" and r.field == source.field
              and r.subject == source.subject
              and registrations.get(r.id).subunit_code != source_unit]
    chosen = rng.sample(others, min(2, len(others)))
    for row in chosen:
        reg = registrations.to_input(row.id)
        reg.mode = "nhan_rong"
        reg.replicates_id = source.id
        registrations.save(reg, row.id)
    if refused is not None:
        other = next((r for r in ctx.recognition.models(this, everything=True)
                      if r.mode == "moi" and r.state.stage != "withdrawn"
                      and r.field == refused.field
                      and r.id not in {c.id for c in chosen}), None)
        if other is not None:
            reg = registrations.to_input(other.id)
            reg.mode = "nhan_rong"
            reg.replicates_id = refused.id
            registrations.save(reg, other.id)


def decide_received(ctx: AppContext, today: dt.date, rng: random.Random) -> None:
    """A higher office scores, recognises and decides on the models proposed to it
    (the province on its own rubric this year, and it corrects last year's decision:
    demo/figures.py)."""
    from app.demo.figures import after_province_decisions, before_province_scoring

    council = _council(rng)
    service = ctx.recognition
    level = service.level()
    # A district decides before the proposals' deadline (01/10), the province after.
    days = {"huyen": ((9, 24), (9, 27), (9, 29))}.get(level, ((10, 6), (10, 10), (10, 12)))
    for year in (today.year - 1, today.year):
        received = [r for r in service.models(year, level=level)
                    if r.state.stage == PROPOSED and r.state.level == level]
        if not received:
            continue
        if year == today.year:
            before_province_scoring(ctx, year)
        keep_waiting = received[-1].id if year == today.year and len(received) > 2 else None
        with on(_decided_day(year, *days[0], today)):
            for index, row in enumerate(received):
                if row.id == keep_waiting:
                    continue
                bucket = "pass" if index % 4 == 3 else "top"
                quality = (bucket, rng.uniform(0.93, 0.99) if bucket == "top"
                           else rng.uniform(0.75, 0.85))
                _score(ctx, row.id, quality, LOCKED if year < today.year else APPROVED,
                       council, rng)
        with on(_decided_day(year, *days[1], today)):
            refused = False
            for row in service.models(year, level=level):
                if row.state.stage != SCORED or row.state.level != level:
                    continue
                if row.rating == TOP:
                    service.recognise(row.id, "Hội đồng cấp trên thống nhất công nhận.")
                elif not refused:
                    service.refuse(row.id, HIGHER_REFUSE)
                    refused = True
            to_decide = ctx.decisions.to_decide(year)
            if to_decide:
                ctx.decisions.issue(ctx.decisions.draft(year, [r.id for r in to_decide]))
        if service.next_level() is not None:
            with on(_decided_day(year, *days[2], today)):
                candidates = [r.id for r in ctx.proposals.candidates(year) if r.rating == TOP]
                if candidates:
                    ctx.proposals.send(ctx.proposals.create(year, candidates))
    after_province_decisions(ctx, today)
