"""The case page's "from NOMIS, as of …" beside a fed field."""

import pytest
from django.template import Context, Template

from onward.accounts.system import NOMIS_FEED
from onward.cases.models import Case
from onward.cases.tests.factories import CaseFactory
from onward.feed import fake_hmpps, services
from onward.feed.constants import FeedSource
from onward.feed.tests.conftest import TODAY, at, days
from onward.feed.tests.factories import document, wednesday_after

pytestmark = pytest.mark.django_db


def render(case, field_name):
    template = Template("{% load feed %}{% fed_from_nomis case field_name %}")
    return template.render(Context({"case": case, "field_name": field_name})).strip()


def fed_case():
    event = fake_hmpps.received("A1234BC", prison="NWI", occurred_at=at(TODAY - days(1)))
    message, _created = services.message_receive(
        actor=NOMIS_FEED, raw=fake_hmpps.json.dumps(event).encode(), source=FeedSource.FILE
    )
    handled = services.message_handle(actor=NOMIS_FEED, message=message, fetch_document=lambda n: document(n))
    return Case.objects.get(pk=handled.case_id)


def test_a_fed_field_says_it_is_from_nomis_and_as_of_when():
    html = render(fed_case(), "release_date")
    assert html.startswith('<span class="govuk-hint')
    assert "From NOMIS, as of" in html and str(TODAY.year) in html


def test_a_field_typed_by_hand_says_nothing():
    assert render(CaseFactory(), "release_date") == ""
    assert render(fed_case(), "release_area") == ""


def test_a_fed_field_changed_here_since_says_what_nomis_says():
    case = fed_case()
    typed = wednesday_after(TODAY + days(20))
    # Only where NOMIS had not given it yet can it have been typed (people cannot type over a fed field).
    Case.objects.filter(pk=case.pk).update(release_date=typed)
    html = render(Case.objects.get(pk=case.pk), "release_date")
    assert "Changed here since" in html and "NOMIS says" in html
