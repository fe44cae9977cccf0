"""Forms for the journey pages: they parse what people type; the services decide what is allowed."""

from django import forms
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from onward.cases.constants import CohortFlag
from onward.journey.constants import EmploymentOutcome, NotDoneReason, Outcome, PreReleaseChecklist, Stage
from onward.journey.selectors import Bucket
from onward.journey.touchpoints import AGREEMENTS
from onward.pages.govuk_forms import DateField, GovukForm

NOTES_MAX_LENGTH = 2000
EMPLOYMENT_CHECKS = ("employment-check-6-weeks", "employment-check-6-months")
# Touchpoints whose record this page can write from its own fields (through the record's keeper). The
# others' records are made on their own pages, which the touchpoint page links to.
RECORDED_HERE = frozenset({*EMPLOYMENT_CHECKS, "uc-claim", "benefit-claim-closure", "uc-housing-costs"})
# The 12-week interview's own items: the claim's preparation and the appointment are shown from their records.
INTERVIEW_ITEMS = [
    (value, label)
    for value, label in PreReleaseChecklist.choices
    if value not in (PreReleaseChecklist.CLAIM_PREPARED, PreReleaseChecklist.APPOINTMENT_BOOKED)
]
# The outcomes that need a reason, each with its own reason field inside its conditional reveal.
REASON_FIELDS = {Outcome.NOT_APPLICABLE: "reason_not_applicable", Outcome.DECLINED: "reason_declined"}


def catalogue():
    """Every touchpoint rule by code, the newest agreement's wording winning."""
    return {rule.code: rule for agreement in AGREEMENTS for rule in agreement.rules}


def touchpoint_title(code):
    rule = catalogue().get(code)
    return str(rule.title) if rule else code


# --- the worklist ----------------------------------------------------------------

BUCKETS = [
    (Bucket.OVERDUE, _("Overdue")),
    (Bucket.DUE_SOON, _("Due this week")),
    (Bucket.OPEN, _("Open")),
    (Bucket.OPENING_SOON, _("Opening soon")),
]
WORKLIST_SORTS = ("due_date", "name", "prison_number", "touchpoint", "discharge_date")


class WorklistFilterForm(GovukForm):
    """The worklist's tab, filters and sort, all from the query string."""

    # The tab and the sort come from links, not from what people type: anything unknown means the default.
    bucket = forms.CharField(required=False)
    code = forms.MultipleChoiceField(label=_("Touchpoint"), required=False, widget=forms.CheckboxSelectMultiple)
    stage = forms.MultipleChoiceField(label=_("Stage"), required=False, widget=forms.CheckboxSelectMultiple)
    due_from = DateField(label=_("Due on or after"), required=False)
    due_to = DateField(label=_("Due on or before"), required=False)
    flags = forms.MultipleChoiceField(
        label=_("Cohort"),
        choices=[(c.value, c.label) for c in CohortFlag if c != CohortFlag.YOUNG_ADULT],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sort = forms.CharField(required=False)
    order = forms.CharField(required=False)

    def __init__(self, *args, role, **kwargs):
        super().__init__(*args, **kwargs)
        rules = [rule for rule in catalogue().values() if rule.owner == role]
        self.fields["code"].choices = [(rule.code, rule.title) for rule in rules]
        stages = {rule.stage for rule in rules}
        self.fields["stage"].choices = [(stage.value, stage.label) for stage in Stage if stage in stages]

    def clean_bucket(self):
        value = self.cleaned_data["bucket"]
        return value if value in dict(BUCKETS) else ""

    def clean_sort(self):
        value = self.cleaned_data["sort"]
        return value if value in WORKLIST_SORTS else ""

    def clean_order(self):
        return "desc" if self.cleaned_data["order"] == "desc" else ""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("due_from"), cleaned.get("due_to")
        if start and end and start > end:
            self.add_error("due_to", _("Due on or before must be the same as or after due on or after"))
        return cleaned

    def value(self, name, default=None):
        """A cleaned value, or `default` when the form is unbound or that field was wrong."""
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return default
        return self.cleaned_data.get(name) or default

    def filters(self):
        """The keyword arguments for `selectors.worklist`, from a valid form (nothing when it is not)."""
        if self.is_bound and not self.is_valid():
            return None
        return {
            "codes": self.value("code", ()),
            "stages": self.value("stage", ()),
            "due_from": self.value("due_from"),
            "due_to": self.value("due_to"),
            "flags": self.value("flags", ()),
        }

    def ordering(self):
        sort = self.value("sort", "due_date")
        descending = self.value("order") == "desc"
        if sort == "touchpoint":
            # In the order of the titles people read, in the language they read them.
            titles = sorted(catalogue().values(), key=lambda rule: str(rule.title).lower())
            rank = Case(
                *[When(code=rule.code, then=Value(index)) for index, rule in enumerate(titles)],
                default=Value(len(titles)),
                output_field=IntegerField(),
            )
            return [rank.desc() if descending else rank.asc(), "due_on", "id"]
        names = {
            "due_date": ("due_on", "case__person__family_name"),
            "name": ("case__person__family_name", "case__person__given_name", "due_on"),
            "prison_number": ("case__person__prison_number", "due_on"),
            "discharge_date": ("case__discharge_date", "due_on"),
        }[sort]
        prefix = "-" if descending else ""
        return [f"{prefix}{names[0]}", *names[1:], "id"]


# --- recording a touchpoint ----------------------------------------------------------


class TouchpointRecordForm(GovukForm):
    """What a worker records against one touchpoint; the fields depend on the touchpoint."""

    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose done, not applicable or declined")},
    )
    reason_not_applicable = forms.ChoiceField(
        label=_("Why does it not apply?"),
        choices=[("", _("Choose a reason")), *NotDoneReason.choices],
        required=False,
    )
    reason_declined = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", _("Choose a reason")), *NotDoneReason.choices],
        required=False,
    )
    completed_on = DateField(
        label=_("Date"),
        required=False,
        help_text=_(
            "The day it was done, or the day you found it does not apply or the person declined. For example, 27 3 2026"
        ),
    )
    notes = forms.CharField(
        label=_("Notes (optional)"),
        required=False,
        max_length=NOTES_MAX_LENGTH,
        widget=forms.Textarea,
        error_messages={
            "max_length": _("Notes must be %(limit_value)d characters or fewer"),
        },
    )

    def __init__(self, *args, code, is_a_record=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.code = code
        if is_a_record and code not in RECORDED_HERE:
            # "Done" is said by the record itself, made on its own page.
            self.fields["outcome"].choices = [(v, label) for v, label in Outcome.choices if v != Outcome.DONE]
            self.fields["outcome"].error_messages["required"] = _("Choose not applicable or declined")
        extra = {}
        if code == "pre-release-support":
            extra["checklist"] = forms.MultipleChoiceField(
                label=_("What did the interview cover?"),
                help_text=_("Select all that apply. You need to select at least one when the interview was done."),
                choices=INTERVIEW_ITEMS,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        elif code == "uc-claim":
            extra["advance_requested"] = forms.BooleanField(
                label=_("The person asked for an advance payment"), required=False
            )
        elif code in EMPLOYMENT_CHECKS:
            extra["employment_outcome"] = forms.ChoiceField(
                label=_("What is the person doing now?"),
                help_text=_("You need to answer this when the check was done."),
                choices=EmploymentOutcome.choices,
                required=False,
                widget=forms.RadioSelect,
            )
            extra["job"] = forms.CharField(label=_("Job or course (optional)"), required=False, max_length=200)
        # The extra fields come after the outcome, before the date, so the error summary keeps page order.
        names = list(self.fields)
        position = names.index("completed_on")
        ordered = names[:position] + list(extra) + names[position:]
        self.fields.update(extra)
        self.fields = {name: self.fields[name] for name in ordered}
        self.extra_fields = list(extra)

    def extras(self):
        """The bound fields this touchpoint adds, in order."""
        return [self[name] for name in self.extra_fields]

    def reason(self):
        outcome = self.cleaned_data.get("outcome")
        return self.cleaned_data.get(REASON_FIELDS[outcome], "") if outcome in REASON_FIELDS else ""

    def details(self):
        details = {}
        data = self.cleaned_data
        if "advance_requested" in self.fields:
            details["advance_requested"] = bool(data.get("advance_requested"))
        if data.get("employment_outcome"):
            details["employment_outcome"] = data["employment_outcome"]
        if data.get("job"):
            details["job"] = data["job"].strip()
        return details

    def values(self):
        """The keyword arguments for `services.touchpoint_record`."""
        return {
            "outcome": self.cleaned_data["outcome"],
            "completed_on": self.cleaned_data.get("completed_on"),
            "reason": self.reason(),
            "notes": self.cleaned_data.get("notes", ""),
            "checklist": self.cleaned_data.get("checklist") or (),
            "details": self.details(),
        }

    def service_error_field(self, field):
        """`reason` belongs on the reason field for the outcome chosen."""
        if field == "reason":
            field = REASON_FIELDS.get(self.cleaned_data.get("outcome"))
        return super().service_error_field(field)
