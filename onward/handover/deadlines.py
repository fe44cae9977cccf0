"""When a warm handover is due (touchpoints.md: send by D, accept by D + 2 working days).

Pure functions: the dates and any local agreement's own figure in, dates out.
"""

from dataclasses import dataclass
from datetime import date

from onward.journey.calendar import add_working_days

ACCEPT_WITHIN_WORKING_DAYS = 2


@dataclass(frozen=True)
class HandoverDeadlines:
    send_by: date
    accept_by: date


def handover_deadlines(discharge_date, *, accept_within_working_days=ACCEPT_WITHIN_WORKING_DAYS):
    return HandoverDeadlines(
        send_by=discharge_date,
        accept_by=add_working_days(discharge_date, accept_within_working_days),
    )


def acceptance_is_late(*, accept_by, accepted_on=None, today):
    """Late when accepted after the deadline, or not accepted and the deadline has passed."""
    if accepted_on is not None:
        return accepted_on > accept_by
    return today > accept_by


# Not set by the national agreement: Onward's default, so a referral's silence
# is noticed within a working week, and before the person walks out.
RESPOND_WITHIN_WORKING_DAYS = 5


def referral_respond_by(*, sent_on, discharge_date, respond_within_working_days=RESPOND_WITHIN_WORKING_DAYS):
    """A referral is answered within a working week of being sent, and by release day if that comes first."""
    respond_by = add_working_days(sent_on, respond_within_working_days)
    if discharge_date and sent_on <= discharge_date < respond_by:
        return discharge_date
    return respond_by
