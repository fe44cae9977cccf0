"""Forms that change a record carry the version they were read at, so a save that crosses someone else's is
refused rather than written over theirs (ADR 15: the page's hidden field is the API's If-Match).

When it is refused, each field the other person changed shows their value beside the one typed here, and the
form takes the record's new version: saving again is then a decision made knowing both, not an accident.
"""

from datetime import date, time
from decimal import Decimal

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from onward.pages.govuk_forms import GovukForm

SOMEONE_ELSE_CHANGED_IT = _(
    "Someone else changed this while you were editing it. Check what they changed, then save again if yours is still "
    "right."
)


class VersionedForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def service_values(self):
        """What the service takes: the fields typed, and the version they were read at as `expected_version`."""
        values = {name: value for name, value in self.cleaned_data.items() if name != "version"}
        return values | {"expected_version": self.cleaned_data.get("version")}

    def crossed(self, current, *, version):
        """Someone saved `current` (the record's values now, as this form's fields clean them) at `version` first."""
        self.add_error(None, SOMEONE_ELSE_CHANGED_IT)
        for name, field in self.fields.items():
            if name == "version" or name not in current or name not in self.cleaned_data:
                continue
            mine, theirs = self.cleaned_data[name], current[name]
            if _comparable(mine) == _comparable(theirs):
                continue
            self.add_error(
                name,
                _("Someone else changed this to ‘%(theirs)s’. You entered ‘%(mine)s’.")
                % {"theirs": shown(field, theirs), "mine": shown(field, mine)},
            )
        fresh = self.data.copy()
        fresh[self.add_prefix("version")] = str(version)
        self.data = fresh


def _comparable(value):
    if value in (None, ""):
        return None
    if isinstance(value, (list, tuple, set, frozenset)):
        return sorted(str(item) for item in value)
    if hasattr(value, "pk"):
        return ("pk", value.pk)
    return value


def shown(field, value):
    """A value as the person reads it on the page: a choice by its label, a date in words, money in pounds."""
    if value in (None, "") or value == []:
        return str(_("nothing"))
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(shown(field, item) for item in value)
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, date):
        return date_format(value, "j F Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, Decimal):
        return f"£{value:,.2f}"
    labels = dict(getattr(field, "choices", None) or getattr(field.widget, "choices", None) or [])
    return str(labels.get(str(getattr(value, "pk", value)), value))
