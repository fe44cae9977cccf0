from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from onward.pages.govuk_forms import GovukForm


class SignInForm(GovukForm, AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Enter a correct username and password. After 5 wrong tries the account is locked for 30 minutes."
        ),
        "inactive": _("This account has been switched off. Ask your service administrator."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["username"].error_messages["required"] = _("Enter your username")
        self.fields["password"].error_messages["required"] = _("Enter your password")


class CaseloadForm(GovukForm):
    caseload = forms.ChoiceField(label=_("Which prison are you working in?"), widget=forms.RadioSelect)

    def __init__(self, *args, caseloads, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseload"].choices = caseloads
        self.fields["caseload"].error_messages["required"] = _("Choose the prison you are working in")
        self.fields["caseload"].error_messages["invalid_choice"] = _("Choose one of your caseloads")
