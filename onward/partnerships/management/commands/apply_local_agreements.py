from django.core.management.base import BaseCommand

from onward.partnerships.services import local_agreements_apply_all


class Command(BaseCommand):
    help = "Make each prison's journey follow the local agreement version in force today (run nightly; idempotent)."

    def handle(self, *args, **options):
        changed = local_agreements_apply_all()
        self.stdout.write(f"{changed} prisons now follow a different local agreement version.")
