"""People and their custody episodes (cases).

A person keeps one prison number across every time they are in custody; each
custody episode is a case. Release days are derived by the journey rules and
stored, so worklists can filter on them with an index.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onward.cases.constants import MAX_NAME_LENGTH, CaseStatus, LegalStatus, ReleaseType
from onward.cases.validators import validate_ni_number, validate_prison_number


class Person(models.Model):
    prison_number = models.CharField(_("prison number"), max_length=7, unique=True, validators=[validate_prison_number])
    given_name = models.CharField(_("given name"), max_length=MAX_NAME_LENGTH)
    family_name = models.CharField(_("family name"), max_length=MAX_NAME_LENGTH)
    date_of_birth = models.DateField(_("date of birth"))
    ni_number = models.CharField(
        _("National Insurance number"), max_length=9, blank=True, validators=[validate_ni_number]
    )
    female = models.BooleanField(_("woman"), default=False)
    learning_difficulty_or_disability = models.BooleanField(_("learning difficulty or disability"), default=False)
    care_leaver = models.BooleanField(_("care leaver"), default=False)
    veteran = models.BooleanField(_("armed forces veteran"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family_name", "given_name"]
        indexes = [models.Index(fields=["family_name", "given_name"])]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return f"{self.full_name} ({self.prison_number})"

    @property
    def full_name(self):
        return f"{self.given_name} {self.family_name}"


class Case(models.Model):
    """One custody episode, from reception to the community."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    prison = models.ForeignKey(
        "estate.Organisation",
        verbose_name=_("prison"),
        on_delete=models.PROTECT,
        related_name="cases",
        limit_choices_to={"kind": "prison"},
    )
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.IN_CUSTODY)
    reception_date = models.DateField(_("reception date"))
    legal_status = models.CharField(_("legal status"), max_length=20, choices=LegalStatus.choices)
    sentence_date = models.DateField(_("sentence date"), null=True, blank=True)
    custodial_term_days = models.PositiveIntegerField(_("custodial term in days"), null=True, blank=True)
    release_date = models.DateField(
        _("release date"), null=True, blank=True, help_text=_("From the sentence calculation.")
    )
    release_type = models.CharField(
        _("release type"), max_length=20, choices=ReleaseType.choices, default=ReleaseType.STANDARD
    )
    indeterminate_sentence = models.BooleanField(_("indeterminate sentence"), default=False)
    released_to_community = models.BooleanField(_("released to the community"), default=True)
    extra_day_requested = models.BooleanField(_("probation asked for one further day"), default=False)
    claiming_benefits = models.BooleanField(_("claiming benefits at reception"), default=False)
    uc_housing_costs = models.BooleanField(_("receiving Universal Credit housing costs"), default=False)
    employed_at_reception = models.BooleanField(_("employed at reception"), default=False)
    has_right_to_work_id = models.BooleanField(_("has ID that shows right to work"), default=False)
    has_bank_account = models.BooleanField(_("has a bank account"), default=False)
    has_ni_number = models.BooleanField(_("has a National Insurance number"), default=False)
    # The prison's confirmed release date (NOMIS's): it is the discharge day, whatever the rules would give.
    confirmed_discharge_date = models.DateField(_("confirmed release date"), null=True, blank=True)
    # Derived by the release-day rules; a confirmed date wins over it, and the actual date over both.
    expected_discharge_date = models.DateField(_("expected discharge date"), null=True, blank=True)
    actual_discharge_date = models.DateField(_("actual discharge date"), null=True, blank=True)
    discharge_date = models.DateField(_("discharge date"), null=True, blank=True)
    release_area = models.CharField(
        _("release area postcode district"), max_length=4, blank=True, help_text=_("For example NR1")
    )
    pdu = models.ForeignKey(
        "estate.Organisation",
        verbose_name=_("probation delivery unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocated_cases",
        limit_choices_to={"kind": "pdu"},
    )
    handed_over_to = models.ForeignKey(
        "estate.Organisation",
        verbose_name=_("jobcentre handed over to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handed_over_cases",
        limit_choices_to={"kind": "jobcentre"},
    )
    recall_date = models.DateField(_("recall date"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, help_text=_("Bumped on every change, to catch edits that cross."))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["discharge_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status="in_custody"),
                name="one_open_custody_episode_per_person",
            ),
        ]
        indexes = [
            models.Index(fields=["prison", "status", "discharge_date"]),
            models.Index(fields=["pdu", "discharge_date"]),
            models.Index(fields=["handed_over_to", "discharge_date"]),
            models.Index(fields=["status", "discharge_date"]),
        ]
        verbose_name = _("case")

    def __str__(self):
        return f"{self.person} at {self.prison.code}"


class Transfer(models.Model):
    """A move between prisons during one custody episode."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers")
    from_prison = models.ForeignKey("estate.Organisation", on_delete=models.PROTECT, related_name="+")
    to_prison = models.ForeignKey("estate.Organisation", on_delete=models.PROTECT, related_name="+")
    transfer_date = models.DateField(_("transfer date"))
    recorded_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["transfer_date", "id"]

    def __str__(self):
        return f"{self.from_prison.code} to {self.to_prison.code} on {self.transfer_date}"


class CaseAccess(models.Model):
    """Another organisation may see this case while a piece of shared work is open: a referral to a CRS
    provider, for one. Granted and ended by the service that shares the work; scoping reads it here."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="access_grants")
    organisation = models.ForeignKey("estate.Organisation", on_delete=models.PROTECT, related_name="+")
    # What the access is for, in the granting domain's words (for example "referral 12").
    reason = models.CharField(max_length=60)
    granted_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "organisation", "reason"], condition=Q(ended_at__isnull=True), name="one_open_grant"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "case"], condition=Q(ended_at__isnull=True), name="open_grants")
        ]
        verbose_name = _("case access")
        verbose_name_plural = _("case access")

    def __str__(self):
        return f"{self.organisation_id} may see case {self.case_id}: {self.reason}"
