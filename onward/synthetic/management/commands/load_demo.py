import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from onward.accounts.demo import DEMO_ACCOUNTS
from onward.accounts.services import organisation_for_code, user_save
from onward.cases.models import Case
from onward.synthetic.lives import Lives
from onward.synthetic.people import DEMO_PRISONS

# Each domain's own demo records, loaded after the caseload. Each is called as
# loader(stdout=...) and must be safe to run again.
DOMAIN_DEMOS = [
    "onward.partnerships.demo.load_demo",
    "onward.employment.demo.load_demo",
    "onward.feed.demo.load_demo",
]


class Command(BaseCommand):
    help = "Load the demo: one account per role and a synthetic caseload at the demo prisons. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even when DEMO_MODE is off (refused under production settings)."
        )
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Multiply the demo caseload (0.1 for a quick one)."
        )

    def handle(self, *args, force=False, scale=1.0, **options):
        if settings.PRODUCTION:
            raise CommandError("These are production settings: the demo is never loaded here, not even with --force.")
        if not (settings.DEMO_MODE or force):
            raise CommandError("DEMO_MODE is off: the demo's shared password must not exist here.")
        for username, role, org_code, first_name, last_name in DEMO_ACCOUNTS:
            user_save(
                actor=None,
                username=username,
                role=role,
                organisation=organisation_for_code(org_code),
                password=settings.DEMO_PASSWORD,
                first_name=first_name,
                last_name=last_name,
                email=f"{username}@example.gov.uk",
            )
        self.stdout.write(f"{len(DEMO_ACCOUNTS)} demo accounts ready (password: {settings.DEMO_PASSWORD}).")
        if Case.objects.filter(prison__code__in=DEMO_PRISONS).exists():
            self.stdout.write("Demo caseload already loaded.")
        else:
            sizes = {code: max(5, round(n * scale)) for code, n in DEMO_PRISONS.items()}
            started = time.monotonic()
            lives = Lives(seed=2026, history_years=1)
            total = lives.run(lives.plan(sizes))
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo caseload loaded through the services: {total:,} custody episodes, {lives.steps:,} steps "
                    f"in {time.monotonic() - started:.0f}s."
                )
            )
        for dotted_path in DOMAIN_DEMOS:
            import_string(dotted_path)(stdout=self.stdout)
