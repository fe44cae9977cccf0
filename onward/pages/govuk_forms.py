"""GOV.UK Design System form patterns as Django form fields.

The date input is three boxes (day, month, year) with messages in the
GOV.UK style: say what is missing or wrong, in the field's own name.
"""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from onward.validation import FIRST_DAY, LAST_DAY


class DateInputWidget(forms.MultiWidget):
    template_name = "govuk/date_input.html"

    def __init__(self, attrs=None):
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)

    def decompress(self, value):
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateField(forms.MultiValueField):
    """A GOV.UK date input. `label` is used in the messages ('Date of birth must include a month')."""

    widget = DateInputWidget
    parts = ("day", "month", "year")

    def __init__(self, *, past_only=False, **kwargs):
        self.past_only = past_only
        kwargs.setdefault("require_all_fields", False)
        super().__init__(fields=[forms.CharField(required=False)] * 3, **kwargs)

    def compress(self, values):
        return values

    def clean(self, value):
        label = str(self.label or _("Date"))
        parts = [str(v).strip() if v is not None else "" for v in (value or ["", "", ""])]
        if not any(parts):
            if self.required:
                raise forms.ValidationError(_("Enter the %(label)s") % {"label": label.lower()}, code="required")
            return None
        missing = [name for name, part in zip(self.parts, parts, strict=True) if not part]
        if missing:
            raise forms.ValidationError(
                _("%(label)s must include a %(parts)s")
                % {"label": label, "parts": _(" and a ").join(str(_(m)) for m in missing)},
                code="incomplete",
            )
        # ASCII digits only ("²" is a digit to str.isdigit), a day and a month of at most two and a year of four:
        # nothing larger ever reaches the calendar's arithmetic.
        if (
            not all(part.isascii() and part.isdigit() for part in parts)
            or len(parts[0]) > 2
            or len(parts[1]) > 2
            or len(parts[2]) != 4
        ):
            raise forms.ValidationError(_("%(label)s must be a real date") % {"label": label}, code="invalid")
        try:
            day = date(int(parts[2]), int(parts[1]), int(parts[0]))
        except (ValueError, OverflowError) as error:
            raise forms.ValidationError(
                _("%(label)s must be a real date") % {"label": label}, code="invalid"
            ) from error
        if not FIRST_DAY <= day <= LAST_DAY:
            raise forms.ValidationError(
                _("%(label)s must be between %(first)s and %(last)s")
                % {"label": label, "first": FIRST_DAY.year, "last": LAST_DAY.year},
                code="range",
            )
        if self.past_only and day > date.today():
            raise forms.ValidationError(_("%(label)s must be today or in the past") % {"label": label}, code="future")
        return day


class GovukForm(forms.Form):
    """Adds the GOV.UK error summary's needs: errors in field order with anchors."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields and isinstance(self.fields[name], DateField):
                self.fields[name].widget.attrs["error"] = True

    def service_error_field(self, field):
        """Which form field a service's error on `field` belongs on (None: the whole form)."""
        return field if field in self.fields else None

    def add_service_errors(self, error):
        """Put a service's ValidationError on the fields it names, in the GOV.UK way."""
        for field, messages in getattr(error, "message_dict", {"__all__": error.messages}).items():
            target = self.service_error_field(field)
            for message in messages:
                self.add_error(target, message)
            if target and isinstance(self.fields[target], DateField):
                self.fields[target].widget.attrs["error"] = True

    def error_summary(self):
        summary = []
        for message in self.non_field_errors():
            summary.append({"text": message, "href": "#main-content"})
        for field in self:
            for message in field.errors:
                anchor = field.auto_id
                if isinstance(field.field, DateField) or isinstance(
                    field.field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)
                ):
                    anchor = f"{field.auto_id}_0"
                summary.append({"text": message, "href": f"#{anchor}"})
        return summary
