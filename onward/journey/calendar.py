"""The England and Wales working-day calendar.

Bank holidays come from the maintained `holidays` library (substitute days
included), never from a hand-typed list. Pure functions: no clock, no database.

The answers are cached: a year's bank holidays are read from the library once
(as a plain mapping of date to name), and whether a day is a working day and
where counting working days lands are remembered by their arguments. The
answers depend on nothing else, so the caches never go stale; tests check them
against the library itself.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays

SATURDAY, SUNDAY = 5, 6
# Enough for every day of several decades, and every (day, count) the catalogue asks for across a caseload.
_DAYS_CACHED = 1 << 16


@lru_cache(maxsize=256)
def _bank_holidays(year):
    """{date: name} of one year's bank holidays, read from the library once."""
    # Wales shares England's bank holidays; "ENG" gives both, with substitute days.
    found = holidays.country_holidays("GB", subdiv="ENG", years=year, observed=True)
    return {day: name for day, name in found.items() if day.year == year}


def bank_holiday_name(day: date) -> str | None:
    return _bank_holidays(day.year).get(day)


def is_bank_holiday(day: date) -> bool:
    return day in _bank_holidays(day.year)


def is_christmas_day(day: date) -> bool:
    return day.month == 12 and day.day == 25


def is_good_friday(day: date) -> bool:
    name = bank_holiday_name(day)
    return bool(name) and "Good Friday" in name


@lru_cache(maxsize=_DAYS_CACHED)
def is_working_day(day: date) -> bool:
    return day.weekday() < SATURDAY and not is_bank_holiday(day)


def is_eligible_working_day(day: date) -> bool:
    """A working day not immediately followed by a non-working day (never a Friday)."""
    return is_working_day(day) and is_working_day(day + timedelta(days=1))


@lru_cache(maxsize=_DAYS_CACHED)
def add_working_days(day: date, count: int) -> date:
    """Move `count` working days forward (or back, if negative) from `day`."""
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day
