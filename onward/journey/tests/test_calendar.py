"""The England and Wales working-day calendar (release-day.md, touchpoints.md "Dates").

Every bank holiday date below was checked against the `holidays` library
(GB, subdivision ENG) rather than assumed.
"""

from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onward.journey.calendar import (
    add_working_days,
    bank_holiday_name,
    is_bank_holiday,
    is_christmas_day,
    is_eligible_working_day,
    is_good_friday,
    is_working_day,
)

# Bank holidays in England and Wales, 2026 and 2027 (gov.uk, and the library agrees).
BANK_HOLIDAYS_2026_2027 = [
    date(2026, 1, 1),  # New Year's Day, Thursday
    date(2026, 4, 3),  # Good Friday
    date(2026, 4, 6),  # Easter Monday
    date(2026, 5, 4),  # Early May bank holiday
    date(2026, 5, 25),  # Spring bank holiday
    date(2026, 8, 31),  # Summer bank holiday
    date(2026, 12, 25),  # Christmas Day, Friday
    date(2026, 12, 28),  # Boxing Day substitute: 26 December 2026 is a Saturday
    date(2027, 1, 1),  # New Year's Day, Friday
    date(2027, 3, 26),  # Good Friday
    date(2027, 3, 29),  # Easter Monday
    date(2027, 5, 3),  # Early May bank holiday
    date(2027, 5, 31),  # Spring bank holiday
    date(2027, 8, 30),  # Summer bank holiday
    date(2027, 12, 27),  # Christmas Day substitute: 25 December 2027 is a Saturday
    date(2027, 12, 28),  # Boxing Day substitute: 26 December 2027 is a Sunday
]


# --- bank holidays ---------------------------------------------------------


@pytest.mark.parametrize("day", BANK_HOLIDAYS_2026_2027, ids=str)
def test_every_weekday_bank_holiday_in_2026_and_2027_is_a_bank_holiday(day):
    assert is_bank_holiday(day)
    assert not is_working_day(day)


def test_weekday_bank_holidays_in_2026_are_exactly_the_gov_uk_list():
    year = [date(2026, 1, 1) + timedelta(days=n) for n in range(365)]
    found = [day for day in year if day.weekday() < 5 and is_bank_holiday(day)]
    assert found == [day for day in BANK_HOLIDAYS_2026_2027 if day.year == 2026]


def test_good_friday_2026_is_3_april_and_is_recognised_by_name():
    assert bank_holiday_name(date(2026, 4, 3)) == "Good Friday"
    assert is_good_friday(date(2026, 4, 3))
    assert not is_good_friday(date(2026, 4, 10))  # the Friday after is an ordinary Friday
    assert not is_good_friday(date(2026, 4, 6))  # Easter Monday is not Good Friday


def test_good_friday_moves_with_easter():
    assert is_good_friday(date(2027, 3, 26))
    assert is_good_friday(date(2029, 3, 30))
    assert not is_good_friday(date(2027, 4, 3))


def test_easter_monday_2026_is_a_bank_holiday():
    assert bank_holiday_name(date(2026, 4, 6)) == "Easter Monday"
    assert not is_working_day(date(2026, 4, 6))


def test_christmas_day_is_a_bank_holiday_whatever_the_weekday():
    assert is_christmas_day(date(2026, 12, 25))
    assert bank_holiday_name(date(2026, 12, 25)) == "Christmas Day"
    assert is_bank_holiday(date(2029, 12, 25))  # a Tuesday
    assert not is_christmas_day(date(2026, 12, 24))
    assert not is_christmas_day(date(2026, 11, 25))


def test_boxing_day_on_a_weekday_is_a_bank_holiday():
    assert date(2029, 12, 26).weekday() == 2  # Wednesday
    assert bank_holiday_name(date(2029, 12, 26)) == "Boxing Day"
    assert not is_working_day(date(2029, 12, 26))


def test_boxing_day_on_saturday_2026_gives_monday_28_december_as_substitute_day():
    assert date(2026, 12, 26).weekday() == 5
    assert is_bank_holiday(date(2026, 12, 28))
    assert "Boxing Day" in bank_holiday_name(date(2026, 12, 28))
    assert not is_working_day(date(2026, 12, 28))
    assert is_working_day(date(2026, 12, 29))


def test_christmas_on_saturday_2027_gives_monday_and_tuesday_substitute_days():
    assert "Christmas Day" in bank_holiday_name(date(2027, 12, 27))
    assert "Boxing Day" in bank_holiday_name(date(2027, 12, 28))
    assert is_working_day(date(2027, 12, 29))


def test_new_years_day_on_saturday_2028_gives_monday_3_january_as_substitute_day():
    assert is_bank_holiday(date(2028, 1, 3))
    assert is_working_day(date(2028, 1, 4))


def test_ordinary_weekdays_are_not_bank_holidays():
    assert bank_holiday_name(date(2026, 11, 18)) is None
    assert not is_bank_holiday(date(2026, 11, 18))
    assert not is_bank_holiday(date(2026, 12, 24))  # Christmas Eve is a working day


def test_scottish_and_northern_irish_only_holidays_are_not_bank_holidays_in_england_and_wales():
    assert not is_bank_holiday(date(2026, 1, 2))  # 2 January (Scotland)
    assert not is_bank_holiday(date(2026, 3, 17))  # St Patrick's Day (Northern Ireland)
    assert not is_bank_holiday(date(2026, 8, 3))  # Summer bank holiday (Scotland)
    assert not is_bank_holiday(date(2026, 11, 30))  # St Andrew's Day (Scotland)


# --- working days ----------------------------------------------------------


def test_monday_to_friday_without_a_bank_holiday_are_working_days():
    assert all(is_working_day(date(2026, 11, d)) for d in range(16, 21))


def test_saturday_and_sunday_are_not_working_days():
    assert not is_working_day(date(2026, 11, 14))
    assert not is_working_day(date(2026, 11, 15))


# --- eligible working days -------------------------------------------------


def test_monday_to_thursday_of_an_ordinary_week_are_eligible_working_days():
    assert all(is_eligible_working_day(date(2026, 11, d)) for d in range(16, 20))


def test_a_friday_is_never_an_eligible_working_day():
    assert is_working_day(date(2026, 11, 20))
    assert not is_eligible_working_day(date(2026, 11, 20))


def test_weekend_days_are_not_eligible_working_days():
    assert not is_eligible_working_day(date(2026, 11, 14))
    assert not is_eligible_working_day(date(2026, 11, 15))


def test_the_working_day_before_a_bank_holiday_is_not_eligible():
    assert not is_eligible_working_day(date(2026, 4, 2))  # Thursday before Good Friday
    assert not is_eligible_working_day(date(2029, 12, 24))  # Monday before Christmas Day on a Tuesday
    assert not is_eligible_working_day(date(2026, 12, 24))  # Thursday before Christmas Day on a Friday
    assert not is_eligible_working_day(date(2026, 12, 31))  # before New Year's Day 2027


def test_substitute_days_are_not_eligible_and_the_working_day_after_them_is():
    assert not is_eligible_working_day(date(2026, 12, 28))  # Boxing Day substitute
    assert is_eligible_working_day(date(2026, 12, 29))
    assert not is_eligible_working_day(date(2027, 12, 27))  # Christmas Day substitute, followed by another
    assert not is_eligible_working_day(date(2027, 12, 28))
    assert is_eligible_working_day(date(2027, 12, 29))


def test_eligibility_looks_across_the_year_end():
    assert not is_eligible_working_day(date(2029, 12, 31))  # Monday before New Year's Day, Tuesday 2030
    assert is_eligible_working_day(date(2030, 1, 2))


def test_a_bank_holiday_is_not_an_eligible_working_day():
    assert not is_eligible_working_day(date(2026, 4, 6))  # Easter Monday, though Tuesday is a working day


def test_the_day_after_easter_monday_is_eligible():
    assert is_eligible_working_day(date(2026, 4, 7))


# --- add_working_days ------------------------------------------------------


def test_adding_zero_working_days_returns_the_same_day():
    assert add_working_days(date(2026, 11, 18), 0) == date(2026, 11, 18)


def test_adding_working_days_within_a_week():
    assert add_working_days(date(2026, 11, 16), 3) == date(2026, 11, 19)


def test_adding_working_days_skips_the_weekend():
    assert add_working_days(date(2026, 11, 20), 1) == date(2026, 11, 23)  # Friday + 1 = Monday
    assert add_working_days(date(2026, 11, 14), 1) == date(2026, 11, 16)  # Saturday + 1 = Monday


def test_five_working_days_from_a_monday_is_the_next_monday():
    # touchpoints.md worked example: R = Monday 2 March 2026, R + 5 wd = Monday 9 March.
    assert add_working_days(date(2026, 3, 2), 5) == date(2026, 3, 9)
    assert add_working_days(date(2026, 3, 2), 10) == date(2026, 3, 16)


def test_adding_working_days_skips_easter():
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)  # Thursday -> Tuesday after Easter Monday


def test_adding_working_days_skips_christmas_and_the_boxing_day_substitute():
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
    assert add_working_days(date(2026, 12, 24), 4) == date(2027, 1, 4)  # 29, 30, 31 Dec, then past New Year


def test_subtracting_working_days_skips_the_weekend():
    assert add_working_days(date(2026, 11, 16), -1) == date(2026, 11, 13)  # Monday - 1 = Friday
    assert add_working_days(date(2026, 11, 15), -1) == date(2026, 11, 13)  # Sunday - 1 = Friday


def test_subtracting_working_days_skips_easter():
    assert add_working_days(date(2026, 4, 7), -1) == date(2026, 4, 2)
    assert add_working_days(date(2026, 4, 7), -2) == date(2026, 4, 1)


def test_subtracting_working_days_skips_christmas_and_new_year():
    assert add_working_days(date(2027, 1, 4), -1) == date(2026, 12, 31)
    assert add_working_days(date(2026, 12, 29), -1) == date(2026, 12, 24)
    assert add_working_days(date(2027, 12, 29), -1) == date(2027, 12, 24)


def test_touchpoint_ten_working_days_before_discharge():
    # D - 10 wd from Wednesday 2 September 2026 crosses the summer bank holiday (31 August).
    assert add_working_days(date(2026, 9, 2), -10) == date(2026, 8, 18)


days = st.dates(min_value=date(2024, 1, 1), max_value=date(2032, 12, 31))


@settings(max_examples=500, deadline=None)
@given(day=days, count=st.integers(min_value=1, max_value=40))
def test_add_working_days_lands_on_a_working_day_with_exactly_count_working_days_crossed(day, count):
    later = add_working_days(day, count)
    assert later > day
    assert is_working_day(later)
    crossed = [day + timedelta(days=n) for n in range(1, (later - day).days + 1)]
    assert sum(is_working_day(d) for d in crossed) == count


@settings(max_examples=500, deadline=None)
@given(day=days, count=st.integers(min_value=1, max_value=40))
def test_add_working_days_backwards_undoes_forwards_from_a_working_day(day, count):
    if not is_working_day(day):
        day = add_working_days(day, 1)
    assert add_working_days(add_working_days(day, count), -count) == day
    assert add_working_days(add_working_days(day, -count), count) == day


@settings(max_examples=500, deadline=None)
@given(day=days)
def test_an_eligible_working_day_is_never_a_friday_nor_before_a_non_working_day(day):
    if is_eligible_working_day(day):
        assert day.weekday() < 4
        assert is_working_day(day)
        assert is_working_day(day + timedelta(days=1))


# --- the caches answer as the library does ---------------------------------
#
# The calendar remembers each year's bank holidays and its working-day answers.
# These reference versions ask the `holidays` library afresh every time.

LIBRARY = holidays.country_holidays("GB", subdiv="ENG", observed=True)
any_day = st.dates(min_value=date(1990, 1, 1), max_value=date(2199, 12, 31))


def uncached_is_working_day(day):
    return day.weekday() < 5 and day not in LIBRARY


def uncached_add_working_days(day, count):
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    while remaining:
        day += timedelta(days=step)
        if uncached_is_working_day(day):
            remaining -= 1
    return day


@settings(max_examples=1000, deadline=None)
@given(day=any_day)
def test_cached_bank_holidays_are_the_librarys(day):
    assert is_bank_holiday(day) == (day in LIBRARY)
    assert bank_holiday_name(day) == LIBRARY.get(day)
    assert is_working_day(day) == uncached_is_working_day(day)


@settings(max_examples=1000, deadline=None)
@given(day=any_day, count=st.integers(min_value=-60, max_value=60))
def test_cached_working_day_arithmetic_equals_counting_afresh(day, count):
    assert add_working_days(day, count) == uncached_add_working_days(day, count)
    # Asked again, the remembered answer is the same.
    assert add_working_days(day, count) == uncached_add_working_days(day, count)


def test_every_bank_holiday_of_a_century_is_known_by_the_cache():
    for year in range(2000, 2100):
        for day, name in holidays.country_holidays("GB", subdiv="ENG", years=year, observed=True).items():
            assert bank_holiday_name(day) == name
