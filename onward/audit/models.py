"""The audit trail: who read or changed what, when, and from which request.

Rows are only ever added. On PostgreSQL and SQLite a database trigger
refuses UPDATE and DELETE (see migrations), so not even a bug or a shell
session can rewrite history.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # Copied, not joined: the trail must still read true after a user changes
    # role or organisation, or is removed.
    actor_username = models.CharField(_("username"), max_length=150, blank=True)
    actor_role = models.CharField(_("role"), max_length=40, blank=True)
    actor_organisation = models.CharField(_("organisation"), max_length=20, blank=True)
    action = models.CharField(_("action"), max_length=60)
    object_type = models.CharField(_("record type"), max_length=60, blank=True)
    object_id = models.CharField(_("record"), max_length=40, blank=True)
    prison_number = models.CharField(_("prison number"), max_length=7, blank=True, db_index=True)
    request_id = models.CharField(_("request"), max_length=64, blank=True)
    changes = models.JSONField(_("what changed"), default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["actor_username", "occurred_at"]),
            models.Index(fields=["object_type", "object_id"]),
        ]
        verbose_name = _("audit event")

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_username or 'system'} {self.action}"


class AuditEventPerson(models.Model):
    """A person a read showed: lists, searches, calendars, inboxes and matches name everyone on the page they
    showed, so "who looked at this person" finds every view that showed them. Append-only, as its event."""

    event = models.ForeignKey(AuditEvent, on_delete=models.PROTECT, related_name="people")
    prison_number = models.CharField(_("prison number"), max_length=7, db_index=True)

    class Meta:
        verbose_name = _("person shown")
        verbose_name_plural = _("people shown")

    def __str__(self):
        return self.prison_number
