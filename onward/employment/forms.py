"""Work forms: GOV.UK patterns; they parse, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from onward.employment.constants import (
    DEFAULT_RADIUS_MILES,
    DEFAULT_WEEKS_AHEAD,
    MAX_NAME,
    MAX_RADIUS_MILES,
    MAX_TEXT,
    MAX_WEEKS_AHEAD,
    OFFENCE_CATEGORIES,
    AlreadyInPlace,
    ApplicationStatus,
    Barrier,
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
    OffenceExclusion,
    OpportunityKind,
    ProfileStatus,
    Qualification,
    Reach,
    SalaryPeriod,
    SupportDeclinedReason,
    WhatNeedsToChange,
)
from onward.pages.govuk_forms import DateField, GovukForm
from onward.pages.versioned_forms import VersionedForm


def _choose(choices, *, blank=None):
    return ([("", blank)] if blank else []) + list(choices)


def _many(label, choices, help_text=""):
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
        error_messages={"invalid_choice": _("Choose from the list")},
    )


def _text(label, *, max_length=MAX_TEXT, required=False, textarea=True, help_text="", required_message=None):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea if textarea else forms.TextInput,
        help_text=help_text,
        error_messages={
            "required": required_message or _("Enter %(label)s") % {"label": str(label).lower()},
            "max_length": _("Use %(max)s characters or fewer") % {"max": max_length},
        },
    )


class WorkProfileForm(VersionedForm):
    status = forms.ChoiceField(
        label=_("Where does the person stand on work?"),
        choices=ProfileStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose where the person stands on work")},
    )
    declined_reasons = _many(
        _("Why do they not want support?"), SupportDeclinedReason.choices, _("Only if they do not want support")
    )
    declined_other = _text(_("Other reason"), max_length=MAX_NAME, textarea=False)
    what_needs_to_change = _many(_("What would need to change for them to want support?"), WhatNeedsToChange.choices)
    barriers = _many(_("What may affect their ability to work?"), Barrier.choices)
    already_in_place = _many(_("What is already in place?"), AlreadyInPlace.choices)
    sector_interests = _many(
        _("What work are they interested in?"), JobSector.choices, _("Matching shows opportunities in these sectors")
    )
    experience = _text(_("Work experience"))
    qualifications = _many(_("Training and qualifications"), Qualification.choices)
    training_in_custody = _text(_("Training and work in custody"))
    offence_categories = _many(
        _("Offence categories that employers may exclude"),
        [(code, OffenceExclusion(code).label) for code in OFFENCE_CATEGORIES],
        _("Used only to leave out vacancies whose employer cannot take these offences"),
    )
    exclusion_zones = _text(
        _("Licence exclusion zones (postcode districts)"),
        max_length=400,
        textarea=False,
        help_text=_("Separate them with spaces, for example NR2 NR3"),
    )
    rotl_eligible = forms.BooleanField(label=_("Eligible for release on temporary licence (ROTL)"), required=False)


class EmployerForm(VersionedForm):
    name = _text(_("Employer name"), max_length=MAX_NAME, required=True, textarea=False)
    sector = forms.ChoiceField(
        label=_("Sector"),
        choices=_choose(EmployerSector.choices, blank=_("Choose a sector")),
        error_messages={"required": _("Choose the employer's sector"), "invalid_choice": _("Choose from the list")},
    )
    tier = forms.ChoiceField(
        label=_("Partnership tier (optional)"),
        choices=_choose(EmployerTier.choices, blank=_("Not a partner yet")),
        required=False,
        error_messages={"invalid_choice": _("Choose from the list")},
    )
    reach = forms.ChoiceField(
        label=_("Local or national?"),
        choices=Reach.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the employer is local or national")},
    )
    postcode = _text(_("Postcode (optional)"), max_length=10, textarea=False)
    notes = _text(_("Notes (optional)"))


class EmployerContactForm(GovukForm):
    name = _text(
        _("Name"), max_length=MAX_NAME, required=True, textarea=False, required_message=_("Enter the contact's name")
    )
    job_title = _text(_("Job title (optional)"), max_length=MAX_NAME, textarea=False)
    email = _text(_("Email (optional)"), max_length=MAX_NAME, textarea=False)
    phone = _text(_("Phone (optional)"), max_length=30, textarea=False)


class EngagementForm(GovukForm):
    happened_on = DateField(label=_("Date"), error_messages={"required": _("Enter the date")})
    kind = forms.ChoiceField(
        label=_("What happened?"),
        choices=EngagementKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happened")},
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=EngagementOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the outcome")},
    )
    summary = _text(_("Summary (optional)"))


class OpportunityForm(VersionedForm):
    kind = forms.ChoiceField(
        label=_("Kind of opportunity"),
        choices=OpportunityKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of opportunity")},
    )
    title = _text(_("Title"), max_length=MAX_NAME, required=True, textarea=False)
    employer = forms.ModelChoiceField(
        label=_("Employer"),
        queryset=None,
        required=False,
        empty_label=_("Choose an employer"),
        error_messages={"invalid_choice": _("Choose an employer from the list")},
    )
    sector = forms.ChoiceField(
        label=_("Sector"),
        choices=_choose(JobSector.choices, blank=_("Choose a sector")),
        error_messages={"required": _("Choose the sector"), "invalid_choice": _("Choose from the list")},
    )
    national = forms.BooleanField(label=_("Open nationally (no fixed workplace)"), required=False)
    postcode = _text(
        _("Workplace postcode"),
        max_length=10,
        textarea=False,
        help_text=_("For example NR1 3HD. Leave it out if the opportunity is open nationally"),
    )
    pay_amount = forms.DecimalField(
        label=_("Pay in pounds (optional)"),
        required=False,
        min_value=0,
        max_digits=9,
        decimal_places=2,
        error_messages={
            "invalid": _("Enter the pay as an amount, like 11.44"),
            "min_value": _("Enter the pay as an amount, like 11.44"),
            "max_digits": _("Enter the pay as an amount, like 11.44"),
            "max_decimal_places": _("Enter the pay in pounds and pence, like 11.44"),
            "max_whole_digits": _("Enter the pay as an amount, like 11.44"),
        },
    )
    pay_period = forms.ChoiceField(
        label=_("Pay period"),
        choices=_choose(SalaryPeriod.choices, blank=_("Choose a period")),
        required=False,
        error_messages={"invalid_choice": _("Choose from the list")},
    )
    hours = forms.ChoiceField(
        label=_("Hours"),
        choices=_choose(Hours.choices, blank=_("Choose the hours")),
        required=False,
        error_messages={"invalid_choice": _("Choose from the list")},
    )
    contract = forms.ChoiceField(
        label=_("Contract"),
        choices=_choose(ContractType.choices, blank=_("Choose the contract")),
        required=False,
        error_messages={"invalid_choice": _("Choose from the list")},
    )
    closing_date = DateField(label=_("Closing date (optional)"), required=False)
    essential_criteria = _text(_("Essential criteria (optional)"))
    offence_exclusions = _many(_("Offence exclusions"), OffenceExclusion.choices)
    only_for_prison_leavers = forms.BooleanField(label=_("Only for prison leavers"), required=False)
    how_to_apply = _text(_("How to apply (optional)"))
    source = forms.ChoiceField(
        label=_("Source"),
        choices=_choose(JobSource.choices, blank=_("Choose a source")),
        required=False,
        error_messages={"invalid_choice": _("Choose from the list")},
    )
    prison = forms.ModelChoiceField(
        label=_("Offered to prison (ROTL placements)"),
        queryset=None,
        required=False,
        empty_label=_("Any prison"),
        error_messages={"invalid_choice": _("Choose a prison from the list")},
    )
    withdrawn = forms.BooleanField(label=_("Withdrawn (no longer offered)"), required=False)

    def __init__(self, *args, employers, prisons, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers
        self.fields["prison"].queryset = prisons
        if not editing:
            del self.fields["withdrawn"]


class ApplicationForm(GovukForm):
    opportunity = forms.ModelChoiceField(
        label=_("Opportunity"),
        queryset=None,
        empty_label=_("Choose an opportunity"),
        error_messages={
            "required": _("Choose the opportunity"),
            "invalid_choice": _("Choose an opportunity from the list"),
        },
    )
    applied_on = DateField(label=_("Date of the application"), error_messages={"required": _("Enter the date")})

    def __init__(self, *args, opportunities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opportunity"].queryset = opportunities
        self.fields["opportunity"].label_from_instance = lambda o: (
            f"{o.title} – {o.employer.name}" if o.employer_id else o.title
        )


class ApplicationUpdateForm(GovukForm):
    status = forms.ChoiceField(
        label=_("What has happened?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what has happened"), "invalid_choice": _("Choose from the list")},
    )
    changed_on = DateField(label=_("Date"), error_messages={"required": _("Enter the date")})
    job_start_date = DateField(
        label=_("Job start date (with a job offer)"),
        required=False,
        help_text=_("If known. For example, 27 3 2026"),
    )

    def __init__(self, *args, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, ApplicationStatus(s).label) for s in statuses]


class EmploymentCheckForm(GovukForm):
    check = forms.ChoiceField(
        label=_("Which check is this?"),
        choices=CheckPoint.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose which check this is")},
    )
    outcome = forms.ChoiceField(
        label=_("What is the person doing now?"),
        choices=EmploymentOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the person is doing now")},
    )
    recorded_on = DateField(label=_("Date of the check"), error_messages={"required": _("Enter the date of the check")})
    application = forms.ModelChoiceField(
        label=_("The job (optional)"),
        queryset=None,
        required=False,
        empty_label=_("Not one recorded here"),
        error_messages={"invalid_choice": _("Choose one of this person's applications")},
    )
    employer_name = _text(_("Employer (optional)"), max_length=MAX_NAME, textarea=False)

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications
        self.fields["application"].label_from_instance = lambda a: (
            f"{a.opportunity.title} – {a.opportunity.employer.name}"
            if a.opportunity.employer_id
            else a.opportunity.title
        )


class LabourMarketForm(VersionedForm):
    summary = _text(
        _("Summary"),
        required=True,
        help_text=_("What work there is locally, who is recruiting, and what helps people get it"),
        required_message=_("Enter a summary of the local labour market"),
    )
    growing_sectors = _many(_("Sectors with most vacancies"), JobSector.choices)
    source = _text(_("Source (optional)"), max_length=MAX_NAME, textarea=False)
    as_of = DateField(
        label=_("Date the information is from"),
        error_messages={"required": _("Enter the date the information is from")},
    )


class MatchOptionsForm(GovukForm):
    """The GET options of a matches page: how far people would travel, and how far ahead to look."""

    radius = forms.IntegerField(
        label=_("Distance in miles"),
        min_value=1,
        max_value=MAX_RADIUS_MILES,
        required=False,
        error_messages={
            "invalid": _("Enter the distance as a whole number of miles, like 15"),
            "min_value": _("Enter a distance of at least 1 mile"),
            "max_value": _("Enter a distance of %(max)s miles or fewer") % {"max": MAX_RADIUS_MILES},
        },
    )
    weeks = forms.IntegerField(
        label=_("Leaving in the next (weeks)"),
        min_value=1,
        max_value=MAX_WEEKS_AHEAD,
        required=False,
        error_messages={
            "invalid": _("Enter the number of weeks as a whole number, like 12"),
            "min_value": _("Enter at least 1 week"),
            "max_value": _("Enter %(max)s weeks or fewer") % {"max": MAX_WEEKS_AHEAD},
        },
    )

    def __init__(self, *args, with_weeks=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_weeks:
            del self.fields["weeks"]

    def options(self):
        """The chosen radius and weeks, or the defaults for anything missing or wrong."""
        data = self.cleaned_data if self.is_valid() else {}
        return (data.get("radius") or DEFAULT_RADIUS_MILES, data.get("weeks") or DEFAULT_WEEKS_AHEAD)


class OpportunityFilterForm(GovukForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=_choose(OpportunityKind.choices, blank=_("All")), required=False)
    sector = forms.ChoiceField(label=_("Sector"), choices=_choose(JobSector.choices, blank=_("All")), required=False)
    area = forms.CharField(
        label=_("Postcode area or district"), max_length=4, required=False, help_text=_("For example NR or NR3")
    )
