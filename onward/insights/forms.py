"""The dashboard's choices: which period and which organisation(s). GET forms: they change nothing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from onward.estate.constants import NATIONAL_CODE
from onward.insights.periods import parse_period, periods_to
from onward.pages.govuk_forms import GovukForm


def _period_choices(by, today):
    return [(str(period), period.label) for period in periods_to(today, by)]


def _period(form):
    value = form.cleaned_data["period"]
    try:
        return parse_period(value)
    except ValueError as error:
        raise forms.ValidationError(_("Select a period from the list"), code="invalid") from error


class MeasuresForm(GovukForm):
    period = forms.ChoiceField(
        label=_("Period"),
        error_messages={
            "required": _("Select a period"),
            "invalid_choice": _("Select a period from the list"),
        },
    )
    org = forms.ChoiceField(
        label=_("Organisation"),
        required=False,
        error_messages={"invalid_choice": _("Select an organisation from the list")},
    )

    def __init__(self, data=None, *, by, organisations, include_national=True, today, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["period"].choices = _period_choices(by, today)
        choices = [(NATIONAL_CODE, _("England and Wales (national)"))] if include_national else []
        choices += [
            (organisation.code, f"{organisation.name} ({organisation.get_kind_display().lower()})")
            for organisation in organisations
        ]
        self.fields["org"].choices = choices

    def clean_period(self):
        return _period(self)


class CompareForm(GovukForm):
    period = forms.ChoiceField(
        label=_("Period"),
        error_messages={
            "required": _("Select a period"),
            "invalid_choice": _("Select a period from the list"),
        },
    )
    org = forms.MultipleChoiceField(
        label=_("Organisations to compare with the national figures"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Select at least one organisation to compare"),
            "invalid_choice": _("Select organisations from the list"),
        },
    )

    def __init__(self, data=None, *, by, organisations, most, today, **kwargs):
        super().__init__(data, **kwargs)
        self.most = most
        self.fields["period"].choices = _period_choices(by, today)
        self.fields["org"].choices = [
            (organisation.code, f"{organisation.name} ({organisation.get_kind_display().lower()})")
            for organisation in organisations
        ]

    def clean_period(self):
        return _period(self)

    def clean_org(self):
        codes = self.cleaned_data["org"]
        if len(codes) > self.most:
            raise forms.ValidationError(
                _("Select no more than %(most)s organisations") % {"most": self.most}, code="too_many"
            )
        return codes
