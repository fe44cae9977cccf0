"""Handing queue messages and lines of a file to the feed.

`ingest_events FILE`, `ingest_events --retry`, the SQS worker and an
administrator's replay all come through `messages_handle`: every message
lands in the inbox first, then each is handled in the order it arrived.

Prisoner Search answers in tens of milliseconds, so its calls are made ahead
on a few threads while the main thread writes, with at most one call in
flight for any one prisoner. Only the main thread touches the database. A
person's later messages wait behind an earlier one kept to try again, so an
outage never lets a release overtake the admission it belongs to.
"""

import logging
import threading
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.utils import timezone

from onward.accounts.system import NOMIS_FEED
from onward.feed import mapping, services
from onward.feed.constants import FeedSource, MessageStatus
from onward.feed.models import FeedMessage

logger = logging.getLogger(__name__)

SQS_BATCH = 10
SQS_LONG_POLL_SECONDS = 20


REPORT_WORDS = {
    MessageStatus.HANDLED: "handled",
    MessageStatus.IGNORED: "ignored (not a movement of the case)",
    MessageStatus.SKIPPED: "skipped with a reason",
    MessageStatus.MALFORMED: "set aside (not an event)",
    MessageStatus.RETRY: "kept to try again",
    MessageStatus.DEAD: "dead letters",
}


class IngestReport:
    """What a run did with each message, for the person who ran it."""

    def __init__(self):
        self.received = 0
        self.duplicates = 0
        self.counts = Counter()
        self.problems = []

    def add(self, message):
        self.counts[message.status] += 1
        if message.status in (MessageStatus.SKIPPED, MessageStatus.MALFORMED, MessageStatus.DEAD):
            self.problems.append(message)

    def lines(self, *, limit=50):
        counts = ", ".join(
            f"{self.counts[status]} {words}" for status, words in REPORT_WORDS.items() if self.counts[status]
        )
        yield f"{self.received} received, {self.duplicates} duplicates; {counts or 'nothing new to handle'}"
        for message in self.problems[:limit]:
            where = message.source_detail or message.message_id
            yield f"  {where}: {message.get_status_display()} ({message.reason}): {message.detail}"
        if len(self.problems) > limit:
            yield f"  … and {len(self.problems) - limit} more on the feed's page for administrators"


class _Prefetcher:
    """Prisoner Search calls made ahead of the writes, never two at once for one prisoner."""

    def __init__(self, search, *, workers, window):
        self.search = search
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="prisoner-search") if workers else None
        self.window = window
        self.futures = {}
        self.busy = set()
        self.lock = threading.Lock()
        self.queue = []
        self.next = 0
        self.deferred = []

    def expect(self, messages):
        self.queue = [
            message
            for message in messages
            if message.event is not None and mapping.plan_for(message.event_type, message.event).needs_document
        ]

    def _offer(self, message):
        number = message.prison_number
        with self.lock:
            if number in self.busy:
                return False
            self.busy.add(number)
        future = self.pool.submit(self.search.prisoner, number)
        future.add_done_callback(lambda _future: self._done(number))
        self.futures[message.pk] = future
        return True

    def _done(self, number):
        with self.lock:
            self.busy.discard(number)

    def top_up(self):
        if self.pool is None:
            return
        still = []
        for message in self.deferred:
            if len(self.futures) >= self.window or not self._offer(message):
                still.append(message)
        self.deferred = still
        while len(self.futures) < self.window and self.next < len(self.queue):
            message = self.queue[self.next]
            self.next += 1
            if message.pk not in self.futures and not self._offer(message):
                self.deferred.append(message)

    def take(self, message, number):
        future = self.futures.pop(message.pk, None)
        if future is not None:
            return future.result()
        return self.search.prisoner(number)

    def discard(self, message):
        future = self.futures.pop(message.pk, None)
        if future is not None:
            future.cancel()

    def close(self):
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def messages_handle(messages, *, search, report=None, now=None, actor=NOMIS_FEED):
    """Handle messages in the order they arrived; answers the report."""
    report = report or IngestReport()
    messages = sorted((m for m in messages if m.status in services.OPEN_STATUSES), key=lambda m: m.pk)
    if not messages:
        return report
    kept = defaultdict(set)
    for pk, number, other in FeedMessage.objects.filter(status=MessageStatus.RETRY).values_list(
        "pk", "prison_number", "other_prison_number"
    ):
        for person in (number, other):
            if person:
                kept[person].add(pk)
    workers = max(0, settings.FEED_CONCURRENCY)
    prefetcher = _Prefetcher(search, workers=workers, window=workers * 4)
    prefetcher.expect(messages)
    try:
        for message in messages:
            prefetcher.top_up()
            people = [number for number in (message.prison_number, message.other_prison_number) if number]
            earlier = [pk for number in people for pk in kept[number] if pk < message.pk]
            if earlier:
                prefetcher.discard(message)
                message = services.message_hold(actor=actor, message=message, behind=min(earlier), now=now)
            else:
                message = services.message_handle(
                    actor=actor,
                    message=message,
                    fetch_document=lambda number, message=message: prefetcher.take(message, number),
                    now=now,
                )
                prefetcher.discard(message)
            for number in people:
                if message.status == MessageStatus.RETRY:
                    kept[number].add(message.pk)
                else:
                    kept[number].discard(message.pk)
            report.add(message)
    finally:
        prefetcher.close()
    return report


def _waiting():
    return FeedMessage.objects.filter(status=MessageStatus.PENDING)


def lines_ingest(lines, *, search, name="", source=FeedSource.FILE, actor=NOMIS_FEED):
    """Store each line of a file in the inbox, then handle what is new (and anything left waiting)."""
    report = IngestReport()
    for number, line in enumerate(lines, start=1):
        raw = line.rstrip(b"\r\n")
        if not raw.strip():
            continue
        report.received += 1
        message, created = services.message_receive(
            actor=actor, raw=raw, source=source, source_detail=f"{name}:{number}" if name else f"line {number}"
        )
        if not created:
            report.duplicates += 1
        elif message.status != MessageStatus.PENDING:
            # Set aside on arrival: no handler will see it, so count it here.
            report.add(message)
    return messages_handle(list(_waiting()), search=search, report=report, actor=actor)


def kept_retry(*, search, due_only=False, now=None, report=None, actor=NOMIS_FEED):
    """Try again what was kept (and anything left waiting); the worker tries only what is due."""
    now = now or timezone.now()
    kept = FeedMessage.objects.filter(status__in=services.OPEN_STATUSES)
    if due_only:
        kept = kept.exclude(status=MessageStatus.RETRY, next_attempt_at__gt=now)
    return messages_handle(list(kept), search=search, now=now, report=report, actor=actor)


def queue_consume(
    *,
    sqs,
    queue_url,
    search,
    wait_seconds=SQS_LONG_POLL_SECONDS,
    receives=None,
    should_stop=lambda: False,
    between_receives=lambda: None,
    actor=NOMIS_FEED,
):
    """Long-poll the queue; each message goes to the inbox, is handled, and only then is deleted.

    A message whose Prisoner Search call failed is kept in the inbox (the
    inbox retries it with backoff), so the queue's copy can go. If the worker
    dies between handling and deleting, SQS delivers the message again and the
    inbox knows it: nothing happens twice.
    """
    report = IngestReport()
    done = 0
    while not should_stop() and (receives is None or done < receives):
        done += 1
        between_receives()
        response = sqs.receive_message(
            QueueUrl=queue_url,
            MaxNumberOfMessages=SQS_BATCH,
            WaitTimeSeconds=wait_seconds,
            MessageAttributeNames=["All"],
        )
        delivered = response.get("Messages", [])
        for item in delivered:
            report.received += 1
            message, created = services.message_receive(
                actor=actor,
                raw=item.get("Body", "").encode("utf-8", "replace"),
                source=FeedSource.QUEUE,
                source_detail=f"SQS message {item.get('MessageId', '')}",
                fallback_message_id=item.get("MessageId", ""),
            )
            if not created:
                report.duplicates += 1
            elif message.status != MessageStatus.PENDING:
                report.add(message)
        kept_retry(search=search, due_only=True, report=report, actor=actor)
        if delivered:
            answer = sqs.delete_message_batch(
                QueueUrl=queue_url,
                Entries=[
                    {"Id": str(index), "ReceiptHandle": item["ReceiptHandle"]} for index, item in enumerate(delivered)
                ],
            )
            for failure in answer.get("Failed", []):
                # It will come again and the inbox will know it.
                logger.warning("SQS did not delete a handled message: %s", failure.get("Message", failure))
    return report
