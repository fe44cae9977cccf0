"""The England and Wales working-day calendar.

Bank holidays come from the maintained `holidays` library (substitute days
included), never from a hand-typed list. Pure functions: no clock, no database.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays

SATURDAY, SUNDAY = 5, 6


@lru_cache(maxsize=256)
def _bank_holidays(year):
    # Wales shares England's bank holidays; "ENG" gives both, with substitute days.
    return holidays.country_holidays("GB", subdiv="ENG", years=year, observed=True)


def bank_holiday_name(day: date) -> str | None:
    return _bank_holidays(day.year).get(day)


def is_bank_holiday(day: date) -> bool:
    return day in _bank_holidays(day.year)


def is_christmas_day(day: date) -> bool:
    return day.month == 12 and day.day == 25


def is_good_friday(day: date) -> bool:
    name = bank_holiday_name(day)
    return bool(name) and "Good Friday" in name


def is_working_day(day: date) -> bool:
    return day.weekday() < SATURDAY and not is_bank_holiday(day)


def is_eligible_working_day(day: date) -> bool:
    """A working day not immediately followed by a non-working day (never a Friday)."""
    return is_working_day(day) and is_working_day(day + timedelta(days=1))


def add_working_days(day: date, count: int) -> date:
    """Move `count` working days forward (or back, if negative) from `day`."""
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day
