from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onward.insights.periods import Month, Quarter, last_complete, parse_period, periods_to

days = st.dates(min_value=date(2001, 1, 1), max_value=date(2099, 12, 31))


def test_a_quarter_knows_its_bounds_label_and_name():
    q3 = Quarter(2026, 3)
    assert (q3.start, q3.end) == (date(2026, 7, 1), date(2026, 9, 30))
    assert q3.label == "July to September 2026"
    assert str(q3) == "2026-Q3"
    assert Quarter(2026, 1).previous() == Quarter(2025, 4)
    assert Quarter(2025, 4).next() == Quarter(2026, 1)
    assert Quarter(2024, 1).end == date(2024, 3, 31)
    assert [str(m) for m in q3.months()] == ["2026-07", "2026-08", "2026-09"]


def test_a_month_knows_its_bounds_label_and_name():
    feb = Month(2024, 2)
    assert (feb.start, feb.end) == (date(2024, 2, 1), date(2024, 2, 29))
    assert feb.label == "February 2024"
    assert str(feb) == "2024-02"
    assert Month(2026, 1).previous() == Month(2025, 12)
    assert Month(2025, 12).next() == Month(2026, 1)
    assert feb.quarter() == Quarter(2024, 1)


@pytest.mark.parametrize("text", ["2026-Q3", " 2026-q3 "])
def test_parse_quarter(text):
    assert Quarter.parse(text) == Quarter(2026, 3)


@pytest.mark.parametrize(
    "text",
    ["", None, "2026", "2026-Q5", "2026-Q0", "26-Q1", "2026Q1", "1999-Q1", "9999-Q1", "２０２６-Q1", "x" * 10000],
)
def test_parse_quarter_refuses_bad_input(text):
    with pytest.raises(ValueError):
        Quarter.parse(text)


@pytest.mark.parametrize("text", ["", None, "2026-13", "2026-00", "2026-7", "July 2026", "2026-07-01", "3000-01"])
def test_parse_month_refuses_bad_input(text):
    with pytest.raises(ValueError):
        Month.parse(text)


def test_parse_period_takes_either():
    assert parse_period("2026-Q3") == Quarter(2026, 3)
    assert parse_period("2026-07") == Month(2026, 7)
    with pytest.raises(ValueError):
        parse_period("next week")


def test_constructing_a_nonsense_period_fails():
    with pytest.raises(ValueError):
        Quarter(2026, 5)
    with pytest.raises(ValueError):
        Month(2026, 13)


@given(days)
def test_every_day_is_in_the_quarter_and_month_containing_it(day):
    quarter, month = Quarter.containing(day), Month.containing(day)
    assert quarter.start <= day <= quarter.end
    assert month.start <= day <= month.end
    assert quarter.previous().end == quarter.start - timedelta(days=1)
    assert month.previous().end == month.start - timedelta(days=1)
    assert Quarter.parse(str(quarter)) == quarter
    assert Month.parse(str(month)) == month


def test_periods_to_lists_newest_first_back_to_the_agreement():

    quarters = periods_to(date(2026, 11, 22), "quarter")
    assert str(quarters[0]) == "2026-Q4" and str(quarters[-1]) == "2023-Q1" and len(quarters) == 16
    months = periods_to(date(2026, 11, 22), "month")
    assert str(months[0]) == "2026-11" and str(months[-1]) == "2023-01" and len(months) == 47
    assert last_complete(date(2026, 11, 22), "quarter") == Quarter(2026, 3)
    assert last_complete(date(2026, 1, 5), "month") == Month(2025, 12)
