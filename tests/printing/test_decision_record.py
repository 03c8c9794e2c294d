"""A decision's papers print from the decision as a typed record
(`DecisionService.record`), not from the command line's JSON (`as_json`), whose keys
are a contract with scripts, not with the printing code (issue 21, point 3)."""

from __future__ import annotations

import dataclasses

import pytest

from app.services.decisions import DecisionRecord, RecognisedItem
from tests.printing import pdfcheck
from tests.recognition.helpers import recognised_model


def test_a_decisions_papers_print_from_its_typed_record(ctx, monkeypatch):
    first = recognised_model(ctx, "Tuyến đường hoa, đường cờ Tổ quốc")
    decision = ctx.decisions.draft(ctx.registrations.get(first).year)
    record = ctx.decisions.record(decision)
    assert isinstance(record, DecisionRecord)
    assert [type(item) for item in record.items] == [RecognisedItem]
    assert record.items[0].name == "Tuyến đường hoa, đường cờ Tổ quốc"
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.number = "1"  # type: ignore[misc]

    def not_the_clis_json(*_args, **_kwargs):
        raise AssertionError("a paper read the command line's JSON")

    monkeypatch.setattr(ctx.decisions, "as_json", not_the_clis_json)
    draft = pdfcheck.page_texts(ctx.printing.render(
        ctx.recognition_papers.decision_document(decision)))
    assert "Tuyến đường hoa, đường cờ Tổ quốc" in " ".join(draft)
    ctx.decisions.issue(decision)
    assert ctx.recognition_papers.certificate_documents(decision)
