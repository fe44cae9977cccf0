"""The feed's inbox and the provenance of fed fields.

Every queue message or line of a file lands in the inbox before anything
else happens, so a message is never lost and never handled twice: the inbox
is keyed by the message id and by a fingerprint of the event itself (the
same event can be published twice under two message ids).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from onward.feed.constants import FeedSource, MessageStatus, SkipReason


class FeedMessage(models.Model):
    message_id = models.CharField(_("message id"), max_length=200, unique=True)
    fingerprint = models.CharField(_("fingerprint"), max_length=80, unique=True)
    source = models.CharField(_("source"), max_length=20, choices=FeedSource.choices)
    source_detail = models.CharField(_("where it came from"), max_length=300, blank=True)
    # The bytes as received (up to SQS's own limit), so a message set aside can
    # be read exactly as it came, NUL bytes and all.
    raw = models.BinaryField(_("message as received"))
    raw_size = models.PositiveIntegerField(_("size in bytes"))
    event = models.JSONField(_("event"), null=True, blank=True)
    event_type = models.CharField(_("event type"), max_length=120, blank=True)
    prison_number = models.CharField(_("prison number"), max_length=7, blank=True)
    # A merge concerns a second number; the feed holds it back behind that number's messages too.
    other_prison_number = models.CharField(_("other prison number"), max_length=7, blank=True)
    occurred_at = models.DateTimeField(_("occurred at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MessageStatus.choices, default=MessageStatus.PENDING)
    reason = models.CharField(_("reason"), max_length=30, choices=SkipReason.choices, blank=True)
    detail = models.TextField(_("what happened"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("tries"), default=0)
    next_attempt_at = models.DateTimeField(_("next try"), null=True, blank=True)
    duplicates = models.PositiveIntegerField(_("duplicates received"), default=0)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["prison_number", "status"]),
            models.Index(fields=["status", "received_at"]),
        ]
        verbose_name = _("feed message")

    def __str__(self):
        return f"{self.event_type or 'not an event'} {self.prison_number} ({self.status})"


class FedField(models.Model):
    """A case or person field whose value came from NOMIS, and as of when."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="fed_fields")
    field_name = models.CharField(_("field"), max_length=40)
    # As NOMIS gave it, in JSON terms (dates as ISO strings).
    value = models.JSONField(_("value from NOMIS"), null=True)
    as_of = models.DateTimeField(_("as of"))
    source = models.CharField(_("source"), max_length=20, choices=FeedSource.choices)
    message = models.ForeignKey(FeedMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # A value typed by hand that the feed then replaced: kept so the change is never silent.
    replaced_value = models.JSONField(_("value replaced"), null=True, blank=True)
    replaced_at = models.DateTimeField(_("replaced"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "field_name"], name="one_provenance_per_case_field")]
        verbose_name = _("field from NOMIS")

    def __str__(self):
        return f"{self.field_name} of case {self.case_id} as of {self.as_of:%Y-%m-%d}"
