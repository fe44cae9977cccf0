import signal

import boto3
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connection

from onward.feed import consumer
from onward.feed.prisoner_search import PrisonerSearch


class Command(BaseCommand):
    help = (
        "The queue worker: long-polls the SQS queue subscribed to the HMPPS domain events (FEED_QUEUE_URL), hands "
        "each message to the same handler as ingest_events, deletes it once handled, and tries again what was kept "
        "when it is due. Stops cleanly on SIGTERM or Ctrl-C after the batch in hand."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Receive one batch, handle it and stop.")
        parser.add_argument("--wait", type=int, default=consumer.SQS_LONG_POLL_SECONDS, help="Long-poll seconds.")

    def handle(self, *args, once=False, wait=consumer.SQS_LONG_POLL_SECONDS, **options):
        if not settings.FEED_QUEUE_URL:
            raise CommandError("FEED_QUEUE_URL is not set.")
        stopping = []

        def stop(signum, frame):
            stopping.append(signum)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        sqs = boto3.client("sqs", region_name=settings.FEED_QUEUE_REGION, endpoint_url=settings.FEED_SQS_ENDPOINT_URL)
        self.stdout.write(f"Reading {settings.FEED_QUEUE_URL}")
        with PrisonerSearch.from_settings() as search:
            report = consumer.queue_consume(
                sqs=sqs,
                queue_url=settings.FEED_QUEUE_URL,
                search=search,
                wait_seconds=max(0, min(wait, 20)),
                receives=1 if once else None,
                should_stop=lambda: bool(stopping),
                between_receives=_fresh_connection,
            )
        for line in report.lines():
            self.stdout.write(line)


def _fresh_connection():
    """A worker lives for days: drop a connection the database closed or that grew old (never mid-transaction)."""
    if not connection.in_atomic_block:
        close_old_connections()
