"""Background work for handovers, through Django's tasks framework (django-tasks-db in production)."""

from django.tasks import task

from onward.handover import notifications
from onward.handover.models import Handover, Referral


@task
def notify_handover(handover_id, event):
    handover = Handover.objects.select_related("case__person", "case__prison", "jobcentre").get(pk=handover_id)
    return notifications.send(handover, event)


@task
def notify_referral(referral_id, event):
    referral = Referral.objects.select_related("case__person", "case__prison", "receiver").get(pk=referral_id)
    return notifications.send_referral(referral, event)


@task
def notify_breach(handover_id, addresses):
    handover = Handover.objects.select_related("case__person", "case__prison", "jobcentre").get(pk=handover_id)
    return notifications.send_breach(handover, addresses)
