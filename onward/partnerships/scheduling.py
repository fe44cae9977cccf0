"""Quarterly meetings: which quarter comes next, which were missed, which actions are overdue.

Pure functions over quarters (onward.insights.periods.Quarter) and dates.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from onward.insights.periods import Quarter
from onward.journey.calendar import add_working_days
from onward.partnerships.constants import ActionStatus

# A meeting is suggested at least this many working days ahead, so people can come.
NOTICE_WORKING_DAYS = 10


@dataclass(frozen=True)
class Suggestion:
    quarter: Quarter
    on: date
    why: str


def next_meeting(*, today, quarters_met, first_day=None):
    """The next quarter without a meeting (this one, if it has none), and a day in it with enough notice.

    `quarters_met` are the quarters that already have a meeting held or scheduled.
    """
    quarter = Quarter.containing(max(today, first_day or today))
    while quarter in quarters_met:
        quarter = quarter.next()
    earliest = add_working_days(today, NOTICE_WORKING_DAYS)
    # Mid-quarter by default: the previous quarter's figures are in by then.
    preferred = quarter.start + timedelta(days=44)
    on = max(preferred, earliest)
    if on > quarter.end:
        # Too late in this quarter to give notice: the next one.
        return next_meeting(today=today, quarters_met=set(quarters_met) | {quarter}, first_day=quarter.next().start)
    while on.weekday() >= 5:
        on += timedelta(days=1)
    if on > quarter.end:
        return next_meeting(today=today, quarters_met=set(quarters_met) | {quarter}, first_day=quarter.next().start)
    why = _("%(quarter)s has no meeting yet; %(notice)s working days' notice, mid-quarter where possible.") % {
        "quarter": quarter.label,
        "notice": NOTICE_WORKING_DAYS,
    }
    return Suggestion(quarter, on, why)


def missed_quarters(*, since, today, quarters_held):
    """Whole quarters from `since` until the one before today's with no meeting held."""
    if since is None:
        return []
    quarter, current = Quarter.containing(since), Quarter.containing(today)
    missed = []
    while quarter < current:
        if quarter not in quarters_held:
            missed.append(quarter)
        quarter = quarter.next()
    return missed


def action_overdue(*, status, due_on, today):
    return status == ActionStatus.OPEN and due_on is not None and due_on < today
