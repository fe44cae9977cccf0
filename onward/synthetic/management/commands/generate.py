import sys
import time

from django.core.management.base import BaseCommand, CommandError

from onward.estate.models import Organisation
from onward.synthetic.lives import Lives
from onward.synthetic.people import national_prison_sizes


class Command(BaseCommand):
    help = (
        "Generate synthetic people and custody episodes: --people open cases spread over every "
        "active prison (or --prisons), plus --history-years of released episodes. Never real people."
    )

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, required=True, help="Open custody episodes to create.")
        parser.add_argument("--history-years", type=int, default=5, help="Years of past releases to add (default 5).")
        parser.add_argument("--prisons", help="Comma-separated prison codes (default: every active prison).")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, people, history_years, prisons, seed, **options):
        if people < 1:
            raise CommandError("--people must be at least 1")
        if not Organisation.objects.filter(kind="prison").exists():
            raise CommandError("No prisons loaded: run `python manage.py load_estate` first.")
        if prisons:
            codes = [code.strip().upper() for code in prisons.split(",") if code.strip()]
            known = set(
                Organisation.objects.filter(code__in=codes, kind="prison", active=True).values_list("code", flat=True)
            )
            if unknown := set(codes) - known:
                raise CommandError(f"Not active prisons: {', '.join(sorted(unknown))}")
            sizes = {code: people // len(codes) + (1 if i < people % len(codes) else 0) for i, code in enumerate(codes)}
        else:
            sizes = national_prison_sizes(people, seed=seed)
        started = time.monotonic()
        interactive = sys.stdout.isatty()

        def progress(done, total):
            if interactive or done == total or done % 20000 < 200:
                bar = "#" * (30 * done // total)
                self.stdout.write(f"\r[{bar:<30}] {done:,}/{total:,} episodes", ending="" if done < total else "\n")
                self.stdout.flush()

        lives = Lives(seed=seed, history_years=history_years, progress=progress)
        total = lives.run(lives.plan(sizes))
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {total:,} custody episodes ({people:,} open) in {len(sizes)} prisons through the "
                f"services ({lives.steps:,} steps) in {time.monotonic() - started:.1f}s."
            )
        )
