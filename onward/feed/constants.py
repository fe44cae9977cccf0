"""The feed's vocabulary: HMPPS's event names and reasons, and what became of each message."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# HMPPS's own event names (ministryofjustice/hmpps-domain-events, spec/auto/...).
RECEIVED = "prison-offender-events.prisoner.received"
RELEASED = "prison-offender-events.prisoner.released"
SENTENCE_DATES_CHANGED = "prison-offender-events.prisoner.sentence-dates-changed"
MERGED = "prison-offender-events.prisoner.merged"
RELEASE_DATES_CALCULATED = "calculate-release-dates.prisoner.changed"
HANDLED_EVENT_TYPES = frozenset({RECEIVED, RELEASED, SENTENCE_DATES_CHANGED, MERGED, RELEASE_DATES_CALCULATED})


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    HANDLED = "handled", _("Handled")
    IGNORED = "ignored", _("Ignored")
    SKIPPED = "skipped", _("Skipped")
    MALFORMED = "malformed", _("Set aside")
    RETRY = "retry", _("Kept to try again")
    DEAD = "dead", _("Dead letter")


# Statuses an administrator must see: the feed could not do what the message asked.
NEEDS_A_PERSON = (MessageStatus.DEAD, MessageStatus.SKIPPED, MessageStatus.MALFORMED)
# Statuses an administrator may send back through the handler.
REPLAYABLE = (MessageStatus.DEAD, MessageStatus.SKIPPED)


class SkipReason(models.TextChoices):
    MALFORMED = "malformed", _("Not an event")
    UNKNOWN_EVENT_TYPE = "unknown-event-type", _("Unknown event type")
    UNKNOWN_PRISON = "unknown-prison", _("Prison Onward does not know")
    UNKNOWN_PRISONER = "unknown-prisoner", _("Prisoner Search does not know the prisoner")
    NONSENSE_DATE = "nonsense-date", _("A date that makes no sense")
    UNMAPPABLE = "unmappable", _("NOMIS record Onward cannot follow")
    NO_CASE = "no-case", _("No open case in Onward")
    REFUSED = "refused", _("Onward's rules refused the change")
    OUTAGE = "outage", _("Prisoner Search or HMPPS Auth did not answer")
    WAITING = "waiting", _("Waiting behind an earlier message for the same person")


class Movement(models.TextChoices):
    """What a received or released event means for a custody episode."""

    ADMISSION = "admission", _("Admission")
    RECALL_ADMISSION = "recall-admission", _("Admission on recall")
    TRANSFER = "transfer", _("Transfer")
    RELEASE = "release", _("Release")
    TEMPORARY_ABSENCE = "temporary-absence", _("Temporary absence, or return from one")
    COURT = "court", _("Court, or return from it")
    OTHER = "other", _("Not a movement Onward follows")


class FeedSource(models.TextChoices):
    QUEUE = "queue", _("Queue")
    FILE = "file", _("File")
    RECONCILIATION = "reconciliation", _("Nightly reconciliation")


# Case and person fields NOMIS owns once the feed has written them.
FED_FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "reception_date",
    "legal_status",
    "sentence_date",
    "custodial_term_days",
    "release_date",
    "release_type",
    "indeterminate_sentence",
    "confirmed_discharge_date",
)
# Fed by movements rather than by the Prisoner document.
MOVEMENT_FIELDS = ("prison", "actual_discharge_date")
DATE_FIELDS = frozenset(
    {
        "date_of_birth",
        "reception_date",
        "sentence_date",
        "release_date",
        "confirmed_discharge_date",
        "actual_discharge_date",
        "transfer_date",
    }
)

# SQS refuses a message over 256 KiB, so nothing longer is a queue message.
MAX_MESSAGE_BYTES = 256 * 1024
