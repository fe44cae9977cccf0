"""A figure as a link to how it is computed: one tag, because a dashboard has a few hundred of them."""

from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def how_link(measure, text, back, context_name=""):
    """`text` linking to the measure's "how computed" page, with words for screen readers saying what it is."""
    about = f"{measure.title}, {context_name}" if context_name else str(measure.title)
    href = f"{reverse('insights:how', args=[measure.key])}?back={quote(back, safe='')}"
    return format_html(
        '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> – {}: {}</span></a>',
        href,
        text,
        about,
        _("how this is computed"),
    )
