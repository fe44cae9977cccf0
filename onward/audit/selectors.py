"""Reading the audit trail. Only administrators may; the read itself is audited."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from onward.audit.models import AuditEvent, AuditEventPerson


def audit_events_visible_to(user):
    # Administrators, and only they, are superusers (accounts.services.user_save makes it so): the audit
    # trail sits below accounts, so it asks Django's own flag rather than the role.
    if not (user.is_authenticated and user.is_active and user.is_superuser):
        raise PermissionDenied
    return AuditEvent.objects.prefetch_related("people")


def audit_event_list(*, user, prison_number="", username="", date_from=None, date_to=None):
    events = audit_events_visible_to(user)
    if prison_number:
        # The person's own records, and every list, search, calendar, inbox or match that showed them.
        number = prison_number.upper()
        shown = AuditEventPerson.objects.filter(prison_number=number).values("event_id")
        events = events.filter(Q(prison_number=number) | Q(pk__in=shown))
    if username:
        events = events.filter(actor_username__iexact=username)
    if date_from:
        events = events.filter(occurred_at__date__gte=date_from)
    if date_to:
        events = events.filter(occurred_at__date__lte=date_to)
    return events
