"""Background work for partnerships, through Django's tasks framework."""

from django.tasks import task

from onward.partnerships import notifications
from onward.partnerships.models import PartnershipEscalation


@task
def notify_escalation(escalation_id, event):
    escalation = PartnershipEscalation.objects.select_related("prison", "raised_by").get(pk=escalation_id)
    return notifications.send(escalation, event)
