from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from onward.accounts.services import users_dormant_disable
from onward.accounts.system import NIGHTLY


class Command(BaseCommand):
    help = "Switch off accounts nobody has signed in to, nor used the API token of, for 90 days (nightly; idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.DORMANT_ACCOUNT_DAYS,
            help="How long unseen before an account is switched off (default %(default)s).",
        )

    def handle(self, *args, days, **options):
        usernames = users_dormant_disable(actor=NIGHTLY, now=timezone.now(), days=days)
        for username in usernames:
            self.stdout.write(f"Switched off {username}.")
        self.stdout.write(f"{len(usernames)} account(s) not seen for {days} days switched off.")
