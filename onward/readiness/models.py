"""Ready on day one: ID applications, bank applications, the NI number and accommodation on release.

The case keeps the three flags the journey rules read (`has_right_to_work_id`,
`has_bank_account`, `has_ni_number`); the records here are the evidence the
readiness services derive them from.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from onward.readiness.constants import (
    MAX_BANK_NAME_LENGTH,
    AccommodationStatus,
    BankStatus,
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
    updated_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("accommodation on release")

    def __str__(self):
        return self.get_status_display()
