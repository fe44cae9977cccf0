"""Reporting periods: calendar months and quarters, as the board reports them.

Quarters are calendar quarters (January to March is Q1), because the national
agreement runs on calendar years (1 January 2023 to 31 December 2026) and its
board meets quarterly on them. Pure values: no database, no clock.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# Bounds keep parse() from accepting years nobody reports on (and dates that overflow).
MIN_YEAR = 2000
MAX_YEAR = 2100

_QUARTER = re.compile(r"^([0-9]{4})-Q([1-4])$")
_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")


def _check_year(year):
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(_("Year must be between %(low)s and %(high)s") % {"low": MIN_YEAR, "high": MAX_YEAR})


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    def __post_init__(self):
        _check_year(self.year)
        if self.number not in (1, 2, 3, 4):
            raise ValueError(_("A quarter is numbered 1 to 4"))

    kind = "quarter"

    @classmethod
    def containing(cls, day):
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text):
        """'2026-Q3' to Quarter(2026, 3); anything else raises ValueError."""
        match = _QUARTER.match(str(text).strip().upper()) if text is not None else None
        if not match:
            raise ValueError(_("Enter a quarter like 2026-Q3"))
        return cls(int(match.group(1)), int(match.group(2)))

    @property
    def start(self):
        return date(self.year, 3 * (self.number - 1) + 1, 1)

    @property
    def end(self):
        last_month = 3 * self.number
        return date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])

    @property
    def label(self):
        first = MONTH_NAMES[3 * (self.number - 1)]
        last = MONTH_NAMES[3 * self.number - 1]
        return _("%(first)s to %(last)s %(year)s") % {"first": _(first), "last": _(last), "year": self.year}

    def previous(self):
        if self.number == 1:
            return Quarter(self.year - 1, 4)
        return Quarter(self.year, self.number - 1)

    def next(self):
        if self.number == 4:
            return Quarter(self.year + 1, 1)
        return Quarter(self.year, self.number + 1)

    def months(self):
        return [Month(self.year, 3 * (self.number - 1) + offset) for offset in (1, 2, 3)]

    def __str__(self):
        return f"{self.year}-Q{self.number}"


@dataclass(frozen=True, order=True)
class Month:
    year: int
    number: int

    def __post_init__(self):
        _check_year(self.year)
        if not 1 <= self.number <= 12:
            raise ValueError(_("A month is numbered 1 to 12"))

    kind = "month"

    @classmethod
    def containing(cls, day):
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, text):
        """'2026-07' to Month(2026, 7); anything else raises ValueError."""
        match = _MONTH.match(str(text).strip()) if text is not None else None
        if not match:
            raise ValueError(_("Enter a month like 2026-07"))
        return cls(int(match.group(1)), int(match.group(2)))

    @property
    def start(self):
        return date(self.year, self.number, 1)

    @property
    def end(self):
        return date(self.year, self.number, calendar.monthrange(self.year, self.number)[1])

    @property
    def label(self):
        return f"{_(MONTH_NAMES[self.number - 1])} {self.year}"

    def previous(self):
        return Month.containing(self.start - timedelta(days=1))

    def next(self):
        return Month.containing(self.end + timedelta(days=1))

    def quarter(self):
        return Quarter.containing(self.start)

    def __str__(self):
        return f"{self.year}-{self.number:02d}"


def parse_period(text):
    """A quarter ('2026-Q3') or a month ('2026-07'); ValueError otherwise."""
    text = str(text or "").strip()
    if "Q" in text.upper():
        return Quarter.parse(text)
    return Month.parse(text)


# The national agreement started on 1 January 2023: nothing is measured before it.
FIRST_DAY_MEASURED = date(2023, 1, 1)


def periods_to(today, kind, *, since=FIRST_DAY_MEASURED):
    """Every quarter (or month) from `since` up to the one containing `today`, newest first."""
    period_class = Quarter if kind == "quarter" else Month
    period = period_class.containing(today)
    first = period_class.containing(since)
    periods = []
    while period >= first:
        periods.append(period)
        period = period.previous()
    return periods


def last_complete(today, kind):
    """The most recent quarter (or month) that has ended: the default a dashboard opens on."""
    period_class = Quarter if kind == "quarter" else Month
    return period_class.containing(today).previous()
