from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onward.cases.constants import CaseStatus
from onward.cases.tests.factories import CaseFactory
from onward.estate.models import Organisation
from onward.insights import selectors, services
from onward.insights.models import MonthCount
from onward.insights.periods import Month

pytestmark = pytest.mark.django_db


def test_warm_measures_fills_the_cache_for_each_month():
    out = StringIO()
    call_command("warm_measures", "--months", "3", stdout=out)
    assert "Counted 3 months" in out.getvalue()
    this_month = Month.containing(date.today())
    for key in selectors.month_cache_keys(this_month, date.today()):
        assert cache.get(key) is not None


def test_a_changed_month_forgets_its_published_counts_too():
    last_month = _released_last_month(7)
    call_command("warm_measures", "--months", "2", stdout=StringIO())
    published = selectors.published_tallies(start=last_month.start, end=last_month.end, cached=True)
    assert sum(counts[selectors.AT["releases"]] for counts in published.values()) == 5
    services.month_counts_forget(months=[last_month], today=date.today())
    assert not any(cache.get(key) for key in selectors.month_cache_keys(last_month, date.today()))
    _released_last_month(1)
    again = selectors.published_tallies(start=last_month.start, end=last_month.end, cached=True)
    assert sum(counts[selectors.AT["releases"]] for counts in again.values()) == 10


@pytest.mark.parametrize("months", ["0", "61", "-3"])
def test_warm_measures_refuses_silly_ranges(months):
    with pytest.raises(CommandError):
        call_command("warm_measures", "--months", months, stdout=StringIO())


def _released_last_month(n):

    last_month = Month.containing(date.today()).previous()
    norwich = Organisation.objects.get(code="NWI")
    for _ in range(n):
        CaseFactory(prison=norwich, status=CaseStatus.RELEASED, discharge_date=last_month.start)
    return last_month


def test_dashboards_read_the_kept_counts_without_counting_releases_again():

    last_month = _released_last_month(7)
    call_command("warm_measures", "--months", "2", stdout=StringIO())
    assert MonthCount.objects.filter(month=last_month.start, counted_on=date.today()).exists()
    counted = selectors.release_tallies(start=last_month.start, end=last_month.end)
    cache.clear()  # a restart: only the database remembers
    with CaptureQueriesContext(connection) as queries:
        kept = selectors.release_tallies(start=last_month.start, end=last_month.end, cached=True)
    assert kept == counted
    assert sum(counts[selectors.AT["releases"]] for counts in kept.values()) == 7
    assert not [q for q in queries.captured_queries if "discharge_month" in q["sql"]]


def test_kept_counts_of_another_day_or_layout_are_not_read():

    last_month = _released_last_month(6)
    call_command("warm_measures", "--months", "2", stdout=StringIO())
    # Counted under an older list of counters: ignored, counted afresh.
    MonthCount.objects.filter(month=last_month.start).update(counters=["releases"], tallies=[])
    cache.clear()
    kept = selectors.release_tallies(start=last_month.start, end=last_month.end, cached=True)
    assert sum(counts[selectors.AT["releases"]] for counts in kept.values()) == 6
    # Counted yesterday: not today's figures (deadlines passed since), so not read either.
    MonthCount.objects.filter(month=last_month.start).update(counted_on=date.today() - timedelta(days=1))
    assert selectors._stored_months([last_month], today=date.today()) == {}
