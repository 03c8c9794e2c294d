"""The scoring rules without a database or a window."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain import scoring as S
from app.domain.scoring import (
    Criterion,
    ScoreError,
    Thresholds,
    clamp,
    competition_ranks,
    compute_sheet,
    format_score,
    mean_tenths,
    parse_score,
    parse_verdict,
    rate,
    transition,
)


@pytest.mark.parametrize("text, tenths", [
    ("8,5", 85), ("8.5", 85), (" 8 ", 80), ("8,50", 85), ("0", 0), ("15", 150),
    ("0,5", 5), ("14,0", 140), ("", None), ("   ", None), (None, None),
])
def test_parse_score_accepts_comma_point_and_blank(text, tenths):
    assert parse_score(text, 150) == tenths


@pytest.mark.parametrize("text, words", [
    ("16", "15"),          # over the maximum: the message names it
    ("15,5", "15"),
    ("abc", "abc"),
    ("-1", "0"),
    ("8,25", "8,25"),
    ("8,5,5", "8,5,5"),
    ("1e3", "1e3"),
    ("8 điểm", "8 điểm"),
])
def test_parse_score_refuses_with_a_vietnamese_message(text, words):
    with pytest.raises(ScoreError) as caught:
        parse_score(text, 150)
    assert words in str(caught.value)
    assert any(ch in str(caught.value) for ch in "ốảđàạ")  # Vietnamese, not English


def test_over_maximum_message_names_the_maximum():
    with pytest.raises(ScoreError, match="tối đa.*15"):
        parse_score("16", 150)


def test_format_score_uses_the_decimal_comma():
    assert format_score(85) == "8,5"
    assert format_score(90) == "9"
    assert format_score(0) == "0"
    assert format_score(None) == ""
    assert format_score(1005, decimal=".") == "100.5"


@given(st.integers(min_value=0, max_value=1000))
def test_format_then_parse_is_exact(tenths):
    assert parse_score(format_score(tenths), 1000) == tenths


def test_council_mean_rounds_half_up_not_to_even():
    assert mean_tenths([80, 85]) == 83          # 8.25 -> 8.3 (banker's would give 8.2)
    assert round(8.25, 1) == 8.2                # what float rounding would have done
    assert mean_tenths([83, 84]) == 84          # 8.35 -> 8.4
    assert mean_tenths([80, 80, 85]) == 82      # 8.1666 -> 8.2
    assert mean_tenths([80, None, 85]) == 83    # a blank is not counted
    assert mean_tenths([None, None]) is None
    assert S.mean_from_sum(165, 2) == 83
    assert S.mean_from_sum(0, 0) is None


@given(st.lists(st.integers(min_value=0, max_value=250), min_size=1, max_size=9))
def test_council_mean_equals_decimal_round_half_up(values):
    expected = (Decimal(sum(values)) / len(values)).quantize(Decimal(1), ROUND_HALF_UP)
    assert mean_tenths(values) == int(expected)


def test_clamp_keeps_scores_within_zero_and_maximum():
    assert clamp(160, 150) == 150
    assert clamp(-5, 150) == 0
    assert clamp(None, 150) is None


def test_ratings_follow_the_thresholds():
    t = Thresholds(top=900, passing=700)
    assert rate(900, t, prerequisites_failed=False) == S.TOP
    assert rate(899, t, prerequisites_failed=False) == S.PASS
    assert rate(700, t, prerequisites_failed=False) == S.PASS
    assert rate(699, t, prerequisites_failed=False) == S.FAIL
    assert rate(1000, t, prerequisites_failed=True) == S.INELIGIBLE
    assert rate(None, t, prerequisites_failed=False) is None
    assert rate(850, Thresholds(top=850, passing=600), prerequisites_failed=False) == S.TOP
    assert S.rating_label(S.TOP) == "Tiêu biểu"
    assert S.rating_label(S.PASS) == "Đạt"
    assert S.rating_label(S.FAIL) == "Chưa đạt"
    assert S.rating_label(S.INELIGIBLE) == "Không đủ điều kiện"


def test_sheet_totals_use_council_means_once_the_council_scored():
    criteria = [Criterion("a", 150), Criterion("b", 200)]
    result = compute_sheet(criteria, {"a": 150, "b": 190}, {}, [True], Thresholds())
    assert (result.total_self, result.total_council, result.total) == (340, None, 340)
    result = compute_sheet(criteria, {"a": 150, "b": 190},
                           S.council_means(criteria, [{"a": 80, "b": 200}, {"a": 85, "b": 195}]),
                           [True, None], Thresholds(top=300, passing=200))
    assert result.council_scores == {"a": 83, "b": 198}
    assert result.total == 281 and result.rating == S.PASS
    failed = compute_sheet(criteria, {"a": 150, "b": 200}, {}, [True, False], Thresholds())
    assert failed.rating == S.INELIGIBLE and failed.total == 350


def test_sheet_totals_clamp_foreign_data():
    result = compute_sheet([Criterion("a", 150)], {"a": 999}, {"a": -3}, [], Thresholds())
    assert result.total_self == 150 and result.total_council == 0


def test_competition_ranks():
    assert competition_ranks([900, 850, 850, 700, None]) == [1, 2, 2, 4, None]
    assert competition_ranks([]) == []


def test_state_machine():
    assert transition(S.DRAFT, S.SUBMIT) == S.SUBMITTED
    assert transition(S.RETURNED, S.SUBMIT) == S.SUBMITTED
    assert transition(S.SUBMITTED, S.RETURN) == S.RETURNED
    assert transition(S.APPROVED, S.RETURN) == S.RETURNED
    assert transition(S.SUBMITTED, S.APPROVE) == S.APPROVED
    assert transition(S.APPROVED, S.LOCK) == S.LOCKED
    for state, action in [(S.DRAFT, S.APPROVE), (S.DRAFT, S.LOCK), (S.SUBMITTED, S.LOCK),
                          (S.RETURNED, S.APPROVE), (S.LOCKED, S.RETURN),
                          (S.LOCKED, S.SUBMIT)]:
        with pytest.raises(ScoreError):
            transition(state, action)
    with pytest.raises(ScoreError, match="khóa"):
        transition(S.LOCKED, S.RETURN)


def test_what_can_be_typed_in_which_state():
    assert S.self_editable(S.DRAFT) and S.self_editable(S.RETURNED)
    assert not S.self_editable(S.SUBMITTED)
    assert S.council_editable(S.SUBMITTED) and not S.council_editable(S.APPROVED)
    assert S.refusal(S.LOCKED) and S.refusal(S.APPROVED) and S.refusal(S.DRAFT) is None
    assert "khóa" in S.self_refusal(S.LOCKED)
    assert S.self_refusal(S.SUBMITTED)


@pytest.mark.parametrize("text, verdict", [
    ("đạt", True), ("Đạt", True), ("có", True), ("x", True), ("1", True),
    ("không đạt", False), ("Không", False), ("0", False), ("", None), (None, None),
])
def test_parse_verdict(text, verdict):
    assert parse_verdict(text) is verdict


def test_parse_verdict_refuses_other_words():
    with pytest.raises(ScoreError):
        parse_verdict("có lẽ")


def test_compare_keyings_lists_every_difference_in_order():
    cells = [("1", "self"), ("1", "1"), ("2", "self")]
    first = {("1", "self"): "8", ("1", "1"): "9", ("2", "self"): "7,5"}
    second = {("1", "self"): "8", ("1", "1"): "6", ("2", "self"): ""}
    differences = S.compare_keyings(cells, first, second, {"self": "tự chấm"})
    assert [(d.item_code, d.column, d.first, d.second) for d in differences] == [
        ("1", "1", "9", "6"), ("2", "self", "7,5", "")]
