from django.core.management.base import BaseCommand

from onward.handover.services import handovers_escalate


class Command(BaseCommand):
    help = "Escalate every warm handover not accepted by its deadline (once each; run daily)."

    def handle(self, *args, **options):
        raised = handovers_escalate()
        self.stdout.write(self.style.SUCCESS(f"Raised {len(raised)} escalations."))
