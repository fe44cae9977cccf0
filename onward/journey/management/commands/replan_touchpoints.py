from django.core.management.base import BaseCommand

from onward.journey.services import touchpoints_replan_all


class Command(BaseCommand):
    help = (
        "Replan the touchpoints of every live case (in custody, or released in the follow-up window) "
        "and drop plans for cases that left it. Idempotent: run it nightly, so plans follow new "
        "agreements and local timings."
    )

    def handle(self, *args, **options):
        def progress(done, total):
            if done == total or done % 10_000 < 500:
                self.stdout.write(f"{done:,}/{total:,} cases replanned")

        cases, removed = touchpoints_replan_all(progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Replanned {cases:,} live cases; removed {removed:,} stale plans."))
