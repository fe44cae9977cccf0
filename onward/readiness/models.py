"""Ready on day one: ID applications, bank applications, the NI number and accommodation on release.

The case keeps the three flags the journey rules read (`has_right_to_work_id`,
`has_bank_account`, `has_ni_number`); the records here are the evidence the
readiness services derive them from.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onward.readiness.constants import (
    MAX_BANK_NAME_LENGTH,
    MAX_SUPERSEDED_REASON_LENGTH,
    AccommodationStatus,
    BankStatus,
    ClaimPreparation,
    DocumentType,
    IdStatus,
    NiStatus,
)


class IdApplication(models.Model):
    """One application for one ID document, from submission to the document held."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="id_applications")
    document_type = models.CharField(_("document"), max_length=40, choices=DocumentType.choices)
    submitted_on = models.DateField(_("date submitted"))
    cost = models.DecimalField(_("cost"), max_digits=7, decimal_places=2)
    priority = models.BooleanField(_("priority"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=IdStatus.choices, default=IdStatus.PENDING)
    refund = models.DecimalField(_("refund"), max_digits=7, decimal_places=2, null=True, blank=True)
    received_on = models.DateField(_("date received"), null=True, blank=True)
    stored_in_property = models.BooleanField(_("stored in personal property"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    # Bumped on every change, so an edit made on a stale read is refused (onward/concurrency.py).
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["submitted_on", "id"]
        verbose_name = _("ID application")

    def __str__(self):
        return f"{self.get_document_type_display()} ({self.get_status_display()})"

    @property
    def held(self):
        return self.status == IdStatus.ACCEPTED and self.received_on is not None


class BankApplication(models.Model):
    """An application for a basic bank account; a resubmission points at the one it follows."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="bank_applications")
    bank_name = models.CharField(_("bank"), max_length=MAX_BANK_NAME_LENGTH)
    submitted_on = models.DateField(_("date submitted"))
    status = models.CharField(_("status"), max_length=30, choices=BankStatus.choices, default=BankStatus.PENDING)
    response_on = models.DateField(_("date of response"), null=True, blank=True)
    follows = models.OneToOneField(
        "self",
        verbose_name=_("resubmission of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resubmission",
    )
    # Bumped on every change, so an edit made on a stale read is refused (onward/concurrency.py).
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["submitted_on", "id"]
        verbose_name = _("bank application")

    def __str__(self):
        return f"{self.bank_name} ({self.get_status_display()})"


class BankStatusChange(models.Model):
    """Each status a bank application has had, when, and who recorded it."""

    application = models.ForeignKey(BankApplication, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(_("status"), max_length=30, choices=BankStatus.choices)
    changed_on = models.DateField(_("date"))
    changed_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    changed_by_name = models.CharField(_("recorded by"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_on", "id"]
        verbose_name = _("bank status change")

    def __str__(self):
        return f"{self.get_status_display()} on {self.changed_on}"


class NiNumberRecord(models.Model):
    """Where the person's National Insurance number stands; the number itself lives on the person."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="ni_number_record")
    status = models.CharField(_("status"), max_length=20, choices=NiStatus.choices)
    applied_on = models.DateField(_("date applied"), null=True, blank=True)
    received_on = models.DateField(_("date received"), null=True, blank=True)
    # Bumped on every change, so an edit made on a stale read is refused (onward/concurrency.py).
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("National Insurance number record")

    def __str__(self):
        return self.get_status_display()


class AccommodationRecord(models.Model):
    """Where the person will live on release; the release area itself lives on the case."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="accommodation_record")
    status = models.CharField(_("accommodation"), max_length=30, choices=AccommodationStatus.choices)
    # Bumped on every change, so an edit made on a stale read is refused (onward/concurrency.py).
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("accommodation on release")

    def __str__(self):
        return self.get_status_display()


class JobcentreAppointment(models.Model):
    """An appointment at a jobcentre on or after release; a rebooking supersedes it, never deletes it."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="jobcentre_appointments")
    jobcentre = models.ForeignKey(
        "estate.Organisation",
        verbose_name=_("jobcentre"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "jobcentre"},
    )
    appointment_on = models.DateField(_("date of the appointment"))
    appointment_time = models.TimeField(_("time of the appointment"))
    booked_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    booked_by_name = models.CharField(_("booked by"), max_length=200, blank=True)
    booked_at = models.DateTimeField(default=timezone.now)
    superseded_at = models.DateTimeField(_("superseded"), null=True, blank=True)
    superseded_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    superseded_reason = models.CharField(_("why it was rebooked"), max_length=MAX_SUPERSEDED_REASON_LENGTH, blank=True)
    # Versions run on along a case's bookings: superseding one bumps it and the next booking takes the one
    # after, so the ETag of any earlier booking never matches the booking in force (onward/concurrency.py).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["booked_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(superseded_at__isnull=True),
                name="one_current_jobcentre_appointment",
            )
        ]
        verbose_name = _("jobcentre appointment")

    def __str__(self):
        return f"{self.jobcentre} on {self.appointment_on} at {self.appointment_time:%H:%M}"


class UniversalCreditRecord(models.Model):
    """Universal Credit through the sentence: closure on entry, housing costs, the claim and any advance.

    One row per case; every change is in the audit trail with the values before
    and after, and each step completes its touchpoint when its owner records it.
    """

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="universal_credit_record")
    benefit_claim_closed_on = models.DateField(_("benefit claim closed on"), null=True, blank=True)
    housing_costs_continued_on = models.DateField(_("housing costs continuation arranged on"), null=True, blank=True)
    checklist = models.JSONField(_("claim preparation"), default=list, blank=True)
    claim_started_in_custody_on = models.DateField(_("claim started in custody on"), null=True, blank=True)
    claim_made_on = models.DateField(_("claim made on"), null=True, blank=True)
    advance_requested = models.BooleanField(_("advance requested"), null=True, blank=True)
    advance_paid_amount = models.DecimalField(_("advance paid"), max_digits=7, decimal_places=2, null=True, blank=True)
    advance_paid_on = models.DateField(_("advance paid on"), null=True, blank=True)
    # Bumped on every change, so an edit made on a stale read is refused (onward/concurrency.py).
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Universal Credit record")

    def __str__(self):
        return f"Universal Credit for case {self.case_id}"

    @property
    def claim_prepared(self):
        return set(ClaimPreparation.values) <= set(self.checklist or [])

    def get_checklist_display(self):
        return [ClaimPreparation(value).label for value in ClaimPreparation.values if value in (self.checklist or [])]
