"""What the measures do when releases change (see onward/events.py): forget the months they had counted.

A release counts in the month of its discharge date, so a moved day, a
recorded discharge or a changed record behind a touchpoint changes the counts
of that month (and, for a move, of the month it left).
"""

from datetime import date

from onward.cases.models import Case
from onward.insights.periods import Month
from onward.insights.services import month_counts_forget


def forget_counted_months(event):
    """The discharge day moved: the month it left and the month it moved to."""
    _forget([event.old, event.new], event)


def forget_the_cases_month(event):
    """A release or a record behind its touchpoints changed: the month of the case's discharge."""
    _forget(Case.objects.filter(pk=event.case_id).values_list("discharge_date", flat=True), event)


def _forget(days, event):
    months = [Month.containing(day) for day in days if day is not None]
    if months:
        month_counts_forget(months=months, today=event.today or date.today())
