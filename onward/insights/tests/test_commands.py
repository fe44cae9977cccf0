from datetime import date
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command

from onward.insights.periods import Month

pytestmark = pytest.mark.django_db


def test_warm_measures_fills_the_cache_for_each_month():
    out = StringIO()
    call_command("warm_measures", "--months", "3", stdout=out)
    assert "Counted 3 months" in out.getvalue()
    this_month = Month.containing(date.today())
    assert cache.get(f"insights:tallies:{this_month}:{date.today()}") is not None


@pytest.mark.parametrize("months", ["0", "61", "-3"])
def test_warm_measures_refuses_silly_ranges(months):
    with pytest.raises(CommandError):
        call_command("warm_measures", "--months", months, stdout=StringIO())
