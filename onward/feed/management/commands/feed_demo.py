from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from onward.feed import demo


class Command(BaseCommand):
    help = (
        "Play the demo's day of HMPPS events through ingest_events against the built-in fake Prisoner Search "
        "(after load_demo; safe to run again)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even when DEMO_MODE is off.")

    def handle(self, *args, force=False, **options):
        if not (settings.DEMO_MODE or force):
            raise CommandError("DEMO_MODE is off: the demo's made-up people must not be fed in here.")
        demo.load_demo(stdout=self.stdout)
