"""Forms parse what people type; the readiness services decide whether it is allowed."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from onward.pages.govuk_forms import DateField, GovukForm
from onward.readiness.constants import (
    MAX_BANK_NAME_LENGTH,
    MAX_NOTES_LENGTH,
    AccommodationStatus,
    BankStatus,
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


class IdApplicationStatusForm(GovukForm):
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


class BankResponseForm(GovukForm):
    status = forms.ChoiceField(
        label=_("Response"),
        choices=[(value, label) for value, label in BankStatus.choices if value != BankStatus.PENDING],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the bank's response")},
    )
    response_on = DateField(label=_("Date of the response"))


class BankResubmitForm(GovukForm):
    bank_name = forms.CharField(
        label=_("Bank"),
        max_length=MAX_BANK_NAME_LENGTH,
        error_messages={"required": _("Enter the name of the bank")},
    )
    submitted_on = DateField(label=_("Date resubmitted"))


class NiNumberForm(GovukForm):
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
            "It’s on the National Insurance card, benefit letter, payslip or P60. For example, ‘QQ 12 34 56 C’."
        ),
    )
    applied_on = DateField(label=_("Date applied"), required=False, help_text=_("When it was applied for"))
    received_on = DateField(label=_("Date received"), required=False, help_text=_("When the number was received"))


class AccommodationForm(GovukForm):
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
