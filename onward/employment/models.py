"""Work: a person's work readiness profile, employers and their engagement, opportunities, applications,
local labour market information, and the 6-week and 6-month employment checks.

Lists of choices (interests, barriers, exclusions) are stored as JSON lists of
the reference codes in constants.py: they are read whole, never queried
inside, and the services validate every code.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onward.employment.constants import (
    MAX_NAME,
    ApplicationStatus,
    CheckPoint,
    ContractType,
    EmployerSector,
    EmployerTier,
    EmploymentOutcome,
    EngagementKind,
    EngagementOutcome,
    Hours,
    JobSector,
    JobSource,
    OpportunityKind,
    ProfileStatus,
    Reach,
    SalaryPeriod,
)

USER = settings.AUTH_USER_MODEL


class WorkProfile(models.Model):
    """Where a person stands on work, and what matching needs to know that the case does not."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="work_profile")
    status = models.CharField(
        _("status"), max_length=30, choices=ProfileStatus.choices, default=ProfileStatus.NOT_STARTED
    )
    declined_reasons = models.JSONField(_("why support was declined"), default=list, blank=True)
    declined_other = models.CharField(_("other reason"), max_length=MAX_NAME, blank=True)
    what_needs_to_change = models.JSONField(_("what would need to change"), default=list, blank=True)
    barriers = models.JSONField(_("what may affect their ability to work"), default=list, blank=True)
    already_in_place = models.JSONField(_("already in place"), default=list, blank=True)
    sector_interests = models.JSONField(_("work interests"), default=list, blank=True)
    experience = models.TextField(_("work experience"), blank=True)
    qualifications = models.JSONField(_("training and qualifications"), default=list, blank=True)
    training_in_custody = models.TextField(_("training and work in custody"), blank=True)
    offence_categories = models.JSONField(_("offence categories employers may exclude"), default=list, blank=True)
    exclusion_zones = models.JSONField(_("licence exclusion zones"), default=list, blank=True)
    rotl_eligible = models.BooleanField(_("eligible for release on temporary licence"), default=False)
    # The day the Employment Hub first assessed the person (the profile left "not started"): the
    # employment assessment touchpoint is done on it.
    assessed_on = models.DateField(_("first assessed on"), null=True, blank=True)
    updated_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped by the service on every change: a form read at an older one is refused (onward.concurrency).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("work readiness profile")

    def __str__(self):
        return f"Work profile for case {self.case_id}: {self.status}"


class Employer(models.Model):
    name = models.CharField(_("name"), max_length=MAX_NAME)
    sector = models.CharField(_("sector"), max_length=40, choices=EmployerSector.choices)
    tier = models.CharField(_("partnership tier"), max_length=20, choices=EmployerTier.choices, blank=True)
    reach = models.CharField(_("local or national"), max_length=10, choices=Reach.choices, default=Reach.LOCAL)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped by the service on every change: a form read at an older one is refused (onward.concurrency).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["name", "postcode"], name="employer_name_postcode_once")]
        verbose_name = _("employer")

    def __str__(self):
        return self.name


class EmployerContact(models.Model):
    """A person to talk to at an employer (made-up people only in the demo)."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=MAX_NAME)
    job_title = models.CharField(_("job title"), max_length=MAX_NAME, blank=True)
    email = models.EmailField(_("email"), max_length=MAX_NAME, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("employer contact")

    def __str__(self):
        return self.name


class EmployerEngagement(models.Model):
    """Recorded work with an employer (DWP's and NFN's work to show the value of hiring prison leavers)."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="engagements")
    happened_on = models.DateField(_("date"))
    kind = models.CharField(_("what happened"), max_length=20, choices=EngagementKind.choices)
    outcome = models.CharField(_("outcome"), max_length=30, choices=EngagementOutcome.choices)
    summary = models.TextField(_("summary"), blank=True)
    recorded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_by_name = models.CharField(_("recorded by"), max_length=MAX_NAME, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_on", "-id"]
        verbose_name = _("employer engagement")

    def __str__(self):
        return f"{self.get_kind_display()} with {self.employer_id} on {self.happened_on}"


class Opportunity(models.Model):
    """A vacancy, ROTL placement, Going Forward into Employment role, training or work experience."""

    kind = models.CharField(_("kind"), max_length=20, choices=OpportunityKind.choices, default=OpportunityKind.VACANCY)
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opportunities",
    )
    title = models.CharField(_("title"), max_length=MAX_NAME)
    sector = models.CharField(_("sector"), max_length=40, choices=JobSector.choices)
    national = models.BooleanField(_("open nationally"), default=False)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    # The postcode district, kept beside the postcode so matching reads it without parsing.
    outcode = models.CharField(_("postcode district"), max_length=4, blank=True, db_index=True)
    pay_amount = models.DecimalField(_("pay"), max_digits=9, decimal_places=2, null=True, blank=True)
    pay_period = models.CharField(_("pay period"), max_length=20, choices=SalaryPeriod.choices, blank=True)
    hours = models.CharField(_("hours"), max_length=20, choices=Hours.choices, blank=True)
    contract = models.CharField(_("contract"), max_length=30, choices=ContractType.choices, blank=True)
    closing_date = models.DateField(_("closing date"), null=True, blank=True)
    essential_criteria = models.TextField(_("essential criteria"), blank=True)
    offence_exclusions = models.JSONField(_("offence exclusions"), default=list, blank=True)
    only_for_prison_leavers = models.BooleanField(_("only for prison leavers"), default=False)
    how_to_apply = models.TextField(_("how to apply"), blank=True)
    source = models.CharField(_("source"), max_length=20, choices=JobSource.choices, blank=True)
    prison = models.ForeignKey(
        "estate.Organisation",
        verbose_name=_("offered to prison"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "prison"},
    )
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped by the service on every change: a form read at an older one is refused (onward.concurrency).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["closing_date", "id"]
        indexes = [models.Index(fields=["withdrawn", "closing_date"])]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")

    def __str__(self):
        return self.title


class Application(models.Model):
    """A person's application for an opportunity, through the jobs board's status pipeline."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="job_applications")
    opportunity = models.ForeignKey(Opportunity, on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(
        _("status"), max_length=30, choices=ApplicationStatus.choices, default=ApplicationStatus.APPLICATION_MADE
    )
    job_start_date = models.DateField(_("job start date"), null=True, blank=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["case", "opportunity"], name="one_application_per_opportunity")]
        verbose_name = _("application")

    def __str__(self):
        return f"{self.opportunity} ({self.get_status_display()})"


class ApplicationStatusChange(models.Model):
    """Each status an application has had, when, and who recorded it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(_("status"), max_length=30, choices=ApplicationStatus.choices)
    changed_on = models.DateField(_("date"))
    changed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    changed_by_name = models.CharField(_("recorded by"), max_length=MAX_NAME, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_on", "id"]
        verbose_name = _("application status change")

    def __str__(self):
        return f"{self.get_status_display()} on {self.changed_on}"


class LabourMarketInformation(models.Model):
    """What DWP shares about work in a jobcentre district, shown beside a person's release area."""

    district = models.OneToOneField(
        "estate.Organisation",
        verbose_name=_("jobcentre district"),
        on_delete=models.CASCADE,
        related_name="labour_market_information",
        limit_choices_to={"kind": "jobcentre_district"},
    )
    summary = models.TextField(_("summary"))
    growing_sectors = models.JSONField(_("sectors with most vacancies"), default=list, blank=True)
    source = models.CharField(_("source"), max_length=MAX_NAME, blank=True)
    as_of = models.DateField(_("as of"))
    updated_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_by_name = models.CharField(_("updated by"), max_length=MAX_NAME, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped by the service on every change: a form read at an older one is refused (onward.concurrency).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("local labour market information")
        verbose_name_plural = _("local labour market information")

    def __str__(self):
        return f"Labour market information for {self.district_id}"


class EmploymentCheck(models.Model):
    """What the person was doing 6 weeks and 6 months after release: the measure of a job that lasts."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="employment_checks")
    # Not named `check`: that would hide Model.check(), which Django's system checks call.
    checkpoint = models.CharField(_("check"), max_length=10, choices=CheckPoint.choices)
    outcome = models.CharField(_("outcome"), max_length=30, choices=EmploymentOutcome.choices)
    recorded_on = models.DateField(_("date of the check"))
    application = models.ForeignKey(
        Application,
        verbose_name=_("job"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employment_checks",
    )
    employer_name = models.CharField(_("employer"), max_length=MAX_NAME, blank=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "checkpoint"]
        constraints = [models.UniqueConstraint(fields=["case", "checkpoint"], name="one_employment_check_per_point")]
        verbose_name = _("employment check")

    def __str__(self):
        return f"{self.checkpoint} check for case {self.case_id}: {self.outcome}"
