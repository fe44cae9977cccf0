from datetime import date

from django.core.management.base import BaseCommand, CommandError

from onward.insights.periods import Month
from onward.insights.selectors import CACHE_SECONDS, release_tallies

MOST_MONTHS = 60


class Command(BaseCommand):
    help = (
        "Count the measures for the last few months into the cache the dashboards read, so the first "
        "person to open them does not wait. Useful only with a shared cache (REDIS_URL): run it more "
        f"often than the cache keeps counts ({CACHE_SECONDS} seconds)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=15, help="How many months back, this one included.")

    def handle(self, *args, **options):
        months = options["months"]
        if not 1 <= months <= MOST_MONTHS:
            raise CommandError(f"--months must be from 1 to {MOST_MONTHS}")
        today = date.today()
        last = Month.containing(today)
        first = last
        for _ in range(months - 1):
            first = first.previous()
        tallies = release_tallies(start=first.start, end=last.end, today=today, cached=True)
        self.stdout.write(
            self.style.SUCCESS(f"Counted {months} months from {first} to {last}: {len(tallies):,} groups.")
        )
