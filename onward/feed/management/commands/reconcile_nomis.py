from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from onward.accounts.system import NOMIS_FEED
from onward.cases.services import prison_for_code
from onward.estate.constants import OrganisationKind
from onward.estate.models import Organisation
from onward.feed import services
from onward.feed.prisoner_search import PrisonerSearch, PrisonerSearchUnavailable


class Command(BaseCommand):
    help = (
        "Nightly: page through Prisoner Search's prisoners at each prison and open, move, replan or release "
        "whatever the events missed. Idempotent; says what it changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--prison", action="append", default=[], help="A prison code (repeat for more).")

    def handle(self, *args, prison=(), **options):
        if prison:
            prisons = [prison_for_code(code) for code in prison]
            unknown = [code for code, found in zip(prison, prisons, strict=True) if found is None]
            if unknown:
                raise CommandError(f"Onward does not know prison {', '.join(unknown)}.")
        else:
            prisons = list(Organisation.objects.filter(kind=OrganisationKind.PRISON, active=True).order_by("code"))
        failed = []
        now = timezone.now()
        with PrisonerSearch.from_settings() as search:
            if not search.configured:
                raise CommandError("HMPPS_AUTH_URL and PRISONER_SEARCH_URL are not set.")
            for each in prisons:
                try:
                    report = services.prison_reconcile(actor=NOMIS_FEED, prison=each, search=search, now=now)
                except PrisonerSearchUnavailable as error:
                    failed.append(each.code)
                    self.stderr.write(f"{each.code}: Prisoner Search did not answer ({error}); try again later.")
                    continue
                for line in report.lines():
                    self.stdout.write(line)
        if failed:
            raise CommandError(f"Not reconciled: {', '.join(failed)}.")
