"""Forms parse what people type; the services decide whether it is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from onward.cases.constants import (
    MAX_CUSTODIAL_TERM_DAYS,
    MAX_NAME_LENGTH,
    CaseStatus,
    CohortFlag,
    LegalStatus,
    ReleaseType,
)
from onward.cases.validators import normalise_prison_number, validate_prison_number
from onward.estate.constants import OrganisationKind
from onward.estate.models import Organisation
from onward.pages.govuk_forms import DateField, GovukForm
from onward.pages.versioned_forms import VersionedForm

SORTS = {
    "name": ("person__family_name", "person__given_name"),
    "prison_number": ("person__prison_number",),
    "discharge_date": ("discharge_date",),
    "reception_date": ("reception_date",),
}


class CaseSearchForm(GovukForm):
    q = forms.CharField(label=_("Name or prison number"), required=False, max_length=100)
    status = forms.MultipleChoiceField(
        label=_("Status"), choices=CaseStatus.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    flags = forms.MultipleChoiceField(
        label=_("Cohort"),
        choices=[(c.value, c.label) for c in CohortFlag if c != CohortFlag.YOUNG_ADULT],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    release_from = DateField(label=_("Leaving on or after"), required=False)
    release_to = DateField(label=_("Leaving on or before"), required=False)
    sort = forms.ChoiceField(choices=[(k, k) for k in SORTS], required=False)
    order = forms.ChoiceField(choices=[("asc", "asc"), ("desc", "desc")], required=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("release_from"), cleaned.get("release_to")
        if start and end and start > end:
            self.add_error("release_to", _("Leaving on or before must be the same as or after leaving on or after"))
        return cleaned

    def ordering(self):
        sort = self.cleaned_data.get("sort") or "discharge_date"
        prefix = "-" if self.cleaned_data.get("order") == "desc" else ""
        return [f"{prefix}{name}" for name in SORTS[sort]]


YES_NO = [(True, _("Yes")), (False, _("No"))]


def _bool(label, help_text=""):
    return forms.BooleanField(label=label, required=False, help_text=help_text)


class CaseForm(VersionedForm):
    """The person and their custody episode, as a prison records them."""

    prison_number = forms.CharField(
        label=_("Prison number"), max_length=20, help_text=_("A letter, four numbers and two letters, like A1234BC")
    )
    given_name = forms.CharField(label=_("Given name"), max_length=MAX_NAME_LENGTH)
    family_name = forms.CharField(label=_("Family name"), max_length=MAX_NAME_LENGTH)
    date_of_birth = DateField(label=_("Date of birth"), past_only=True)
    ni_number = forms.CharField(
        label=_("National Insurance number (optional)"),
        max_length=20,
        required=False,
        help_text=_(
            "It’s on the National Insurance card, benefit letter, payslip or P60. For example, ‘AB 12 34 56 C’."
        ),
    )
    female = _bool(_("Woman"))
    learning_difficulty_or_disability = _bool(_("Learning difficulty or disability"))
    care_leaver = _bool(_("Care leaver"))
    veteran = _bool(_("Armed forces veteran"))
    reception_date = DateField(label=_("Reception date"), past_only=True)
    legal_status = forms.ChoiceField(label=_("Legal status"), choices=LegalStatus.choices, widget=forms.RadioSelect)
    sentence_date = DateField(label=_("Sentence date"), required=False, help_text=_("Leave blank for remand"))
    custodial_term_days = forms.IntegerField(
        label=_("Custodial term in days"),
        required=False,
        min_value=1,
        max_value=MAX_CUSTODIAL_TERM_DAYS,
        help_text=_("Leave blank for remand"),
        widget=forms.NumberInput,
    )
    release_date = DateField(
        label=_("Release date"),
        required=False,
        help_text=_("From the sentence calculation. Onward works out the day the person actually leaves."),
    )
    release_type = forms.ChoiceField(
        label=_("Release type"), choices=ReleaseType.choices, widget=forms.RadioSelect, initial=ReleaseType.STANDARD
    )
    indeterminate_sentence = _bool(_("Indeterminate sentence"))
    released_to_community = _bool(
        _("Will be released to the community"), _("Not deported or transferred to another custody")
    )
    extra_day_requested = _bool(_("Probation asked for release one further day earlier"))
    claiming_benefits = _bool(_("Claiming DWP benefits at reception"))
    uc_housing_costs = _bool(_("Receiving Universal Credit housing costs at reception"))
    employed_at_reception = _bool(_("Employed at reception"))
    has_right_to_work_id = _bool(_("Has ID that shows right to work"))
    has_bank_account = _bool(_("Has a bank account"))
    has_ni_number = _bool(_("Has a National Insurance number"))
    release_area = forms.CharField(
        label=_("Release area (optional)"),
        max_length=8,
        required=False,
        help_text=_("The postcode district the person will live in, like NR1"),
    )
    pdu = forms.ModelChoiceField(
        label=_("Probation delivery unit (optional)"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.PDU, active=True).order_by("name"),
        required=False,
        empty_label=_("Not allocated yet"),
    )

    def __init__(self, *args, editable=None, **kwargs):
        super().__init__(*args, **kwargs)
        if editable is not None:
            # Editing: the prison number is fixed, and some roles change only a few fields.
            for name in list(self.fields):
                if name not in editable and name != "version":
                    del self.fields[name]

    def clean_prison_number(self):
        value = normalise_prison_number(self.cleaned_data["prison_number"])
        validate_prison_number(value)
        return value

    def clean_release_area(self):
        return self.cleaned_data["release_area"].strip().upper()

    def person_and_case_values(self):
        return {name: value for name, value in self.cleaned_data.items() if name not in {"prison_number", "version"}}


class TransferForm(VersionedForm):
    to_prison = forms.ModelChoiceField(
        label=_("Prison the person moved to"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.PRISON, active=True).order_by("name"),
        empty_label=_("Choose a prison"),
        error_messages={
            "required": _("Choose the prison the person moved to"),
            "invalid_choice": _("Choose a prison from the list"),
        },
    )
    transfer_date = DateField(label=_("Transfer date"), past_only=True)


class DischargeForm(VersionedForm):
    actual_discharge_date = DateField(label=_("Date the person left"), past_only=True)


class RecallForm(VersionedForm):
    prison = forms.ModelChoiceField(
        label=_("Prison the person was recalled to"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.PRISON, active=True).order_by("name"),
        empty_label=_("Choose a prison"),
        error_messages={"required": _("Choose the prison the person was recalled to")},
    )
    recall_date = DateField(label=_("Recall date"), past_only=True)
