"""What partnerships do when a handover's deadline passes (see onward/events.py).

The prison's local agreement names an escalation route; the people on it hear
of every breach, as the agreement says, beside the partnership managers the
handover app tells.
"""

from datetime import date

from django.db import transaction

from onward.handover.models import Handover
from onward.handover.notifications import breach_managers
from onward.handover.tasks import notify_breach
from onward.partnerships.selectors import escalation_route_emails


def escalate_to_the_local_route(event):
    handover = Handover.objects.select_related("case", "jobcentre").get(pk=event.handover_id)
    told = {user.email for user in breach_managers(handover)}
    route = [
        email
        for email in escalation_route_emails(handover.case.prison_id, event.today or date.today())
        if email not in told
    ]
    if route:
        transaction.on_commit(lambda: notify_breach.enqueue(handover.pk, route))
