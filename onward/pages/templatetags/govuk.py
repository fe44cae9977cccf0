from django import template
from django.utils.formats import date_format

register = template.Library()


@register.filter
def govuk_choice_kind(_ignored, widget_type):
    return "radios" if widget_type == "radioselect" else "checkboxes"


@register.filter
def govuk_date(value):
    """Dates the GOV.UK way: 2 September 2026."""
    return date_format(value, "j F Y") if value else ""


@register.filter
def govuk_day(value):
    """With the weekday, where it matters: Wednesday 2 September 2026."""
    return date_format(value, "l j F Y") if value else ""
