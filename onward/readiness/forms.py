"""Forms parse what people type; the readiness services decide whether it is allowed."""

import re
from datetime import time
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from onward.pages.govuk_forms import DateField, GovukForm
from onward.pages.versioned_forms import VersionedForm
from onward.readiness.constants import (
    MAX_BANK_NAME_LENGTH,
    MAX_NOTES_LENGTH,
    MAX_SUPERSEDED_REASON_LENGTH,
    AccommodationStatus,
    BankStatus,
    ClaimPreparation,
    DocumentType,
    IdStatus,
    NiStatus,
)

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _yes_no(label, required_message):
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": required_message},
    )


def parse_money(value, label):
    """Pounds and pence as a Decimal: '12.50', '£12.50' or '1,000'."""
    text = (value or "").strip().replace("£", "").replace(",", "")
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation as error:
        raise forms.ValidationError(_("%(label)s must be an amount of money, like 12.50") % {"label": label}) from error
    if not amount.is_finite() or amount.as_tuple().exponent < -2:
        raise forms.ValidationError(_("%(label)s must be in pounds and pence, like 12.50") % {"label": label})
    return amount


class IdApplicationForm(GovukForm):
    document_type = forms.ChoiceField(
        label=_("Document"),
        choices=DocumentType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the document applied for")},
    )
    submitted_on = DateField(label=_("Date submitted"))
    cost = forms.CharField(
        label=_("Cost, in pounds"), max_length=20, help_text=_("For example, 11.00. Enter 0 if it was free.")
    )
    priority = _yes_no(_("Priority service?"), _("Select yes if the priority service was used"))
    notes = forms.CharField(
        label=_("Notes (optional)"), required=False, max_length=MAX_NOTES_LENGTH, widget=forms.Textarea
    )

    def clean_cost(self):
        amount = parse_money(self.cleaned_data["cost"], _("Cost"))
        if amount is None:
            raise forms.ValidationError(_("Enter the cost, in pounds and pence"))
        return amount


class IdApplicationStatusForm(VersionedForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=IdStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose pending, accepted or rejected")},
    )
    received_on = DateField(
        label=_("Date received"), required=False, help_text=_("Only when accepted and the document has arrived")
    )
    stored_in_property = _yes_no(
        _("Stored in personal property?"), _("Select yes if the document is stored in the person’s property")
    )
    refund = forms.CharField(
        label=_("Refund, in pounds (optional)"),
        required=False,
        max_length=20,
        help_text=_("Only when rejected. For example, 11.00"),
    )
    notes = forms.CharField(
        label=_("Notes (optional)"), required=False, max_length=MAX_NOTES_LENGTH, widget=forms.Textarea
    )

    def clean_refund(self):
        return parse_money(self.cleaned_data["refund"], _("Refund"))


class BankApplicationForm(GovukForm):
    bank_name = forms.CharField(
        label=_("Bank"),
        max_length=MAX_BANK_NAME_LENGTH,
        error_messages={"required": _("Enter the name of the bank")},
    )
    submitted_on = DateField(label=_("Date submitted"))


class BankResponseForm(VersionedForm):
    status = forms.ChoiceField(
        label=_("Response"),
        choices=[(value, label) for value, label in BankStatus.choices if value != BankStatus.PENDING],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the bank's response")},
    )
    response_on = DateField(label=_("Date of the response"))


class BankResubmitForm(VersionedForm):
    bank_name = forms.CharField(
        label=_("Bank"),
        max_length=MAX_BANK_NAME_LENGTH,
        error_messages={"required": _("Enter the name of the bank")},
    )
    submitted_on = DateField(label=_("Date resubmitted"))


class NiNumberForm(VersionedForm):
    status = forms.ChoiceField(
        label=_("National Insurance number"),
        choices=NiStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose known, applied for or received")},
    )
    ni_number = forms.CharField(
        label=_("National Insurance number (when known or received)"),
        required=False,
        max_length=20,
        help_text=_(
            "It’s on the National Insurance card, benefit letter, payslip or P60. For example, ‘AB 12 34 56 C’."
        ),
    )
    applied_on = DateField(label=_("Date applied"), required=False, help_text=_("When it was applied for"))
    received_on = DateField(label=_("Date received"), required=False, help_text=_("When the number was received"))


class AccommodationForm(VersionedForm):
    status = forms.ChoiceField(
        label=_("Where will the person live on release?"),
        choices=AccommodationStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose where the person will live on release")},
    )
    release_area = forms.CharField(
        label=_("Release area (optional)"),
        required=False,
        max_length=8,
        help_text=_("The postcode district the person will live in, like NR3"),
    )

    def clean_release_area(self):
        return self.cleaned_data["release_area"].strip().upper()


TIME_24H = re.compile(r"^(\d{1,2})[:.](\d{2})$")
TIME_12H = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?m\.?$")


def parse_time(value):
    """A time of day: '14:30' (24-hour) or '9:30am', '2pm' (12-hour); None when blank."""
    text = (value or "").strip().lower().replace(" ", "")
    if not text:
        return None
    if match := TIME_24H.match(text):
        hour, minute = int(match[1]), int(match[2])
    elif match := TIME_12H.match(text):
        hour, minute = int(match[1]), int(match[2] or 0)
        if not 1 <= hour <= 12:
            raise forms.ValidationError(_("Time of the appointment must be a real time, like 9:30am or 14:00"))
        hour = hour % 12 + (12 if match[3] == "p" else 0)
    else:
        raise forms.ValidationError(_("Time of the appointment must be a real time, like 9:30am or 14:00"))
    if hour > 23 or minute > 59:
        raise forms.ValidationError(_("Time of the appointment must be a real time, like 9:30am or 14:00"))
    return time(hour, minute)


def jobcentre_label(jobcentre, choice):
    """A jobcentre as a choice reads: its name and town, and how far away when it is only the nearest."""
    label = f"{jobcentre.name}{f', {jobcentre.town}' if jobcentre.town else ''}"
    if not choice.serving and jobcentre.pk in choice.distances:
        label += " " + _("(about %(km)s km from the release area)") % {"km": choice.distances[jobcentre.pk]}
    return label


class AppointmentForm(VersionedForm):
    # A plain field with radios: the service, not the form, says why a jobcentre cannot be chosen.
    jobcentre = forms.CharField(label=_("Jobcentre"), required=False, widget=forms.RadioSelect)
    appointment_on = DateField(label=_("Date of the appointment"), required=False)
    appointment_time = forms.CharField(
        label=_("Time of the appointment"), required=False, max_length=10, help_text=_("For example, 9:30am or 14:00")
    )
    reason = forms.CharField(
        label=_("Why is the appointment being rebooked?"),
        required=False,
        max_length=MAX_SUPERSEDED_REASON_LENGTH,
        widget=forms.Textarea,
    )

    def __init__(self, *args, choice, release_area, rebooking, **kwargs):
        super().__init__(*args, **kwargs)
        self.jobcentres = {str(jobcentre.pk): jobcentre for jobcentre in choice.jobcentres}
        self.fields["jobcentre"].widget.choices = [
            (pk, jobcentre_label(jobcentre, choice)) for pk, jobcentre in self.jobcentres.items()
        ]
        if release_area and not choice.serving:
            self.fields["jobcentre"].help_text = _(
                "No jobcentre is listed for %(area)s: these are the nearest. Check with the jobcentre before booking."
            ) % {"area": release_area}
        elif release_area:
            self.fields["jobcentre"].help_text = _("Jobcentres that serve the release area, %(area)s") % {
                "area": release_area
            }
        else:
            self.fields["jobcentre"].help_text = _("No release area is recorded: record accommodation on release first")
        if not rebooking:
            del self.fields["reason"]

    def clean_jobcentre(self):
        return self.jobcentres.get(self.cleaned_data["jobcentre"])

    def service_error_field(self, field):
        # The journey's touchpoint check names the appointment date its own way.
        return super().service_error_field({"appointment_date": "appointment_on"}.get(field, field))

    def clean_appointment_time(self):
        return parse_time(self.cleaned_data["appointment_time"])


class UcEntryForm(VersionedForm):
    benefit_claim_closed_on = DateField(
        label=_("Date the benefit claim was closed"),
        required=False,
        help_text=_("Leave blank if the person was not claiming benefits when they came in. For example, 27 3 2026"),
    )
    housing_costs_continued_on = DateField(
        label=_("Date Universal Credit housing costs continuation was arranged"),
        required=False,
        help_text=_("Only for stays of 6 months or less. For example, 27 3 2026"),
    )


class UcPreparationForm(VersionedForm):
    checklist = forms.MultipleChoiceField(
        label=_("What does the person have ready for their claim?"),
        required=False,
        choices=ClaimPreparation.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick each item that is ready, or that does not apply to them. Select all that apply."),
    )


class UcClaimForm(VersionedForm):
    claim_started_in_custody_on = DateField(
        label=_("Date the claim was started in custody"),
        required=False,
        help_text=_("Only where the prison starts claims in custody. For example, 27 3 2026"),
    )
    claim_made_on = DateField(
        label=_("Date the claim was made on release"),
        required=False,
        help_text=_("No earlier than 5 working days before the discharge date. For example, 27 3 2026"),
    )
    advance_requested = _yes_no(
        _("Did the person ask for an advance payment?"), _("Select yes if the person asked for an advance payment")
    )

    def __init__(self, *args, starts_in_custody, **kwargs):
        super().__init__(*args, **kwargs)
        if not starts_in_custody:
            del self.fields["claim_started_in_custody_on"]


class UcAdvanceForm(VersionedForm):
    advance_paid_amount = forms.CharField(
        label=_("Advance paid, in pounds"), max_length=20, required=False, help_text=_("For example, 350.00")
    )
    advance_paid_on = DateField(label=_("Date the advance was paid"), required=False)

    def clean_advance_paid_amount(self):
        return parse_money(self.cleaned_data["advance_paid_amount"], _("Advance paid"))
