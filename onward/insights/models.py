"""Counts kept between requests: the measures' grouped counts for a month, as counted on a day.

Aggregates only (counts per prison, district, region and cohort flags), never a
person. They depend on the day they were counted (deadlines pass), so a row
says which day it holds, and readers take only today's.
"""

from django.db import models


class MonthCount(models.Model):
    month = models.DateField(help_text="The first day of the calendar month of discharge.")
    counted_on = models.DateField()
    # The counters' names in the order `tallies` holds them: a row counted under another
    # layout of the measures is not read.
    counters = models.JSONField()
    # [[key, counts], ...] where key is (month "YYYY-MM", *selectors.GROUP) and counts follow `counters`.
    tallies = models.JSONField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "counted_on"], name="one_count_a_month_a_day")]

    def __str__(self):
        return f"{self.month:%Y-%m} counted on {self.counted_on}"
