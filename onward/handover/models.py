"""A warm handover is a two-sided promise: sent with a pack, accepted or
rejected by the receiving jobcentre, then completed or revoked. Referrals to
probation and to CRS providers follow the same closed loop. Every step is
stamped here and audited."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onward.handover.constants import (
    CrsService,
    FlagReason,
    HandoverStatus,
    ReferralKind,
    ReferralRejectReason,
    RejectReason,
)

USER = settings.AUTH_USER_MODEL


class Handover(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="handovers")
    jobcentre = models.ForeignKey("estate.Organisation", on_delete=models.PROTECT, related_name="incoming_handovers")
    status = models.CharField(_("status"), max_length=20, choices=HandoverStatus.choices, default=HandoverStatus.SENT)
    pack = models.JSONField(_("handover pack"), default=dict)
    send_by = models.DateField(_("send by"))
    accept_by = models.DateField(_("accept by"))
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    rejected_at = models.DateTimeField(null=True, blank=True)
    rejected_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reject_reason = models.CharField(max_length=30, choices=RejectReason.choices, blank=True)
    reject_details = models.TextField(blank=True, max_length=2000)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    first_appointment_attended = models.BooleanField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    revoke_reason = models.TextField(blank=True, max_length=2000)
    flagged_reason = models.CharField(max_length=30, choices=FlagReason.choices, blank=True)
    flagged_at = models.DateTimeField(null=True, blank=True)
    # Bumped on every step and every change of deadline or flag, so a step taken on a stale read is refused
    # (onward/concurrency.py).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(status__in=["sent", "accepted"]), name="one_open_handover_per_case"
            )
        ]
        indexes = [models.Index(fields=["jobcentre", "status", "accept_by"])]

    def __str__(self):
        return f"Handover of case {self.case_id} to {self.jobcentre_id}: {self.status}"

    def get_absolute_url(self):
        return reverse("handover:detail", args=[self.pk])

    @property
    def title(self):
        return _("Warm handover to %(jobcentre)s") % {"jobcentre": self.jobcentre.name}


class Escalation(models.Model):
    """A breached handover deadline, raised once, for the prison's named contacts to act on."""

    handover = models.OneToOneField(Handover, on_delete=models.CASCADE, related_name="escalation")
    raised_on = models.DateField()
    reason = models.TextField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-raised_on", "-id"]

    def __str__(self):
        return self.reason


class Referral(models.Model):
    """A referral to the person's probation delivery unit or to a CRS provider.

    The same closed loop as the warm handover: sent with a pack, accepted or
    rejected with a reason, then completed (did the person engage?) or revoked.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="referrals")
    kind = models.CharField(_("referred to"), max_length=20, choices=ReferralKind.choices)
    receiver = models.ForeignKey("estate.Organisation", on_delete=models.PROTECT, related_name="incoming_referrals")
    service = models.CharField(_("service"), max_length=40, choices=CrsService.choices, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=HandoverStatus.choices, default=HandoverStatus.SENT)
    pack = models.JSONField(_("referral pack"), default=dict)
    respond_by = models.DateField(_("respond by"))
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    rejected_at = models.DateTimeField(null=True, blank=True)
    rejected_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reject_reason = models.CharField(max_length=30, choices=ReferralRejectReason.choices, blank=True)
    reject_details = models.TextField(blank=True, max_length=2000)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    engaged = models.BooleanField(_("the person engaged"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    revoke_reason = models.TextField(blank=True, max_length=2000)
    flagged_reason = models.CharField(max_length=30, choices=FlagReason.choices, blank=True)
    flagged_at = models.DateTimeField(null=True, blank=True)
    # Bumped on every step and every change of deadline or flag, so a step taken on a stale read is refused
    # (onward/concurrency.py).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind", "service"],
                condition=Q(status__in=["sent", "accepted"]),
                name="one_open_referral_per_case_and_service",
            )
        ]
        indexes = [models.Index(fields=["receiver", "status", "respond_by"])]

    def __str__(self):
        return f"Referral of case {self.case_id} to {self.receiver_id}: {self.status}"

    def get_absolute_url(self):
        return reverse("handover:referral", args=[self.pk])

    @property
    def title(self):
        if self.kind == ReferralKind.CRS:
            return _("Referral to %(receiver)s for %(service)s") % {
                "receiver": self.receiver.name,
                "service": self.get_service_display().lower(),
            }
        return _("Referral to %(receiver)s") % {"receiver": self.receiver.name}
