"""The recognition services on a commune office: steps, proposals, decisions,
numbering (with two processes racing for a number), replication, review, agenda."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from app.context import AppContext
from app.domain import recognition as R
from app.errors import DvkError, ValidationError
from tests.helpers import collective
from tests.recognition.helpers import approved_model, recognised_model
from tests.scoring.helpers import new_sheet


def _year(ctx, model):
    return ctx.registrations.get(model).year


def test_recognising_needs_an_approved_sheet(ctx):
    unscored = ctx.registrations.save(collective(ctx, "Chưa chấm"))
    with pytest.raises(DvkError, match="phiếu chấm điểm đã duyệt"):
        ctx.recognition.recognise(unscored)
    draft = ctx.scoring.sheet(new_sheet(ctx, "Đang chấm")).registration_id
    with pytest.raises(DvkError, match="phiếu chấm điểm đã duyệt"):
        ctx.recognition.recognise(draft)
    assert ctx.db.execute("SELECT COUNT(*) FROM recognition_steps").fetchone()[0] == 0


def test_steps_record_who_when_why_and_refusal_needs_a_reason(ctx):
    model = approved_model(ctx, "Mô hình A")
    with pytest.raises(ValidationError):
        ctx.recognition.refuse(model, "  ")
    ctx.recognition.refuse(model, "Chưa có minh chứng")
    row = ctx.recognition.model(model)
    assert (row.state.stage, row.state.reason) == (R.REFUSED, "Chưa có minh chứng")
    with pytest.raises(ValidationError):
        ctx.recognition.send_back(model, "")
    ctx.recognition.send_back(model, "Hội đồng xét lại")
    assert ctx.recognition.model(model).state.stage == R.SCORED
    ctx.recognition.recognise(model)
    history = ctx.recognition.history(model)
    assert [h.step for h in history] == ["refuse", "return", "recognise"]
    assert all(h.actor == "test" and h.at and h.origin == "14725" for h in history)


def test_a_proposal_takes_outstanding_models_and_asks_a_reason_for_others(ctx):
    top = recognised_model(ctx, "Mô hình tiêu biểu")
    passed = recognised_model(ctx, "Mô hình đạt", top=False)
    year = _year(ctx, top)
    proposal = ctx.proposals.create(year)
    assert [m["id"] for m in ctx.proposals.as_json(proposal)["models"]] == [top]
    with pytest.raises(ValidationError, match="lý do"):
        ctx.proposals.add(proposal, passed)
    ctx.proposals.add(proposal, passed, "Cách làm sáng tạo")
    number = ctx.proposals.send(proposal)
    assert number == "01-TTr/BCĐ"
    sent = ctx.proposals.as_json(proposal)
    assert sent["state"] == "da_gui" and sent["to_level"] == "tinh"
    assert {m["rating"] for m in sent["models"]} == {"tieu_bieu", "dat"}
    assert ctx.recognition.model(top).state.stage == R.PROPOSED
    with pytest.raises(DvkError):
        ctx.proposals.remove(proposal, top)


def test_decisions_number_and_refuse_empty_lists_and_changes(ctx):
    first = recognised_model(ctx, "Mô hình A")
    second = recognised_model(ctx, "Mô hình B")
    year = _year(ctx, first)
    decision = ctx.decisions.draft(year, [first])
    ctx.decisions.remove(decision, first)
    with pytest.raises(DvkError, match="không có mô hình"):
        ctx.decisions.issue(decision)
    ctx.decisions.add(decision, first)
    assert ctx.decisions.issue(decision) == "01-QĐ/BCĐ"
    other = ctx.decisions.draft(year)
    assert ctx.decisions.issue(other) == "02-QĐ/BCĐ"
    data = ctx.decisions.as_json(decision)
    assert data["models"] == [first] and data["entries"][0]["certificate_number"] == "01/GCN"
    assert ctx.decisions.as_json(other)["entries"][0]["certificate_number"] == "02/GCN"
    assert ctx.recognition.model(second).state.decision.number == "02-QĐ/BCĐ"
    for change in (lambda: ctx.decisions.add(decision, second),
                   lambda: ctx.decisions.remove(decision, first),
                   lambda: ctx.decisions.issue(decision),
                   lambda: ctx.decisions.update_issued("01-QĐ/BCĐ")):
        with pytest.raises(DvkError, match="không thể thay đổi"):
            change()
    with pytest.raises(sqlite3.IntegrityError):  # the database refuses it too
        with ctx.transaction():
            ctx.db.execute("UPDATE decisions SET number = '99' WHERE id = ?", [decision])
    with pytest.raises(DvkError):  # a recognised-and-decided model cannot be sent back
        ctx.recognition.send_back(first, "Nhầm")


def test_a_correction_is_a_new_decision_that_replaces_the_old(ctx):
    model = recognised_model(ctx, "Mô hình A")
    year = _year(ctx, model)
    original = ctx.decisions.draft(year)
    ctx.decisions.issue(original)
    with pytest.raises(ValidationError):
        ctx.decisions.amend("01-QĐ/BCĐ", "")
    correction = ctx.decisions.amend("Số 01-QĐ/BCĐ", "Sai tên mô hình")
    assert ctx.decisions.issue(correction) == "02-QĐ/BCĐ"
    assert ctx.decisions.as_json(original)["amended_by"] == "02-QĐ/BCĐ"
    assert ctx.decisions.as_json(correction)["amends"] == "01-QĐ/BCĐ"
    assert ctx.recognition.model(model).state.decision.number == "02-QĐ/BCĐ"


def test_numbers_are_never_skipped_when_an_issue_fails(ctx, monkeypatch):
    model = recognised_model(ctx, "Mô hình A")
    decision = ctx.decisions.draft(_year(ctx, model))
    from app.repositories.records import RecordWriter

    original = RecordWriter.update

    def failing(self, table, record_id, changes, **kwargs):
        if table == "decisions":
            raise sqlite3.OperationalError("disk I/O error")
        return original(self, table, record_id, changes, **kwargs)

    monkeypatch.setattr(RecordWriter, "update", failing)
    with pytest.raises(DvkError):
        ctx.decisions.issue(decision)
    monkeypatch.setattr(RecordWriter, "update", original)
    assert ctx.db.execute("SELECT COUNT(*) FROM numbering_entries").fetchone()[0] == 0
    assert ctx.decisions.issue(decision) == "01-QĐ/BCĐ"


def test_two_processes_racing_for_the_number_get_consecutive_numbers(ctx, db_path):
    """Two AppContexts on one file issue at the same moment, each in its own thread:
    BEGIN IMMEDIATE hands out 01 and 02, never the same number twice."""
    first = recognised_model(ctx, "Mô hình A")
    second = recognised_model(ctx, "Mô hình B")
    year = _year(ctx, first)
    drafts = [ctx.decisions.draft(year, [first]), ctx.decisions.draft(year, [second])]
    ctx.numbering.ensure_books()
    contexts = [AppContext.open(db_path, actor=f"clerk{i}") for i in range(2)]
    for other in contexts:  # both have everything loaded before the race
        other.printing.office()
    barrier = threading.Barrier(2)
    results: dict[int, str] = {}

    def issue(index: int) -> None:
        barrier.wait()
        results[index] = contexts[index].decisions.issue(drafts[index])

    threads = [threading.Thread(target=issue, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    for other in contexts:
        other.close()
    assert sorted(results.values()) == ["01-QĐ/BCĐ", "02-QĐ/BCĐ"]
    certificates = [r[0] for r in ctx.db.execute(
        "SELECT certificate_number FROM decision_items ORDER BY certificate_number")]
    assert certificates == ["01/GCN", "02/GCN"]


def test_the_same_draft_issued_twice_at_once_is_issued_once(ctx, db_path):
    model = recognised_model(ctx, "Mô hình A")
    draft = ctx.decisions.draft(_year(ctx, model))
    ctx.numbering.ensure_books()
    contexts = [AppContext.open(db_path, actor=f"clerk{i}") for i in range(2)]
    for other in contexts:
        other.printing.office()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def issue(index: int) -> None:
        barrier.wait()
        try:
            outcomes.append(contexts[index].decisions.issue(draft))
        except DvkError as error:
            outcomes.append("refused: " + error.message)

    threads = [threading.Thread(target=issue, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    for other in contexts:
        other.close()
    assert sorted(outcomes)[0] == "01-QĐ/BCĐ"
    assert sorted(outcomes)[1].startswith("refused")
    assert ctx.db.execute("SELECT COUNT(*) FROM numbering_entries WHERE record_kind ="
                          " 'decision'").fetchone()[0] == 1


def test_state_numbering_runs_per_calendar_year(ctx):
    ctx.printing.set_setting("print.system", "state")
    model = recognised_model(ctx, "Mô hình A")
    decision = ctx.decisions.draft(_year(ctx, model))
    assert ctx.decisions.issue(decision) == "01/QĐ-UBND"  # Decree 30/2020: from 01
    book = ctx.numbering.configure("decision", pattern="{n:02d}/QĐ-BCĐ", scope="term",
                                   term="2025-2030")
    assert book.scope == "term" and ctx.numbering.next_preview("decision") == "01/QĐ-BCĐ"
    with pytest.raises(ValidationError):
        ctx.numbering.configure("decision", pattern="QĐ")


def test_proposing_from_the_province_is_refused(tmp_path):
    with AppContext.open(tmp_path / "tinh.sqlite", actor="t") as province:
        province.setup.configure(profile="hai_cap", unit_code="37")
        assert province.recognition.level() == "tinh"
        with pytest.raises(DvkError, match="cao nhất"):
            province.proposals.create(2026, [])


def test_replication_chain_is_visible_from_both_ends(ctx):
    source = recognised_model(ctx, "Mô hình gốc")
    reg = ctx.registrations.replicate(source, _year(ctx, source))
    reg.name = "Mô hình nhân rộng"
    reg.subunit_code = ctx.units.subunits()[1].code
    copy = ctx.registrations.save(reg)
    from_source = ctx.recognition.chain(source)
    from_copy = ctx.recognition.chain(copy)
    assert from_source.root == from_copy.root == source
    assert {m.id for m in from_source.models} == {source, copy}
    assert list(from_copy.ancestors) == [source]
    # A replication counts once its source is recognised by an issued decision (issue
    # 24, point 5): the council's step alone is no recognition yet.
    year = _year(ctx, source)
    assert ctx.recognition.review([year]).totals.replicated == 0
    ctx.decisions.issue(ctx.decisions.draft(year, [source]))
    assert ctx.recognition.review([year]).totals.replicated == 1


def test_the_agenda_counts_the_work(ctx):
    model = approved_model(ctx, "Mô hình A")
    year = _year(ctx, model)
    counts = ctx.agenda.counts(year)
    assert counts["to_recognise"] == 1 and counts["registered"] == 1
    ctx.recognition.recognise(model)
    counts = ctx.agenda.counts(year)
    assert counts["to_issue"] == 1 and counts["eligible"] == 1
    keys = [d["key"] for d in ctx.agenda.as_json(year)["deadlines"]]
    assert keys == ["registration", "proposal", "recognition"]


def test_issuing_is_one_call_that_asks_first_and_says_the_blanks(ctx):
    """DecisionService.issue_form, what the Issue button and `dvk decisions issue` do:
    unconfirmed, the question (the number it would take, the models, the earliest day,
    the blanks) and nothing issued; confirmed with blanks not allowed, the blanks and
    nothing issued; allowed, the number and the blanks it kept (issue 21, point 3)."""
    import datetime as dt

    from app import clock
    from app.services.decisions import BlanksLeft, Issued, ToConfirm

    model = recognised_model(ctx, "Mô hình A")
    draft = ctx.decisions.draft(_year(ctx, model))
    question = ctx.decisions.issue_form(draft)
    assert isinstance(question, ToConfirm)
    assert (question.number, question.models, question.earliest) == ("01-QĐ/BCĐ", 1, None)
    assert any("người ký" in blank for blank in question.blanks)
    assert question.blanks == tuple(ctx.decisions.blanks(draft))
    refused = ctx.decisions.issue_form(draft, confirmed=True)
    assert refused == BlanksLeft(question.blanks)
    assert ctx.decisions.get(draft).state == R.DecisionState.DRAFT
    with pytest.raises(ValidationError):
        ctx.decisions.issue_form(draft, on=clock.today() + dt.timedelta(days=2))
    issued = ctx.decisions.issue_form(draft, confirmed=True, allow_blanks=True)
    assert issued == Issued(draft, "01-QĐ/BCĐ", question.blanks)
    assert ctx.decisions.get(draft).state == R.DecisionState.ISSUED
