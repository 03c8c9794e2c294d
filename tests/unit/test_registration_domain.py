import datetime as dt

import pytest

from app.domain.registration import (
    LONG_TEXT_MAX,
    MilestoneInput,
    PersonInput,
    RegistrationInput,
    TargetInput,
    deadline_warning,
    from_plain,
    parse_target,
    to_plain,
    validate,
)

TODAY = dt.date(2026, 3, 15)


def valid(**changes) -> RegistrationInput:
    reg = RegistrationInput(year=2026, name="Tuyến đường hoa", field=2, subunit_code="X-001",
                            registered_on=TODAY)
    for key, value in changes.items():
        setattr(reg, key, value)
    return reg.cleaned()


def test_a_complete_registration_has_no_errors():
    assert validate(valid(), today=TODAY) == {}


def test_every_problem_is_reported_at_once_with_vietnamese_messages():
    errors = validate(valid(name="  ", field=None, subunit_code=None, registered_on=None),
                      today=TODAY)
    assert set(errors) == {"name", "field", "subunit_code", "registered_on"}
    assert errors["name"] == "Hãy nhập tên mô hình."


def test_individuals_need_a_name_and_a_plausible_birth_year():
    errors = validate(valid(subject="ca_nhan", person=PersonInput(full_name="")), today=TODAY)
    assert "person.full_name" in errors
    errors = validate(valid(subject="ca_nhan", person=PersonInput("Nguyễn Thị Hoa", 2024)),
                      today=TODAY)
    assert "person.birth_year" in errors
    assert validate(valid(subject="ca_nhan", subunit_code=None,
                          person=PersonInput("Nguyễn Thị Hoa", 1975, "nu")), today=TODAY) == {}


def test_a_10_mb_paste_is_caught_not_stored():
    errors = validate(valid(situation="x" * (10 * 1024 * 1024)), today=TODAY)
    assert "situation" in errors and "20.000" in errors["situation"]
    assert len("x" * LONG_TEXT_MAX) == LONG_TEXT_MAX
    assert "situation" not in validate(valid(situation="x" * LONG_TEXT_MAX), today=TODAY)


def test_negative_targets_and_reversed_dates_are_refused():
    errors = validate(valid(targets=[TargetInput("Số hộ", -5, "hộ")],
                            start_date=dt.date(2026, 5, 1), end_date=dt.date(2026, 4, 1)),
                      today=TODAY)
    assert "âm" in errors["targets"]
    assert "end_date" in errors


def test_future_registration_date_and_bad_phone():
    errors = validate(valid(registered_on=TODAY + dt.timedelta(days=1), contact_phone="gọi tôi"),
                      today=TODAY)
    assert set(errors) == {"registered_on", "contact_phone"}


def test_replication_needs_the_replicated_model():
    assert "replicates_id" in validate(valid(mode="nhan_rong"), today=TODAY)


def test_cleaning_drops_blank_table_rows_and_normalises_text():
    reg = valid(targets=[TargetInput("", None, ""), TargetInput(" Số hộ ", 10, "hộ")],
                milestones=[MilestoneInput(None, "  ")], name="Tuye\u0302\u0301n đường")
    assert [t.indicator for t in reg.targets] == ["Số hộ"]
    assert reg.milestones == []
    assert reg.name == "Tuyến đường"


def test_late_registration_is_a_warning_not_an_error():
    deadline = dt.date(2026, 3, 30)
    assert deadline_warning(dt.date(2026, 3, 30), deadline) is None
    warning = deadline_warning(dt.date(2026, 4, 2), deadline)
    assert "30/03/2026" in warning


@pytest.mark.parametrize("text,value", [("1.200", 1200), ("1.200,5", 1200.5), ("2,5", 2.5),
                                         ("2.5", 2.5), ("150.000.000", 150_000_000), ("", None),
                                         ("45", 45)])
def test_numbers_are_read_the_vietnamese_way(text, value):
    assert parse_target(text) == value


def test_text_that_is_not_a_number_is_explained():
    with pytest.raises(ValueError, match="không phải là một số"):
        parse_target("nhiều")


def test_drafts_round_trip_and_survive_damage():
    reg = valid(subject="ca_nhan", person=PersonInput("Lê Văn Nam", 1980, "nam"),
                targets=[TargetInput("Số hộ", 12.5, "hộ")],
                milestones=[MilestoneInput(dt.date(2026, 6, 30), "Sơ kết")])
    assert from_plain(to_plain(reg), year=2000) == reg
    broken = from_plain({"name": 5, "field": "x", "registered_on": "31/02/2026",
                         "targets": [{"target": "nhiều"}, "rác"], "person": "?"}, year=2026)
    assert broken.year == 2026 and broken.field is None and broken.registered_on is None
    assert broken.targets == [TargetInput("", None, "")]
