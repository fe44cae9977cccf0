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
import zlib
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from onward.accounts.system import NOMIS_FEED
from onward.cases.services import prison_for_code
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
        self.lock = threading.Lock()

    def add(self, message):
        with self.lock:
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
    """Prisoner Search calls made ahead of one lane's writes, never two at once for one prisoner."""

    def __init__(self, search, *, pool, window):
        self.search = search
        self.pool = pool
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


def _lane_of(prison_number, lanes):
    return zlib.crc32(prison_number.encode()) % lanes


def plan_lanes(messages, lanes):
    """Split messages, in order, into segments of lanes that may be handled side by side.

    A person's messages all go down one lane, in the order they came, so
    nothing overtakes what it follows. A merge concerns two people, whose
    messages may be in two lanes: it runs alone, after everything before it
    and before anything after it.
    """
    segments, current = [], [[] for _ in range(lanes)]
    for message in messages:
        if message.other_prison_number:
            if any(current):
                segments.append([lane for lane in current if lane])
            segments.append([[message]])
            current = [[] for _ in range(lanes)]
            continue
        current[_lane_of(message.prison_number, lanes)].append(message)
    if any(current):
        segments.append([lane for lane in current if lane])
    return segments


class _Prisons:
    """Prisons by code for one run: the estate does not change while a file is read."""

    def __init__(self):
        self.known = {}
        self.lock = threading.Lock()

    def __call__(self, code):
        with self.lock:
            if code in self.known:
                return self.known[code]
        prison = prison_for_code(code)
        with self.lock:
            self.known[code] = prison
        return prison


def _writers():
    # SQLite takes one writer at a time, and inside a transaction (a test, a
    # request) other threads would not see its writes: then one lane.
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return 1
    return max(1, settings.FEED_WRITERS)


def messages_handle(messages, *, search, report=None, now=None, actor=NOMIS_FEED):
    """Handle messages in the order they arrived (per person); answers the report."""
    report = report or IngestReport()
    messages = sorted((m for m in messages if m.status in services.OPEN_STATUSES), key=lambda m: m.pk)
    if not messages:
        return report
    kept = _Kept()
    for pk, number, other in FeedMessage.objects.filter(status=MessageStatus.RETRY).values_list(
        "pk", "prison_number", "other_prison_number"
    ):
        kept.keep(pk, [number, other])
    messages = _ignore_ahead(messages, kept=kept, report=report, now=now)
    if not messages:
        return report
    writers = _writers()
    concurrency = max(0, settings.FEED_CONCURRENCY)
    prisons = _Prisons()
    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="prisoner-search") if concurrency else None
    lane_work = {"search": search, "pool": pool, "kept": kept, "prisons": prisons, "report": report}
    lane_work |= {"now": now, "actor": actor}
    try:
        for segment in plan_lanes(messages, writers):
            window = max(4, concurrency * 4 // len(segment))
            if len(segment) == 1:
                _handle_lane(segment[0], window=window, **lane_work)
                continue
            with ThreadPoolExecutor(max_workers=len(segment), thread_name_prefix="feed-writer") as lanes:
                for future in [lanes.submit(_in_own_thread, lane, window=window, **lane_work) for lane in segment]:
                    future.result()
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    return report


def _ignore_ahead(messages, *, kept, report, now):
    """Mark ignored, together, the messages that would only be marked ignored whenever they were handled: those
    whose person (or people) has nothing earlier kept to try again and nothing earlier in this run still to
    handle, so none of them could have been held behind an earlier message. Answers the rest, in order."""
    checked_at = now or timezone.now()
    waiting, ahead, rest = set(), [], []
    for message in messages:
        people = [number for number in (message.prison_number, message.other_prison_number) if number]
        free = not any(number in waiting or kept.earliest_before(message.pk, [number]) for number in people)
        if free and services.ignorable(message, now=checked_at):
            ahead.append(message)
        else:
            rest.append(message)
            waiting.update(people)
    for start in range(0, len(ahead), IGNORE_BATCH):
        for message in services.messages_ignore(messages=ahead[start : start + IGNORE_BATCH], now=now):
            people = [number for number in (message.prison_number, message.other_prison_number) if number]
            if message.status == MessageStatus.RETRY:
                kept.keep(message.pk, people)
            else:
                kept.clear(message.pk, people)
            report.add(message)
    return rest


# Ignored messages marked in one transaction: a few statements and one commit for each batch.
IGNORE_BATCH = 500


class _Kept:
    """Which people have a message kept to try again, and which: later ones wait behind it."""

    def __init__(self):
        self.by_person = defaultdict(set)
        self.lock = threading.Lock()

    def keep(self, pk, people):
        with self.lock:
            for number in people:
                if number:
                    self.by_person[number].add(pk)

    def clear(self, pk, people):
        with self.lock:
            for number in people:
                self.by_person[number].discard(pk)

    def earliest_before(self, pk, people):
        with self.lock:
            earlier = [other for number in people for other in self.by_person.get(number, ()) if other < pk]
        return min(earlier) if earlier else None


def _in_own_thread(lane, **work):
    try:
        return _handle_lane(lane, **work)
    finally:
        # This thread's database connection ends with its lane.
        connections.close_all()


def _handle_lane(lane, *, search, pool, kept, prisons, report, now, actor, window):
    prefetcher = _Prefetcher(search, pool=pool, window=window)
    prefetcher.expect(lane)
    try:
        for message in lane:
            prefetcher.top_up()
            people = [number for number in (message.prison_number, message.other_prison_number) if number]
            behind = kept.earliest_before(message.pk, people)
            if behind is not None:
                prefetcher.discard(message)
                message = services.message_hold(actor=actor, message=message, behind=behind, now=now)
            else:
                message = services.message_handle(
                    actor=actor,
                    message=message,
                    fetch_document=lambda number, message=message: prefetcher.take(message, number),
                    now=now,
                    prison_for_code=prisons,
                )
                prefetcher.discard(message)
            if message.status == MessageStatus.RETRY:
                kept.keep(message.pk, people)
            else:
                kept.clear(message.pk, people)
            report.add(message)
    finally:
        for message in lane:
            prefetcher.discard(message)


def _waiting():
    return FeedMessage.objects.filter(status=MessageStatus.PENDING)


RECEIVE_BATCH = 500


def _receive(report, items, *, source, actor):
    for message, created in services.messages_receive(actor=actor, items=items, source=source):
        if not created:
            report.duplicates += 1
        elif message.status != MessageStatus.PENDING:
            # Set aside on arrival: no handler will see it, so count it here.
            report.add(message)


def lines_ingest(lines, *, search, name="", source=FeedSource.FILE, actor=NOMIS_FEED):
    """Store each line of a file in the inbox, then handle what is new (and anything left waiting)."""
    report = IngestReport()
    batch = []
    for number, line in enumerate(lines, start=1):
        raw = line.rstrip(b"\r\n")
        if not raw.strip():
            continue
        report.received += 1
        batch.append((raw, f"{name}:{number}" if name else f"line {number}", ""))
        if len(batch) >= RECEIVE_BATCH:
            _receive(report, batch, source=source, actor=actor)
            batch = []
    if batch:
        _receive(report, batch, source=source, actor=actor)
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
        if delivered:
            report.received += len(delivered)
            items = [
                (
                    item.get("Body", "").encode("utf-8", "replace"),
                    f"SQS message {item.get('MessageId', '')}",
                    item.get("MessageId", ""),
                )
                for item in delivered
            ]
            _receive(report, items, source=FeedSource.QUEUE, actor=actor)
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
