import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from onward.feed import consumer
from onward.feed.prisoner_search import PrisonerSearch


class Command(BaseCommand):
    help = (
        "Handle HMPPS domain events from a file, one JSON document a line (an SNS notification as SQS delivers it, "
        "or the event itself), exactly as the queue worker does; --retry tries again what was kept. Exits 0 once "
        "every message is handled, ignored or kept; a line that is not an event is set aside and reported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="The file of messages ('-' for standard input).")
        parser.add_argument("--retry", action="store_true", help="Try again every message kept to try again.")

    def handle(self, *args, file=None, retry=False, **options):
        if not file and not retry:
            raise CommandError("Give a FILE of messages, or --retry.")
        with PrisonerSearch.from_settings() as search:
            if not search.configured:
                self.stderr.write(
                    "HMPPS_AUTH_URL and PRISONER_SEARCH_URL are not set: messages that need Prisoner Search are kept."
                )
            if file:
                report = self._ingest(file, search)
                self._write(report)
            if retry:
                self.stdout.write("Trying again what was kept:")
                self._write(consumer.kept_retry(search=search))

    def _ingest(self, file, search):
        if file == "-":
            return consumer.lines_ingest(sys.stdin.buffer, search=search, name="stdin")
        try:
            handle = open(file, "rb")  # noqa: SIM115 - closed below, whatever the lines hold
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        with handle:
            return consumer.lines_ingest(handle, search=search, name=Path(file).name)

    def _write(self, report):
        for line in report.lines():
            self.stdout.write(line)
