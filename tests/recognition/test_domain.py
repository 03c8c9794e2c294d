"""Recognition rules without Qt or a database: levels per profile, the derived state."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain import recognition as R


def test_levels_of_the_two_profiles():
    assert R.recognition_levels("hai_cap") == ["xa", "tinh"]
    assert R.recognition_levels("ba_cap") == ["coso", "huyen", "tinh"]
    assert R.office_recognition_level("hai_cap", "xa") == "xa"
    assert R.office_recognition_level("hai_cap", "tinh") == "tinh"
    assert R.office_recognition_level("hai_cap", "huyen") is None
    assert R.office_recognition_level("ba_cap", "xa") == "coso"
    assert R.office_recognition_level("ba_cap", "huyen") == "huyen"
    assert R.next_level("hai_cap", "xa") == "tinh"
    assert R.next_level("ba_cap", "coso") == "huyen"
    assert R.next_level("ba_cap", "tinh") is None


def test_proposing_past_a_level_the_profile_does_not_have_is_refused():
    assert R.check_proposal_levels("hai_cap", "xa", None) == "tinh"
    with pytest.raises(R.RecognitionError, match="cao nhất"):
        R.check_proposal_levels("hai_cap", "tinh", None)
    with pytest.raises(R.RecognitionError, match="huyen"):
        R.check_proposal_levels("hai_cap", "xa", "huyen")
    with pytest.raises(R.RecognitionError):
        R.check_proposal_levels("ba_cap", "coso", "tinh")  # skips the district


def _state(steps=(), sheets=None, decided=None, profile="hai_cap"):
    return R.derive_state(profile=profile, withdrawn=False, started=True,
                          sheets=sheets or {}, steps=list(steps), decided=decided or {})


def test_state_follows_sheet_and_steps():
    assert _state().stage == R.IN_PROGRESS
    assert _state(sheets={"coso": "da_nop"}).stage == R.SELF_ASSESSED
    scored = _state(sheets={"coso": "da_duyet"})
    assert (scored.stage, scored.level) == (R.SCORED, "xa")
    step = R.Step("xa", R.RECOGNISE, "2026-09-01T00:00:00.000Z", 1)
    assert _state([step], {"coso": "khoa"}).stage == R.RECOGNISED
    refused = _state([R.Step("xa", R.REFUSE, "2026-09-01", 1, reason="Chưa đạt")])
    assert (refused.stage, refused.reason) == (R.REFUSED, "Chưa đạt")


def test_a_proposal_then_the_higher_level_then_a_return():
    steps = [R.Step("xa", R.RECOGNISE, "2026-09-01", 1),
             R.Step("xa", R.PROPOSE, "2026-09-02", 2, to_level="tinh")]
    proposed = _state(steps, {"coso": "khoa"})
    assert (proposed.stage, proposed.level) == (R.PROPOSED, "tinh")
    scored = _state(steps, {"coso": "khoa", "tinh": "da_duyet"})
    assert (scored.stage, scored.level) == (R.SCORED, "tinh")
    up = _state(steps + [R.Step("tinh", R.RECOGNISE, "2026-10-01", 3)],
                {"coso": "khoa", "tinh": "da_duyet"})
    assert (up.stage, up.level) == (R.RECOGNISED, "tinh")
    back = _state(steps + [R.Step("tinh", R.RETURN, "2026-10-01", 3, reason="Thiếu hồ sơ")],
                  {"coso": "khoa", "tinh": "da_duyet"})
    assert (back.stage, back.level) == (R.RECOGNISED, "xa")  # back at the commune


def test_a_decision_from_above_shows_at_the_commune_without_its_steps():
    decided = {"xa": R.Decided("xa", "01-QĐ/BCĐ", "2026-09-18"),
               "tinh": R.Decided("tinh", "02-QĐ/BCĐ", "2026-10-10")}
    state = _state([R.Step("xa", R.RECOGNISE, "2026-09-01", 1)], {"coso": "khoa"}, decided)
    assert (state.stage, state.level, state.decision.number) == (R.RECOGNISED, "tinh",
                                                                 "02-QĐ/BCĐ")
    assert set(state.recognised) == {"xa", "tinh"}


def test_three_tiers_walk_through_the_district():
    steps = [R.Step("coso", R.RECOGNISE, "a", 1),
             R.Step("coso", R.PROPOSE, "b", 2, to_level="huyen"),
             R.Step("huyen", R.RECOGNISE, "c", 3),
             R.Step("huyen", R.PROPOSE, "d", 4, to_level="tinh")]
    state = _state(steps, {"coso": "khoa", "huyen": "khoa"}, profile="ba_cap")
    assert (state.stage, state.level) == (R.PROPOSED, "tinh")


def test_numbering_patterns_and_scopes():
    assert R.format_number(R.check_pattern("{n:02d}-QĐ/BCĐ"), 5) == "05-QĐ/BCĐ"
    assert R.format_number(R.check_pattern("{n}/QĐ-UBND"), 15) == "15/QĐ-UBND"
    for bad in ("QĐ/BCĐ", "{n}-{n}", "{x}/QĐ", "{n:s}"):
        with pytest.raises(R.RecognitionError):
            R.check_pattern(bad)
    day = dt.date(2026, 10, 5)
    assert R.scope_key("term", "2025-2030", day) == "2025-2030"
    assert R.scope_key("year", "", day) == "2026"
    assert R.party_term(dt.date(2026, 1, 1)) == "2025-2030"
    assert R.party_term(dt.date(2031, 1, 1)) == "2030-2035"
    assert R.number_key("Số 05-QĐ/BCĐ") == R.number_key("05-qđ/bcđ")
    assert R.number_key("Số: 15/QĐ-UBND") == R.number_key("15/QĐ-UBND")
