"""Partnership agreements, their meetings and the concerns raised under them.

Agreements are immutable versions (docs/adr/0008): a change is a new version
with its own reason, author and dates, so what was in force on any day can be
shown. A local agreement's row is only its identity (one per prison) and a
note of which version's service levels were last applied to the journey.
Meetings, actions and escalations are working records: they change, and
every change is audited.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from onward.partnerships.constants import (
    MAX_NAME,
    MAX_TEXT,
    ActionStatus,
    AgreementStatus,
    ContactRole,
    EscalationStatus,
    Facility,
    MeetingStatus,
    NationalDecision,
)

USER = settings.AUTH_USER_MODEL


class ImmutableModel(models.Model):
    """Written once by a service; never updated in place."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("_allow_update", False):
            raise ValidationError(_("An agreement version cannot be changed: record a new version instead."))
        super().save(*args, **kwargs)


class NationalAgreementVersion(ImmutableModel):
    number = models.PositiveIntegerField(_("version"), unique=True)
    title = models.CharField(_("title"), max_length=300)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    decision = models.CharField(_("decision"), max_length=20, choices=NationalDecision.choices)
    reason = models.TextField(_("reason"), max_length=MAX_TEXT, blank=True)
    # The touchpoint catalogue this version's obligations point at (onward.journey.touchpoints).
    catalogue = models.CharField(max_length=20)
    recorded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_by_name = models.CharField(max_length=MAX_NAME, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"{self.title} (version {self.number})"


class LocalAgreement(models.Model):
    """One prison's Local Partnership Agreement: the identity its versions hang off."""

    prison = models.OneToOneField(
        "estate.Organisation", on_delete=models.PROTECT, related_name="local_agreement", verbose_name=_("prison")
    )
    # Which version's service levels the journey's LocalTiming rows reflect.
    applied_version = models.ForeignKey(
        "LocalAgreementVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["prison__name"]

    def __str__(self):
        return str(self.prison)


class LocalAgreementVersion(ImmutableModel):
    agreement = models.ForeignKey(LocalAgreement, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    recorded_status = models.CharField(
        _("status"),
        max_length=20,
        choices=[
            (s.value, s.label) for s in (AgreementStatus.DRAFT, AgreementStatus.SIGNED, AgreementStatus.UNDER_REVIEW)
        ],
    )
    jobcentre_district = models.ForeignKey(
        "estate.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("jobcentre district")
    )
    pdus = models.ManyToManyField("estate.Organisation", related_name="+", blank=True)
    crs_providers = models.ManyToManyField("estate.Organisation", related_name="+", blank=True)
    signatories = models.TextField(_("signatories"), max_length=MAX_TEXT, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    effective_from = models.DateField(_("in force from"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    review_on = models.DateField(_("review by"), null=True, blank=True)
    handover_accept_working_days = models.PositiveSmallIntegerField(
        _("jobcentre accepts a warm handover within (working days)"), null=True, blank=True
    )
    change_reason = models.TextField(_("what changed and why"), max_length=MAX_TEXT)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by_name = models.CharField(max_length=MAX_NAME, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreement", "number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="one_local_version_number")]

    def __str__(self):
        return f"{self.agreement} version {self.number}"


class LocalContact(ImmutableModel):
    """A named member of staff in a version: who to call, and their place on the escalation route."""

    version = models.ForeignKey(LocalAgreementVersion, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=MAX_NAME)
    role = models.CharField(_("role"), max_length=40, choices=ContactRole.choices)
    organisation = models.ForeignKey("estate.Organisation", on_delete=models.PROTECT, related_name="+")
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # 1 is asked first; blank is not on the route.
    escalation_order = models.PositiveSmallIntegerField(_("place on the escalation route"), null=True, blank=True)

    class Meta:
        ordering = ["version", models.F("escalation_order").asc(nulls_last=True), "name"]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"


class FacilityEvidence(ImmutableModel):
    """One line of the Prison Work Coach facilities checklist in a version."""

    version = models.ForeignKey(LocalAgreementVersion, on_delete=models.CASCADE, related_name="facilities")
    facility = models.CharField(max_length=30, choices=Facility.choices)
    in_place = models.BooleanField(default=False)
    evidenced_on = models.DateField(null=True, blank=True)
    notes = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "facility"], name="one_facility_line")]

    def __str__(self):
        return self.get_facility_display()


class ServiceLevel(ImmutableModel):
    """A local timing for a touchpoint the national agreement leaves open."""

    version = models.ForeignKey(LocalAgreementVersion, on_delete=models.CASCADE, related_name="service_levels")
    code = models.CharField(max_length=40)
    which = models.CharField(max_length=5)
    anchor = models.CharField(max_length=1)
    months = models.SmallIntegerField(default=0)
    weeks = models.SmallIntegerField(default=0)
    working_days = models.SmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "code", "which"], name="one_service_level")]

    def __str__(self):
        return f"{self.code} {self.which}"


class Meeting(models.Model):
    """A quarterly partnership meeting: a local agreement's, or the national board's (no agreement)."""

    agreement = models.ForeignKey(
        LocalAgreement, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    quarter = models.CharField(_("quarter"), max_length=7)
    scheduled_for = models.DateField(_("date"))
    location = models.CharField(_("where"), max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED)
    attendees = models.TextField(_("attendees"), max_length=MAX_TEXT, blank=True)
    minutes = models.TextField(_("minutes"), max_length=MAX_TEXT * 4, blank=True)
    decisions = models.TextField(_("decisions"), max_length=MAX_TEXT, blank=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped by the service on every change: a form read at an older one is refused (onward.concurrency).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-scheduled_for", "-id"]
        indexes = [models.Index(fields=["agreement", "quarter"])]

    def __str__(self):
        return f"{self.agreement or 'Partnership board'} {self.quarter}"


class MeetingAction(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action"), max_length=500)
    owner = models.CharField(_("owner"), max_length=MAX_NAME)
    due_on = models.DateField(_("due"))
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    closed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self):
        return self.description


class PartnershipEscalation(models.Model):
    """A concern a prison work coach raises under the agreement's "clear escalation processes".

    Distinct from onward.handover.Escalation, which is a breached handover deadline.
    """

    prison = models.ForeignKey("estate.Organisation", on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("what is the concern"), max_length=MAX_TEXT)
    # Optional; only people who may see this case are ever shown it.
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    raised_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    raised_by_name = models.CharField(max_length=MAX_NAME, blank=True)
    raised_at = models.DateTimeField(auto_now_add=True)
    # The first contact on the escalation route when it was raised (a copy: contacts change by version).
    routed_to_name = models.CharField(max_length=MAX_NAME, blank=True)
    routed_to_role = models.CharField(max_length=40, blank=True)
    routed_to_email = models.EmailField(blank=True)
    status = models.CharField(max_length=20, choices=EscalationStatus.choices, default=EscalationStatus.OPEN)

    class Meta:
        ordering = ["-raised_at", "-id"]
        indexes = [models.Index(fields=["prison", "status"])]

    def __str__(self):
        return self.subject


class PartnershipEscalationEvent(models.Model):
    """The escalation's history: raised, acknowledged, resolved, each with who, when and a note."""

    escalation = models.ForeignKey(PartnershipEscalation, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=20, choices=EscalationStatus.choices)
    note = models.TextField(max_length=MAX_TEXT, blank=True)
    by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    by_name = models.CharField(max_length=MAX_NAME, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.escalation_id} {self.status}"
