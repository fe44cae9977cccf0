"""The facts Onward announces when they change, and who listens to each.

A fact is written once, by its own service, inside that service's
transaction. The service then announces the change with `announce`. Once the
transaction commits, and only then, each subscriber listed for the event in
SUBSCRIBERS runs, in the order listed, in a transaction of its own. A change
that rolls back is never announced.

Read SUBSCRIBERS to see what happens when, say, a release moves: the journey
replans the touchpoints, the handover moves its accept-by date and flags what
needs action, readiness notes an appointment the new day has overtaken, and
the measures forget the months they had counted. Whether the change was typed
on a page, posted to the API or came from the NOMIS feed, it takes this path.

Subscribers are named by dotted path, like Django's MIDDLEWARE, because the
domains that listen build on the ones that announce: `cases` must never
import `handover` to tell it something happened.
"""

import contextvars
import logging
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


# --- the facts --------------------------------------------------------------------


@dataclass(frozen=True)
class CaseOpened:
    """A custody episode was opened (typed, posted or from the NOMIS feed)."""

    case_id: int
    actor: object = None
    today: date | None = None


@dataclass(frozen=True)
class CaseChanged:
    """Facts a case's touchpoints hang off changed: `fields` names them, in the case's own words."""

    case_id: int
    fields: tuple = ()
    why: str = ""
    actor: object = None
    today: date | None = None


@dataclass(frozen=True)
class DischargeDayMoved:
    """The day the person leaves custody moved (a new sentence calculation, an extra day, the actual day)."""

    case_id: int
    old: date | None
    new: date | None
    actor: object = None
    today: date | None = None


@dataclass(frozen=True)
class CaseTransferred:
    case_id: int
    from_prison_id: int
    to_prison_id: int
    on: date
    actor: object = None
    today: date | None = None


@dataclass(frozen=True)
class CaseDischarged:
    """The person left custody on `on` (the actual discharge date)."""

    case_id: int
    on: date
    actor: object = None
    today: date | None = None


@dataclass(frozen=True)
class CaseRecalled:
    """A released person was recalled: their episode closed and `recall_case_id` opened."""

    case_id: int
    recall_case_id: int
    on: date
    actor: object = None
    today: date | None = None


@dataclass(frozen=True)
class PersonMerged:
    """NOMIS merged two prison numbers of one person: the removed number's cases now belong to the kept one."""

    removed_prison_number: str
    kept_prison_number: str
    case_ids: tuple = ()
    actor: object = None
    today: date | None = None


@dataclass(frozen=True)
class RecordChanged:
    """A record behind one or more touchpoints changed (an ID application, a claim, a handover, a check...)."""

    case_id: int
    record: str
    touchpoints: tuple = ()
    actor: object = None
    today: date | None = None


@dataclass(frozen=True)
class LocalTimingsChanged:
    """A prison's own touchpoint timings changed (its local agreement came into force, or ended)."""

    prison_id: int
    actor: object = None
    today: date | None = None


@dataclass(frozen=True)
class HandoverBreached:
    """A warm handover passed its accept-by date without being accepted: an escalation was raised."""

    handover_id: int
    escalation_id: int
    today: date | None = None


# --- who listens --------------------------------------------------------------------

SUBSCRIBERS = {
    CaseOpened: ("onward.journey.subscribers.replan_case",),
    CaseChanged: ("onward.journey.subscribers.replan_case",),
    DischargeDayMoved: (
        "onward.handover.subscribers.follow_the_discharge_day",
        "onward.readiness.subscribers.note_overtaken_appointment",
        "onward.insights.subscribers.forget_counted_months",
    ),
    CaseTransferred: (
        "onward.journey.subscribers.note_transfer",
        "onward.journey.subscribers.replan_case",
        "onward.handover.subscribers.flag_transfer",
    ),
    CaseDischarged: (
        "onward.journey.subscribers.note_discharge",
        "onward.journey.subscribers.replan_case",
        "onward.insights.subscribers.forget_the_cases_month",
    ),
    CaseRecalled: (
        "onward.journey.subscribers.note_recall",
        "onward.journey.subscribers.replan_recall",
        "onward.handover.subscribers.flag_recall",
    ),
    PersonMerged: ("onward.journey.subscribers.note_merge",),
    RecordChanged: (
        "onward.journey.subscribers.replan_case",
        "onward.insights.subscribers.forget_the_cases_month",
    ),
    LocalTimingsChanged: ("onward.journey.subscribers.replan_prison",),
    HandoverBreached: ("onward.partnerships.subscribers.escalate_to_the_local_route",),
}


# Subscribers that rebuild a case's derived copy from scratch: running one twice for the same case in a
# batch does nothing the first run did not, so within `coalesced()` each runs once per case, last.
ONCE_PER_CASE = frozenset(
    {"onward.journey.subscribers.replan_case", "onward.insights.subscribers.forget_the_cases_month"}
)


@dataclass
class Delivery:
    """What happened when one event was delivered: for logs and tests."""

    event: object
    failed: list = field(default_factory=list)


_batch = contextvars.ContextVar("onward_events_batch", default=None)


def announce(event):
    """Tell every subscriber about `event` once the current transaction commits (at once outside one)."""
    if type(event) not in SUBSCRIBERS:
        raise LookupError(f"{type(event).__name__} is not an event anyone listens to")
    batch = _batch.get()
    if batch is not None:
        # Kept only if its transaction commits, like any announcement; delivered when the batch ends.
        transaction.on_commit(partial(batch.append, event))
    else:
        transaction.on_commit(partial(deliver, event))


@contextmanager
def coalesced():
    """For bulk work (the synthetic data, nightly runs): what the work inside announces is delivered when it
    ends and its transactions have committed, with each case's plan rebuilt once rather than once an event."""
    batch = []
    token = _batch.set(batch)
    try:
        yield batch
    finally:
        _batch.reset(token)
    # At once when the work committed as it went; inside a caller's transaction, once that commits.
    transaction.on_commit(partial(_deliver_batch, batch))


def _deliver_batch(batch):
    last = {}
    for event in batch:
        deliver(event, skip=ONCE_PER_CASE)
        for dotted_path in SUBSCRIBERS[type(event)]:
            if dotted_path in ONCE_PER_CASE:
                key = (dotted_path, getattr(event, "case_id", id(event)))
                kept = last.get(key)
                if kept is None or (event.today or date.min) >= (kept.today or date.min):
                    last[key] = event
    for (dotted_path, _case), event in last.items():
        _run(dotted_path, event, Delivery(event))


def deliver(event, *, skip=frozenset()):
    """Run each subscriber in its own transaction. A failure is logged with the event and does not stop
    the others: the fact itself is already committed, and the derived copies it feeds (plans, counts)
    are rebuilt by the nightly commands. In development and tests a failure is raised, to be seen."""
    delivery = Delivery(event)
    for dotted_path in SUBSCRIBERS[type(event)]:
        if dotted_path not in skip:
            _run(dotted_path, event, delivery)
    return delivery


def _run(dotted_path, event, delivery):
    subscriber = import_string(dotted_path)
    try:
        with transaction.atomic():
            subscriber(event)
    except Exception:
        if getattr(settings, "ONWARD_RAISE_SUBSCRIBER_ERRORS", False):
            raise
        logger.exception("subscriber %s failed on %r", dotted_path, event)
        delivery.failed.append(dotted_path)
