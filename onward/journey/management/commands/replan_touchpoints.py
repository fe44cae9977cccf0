from django.core.management.base import BaseCommand

from onward.journey.services import touchpoints_replan_all


class Command(BaseCommand):
    help = (
        "Replan the touchpoints of every live case (in custody, or released in the follow-up window) "
        "and drop plans for cases that left it. Idempotent: run it nightly, so plans follow new "
        "agreements and local timings."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--history",
            action="store_true",
            help="Replan every case, history included: once after a migration that changes the catalogue, so "
            "the measures have a plan for every release however old.",
        )

    def handle(self, *args, history, **options):
        def progress(done, total):
            if done == total or done % 10_000 < 500:
                self.stdout.write(f"{done:,}/{total:,} cases replanned")

        cases, removed = touchpoints_replan_all(progress=progress, history=history)
        which = "cases, history included" if history else "live cases"
        self.stdout.write(
            self.style.SUCCESS(f"Replanned {cases:,} {which}; {removed:,} plans stopped being live work.")
        )
