"""Keeping the measures' month counts, so dashboards read them rather than count them."""

from django.core.cache import cache
from django.db import transaction

from onward.audit import services as audit
from onward.insights.models import MonthCount
from onward.insights.periods import Month
from onward.insights.selectors import COUNTERS, month_cache_keys


def month_counts_store(*, actor, counts_by_month, today):
    """Keep each month's grouped counts as counted today; earlier days' counts of those months go."""
    with transaction.atomic():
        for month, tallies in counts_by_month.items():
            MonthCount.objects.filter(month=month.start).exclude(counted_on=today).delete()
            MonthCount.objects.update_or_create(
                month=month.start,
                counted_on=today,
                defaults={
                    "counters": list(COUNTERS),
                    "tallies": [[list(key), counts] for key, counts in tallies.items()],
                },
            )
        audit.record(
            actor=actor,
            action="measures.store",
            changes={"months": [str(month) for month in counts_by_month], "counted_on": today.isoformat()},
        )


def month_counts_forget(*, months, today):
    """Forget the kept counts of months whose releases changed, so the next reader counts them afresh.

    Derived aggregates only, with no person in them: forgetting them is not audited.
    """
    starts = sorted({month.start for month in months})
    if not starts:
        return 0
    cache.delete_many([key for start in starts for key in month_cache_keys(Month.containing(start), today)])
    with transaction.atomic():
        forgotten, _by_model = MonthCount.objects.filter(month__in=starts).delete()
    return forgotten
