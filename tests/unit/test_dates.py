import datetime as dt

import pytest

from app.domain.dates import DateError, parse_date


@pytest.mark.parametrize("text", ["30/3/2026", "30/03/2026", "30.03.2026", "30-3-2026",
                                  "2026-03-30", " 30 / 3 / 2026 "])
def test_accepts_the_ways_clerks_write_dates(text):
    assert parse_date(text) == dt.date(2026, 3, 30)


def test_blank_is_no_date():
    assert parse_date("") is None
    assert parse_date("   ") is None


def test_impossible_date_is_explained_in_vietnamese():
    with pytest.raises(DateError) as error:
        parse_date("30/02/2026")
    assert "30/02/2026" in str(error.value)
    assert "không có" in str(error.value).lower()


def test_garbage_and_implausible_years_are_refused():
    with pytest.raises(DateError, match="ngày/tháng/năm"):
        parse_date("ba mươi tháng ba")
    with pytest.raises(DateError, match="1850"):
        parse_date("1/1/1850")
