"""The demo's day of the feed, played through ingest_events against the built-in fake."""

import pytest

from onward.cases.constants import CaseStatus, LegalStatus
from onward.cases.models import Case, Person
from onward.feed import demo
from onward.feed.constants import MessageStatus, SkipReason
from onward.feed.models import FeedMessage
from onward.feed.tests.conftest import TODAY, _Output, days

pytestmark = pytest.mark.django_db


def case_of(number):
    return Case.objects.select_related("prison").get(person__prison_number=number, status=CaseStatus.IN_CUSTODY)


def test_the_demo_opens_moves_replans_merges_and_releases_cases_and_is_safe_to_run_again():
    out = _Output()
    demo.load_demo(stdout=out)
    released = Case.objects.get(person__prison_number="K4101IF")
    assert (released.status, released.actual_discharge_date) == (CaseStatus.RELEASED, TODAY - days(1))
    assert case_of("K4102IF").prison.code == "WLI"
    assert case_of("K4103IF").legal_status == LegalStatus.REMAND
    assert case_of("K4104IF").prison.code == "HBI"
    assert case_of("K4105IF").release_date == TODAY + days(55)
    assert case_of("K4107IF").reception_date == TODAY - days(40)
    assert not Person.objects.filter(prison_number="K4108IF").exists()
    reasons = set(FeedMessage.objects.filter(status__in=("skipped", "malformed")).values_list("reason", flat=True))
    assert reasons == {SkipReason.UNKNOWN_PRISON, SkipReason.UNKNOWN_PRISONER, SkipReason.MALFORMED}
    assert FeedMessage.objects.filter(status=MessageStatus.IGNORED).count() == 3
    assert "yesterday" in out.getvalue()

    counts = (Case.objects.count(), FeedMessage.objects.count())
    again = _Output()
    demo.load_demo(stdout=again)
    assert (Case.objects.count(), FeedMessage.objects.count()) == counts
    assert "nothing new to handle" in again.getvalue()
