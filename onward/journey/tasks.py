"""Background work for the journey, through Django's tasks framework."""

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse

from onward.accounts.models import User
from onward.journey.selectors import worklist_counts


@task
def send_worklist_digest(user_id, day_iso):
    """Tell one person what is overdue and due this week: counts and a link, never names."""
    user = User.objects.select_related("organisation").get(pk=user_id)
    counts = worklist_counts(user=user, today=date.fromisoformat(day_iso))
    context = {
        "user": user,
        "overdue": counts["overdue"],
        "due_soon": counts["due-soon"],
        "opening_soon": counts["opening-soon"],
        "url": settings.SERVICE_URL.rstrip("/") + reverse("journey:worklist"),
    }
    subject = render_to_string("journey/email/digest_subject.txt", context).strip()
    body = render_to_string("journey/email/digest_body.txt", context)
    return send_mail(subject, body, None, [user.email])
