"""Where a case's facts came from: `{% load feed %}{% fed_from_nomis case "release_date" %}`."""

from django import template

from onward.feed import selectors
from onward.feed.mapping import fed_value

register = template.Library()

PERSON_FIELDS = frozenset({"given_name", "family_name", "date_of_birth"})


def _current(case, field_name):
    if field_name == "prison":
        return case.prison.code
    holder = case.person if field_name in PERSON_FIELDS else case
    return fed_value(getattr(holder, field_name, None))


@register.inclusion_tag("feed/fed_from_nomis.html")
def fed_from_nomis(case, field_name):
    """ "From NOMIS, as of …" under a fed field; says so when the value on the case differs from NOMIS's."""
    row = selectors.fed_provenance(case).get(field_name)
    if row is None:
        return {"fed": False}
    return {
        "fed": True,
        "as_of": row.as_of,
        "differs": _current(case, field_name) != row.value,
        "nomis_value": selectors.fed_fields(case)[field_name][0],
        "replaced_value": row.replaced_value,
        "replaced_at": row.replaced_at,
    }
