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


@register.filter
def mid_sentence(value):
    """A label put inside a sentence: "Prison work coach" becomes "prison work coach", "ID and banking
    administrator" keeps its ID."""
    text = str(value)
    first = text.split(" ", 1)[0]
    if not text or (len(first) > 1 and first.isupper()):
        return text
    return text[0].lower() + text[1:]
