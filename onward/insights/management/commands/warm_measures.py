from datetime import date

from django.core.management.base import BaseCommand, CommandError

from onward.insights import services
from onward.insights.periods import Month
from onward.insights.selectors import CACHE_SECONDS, count_months, published_tallies

MOST_MONTHS = 60


class Command(BaseCommand):
    help = (
        "Count the measures for the last few months and keep the counts in the database (and the cache), "
        "so nobody opening a dashboard waits for them. Run it nightly just after midnight (counts depend on "
        f"the day), and more often than the cache keeps counts ({CACHE_SECONDS} seconds) for fresher figures."
    )

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=15, help="How many months back, this one included.")

    def handle(self, *args, **options):
        months = options["months"]
        if not 1 <= months <= MOST_MONTHS:
            raise CommandError(f"--months must be from 1 to {MOST_MONTHS}")
        today = date.today()
        run = [Month.containing(today)]
        while len(run) < months:
            run.insert(0, run[0].previous())
        counts = count_months(run, today=today)
        services.month_counts_store(actor=None, counts_by_month=counts, today=today)
        # Fills the cache with each month's counts and their published (rounded) groups.
        tallies = published_tallies(start=run[0].start, end=run[-1].end, today=today, cached=True)
        self.stdout.write(
            self.style.SUCCESS(f"Counted {months} months from {run[0]} to {run[-1]}: {len(tallies):,} groups.")
        )
