"""Who hears about a handover step, and what they are told.

Messages carry the least personal data the recipient needs: the receiving
jobcentre gets the prison number (it now sees the case anyway); the
partnership managers get no person at all, only the prison, the jobcentre
and the deadline.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from onward.accounts.constants import Role
from onward.accounts.models import User
from onward.handover.selectors import REFERRAL_RECEIVER_ROLES

EVENTS = ("received", "accepted", "rejected", "breached")


def recipients(handover, event):
    """E-mail addresses for an event: the jobcentre's work coaches, the sender, or the named contacts."""
    if event == "received":
        users = User.objects.filter(role=Role.JOBCENTRE_WORK_COACH, organisation=handover.jobcentre, is_active=True)
    elif event in ("accepted", "rejected"):
        users = User.objects.filter(pk=handover.sent_by_id, is_active=True)
    elif event == "breached":
        # The partnership managers of the prison and of the jobcentre's district. The escalation
        # route the prison's local agreement names hears from the partnerships app, which keeps it.
        users = breach_managers(handover)
    else:
        raise ValueError(event)
    return sorted({user.email for user in users if user.email})


def breach_managers(handover):
    return User.objects.filter(role=Role.PARTNERSHIP_MANAGER, is_active=True).filter(
        organisation__in=[handover.case.prison_id, handover.jobcentre.parent_id]
    )


def send_breach(handover, to):
    """The breach message, for whoever else must hear of it (the local agreement's escalation route)."""
    return _send(handover, "breached", sorted(set(to)))


def send(handover, event):
    """Render the event's message from its templates and send it to everyone who needs it."""
    return _send(handover, event, recipients(handover, event))


def _send(handover, event, to):
    if not to:
        return 0
    context = {
        "handover": handover,
        "prison_number": handover.case.person.prison_number if event != "breached" else "",
        "prison": handover.case.prison.name,
        "jobcentre": handover.jobcentre.name,
        "url": settings.SERVICE_URL.rstrip("/") + reverse("handover:detail", args=[handover.pk])
        if event != "breached"
        else settings.SERVICE_URL.rstrip("/") + reverse("handover:escalations"),
    }
    subject = render_to_string(f"handover/email/{event}_subject.txt", context).strip()
    body = render_to_string(f"handover/email/{event}_body.txt", context)
    return send_mail(subject, body, None, to)


REFERRAL_EVENTS = ("received", "accepted", "rejected")


def referral_recipients(referral, event):
    """The receiving PDU's practitioners or CRS provider's workers, or the work coach who sent it."""
    if event == "received":
        users = User.objects.filter(
            role=REFERRAL_RECEIVER_ROLES[referral.kind], organisation=referral.receiver, is_active=True
        )
    elif event in ("accepted", "rejected"):
        users = User.objects.filter(pk=referral.sent_by_id, is_active=True)
    else:
        raise ValueError(event)
    return sorted({user.email for user in users if user.email})


def send_referral(referral, event):
    to = referral_recipients(referral, event)
    if not to:
        return 0
    context = {
        "referral": referral,
        "prison_number": referral.case.person.prison_number,
        "prison": referral.case.prison.name,
        "receiver": referral.receiver.name,
        "url": settings.SERVICE_URL.rstrip("/") + reverse("handover:referral", args=[referral.pk]),
    }
    subject = render_to_string(f"handover/email/referral_{event}_subject.txt", context).strip()
    body = render_to_string(f"handover/email/referral_{event}_body.txt", context)
    return send_mail(subject, body, None, to)
