from datetime import date

from django.core.management.base import BaseCommand, CommandError

from onward.handover.services import handovers_escalate


class Command(BaseCommand):
    help = "Escalate every warm handover not accepted by its deadline (once each; run daily)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            help="Run as on this date (YYYY-MM-DD), for example to catch up after the daily run was missed.",
        )

    def handle(self, *args, today=None, **options):
        try:
            today = date.fromisoformat(today) if today else None
        except ValueError as error:
            raise CommandError(f"--today must be a date like 2026-11-23, not {today!r}") from error
        raised = handovers_escalate(today=today)
        self.stdout.write(self.style.SUCCESS(f"Raised {len(raised)} escalations."))
