"""What handovers and referrals do when the case changes under them (see onward/events.py).

An open handover or referral is never left silently wrong: its deadline
follows the discharge day, and it is flagged so both sides see what needs
action.
"""

from onward.cases.models import Case
from onward.handover.services import handovers_flag, handovers_follow_discharge_day


def follow_the_discharge_day(event):
    case = Case.objects.filter(pk=event.case_id).first()
    if case is not None:
        handovers_follow_discharge_day(case=case, today=event.today)


def flag_transfer(event):
    handovers_flag(case=Case.objects.get(pk=event.case_id), reason="transferred")


def flag_recall(event):
    handovers_flag(case=Case.objects.get(pk=event.case_id), reason="recalled")
