"""Reading the feed: what came from NOMIS for a case, and the inbox for administrators."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404

from onward.accounts.constants import Role
from onward.feed.constants import DATE_FIELDS, NEEDS_A_PERSON, MessageStatus
from onward.feed.models import FedField, FeedMessage


def _typed(name, value):
    if name in DATE_FIELDS and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def fed_provenance(case):
    """{field_name: FedField} for the fields NOMIS has given this case (one query, kept on the case)."""
    cached = getattr(case, "_fed_provenance", None)
    if cached is None:
        cached = {row.field_name: row for row in FedField.objects.filter(case=case)}
        case._fed_provenance = cached
    return cached


def fed_fields(case):
    """{field_name: (value, as_of)}: each field whose value came from NOMIS, as NOMIS gave it, and when."""
    return {name: (_typed(name, row.value), row.as_of) for name, row in fed_provenance(case).items()}


def fed_field_names(case):
    """The fields a form must not let someone overwrite by hand: NOMIS owns them for this case."""
    return frozenset(fed_provenance(case))


def feed_messages_visible_to(user):
    """Only administrators read the feed's inbox (deny by default)."""
    if not (user.is_authenticated and user.is_active and getattr(user, "role", None) == Role.ADMINISTRATOR):
        raise PermissionDenied
    return FeedMessage.objects.all()


def feed_message_list(*, user, status=""):
    messages = feed_messages_visible_to(user).defer("raw", "event")
    messages = messages.filter(status=status) if status else messages.filter(status__in=NEEDS_A_PERSON)
    return messages.order_by("-received_at", "-pk")


def feed_message_get(*, user, message_id):
    try:
        return feed_messages_visible_to(user).get(pk=int(message_id))
    except (FeedMessage.DoesNotExist, ValueError, TypeError, OverflowError) as error:
        raise Http404 from error


def feed_counts(*, user):
    """How many messages are in each state, for the page's tabs."""
    counts = dict(
        feed_messages_visible_to(user)
        .values_list("status")
        .annotate(number=Count("pk"))
        .values_list("status", "number")
    )
    return {status: counts.get(status, 0) for status in MessageStatus.values}
