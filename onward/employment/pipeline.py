"""The rules of an application's life and of the employment checks, as plain data and pure functions.

An application moves along the jobs board's pipeline; the 6-week and 6-month
checks open on the day the journey's touchpoints open (touchpoints.md), and
a job "lasts" when the person is still in work at 6 months.
"""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from onward.employment.constants import IN_WORK_OUTCOMES, ApplicationStatus, CheckPoint

S = ApplicationStatus

# Where an application may go next from each status. Interviews may be skipped (some employers offer from
# the application), and a final status has nowhere to go.
NEXT_STATUSES = {
    S.APPLICATION_MADE: (S.SELECTED_FOR_INTERVIEW, S.INTERVIEW_BOOKED, S.APPLICATION_UNSUCCESSFUL, S.JOB_OFFER),
    S.SELECTED_FOR_INTERVIEW: (
        S.INTERVIEW_BOOKED,
        S.APPLICATION_UNSUCCESSFUL,
        S.UNSUCCESSFUL_AT_INTERVIEW,
        S.JOB_OFFER,
    ),
    S.INTERVIEW_BOOKED: (S.UNSUCCESSFUL_AT_INTERVIEW, S.JOB_OFFER),
    S.APPLICATION_UNSUCCESSFUL: (),
    S.UNSUCCESSFUL_AT_INTERVIEW: (),
    S.JOB_OFFER: (),
}


def next_statuses(status):
    return NEXT_STATUSES.get(status, ())


def transition_problem(current, new):
    """Why an application cannot move from `current` to `new`, or None when it can."""
    if new not in ApplicationStatus.values:
        return _("Choose a status from the list")
    if new in next_statuses(current):
        return None
    if not next_statuses(current):
        return _("This application has ended (%(status)s): nothing follows it") % {
            "status": ApplicationStatus(current).label.lower()
        }
    return _("An application that is %(current)s cannot become %(new)s") % {
        "current": ApplicationStatus(current).label.lower(),
        "new": ApplicationStatus(new).label.lower(),
    }


def check_opens_on(discharge_date, check):
    """The first day a check can be done: 6 weeks or 6 months after the person left (touchpoints.md)."""
    if check == CheckPoint.SIX_WEEKS:
        return discharge_date + timedelta(weeks=6)
    return discharge_date + relativedelta(months=6)


def check_date_problem(*, discharge_date, check, recorded_on, today):
    """Why a check cannot be recorded on `recorded_on`, or None when it can."""
    if discharge_date is None:
        return _("The person has no discharge date, so no check is due")
    if recorded_on > today:
        return _("The date of the check must be today or in the past")
    opens = check_opens_on(discharge_date, check)
    if recorded_on < opens:
        return _("This check can be done from %(day)s (%(check)s)") % {
            "day": date_format(opens, "j F Y"),
            "check": CheckPoint(check).label.lower(),
        }
    return None


def checks_due(*, discharge_date, recorded, today):
    """The checks that are open and not yet recorded, for a person who left on `discharge_date`."""
    if discharge_date is None or discharge_date > today:
        return []
    return [check for check in CheckPoint if check not in recorded and check_opens_on(discharge_date, check) <= today]


def job_lasted(outcomes):
    """Whether the job lasted, from {check: outcome}: True, False, or None when it is too early to say."""
    at_six_months = outcomes.get(CheckPoint.SIX_MONTHS)
    if at_six_months is None:
        return None
    return at_six_months in IN_WORK_OUTCOMES
