from django import forms
from django.utils.translation import gettext_lazy as _

from onward.estate.models import Organisation
from onward.handover.constants import CrsService, ReferralRejectReason, RejectReason
from onward.handover.services import MAX_TEXT
from onward.handover.sharing import sharing_problem
from onward.pages.govuk_forms import GovukForm


class SendForm(GovukForm):
    jobcentre = forms.ModelChoiceField(
        label=_("Jobcentre"),
        queryset=None,
        empty_label=_("Choose a jobcentre"),
        help_text=_("The jobcentres that serve the person's release area"),
        error_messages={"required": _("Choose the jobcentre"), "invalid_choice": _("Choose a jobcentre from the list")},
    )
    needs = forms.CharField(
        label=_("What the person needs from the jobcentre"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea,
        help_text=_("For example, help with a phone, childcare costs, a health condition to take into account"),
    )
    shared_notes = forms.CharField(
        label=_("Notes the person agreed to share (optional)"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea,
    )
    person_agreed_to_share = forms.BooleanField(
        label=_("The person agreed to share these notes with the jobcentre"), required=False
    )

    def __init__(self, *args, choice, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jobcentre"].queryset = Organisation.objects.filter(pk__in=[j.pk for j in choice.jobcentres])
        if choice.release_area and not choice.serving:
            self.fields["jobcentre"].help_text = _(
                "No jobcentre is listed for %(area)s: these are the nearest. Check with the jobcentre before sending."
            ) % {"area": choice.release_area}

    def clean(self):
        cleaned = super().clean()
        if problem := sharing_problem(cleaned.get("shared_notes"), cleaned.get("person_agreed_to_share")):
            self.add_error("person_agreed_to_share", problem)
        return cleaned


class RejectForm(GovukForm):
    reason = forms.ChoiceField(
        label=_("Why can you not accept it?"),
        choices=RejectReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose why you cannot accept it")},
    )
    details = forms.CharField(label=_("Details"), required=False, max_length=MAX_TEXT, widget=forms.Textarea)


class CompleteForm(GovukForm):
    attended = forms.TypedChoiceField(
        label=_("Did the person attend their first appointment?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the person attended")},
    )


class RevokeForm(GovukForm):
    reason = forms.CharField(
        label=_("Why are you revoking the handover?"),
        max_length=MAX_TEXT,
        widget=forms.Textarea,
        error_messages={"required": _("Say why the handover is revoked")},
    )


class ReferralSendForm(GovukForm):
    receiver = forms.ModelChoiceField(
        label=_("Send to"),
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who to send it to"), "invalid_choice": _("Choose from the list")},
    )
    service = forms.ChoiceField(
        label=_("Which service does the person need?"),
        choices=CrsService.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the service the person needs")},
    )
    reason = forms.CharField(
        label=_("What the person needs and why you are referring them"),
        max_length=MAX_TEXT,
        widget=forms.Textarea,
        error_messages={"required": _("Say what the person needs and why you are referring them")},
    )
    shared_notes = forms.CharField(
        label=_("Notes the person agreed to share (optional)"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea,
    )
    person_agreed_to_share = forms.BooleanField(label=_("The person agreed to share these notes"), required=False)

    def __init__(self, *args, receivers, with_service, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiver"].queryset = receivers
        if not with_service:
            del self.fields["service"]

    def clean(self):
        cleaned = super().clean()
        if problem := sharing_problem(cleaned.get("shared_notes"), cleaned.get("person_agreed_to_share")):
            self.add_error("person_agreed_to_share", problem)
        return cleaned


class ReferralRejectForm(RejectForm):
    reason = forms.ChoiceField(
        label=_("Why can you not accept it?"),
        choices=ReferralRejectReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose why you cannot accept it")},
    )


class ReferralCompleteForm(GovukForm):
    engaged = forms.TypedChoiceField(
        label=_("Did the person engage with the service after release?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the person engaged")},
    )


class ReferralRevokeForm(GovukForm):
    reason = forms.CharField(
        label=_("Why are you revoking the referral?"),
        max_length=MAX_TEXT,
        widget=forms.Textarea,
        error_messages={"required": _("Say why the referral is revoked")},
    )
