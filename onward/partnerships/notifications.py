"""Who hears about an escalation to the partnership, and what they are told.

The first contact on the escalation route hears it was raised; the work coach
who raised it hears it was acknowledged or resolved. Messages carry no
person's name or prison number: only the prison, the subject and a link.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from onward.partnerships.constants import EscalationStatus

EVENTS = (EscalationStatus.OPEN, EscalationStatus.ACKNOWLEDGED, EscalationStatus.RESOLVED)


def recipients(escalation, event):
    if event == EscalationStatus.OPEN:
        return [escalation.routed_to_email] if escalation.routed_to_email else []
    if event in (EscalationStatus.ACKNOWLEDGED, EscalationStatus.RESOLVED):
        raiser = escalation.raised_by
        return [raiser.email] if raiser is not None and raiser.is_active and raiser.email else []
    raise ValueError(event)


def send(escalation, event):
    to = recipients(escalation, event)
    if not to:
        return 0
    context = {
        "escalation": escalation,
        "prison": escalation.prison.name,
        "event": event,
        "url": settings.SERVICE_URL.rstrip("/") + reverse("partnerships:escalation", args=[escalation.pk]),
    }
    subject = render_to_string("partnerships/email/escalation_subject.txt", context).strip()
    body = render_to_string("partnerships/email/escalation_body.txt", context)
    return send_mail(subject, body, None, to)
