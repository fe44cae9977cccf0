"""Partnership forms: they parse and check shapes; the services decide what is allowed."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from onward.estate.constants import OrganisationKind
from onward.estate.models import Organisation
from onward.insights.periods import Quarter
from onward.pages.govuk_forms import DateField, GovukForm
from onward.pages.versioned_forms import VersionedForm
from onward.partnerships.constants import (
    MAX_ACCEPT_WORKING_DAYS,
    MAX_NAME,
    MAX_TEXT,
    RECORDED_STATUSES,
    ContactRole,
    Facility,
    MeetingStatus,
    NationalDecision,
)
from onward.partnerships.service_levels import describe_timing, open_timings, parse_timing


def _message(template, **values):
    """A message translated when shown, not when the module is imported."""
    return lazy(lambda: str(template) % {name: str(value) for name, value in values.items()}, str)()


def _text(label, *, required=True, max_length=MAX_TEXT, textarea=True, help_text="", message=None):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea if textarea else forms.TextInput,
        help_text=help_text,
        error_messages={
            "required": message or lazy(lambda: _("Enter %(label)s") % {"label": str(label).lower()}, str)(),
            "max_length": _message(_("%(label)s must be %(max)s characters or fewer"), label=label, max=max_length),
        },
    )


class InForceOnForm(GovukForm):
    on = DateField(label=_("Date"), help_text=_("For example, 1 6 2025"))


class NationalDecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label=_("What happens when the agreement ends?"),
        choices=[
            (NationalDecision.ROLLED_OVER.value, NationalDecision.ROLLED_OVER.label),
            (NationalDecision.SUCCESSOR.value, NationalDecision.SUCCESSOR.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose rolled over or a successor")},
    )
    ends_on = DateField(label=_("New end date"))
    title = _text(
        _("Title of the successor agreement (only for a successor)"), required=False, max_length=300, textarea=False
    )
    reason = _text(
        _("Why, and who decided"),
        message=_("Enter why, and who decided"),
        help_text=_("For example, the partnership board's decision and its date"),
    )


class LocalAgreementForm(GovukForm):
    """Everything in a version except its contacts, which have their own page."""

    recorded_status = forms.ChoiceField(
        label=_("Status"),
        choices=[(s.value, s.label) for s in RECORDED_STATUSES],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the status")},
    )
    jobcentre_district = forms.ModelChoiceField(
        label=_("Jobcentre district"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.JOBCENTRE_DISTRICT, active=True),
        empty_label=_("Choose a district"),
        error_messages={
            "required": _("Choose the jobcentre district"),
            "invalid_choice": _("Choose a district from the list"),
        },
    )
    pdus = forms.ModelMultipleChoiceField(
        label=_("Probation delivery units in its release areas"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose probation delivery units from the list")},
    )
    crs_providers = forms.ModelMultipleChoiceField(
        label=_("CRS providers in its release areas"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.CRS_PROVIDER, active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose CRS providers from the list")},
    )
    signatories = _text(_("Signatories"), required=False, help_text=_("Names and roles of those who signed"))
    signed_on = DateField(label=_("Date signed"), required=False, past_only=True)
    effective_from = DateField(label=_("In force from"), required=False)
    ends_on = DateField(
        label=_("Ends on (optional)"), required=False, help_text=_("Leave blank to follow the national agreement")
    )
    review_on = DateField(label=_("Review by (optional)"), required=False)
    handover_accept_working_days = forms.IntegerField(
        label=_("The jobcentre accepts a warm handover within this many working days (optional)"),
        required=False,
        min_value=1,
        max_value=MAX_ACCEPT_WORKING_DAYS,
        help_text=_("Leave blank for the national default of 2 working days"),
        error_messages={
            "invalid": _("Enter a whole number of working days"),
            "min_value": _("Enter at least 1 working day"),
            "max_value": _("Enter %(limit_value)s working days or fewer"),
        },
    )
    change_reason = _text(_("What changed and why"))

    def __init__(self, *args, pdu_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pdus"].queryset = pdu_choices
        for facility in Facility:
            self.fields[f"facility_{facility.value}_in_place"] = forms.BooleanField(label=_("In place"), required=False)
            self.fields[f"facility_{facility.value}"] = DateField(
                label=_("Date evidenced"), required=False, past_only=True
            )
        self.timings = open_timings()
        for timing in self.timings:
            self.fields[f"timing_{timing.key}"] = forms.CharField(
                label=_("%(title)s: %(which)s")
                % {"title": timing.title, "which": _("opens") if timing.which == "opens" else _("due")},
                required=False,
                max_length=60,
                help_text=_("National default: %(when)s") % {"when": timing.national.describe()},
                error_messages={"max_length": _("Write the timing in 60 characters or fewer")},
            )

    def facility_rows(self):
        return [(f, self[f"facility_{f.value}_in_place"], self[f"facility_{f.value}"]) for f in Facility]

    def timing_fields(self):
        return [self[f"timing_{t.key}"] for t in self.timings]

    def clean(self):
        cleaned = super().clean()
        levels = []
        for timing in self.timings:
            name = f"timing_{timing.key}"
            text = (cleaned.get(name) or "").strip()
            if not text:
                continue
            try:
                when = parse_timing(text)
            except ValueError as error:
                self.add_error(name, str(error))
                continue
            levels.append(
                {
                    "code": timing.code,
                    "which": timing.which,
                    "anchor": when.anchor,
                    "months": when.months,
                    "weeks": when.weeks,
                    "working_days": when.working_days,
                }
            )
        cleaned["service_levels"] = levels
        cleaned["facilities"] = [
            {
                "facility": f.value,
                "in_place": bool(cleaned.get(f"facility_{f.value}_in_place")),
                "evidenced_on": cleaned.get(f"facility_{f.value}"),
            }
            for f in Facility
        ]
        return cleaned

    def service_error_field(self, field):
        return field if field in self.fields else None

    @classmethod
    def initial_from(cls, values):
        initial = {
            k: values.get(k)
            for k in (
                "recorded_status",
                "jobcentre_district",
                "signatories",
                "signed_on",
                "effective_from",
                "ends_on",
                "review_on",
                "handover_accept_working_days",
            )
        }
        initial["jobcentre_district"] = getattr(values.get("jobcentre_district"), "pk", None)
        initial["pdus"] = [o.pk for o in values.get("pdus", ())]
        initial["crs_providers"] = [o.pk for o in values.get("crs_providers", ())]
        for line in values.get("facilities", ()):
            initial[f"facility_{line['facility']}_in_place"] = line["in_place"]
            initial[f"facility_{line['facility']}"] = line["evidenced_on"]
        for level in values.get("service_levels", ()):
            initial[f"timing_{level['code']}:{level['which']}"] = describe_timing(
                level["anchor"], level["months"], level["weeks"], level["working_days"]
            )
        return initial


class ContactForm(GovukForm):
    name = _text(_("Name"), max_length=MAX_NAME, textarea=False, message=_("Enter the contact's name"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("", _("Choose a role")), *ContactRole.choices],
        error_messages={"required": _("Choose the role"), "invalid_choice": _("Choose a role from the list")},
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose an organisation"),
        error_messages={
            "required": _("Choose the organisation"),
            "invalid_choice": _("Choose an organisation from the list"),
        },
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        error_messages={
            "required": _("Enter the email address"),
            "invalid": _("Enter an email address like name@example.gov.uk"),
        },
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        required=False,
        max_length=30,
        error_messages={"max_length": _("Phone must be 30 characters or fewer")},
    )
    escalation_order = forms.IntegerField(
        label=_("Place on the escalation route (optional)"),
        required=False,
        min_value=1,
        max_value=9,
        help_text=_("1 is asked first. Leave blank if this person is not on the route"),
        error_messages={
            "invalid": _("Enter a whole number from 1 to 9"),
            "min_value": _("Enter a whole number from 1 to 9"),
            "max_value": _("Enter a whole number from 1 to 9"),
        },
    )
    change_reason = _text(
        _("Why is this contact being added?"),
        max_length=500,
        textarea=False,
        message=_("Enter why the contact is added"),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def service_error_field(self, field):
        return None if field == "contacts" else super().service_error_field(field)


class RemoveContactForm(GovukForm):
    change_reason = _text(
        _("Why is this contact being removed?"),
        max_length=500,
        textarea=False,
        message=_("Enter why the contact is removed"),
    )


def quarter_choices(first, count=4):
    quarter, choices = first, []
    for _i in range(count):
        choices.append((str(quarter), quarter.label))
        quarter = quarter.next()
    return choices


class MeetingForm(GovukForm):
    quarter = forms.ChoiceField(
        label=_("Quarter"),
        error_messages={"required": _("Choose the quarter"), "invalid_choice": _("Choose a quarter from the list")},
    )
    scheduled_for = DateField(label=_("Date of the meeting"))
    location = _text(_("Where (optional)"), required=False, max_length=200, textarea=False)
    attendees = _text(_("Who is invited (optional)"), required=False)

    def __init__(self, *args, first_quarter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = quarter_choices(first_quarter)

    def clean_quarter(self):
        return Quarter.parse(self.cleaned_data["quarter"])


class MeetingRecordForm(VersionedForm):
    status = forms.ChoiceField(
        label=_("What happened?"),
        choices=MeetingStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happened")},
    )
    attendees = _text(_("Attendees"), required=False)
    minutes = _text(_("Minutes"), required=False, max_length=MAX_TEXT * 4)
    decisions = _text(_("Decisions (optional)"), required=False)


class ActionForm(GovukForm):
    description = _text(_("Action"), max_length=500, textarea=False, message=_("Enter the action"))
    owner = _text(_("Owner"), max_length=MAX_NAME, textarea=False, message=_("Enter who owns the action"))
    due_on = DateField(label=_("Due date"))


class EscalationForm(GovukForm):
    subject = _text(
        _("Subject"),
        max_length=200,
        textarea=False,
        help_text=_("Do not put a person's name here"),
        message=_("Enter a subject"),
    )
    description = _text(_("What is the concern?"), message=_("Enter what the concern is"))
    prison_number = forms.CharField(
        label=_("Prison number of the person it is about (optional)"),
        required=False,
        max_length=7,
        help_text=_("Only people who may see the case will see it. For example, A1234BC"),
        error_messages={"max_length": _("A prison number is 7 characters, like A1234BC")},
    )
    prison = forms.ModelChoiceField(
        label=_("Prison"),
        queryset=None,
        empty_label=_("Choose the prison"),
        error_messages={"required": _("Choose the prison"), "invalid_choice": _("Choose one of your prisons")},
    )

    def __init__(self, *args, prisons, names_a_person, **kwargs):
        super().__init__(*args, **kwargs)
        if names_a_person:
            # A prison's own work coach raises it about their prison: nothing to choose.
            del self.fields["prison"]
        else:
            # A partnership manager chooses one of hers, and never names a person (aggregates only).
            self.fields["prison"].queryset = prisons
            del self.fields["prison_number"]


class EscalationNoteForm(GovukForm):
    note = _text(_("What was done"), required=False)


class PackQuarterForm(GovukForm):
    quarter = forms.ChoiceField(
        label=_("Quarter"),
        error_messages={"required": _("Choose the quarter"), "invalid_choice": _("Choose a quarter from the list")},
    )

    def __init__(self, *args, latest, **kwargs):
        super().__init__(*args, **kwargs)
        first = latest
        for _i in range(7):
            first = first.previous()
        self.fields["quarter"].choices = list(reversed(quarter_choices(first, 8)))

    def clean_quarter(self):
        return Quarter.parse(self.cleaned_data["quarter"])
