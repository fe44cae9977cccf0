import json

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from onward.audit import services as audit
from onward.feed import consumer, selectors, services
from onward.feed.constants import NEEDS_A_PERSON, REPLAYABLE, MessageStatus
from onward.feed.prisoner_search import PrisonerSearch
from onward.pages.tables import paged

# The tabs, in the order an administrator works through them.
TABS = [
    ("", gettext_lazy("Needs a person")),
    (MessageStatus.DEAD, gettext_lazy("Dead letters")),
    (MessageStatus.SKIPPED, gettext_lazy("Skipped")),
    (MessageStatus.MALFORMED, gettext_lazy("Set aside")),
    (MessageStatus.RETRY, gettext_lazy("Kept to try again")),
]
RAW_SHOWN = 20_000


@login_required
def feed_messages(request):
    """The feed's dead letters and skipped messages, with their reasons, for administrators to act on."""
    counts = selectors.feed_counts(user=request.user)
    status = request.GET.get("status", "")
    if status not in {key for key, _label in TABS}:
        status = ""
    tabs = [
        {
            "href": f"?status={key}" if key else "?",
            "label": label,
            "count": sum(counts[s] for s in NEEDS_A_PERSON) if not key else counts[key],
            "current": key == status,
        }
        for key, label in TABS
    ]
    paging, _query = paged(request, selectors.feed_message_list(user=request.user, status=status), 50)
    shown = list(paging["page"].object_list)
    audit.record(
        actor=request.user,
        action="feed.messages.list",
        changes={"status": status, "page": paging["page"].number},
        people=[message.prison_number for message in shown],
    )
    return render(
        request,
        "feed/messages.html",
        {"tabs": tabs, "status": status, "counts": counts, "replayable": REPLAYABLE, **paging},
    )


def _readable(raw):
    """The bytes as received, with anything unprintable shown as an escape rather than lost."""
    text = bytes(raw[:RAW_SHOWN]).decode("utf-8", "backslashreplace")
    return "".join(ch if ch.isprintable() or ch in "\n\t" else ch.encode("unicode_escape").decode() for ch in text)


@login_required
def feed_message_detail(request, message_id):
    message = selectors.feed_message_get(user=request.user, message_id=message_id)
    audit.record(
        actor=request.user,
        action="feed.message.read",
        subject=message,
        prison_number=message.prison_number,
        people=[message.other_prison_number],
    )
    return render(
        request,
        "feed/message_detail.html",
        {
            "message": message,
            "raw": _readable(message.raw),
            "raw_cut": message.raw_size > RAW_SHOWN,
            "event": json.dumps(message.event, indent=2, ensure_ascii=False) if message.event is not None else "",
            "replayable": message.status in REPLAYABLE,
        },
    )


@login_required
@require_POST
def feed_message_replay(request, message_id):
    """Send a message back through the handler now; what became of it is shown on its page."""
    message = selectors.feed_message_get(user=request.user, message_id=message_id)
    try:
        message = services.message_replay(actor=request.user, message=message)
    except ValidationError:
        # Already handled, or not a kind that can be replayed: its page says which.
        return redirect(reverse("feed:detail", args=[message.pk]))
    with PrisonerSearch.from_settings() as search:
        consumer.messages_handle([message], search=search)
    message.refresh_from_db()
    flash.success(
        request,
        _("Replayed: %(status)s. %(detail)s") % {"status": message.get_status_display(), "detail": message.detail},
    )
    return redirect(reverse("feed:detail", args=[message.pk]))
