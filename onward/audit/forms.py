from django import forms
from django.utils.translation import gettext_lazy as _

from onward.cases.validators import normalise_prison_number, validate_prison_number
from onward.pages.govuk_forms import DateField, GovukForm


class AuditSearchForm(GovukForm):
    prison_number = forms.CharField(label=_("Prison number"), required=False, max_length=20)
    username = forms.CharField(label=_("Username"), required=False, max_length=150)
    date_from = DateField(label=_("From"), required=False)
    date_to = DateField(label=_("To"), required=False)

    def clean_prison_number(self):
        value = normalise_prison_number(self.cleaned_data["prison_number"])
        if value:
            validate_prison_number(value)
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            self.add_error("date_to", _("‘To’ must be the same as or after ‘From’"))
        return cleaned
