"""What the journey stores: what workers recorded, each prison's own timings,
and the current plan of touchpoints (a derived copy, rebuilt whenever a case
changes, so worklists are one indexed query at national scale)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onward.accounts.constants import Role
from onward.journey.constants import NotDoneReason, Outcome, Stage
from onward.journey.touchpoints import CODES

CODE_CHOICES = [(code, code) for code in CODES]


class PrisonJourneySettings(models.Model):
    """A prison's settings that change the national defaults (until its local agreement is stored)."""

    prison = models.OneToOneField(
        "estate.Organisation", primary_key=True, on_delete=models.CASCADE, related_name="journey_settings"
    )
    starts_uc_claims_in_custody = models.BooleanField(_("starts Universal Credit claims in custody"), default=False)

    class Meta:
        verbose_name = _("prison journey settings")
        verbose_name_plural = _("prison journey settings")

    def __str__(self):
        return str(self.prison)


class LocalTiming(models.Model):
    """A prison's own timing for a touchpoint, where the national agreement leaves it open."""

    class Which(models.TextChoices):
        OPENS = "opens", _("Opens")
        DUE = "due", _("Due")
        # The receiver's deadline, for touchpoints that have one (the warm handover's accept-by).
        ACCEPT_BY = "accept_by", _("Accept by")

    class Anchor(models.TextChoices):
        RECEPTION = "R", _("Reception date (R)")
        DISCHARGE = "D", _("Discharge date (D)")

    prison = models.ForeignKey("estate.Organisation", on_delete=models.CASCADE, related_name="local_timings")
    code = models.CharField(_("touchpoint"), max_length=40, choices=CODE_CHOICES)
    which = models.CharField(max_length=10, choices=Which.choices)
    anchor = models.CharField(max_length=1, choices=Anchor.choices)
    months = models.SmallIntegerField(default=0)
    weeks = models.SmallIntegerField(default=0)
    working_days = models.SmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prison", "code", "which"], name="one_local_timing")]

    def __str__(self):
        return f"{self.prison.code} {self.code} {self.which}"


class TouchpointRecord(models.Model):
    """A worker's record against a touchpoint: done, not applicable or declined. Undo keeps it, marked undone."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="touchpoint_records")
    code = models.CharField(_("touchpoint"), max_length=40, choices=CODE_CHOICES)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    completed_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_by_name = models.CharField(max_length=150, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=40, choices=NotDoneReason.choices, blank=True)
    checklist = models.JSONField(_("checklist"), default=list, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "code"], condition=Q(undone_at__isnull=True), name="one_current_record_per_touchpoint"
            )
        ]
        indexes = [models.Index(fields=["code", "outcome", "completed_on"])]

    def __str__(self):
        return f"{self.code}: {self.outcome} on {self.completed_on}"


class PlannedTouchpoint(models.Model):
    """Where one touchpoint of one case stands: the one derivation, kept for every case.

    Derived, never typed: the journey rebuilds it from the case, the records
    behind touchpoints and what workers recorded, after every change and
    nightly. Worklists read the live cases' plans with one indexed query;
    measures read every case's, history included, so they count exactly
    what the case page shows.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="planned_touchpoints")
    code = models.CharField(max_length=40, choices=CODE_CHOICES)
    stage = models.CharField(max_length=20, choices=Stage.choices)
    owner_role = models.CharField(max_length=40, choices=Role.choices)
    opens_on = models.DateField()
    due_on = models.DateField()
    # Blank until the touchpoint is done (its record says so), or a worker records not applicable or declined.
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    done_on = models.DateField(null=True, blank=True)
    # Custody work left undone after this day is missed (the discharge date); none for the community stage.
    closes_on = models.DateField(null=True, blank=True)
    # The case is live (in custody, or released within the follow-up window): its work can show on worklists.
    live = models.BooleanField(default=True)
    agreement = models.CharField(max_length=20)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "code"], name="one_plan_per_touchpoint")]
        indexes = [
            # Work still to do on live cases: small, whatever the years of history beside it.
            models.Index(
                fields=["owner_role", "due_on"], condition=Q(live=True, outcome=""), name="plan_open_work_due"
            ),
            models.Index(
                fields=["owner_role", "opens_on"], condition=Q(live=True, outcome=""), name="plan_open_work_opens"
            ),
            models.Index(fields=["code", "outcome"], name="plan_code_outcome"),
        ]

    def __str__(self):
        return f"{self.code} due {self.due_on}"


class TimelineEntry(models.Model):
    """Something that happened on a case's journey, in words for the timeline: what moved and why."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="timeline")
    occurred_at = models.DateTimeField(auto_now_add=True)
    happened_on = models.DateField()
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    actor_name = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-happened_on", "-occurred_at", "-id"]

    def __str__(self):
        return self.title


class DigestSent(models.Model):
    """One row per user per day, so the daily digest is sent once however often the command runs."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "sent_on"], name="one_digest_a_day")]

    def __str__(self):
        return f"Digest for user {self.user_id} on {self.sent_on}"
