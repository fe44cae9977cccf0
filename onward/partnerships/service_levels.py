"""Local service levels: which timings a local agreement may set, and how they are written.

The national agreement fixes some timings ("12 weeks before release"); a
Rule's `When` says so with `fixed=True`. Every other opening or due date in
the catalogue is a national default that a local agreement may replace for
its prison. Timings are written the way the catalogue describes them:
"D - 10 wd", "R + 15 wd", "D - 16 weeks", "D + 6 months 2 weeks".
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from onward.journey.touchpoints import NATIONAL_AGREEMENT_2023, When

# Limits that keep a local timing within a custody episode's sensible reach.
MAX_MONTHS = 24
MAX_WEEKS = 104
MAX_WORKING_DAYS = 260

_PART = re.compile(r"\s*([+-])?\s*(\d+)\s*(months?|weeks?|wd|working days?)\s*,?", re.IGNORECASE)
_ANCHOR = re.compile(r"^\s*([RD])\s*", re.IGNORECASE)


@dataclass(frozen=True)
class OpenTiming:
    code: str
    which: str  # "opens" or "due"
    title: str
    national: When

    @property
    def key(self):
        return f"{self.code}:{self.which}"


def open_timings(catalogue=NATIONAL_AGREEMENT_2023):
    """Every timing the national agreement leaves open, in catalogue order.

    Only reception- and discharge-anchored timings: a local agreement cannot
    move a booked appointment.
    """
    found = []
    for rule in catalogue.rules:
        for which, when in (("opens", rule.opens), ("due", rule.due)):
            if not when.fixed and when.anchor in ("R", "D"):
                found.append(OpenTiming(rule.code, which, str(rule.title), when))
    return found


def timing_is_open(code, which, catalogue=NATIONAL_AGREEMENT_2023):
    return any(t.code == code and t.which == which for t in open_timings(catalogue))


def parse_timing(text):
    """'D - 10 wd' to When('D', working_days=-10); ValueError with a plain message otherwise.

    Each part may carry its own sign ("D + 1 week + 1 wd", as `When.describe` writes it);
    a part without one takes the sign before it.
    """
    problem = _("Write the timing like “D - 10 wd” or “R + 15 wd”: R is reception, D is discharge")
    match = _ANCHOR.match(text or "")
    if not match:
        raise ValueError(problem)
    anchor, position, sign = match.group(1).upper(), match.end(), None
    amounts = {"months": 0, "weeks": 0, "working_days": 0}
    while position < len(text):
        part = _PART.match(text, position)
        if not part or part.end() == position or (sign is None and part.group(1) is None):
            raise ValueError(problem)
        sign = part.group(1) or sign
        unit = part.group(3).lower()
        name = "months" if unit.startswith("month") else "weeks" if unit.startswith("week") else "working_days"
        amounts[name] += (-1 if sign == "-" else 1) * int(part.group(2))
        position = part.end()
    if (
        abs(amounts["months"]) > MAX_MONTHS
        or abs(amounts["weeks"]) > MAX_WEEKS
        or abs(amounts["working_days"]) > MAX_WORKING_DAYS
    ):
        raise ValueError(_("That timing is too far from the date it counts from"))
    return When(anchor, **amounts)


def describe_timing(anchor, months=0, weeks=0, working_days=0):
    return When(anchor, months=months, weeks=weeks, working_days=working_days).describe()
