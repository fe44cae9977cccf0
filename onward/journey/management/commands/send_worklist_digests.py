from django.core.management.base import BaseCommand

from onward.journey.services import worklist_digests_send


class Command(BaseCommand):
    help = "Queue today's worklist digest e-mail for each person with work overdue or due this week (once a day each)."

    def handle(self, *args, **options):
        queued = worklist_digests_send()
        self.stdout.write(self.style.SUCCESS(f"Queued {queued} digests."))
