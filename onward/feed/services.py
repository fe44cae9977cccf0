"""Every write the feed makes: its inbox, the provenance of fed fields, and, through the
cases services only, the cases themselves.

The feed acts as `onward.accounts.system.NOMIS_FEED`, so a fed change obeys every
rule a typed one does, takes the same path and leaves the same audit trail. A
message is handled in one transaction: the case changes, the provenance and the
inbox row commit together or not at all, so an outage or a refusal never leaves
a case half-written.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onward.accounts.constants import Role
from onward.audit import services as audit
from onward.cases import selectors as case_selectors
from onward.cases import services as cases
from onward.cases.constants import CaseStatus
from onward.cases.models import Case
from onward.feed import mapping
from onward.feed.constants import (
    FED_FIELDS,
    MAX_MESSAGE_BYTES,
    REPLAYABLE,
    FeedSource,
    MessageStatus,
    SkipReason,
)
from onward.feed.models import FedField, FeedMessage
from onward.feed.prisoner_search import PrisonerSearchUnavailable

OPEN_STATUSES = (MessageStatus.PENDING, MessageStatus.RETRY)
# A clock a few minutes out is not a nonsense date; an event from tomorrow is.
FUTURE_TOLERANCE = timedelta(minutes=10)
PERSON_FED_FIELDS = frozenset({"given_name", "family_name", "date_of_birth"})
# The Prisoner document's dates: when Onward's rules refuse only these, NOMIS gave dates that make no sense.
SENTENCE_DATE_FIELDS = frozenset({"date_of_birth", "reception_date", "sentence_date", "release_date"})


@dataclass
class Outcome:
    status: str
    reason: str = ""
    detail: str = ""
    case: Case | None = None
    changes: dict = field(default_factory=dict)
    # What the reconciliation counts it as: opened, moved, replanned or released.
    kind: str = ""
    # A recalculation that changed nothing touched no record: the inbox row says so, the audit trail need not.
    nothing_changed: bool = False


def _day(value):
    return date_format(value, "j F Y")


# --- the inbox ----------------------------------------------------------------


def _new_message(parsed, raw, *, source, source_detail, fallback_message_id):
    message_id = parsed.message_id or mapping.clean_message_id(fallback_message_id) or parsed.fingerprint
    status, reason, detail = MessageStatus.PENDING, "", ""
    if parsed.problem is not None:
        reason, detail = parsed.problem
        status = MessageStatus.MALFORMED if reason == SkipReason.MALFORMED else MessageStatus.SKIPPED
    return FeedMessage(
        message_id=message_id,
        fingerprint=parsed.fingerprint,
        source=source,
        source_detail=source_detail[:300],
        raw=raw[:MAX_MESSAGE_BYTES],
        raw_size=len(raw),
        event=parsed.event,
        event_type=parsed.event_type,
        prison_number=parsed.prison_number,
        other_prison_number=parsed.other_prison_number,
        occurred_at=parsed.occurred_at,
        status=status,
        reason=reason,
        detail=detail,
        handled_at=timezone.now() if parsed.problem else None,
    )


def _existing(message_ids, fingerprints):
    """The inbox's messages already holding any of these ids or fingerprints, by both."""
    found = {}
    for message in FeedMessage.objects.filter(Q(message_id__in=message_ids) | Q(fingerprint__in=fingerprints)):
        found[message.message_id] = message
        found[message.fingerprint] = message
    return found


def message_receive(*, actor, raw, source, source_detail="", fallback_message_id=""):
    """Put a message in the inbox and say whether it is new: (message, created).

    A message already there by its id, or an event already there by its
    fingerprint, changes nothing but the count of duplicates.
    """
    return messages_receive(actor=actor, items=[(raw, source_detail, fallback_message_id)], source=source)[0]


def messages_receive(*, actor, items, source):
    """Put many messages in the inbox at once: items are (raw, source_detail, fallback_message_id).

    Answers (message, created) for each, in order. Duplicates, within the
    batch or of messages already there, change nothing but their count.
    """
    candidates = [
        _new_message(
            mapping.parse_message(bytes(raw)),
            bytes(raw),
            source=source,
            source_detail=detail,
            fallback_message_id=fallback,
        )
        for raw, detail, fallback in items
    ]
    known = _existing([c.message_id for c in candidates], [c.fingerprint for c in candidates])
    answers, fresh, repeats = [], [], []
    for candidate in candidates:
        earlier = known.get(candidate.message_id) or known.get(candidate.fingerprint)
        if earlier is not None:
            answers.append((earlier, False))
            repeats.append(earlier)
            continue
        known[candidate.message_id] = known[candidate.fingerprint] = candidate
        fresh.append(candidate)
        answers.append((candidate, True))
    try:
        with transaction.atomic():
            FeedMessage.objects.bulk_create(fresh)
            for message in fresh:
                if message.status != MessageStatus.PENDING:
                    _audit(actor, "feed.message.set_aside", message)
    except IntegrityError:
        if len(items) == 1:
            # Another worker stored the same message a moment ago.
            candidate = candidates[0]
            earlier = _existing([candidate.message_id], [candidate.fingerprint])
            if not earlier:
                raise
            message = earlier.get(candidate.message_id) or earlier.get(candidate.fingerprint)
            FeedMessage.objects.filter(pk=message.pk).update(duplicates=F("duplicates") + 1)
            return [(message, False)]
        return [messages_receive(actor=actor, items=[item], source=source)[0] for item in items]
    for message in repeats:
        FeedMessage.objects.filter(pk=message.pk).update(duplicates=F("duplicates") + 1)
    return answers


# What handling writes back to an inbox row: its outcome, never the message as received.
OUTCOME_FIELDS = ["status", "reason", "detail", "case", "handled_at", "next_attempt_at"]


def _audit(actor, action, message, *, case=None, changes=None):
    audit.record(
        actor=actor,
        action=action,
        subject=case if case is not None else message,
        prison_number=message.prison_number,
        changes={
            "message": message.message_id,
            "event_type": message.event_type,
            "status": message.status,
            "reason": message.reason,
            "detail": message.detail,
            **(changes or {}),
        },
    )


def message_hold(*, actor, message, behind, now=None):
    """Keep a message back while an earlier one for the same person waits to be tried again."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = FeedMessage.objects.select_for_update().get(pk=message.pk)
        if locked.status not in OPEN_STATUSES:
            return locked
        locked.status = MessageStatus.RETRY
        locked.reason = SkipReason.WAITING
        locked.detail = _("Waiting behind message %(id)s for the same person, which is kept to try again") % {
            "id": behind
        }
        locked.next_attempt_at = now
        locked.save(update_fields=["status", "reason", "detail", "next_attempt_at"])
    return locked


def _keep(*, actor, message, error, now):
    """Prisoner Search did not answer: nothing was written; try again later, or give up after N tries."""
    with transaction.atomic():
        locked = FeedMessage.objects.select_for_update().get(pk=message.pk)
        if locked.status not in OPEN_STATUSES:
            return locked
        locked.attempts += 1
        locked.reason = SkipReason.OUTAGE
        locked.detail = str(error)[:1000]
        if locked.attempts >= settings.FEED_MAX_ATTEMPTS:
            locked.status = MessageStatus.DEAD
            locked.next_attempt_at = None
            locked.handled_at = now
            locked.save(update_fields=["attempts", *OUTCOME_FIELDS])
            _audit(actor, "feed.message.dead", locked, changes={"attempts": locked.attempts})
        else:
            locked.status = MessageStatus.RETRY
            locked.next_attempt_at = now + mapping.retry_delay(
                locked.attempts,
                base_seconds=settings.FEED_RETRY_BASE_SECONDS,
                cap_seconds=settings.FEED_RETRY_MAX_SECONDS,
            )
            locked.save(update_fields=["attempts", "status", "reason", "detail", "next_attempt_at"])
    return locked


def message_replay(*, actor, message, now=None):
    """An administrator sends a dead letter or skipped message back through the handler."""
    now = now or timezone.now()
    if not (actor.is_authenticated and actor.role == Role.ADMINISTRATOR):
        raise PermissionDenied(_("Only administrators replay the feed's messages"))
    with transaction.atomic():
        locked = FeedMessage.objects.select_for_update().get(pk=message.pk)
        if locked.status not in REPLAYABLE:
            raise ValidationError({"status": [_("Only dead letters and skipped messages can be replayed")]})
        before = locked.status
        locked.status = MessageStatus.RETRY
        locked.attempts = 0
        locked.reason = ""
        locked.detail = _("Replayed by %(user)s") % {"user": actor.username}
        locked.next_attempt_at = now
        locked.handled_at = None
        locked.save(update_fields=["attempts", *OUTCOME_FIELDS])
        _audit(actor, "feed.message.replay", locked, changes={"was": before})
    return locked


def ignorable(message, *, now):
    """Whether handling `message` would only mark it ignored: no read, no write but its own row."""
    if message.status not in OPEN_STATUSES or message.event is None:
        return False
    if message.occurred_at is not None and message.occurred_at > now + FUTURE_TOLERANCE:
        return False
    return mapping.plan_for(message.event_type, message.event).action == "ignore"


def messages_ignore(*, messages, now=None):
    """Mark many ignorable messages ignored at once, as `message_handle` marks each: the same status, words and
    times, in one transaction and a few statements however many (a temporary absence or court is half a day's
    events). A message another worker got to first is left as that worker left it. Answers the messages as
    they now stand."""
    now = now or timezone.now()
    words = {}
    for message in messages:
        words.setdefault(str(mapping.plan_for(message.event_type, message.event).words), []).append(message.pk)
    with transaction.atomic():
        still_open = set()
        for detail, pks in words.items():
            for chunk in _chunks(pks):
                open_now = list(
                    FeedMessage.objects.select_for_update()
                    .filter(pk__in=chunk, status__in=OPEN_STATUSES)
                    .values_list("pk", flat=True)
                )
                FeedMessage.objects.filter(pk__in=open_now).update(
                    status=MessageStatus.IGNORED, reason="", detail=detail, handled_at=now, next_attempt_at=None
                )
                still_open.update(open_now)
    answered = []
    for message in messages:
        if message.pk in still_open:
            message.status, message.reason, message.handled_at, message.next_attempt_at = (
                MessageStatus.IGNORED,
                "",
                now,
                None,
            )
            message.detail = str(mapping.plan_for(message.event_type, message.event).words)
        else:
            message.refresh_from_db()
        answered.append(message)
    return answered


# --- handling one message -------------------------------------------------------


def message_handle(*, actor, message, fetch_document, now=None, prison_for_code=cases.prison_for_code):
    """Do what one event asks of Onward; the message records what became of it.

    `fetch_document(prison_number)` answers the Prisoner document, None when
    Prisoner Search does not know the number, or raises
    PrisonerSearchUnavailable. It is called before any write, and only when
    the event needs it.
    """
    now = now or timezone.now()
    if message.status not in OPEN_STATUSES:
        return message
    plan = mapping.plan_for(message.event_type, message.event)
    outcome = None
    if message.occurred_at is not None and message.occurred_at > now + FUTURE_TOLERANCE:
        outcome = Outcome(
            MessageStatus.SKIPPED,
            SkipReason.NONSENSE_DATE,
            _("The event says it happened in the future (%(when)s)") % {"when": message.occurred_at.isoformat()},
        )
    elif plan.action == "ignore":
        # Nothing to read or write: one conditional update, in case another worker got there first.
        values = {
            "status": MessageStatus.IGNORED,
            "reason": "",
            "detail": plan.words,
            "handled_at": now,
            "next_attempt_at": None,
        }
        if FeedMessage.objects.filter(pk=message.pk, status__in=OPEN_STATUSES).update(**values):
            for name, value in values.items():
                setattr(message, name, value)
        else:
            message.refresh_from_db()
        return message
    elif plan.action == "skip":
        outcome = Outcome(MessageStatus.SKIPPED, plan.reason, plan.words)
    prison = None
    if outcome is None and plan.action in ("admit", "transfer"):
        prison = prison_for_code(plan.prison_code)
        if prison is None:
            outcome = _unknown_prison(plan.prison_code)
    document = None
    if outcome is None and plan.needs_document:
        try:
            document = fetch_document(message.prison_number)
        except PrisonerSearchUnavailable as error:
            return _keep(actor=actor, message=message, error=error, now=now)
    with transaction.atomic():
        locked = FeedMessage.objects.select_for_update().get(pk=message.pk)
        if locked.status not in OPEN_STATUSES:
            return locked
        if outcome is None:
            context = _Context(actor=actor, message=locked, now=now, prison_for_code=prison_for_code)
            outcome = context.attempt(context.apply, plan, prison, document)
        locked.status = outcome.status
        locked.reason = outcome.reason
        locked.detail = outcome.detail[:2000]
        locked.case = outcome.case
        locked.handled_at = now
        locked.next_attempt_at = None
        # Only the outcome: the message as received (raw bytes, event) never changes once stored.
        locked.save(update_fields=OUTCOME_FIELDS)
        if not outcome.nothing_changed:
            _audit(actor, "feed.message.handle", locked, case=outcome.case, changes=outcome.changes)
    return locked


def _unknown_prison(code):
    return Outcome(
        MessageStatus.SKIPPED,
        SkipReason.UNKNOWN_PRISON,
        _("Onward does not know prison %(code)s") % {"code": code or _("(none given)")},
    )


def _refusal(error):
    """Onward's own rules said no; a refusal only of dates is a date that makes no sense."""
    messages = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
    words = "; ".join(f"{name}: {' '.join(text)}" if name else " ".join(text) for name, text in messages.items())
    nonsense = all(name in SENTENCE_DATE_FIELDS for name in messages)
    return Outcome(MessageStatus.SKIPPED, SkipReason.NONSENSE_DATE if nonsense else SkipReason.REFUSED, words)


class _Context:
    """One message's handling: who acts, when, and the writes shared by every kind of event."""

    def __init__(self, *, actor, message, now, source=FeedSource.QUEUE, prison_for_code=cases.prison_for_code):
        self.actor = actor
        self.prison_for_code = prison_for_code
        self._cases = None
        self.message = message
        self.now = now
        self.today = timezone.localdate(now)
        self.number = message.prison_number if message is not None else ""
        self.source = message.source if message is not None else source
        self.as_of_movement = message.occurred_at if message is not None and message.occurred_at else now

    def attempt(self, work, *args):
        """Run `work(*args)` in a savepoint: a refusal undoes everything it wrote and becomes a skip."""
        try:
            with transaction.atomic():
                return work(*args)
        except mapping.Unmappable as error:
            return Outcome(MessageStatus.SKIPPED, error.reason, error.detail)
        except ValidationError as error:
            return _refusal(error)
        except PermissionDenied as error:
            return Outcome(MessageStatus.SKIPPED, SkipReason.REFUSED, str(error))

    def apply(self, plan, prison, document):
        day = mapping.occurred_on(self.message.occurred_at)
        if plan.action == "admit":
            return self.admit(prison, document, day)
        if plan.action == "transfer":
            return self.transfer(prison, document, day)
        if plan.action == "release":
            return self.release(plan.prison_code, day)
        if plan.action == "refresh":
            return self.refresh(document)
        if plan.action == "merge":
            return self.merge()
        raise ValueError(plan.action)

    # --- reads ---

    def person_cases(self):
        """The person's custody episodes, latest first (one query; a person has few)."""
        if self._cases is None:
            self._cases = list(
                Case.objects.select_related("person", "prison")
                .filter(person__prison_number=self.number)
                .order_by("-reception_date", "-pk")
            )
        return self._cases

    def open_case(self):
        return next((case for case in self.person_cases() if case.status == CaseStatus.IN_CUSTODY), None)

    def last_case(self):
        return next(iter(self.person_cases()), None)

    # --- the movements ---

    def admit(self, prison, document, day):
        """An admission opens the case; a recall reopens one released; an open case is moved and refreshed."""
        if document is None:
            return self.unknown_prisoner()
        fields = mapping.case_fields(document, prison_number=self.number)
        case = self.open_case()
        if case is not None:
            words = []
            if case.prison_id != prison.pk:
                case = self.move(case, prison, day)
                words.append(_("Moved to %(prison)s") % {"prison": prison.name})
            case, changes = self.sync(case, fields)
            words.append(
                self.describe(changes) if changes else _("Already open at %(prison)s") % {"prison": prison.name}
            )
            return Outcome(MessageStatus.HANDLED, detail="; ".join(words), case=case, changes=changes)
        last = self.last_case()
        if last is not None and mapping.is_recall_admission(
            movement="admission",
            nomis_legal_status=document.get("legalStatus"),
            recall_flag=document.get("recall"),
            last_case_released=last.status == CaseStatus.RELEASED,
        ):
            case = cases.case_recall(actor=self.actor, case=last, recall_date=day, prison=prison, today=self.today)
            self.record_movement(case, prison=prison.code)
            case, changes = self.sync(case, fields)
            return Outcome(
                MessageStatus.HANDLED,
                detail=_("Recalled: a recall episode opened at %(prison)s") % {"prison": prison.name},
                case=case,
                changes=changes,
            )
        case = cases.case_create(actor=self.actor, prison=prison, prison_number=self.number, today=self.today, **fields)
        self.record(case, fields)
        self.record_movement(case, prison=prison.code)
        return Outcome(
            MessageStatus.HANDLED,
            detail=_("Opened the case at %(prison)s") % {"prison": prison.name},
            case=case,
            changes={name: mapping.fed_value(value) for name, value in fields.items()},
        )

    def transfer(self, prison, document, day):
        case = self.open_case()
        if case is None:
            # The admission never reached Onward: open the case where the person now is.
            return self.admit(prison, document, day)
        if case.prison_id == prison.pk:
            return Outcome(
                MessageStatus.HANDLED, detail=_("Already at %(prison)s") % {"prison": prison.name}, case=case
            )
        case = self.move(case, prison, day)
        words = [_("Moved to %(prison)s") % {"prison": prison.name}]
        changes = {}
        if document is not None:
            try:
                with transaction.atomic():
                    case, changes = self.sync(case, mapping.case_fields(document, prison_number=self.number))
            except (mapping.Unmappable, ValidationError) as error:
                words.append(_("its dates were left as they were: %(why)s") % {"why": error})
            else:
                if changes:
                    words.append(self.describe(changes))
        return Outcome(MessageStatus.HANDLED, detail="; ".join(words), case=case, changes=changes)

    def move(self, case, prison, day):
        self.not_before_reception(case, day, _("transfer"))
        case = cases.case_transfer(actor=self.actor, case=case, to_prison=prison, transfer_date=day, today=self.today)
        self.record_movement(case, prison=prison.code)
        return case

    def release(self, prison_code, day):
        case = self.open_case()
        if case is None:
            last = self.last_case()
            if last is not None and last.actual_discharge_date == day:
                return Outcome(MessageStatus.HANDLED, detail=_("The release was already recorded"), case=last)
            if self.prison_for_code(prison_code) is None:
                return _unknown_prison(prison_code)
            return Outcome(
                MessageStatus.SKIPPED,
                SkipReason.NO_CASE,
                _("Onward holds no open case for %(number)s to release") % {"number": self.number},
            )
        self.not_before_reception(case, day, _("release"))
        case = cases.case_record_discharge(actor=self.actor, case=case, actual_discharge_date=day, today=self.today)
        self.record_movement(case, actual_discharge_date=day)
        return Outcome(
            MessageStatus.HANDLED,
            detail=_("Released on %(day)s") % {"day": _day(day)},
            case=case,
            changes={"actual_discharge_date": day.isoformat()},
        )

    def refresh(self, document):
        """New sentence dates: the open case follows them (and is replanned); a missed admission opens it."""
        if document is None:
            return self.unknown_prisoner()
        case = self.open_case()
        if case is None:
            if not mapping.in_custody(document):
                return Outcome(MessageStatus.IGNORED, detail=_("Not in custody in NOMIS: no case to replan"))
            code = mapping.document_prison_code(document)
            prison = self.prison_for_code(code)
            if prison is None:
                return _unknown_prison(code)
            day = mapping.parse_date(document, "lastAdmissionDate") or mapping.parse_date(
                document, "receptionDate", required=True
            )
            return self.admit(prison, document, min(day, self.today))
        case, changes = self.sync(case, mapping.case_fields(document, prison_number=self.number))
        return Outcome(
            MessageStatus.HANDLED,
            detail=self.describe(changes) if changes else _("Nothing changed"),
            case=case,
            changes=changes,
            nothing_changed=not changes,
        )

    def merge(self):
        removed = self.message.other_prison_number
        kept = cases.person_merge(
            actor=self.actor, removed_prison_number=removed, kept_prison_number=self.number, today=self.today
        )
        if kept is None:
            return Outcome(
                MessageStatus.HANDLED,
                detail=_("Onward holds nobody under %(removed)s: nothing to carry over") % {"removed": removed},
            )
        return Outcome(
            MessageStatus.HANDLED,
            detail=_("%(removed)s's cases now belong to %(kept)s") % {"removed": removed, "kept": self.number},
            case=kept.cases.order_by("-reception_date", "-pk").first(),
        )

    @staticmethod
    def not_before_reception(case, day, what):
        if day < case.reception_date:
            raise mapping.Unmappable(
                SkipReason.NONSENSE_DATE,
                _("The %(what)s (%(day)s) is before the reception date (%(reception)s)")
                % {"what": what, "day": _day(day), "reception": _day(case.reception_date)},
            )

    def unknown_prisoner(self):
        return Outcome(
            MessageStatus.SKIPPED,
            SkipReason.UNKNOWN_PRISONER,
            _("Prisoner Search does not know %(number)s") % {"number": self.number},
        )

    # --- fed fields ---

    @staticmethod
    def current_values(case):
        return {name: getattr(case.person if name in PERSON_FED_FIELDS else case, name) for name in FED_FIELDS}

    def sync(self, case, fields, *, provenance=None):
        """Bring the case's fed fields to NOMIS's values through case_update; say which changed."""
        current = self.current_values(case)
        changes = mapping.changes_between(current, fields)
        if provenance is None:
            provenance = {row.field_name: row for row in FedField.objects.filter(case=case)}
        # A value that differs from what the feed last gave was typed by hand since:
        # NOMIS is the truth, but the hand value is kept beside it so the change is never silent.
        replaced = {
            name: mapping.fed_value(current[name])
            for name in changes
            if name in provenance and provenance[name].value != mapping.fed_value(current[name])
        }
        if changes:
            refused = set(changes) - case_selectors.case_editable_fields(user=self.actor, case=case)
            if refused:
                raise mapping.Unmappable(
                    SkipReason.REFUSED,
                    _("Onward does not let the feed change the %(fields)s of this case")
                    % {"fields": ", ".join(str(FED_FIELD_LABELS.get(name, name)) for name in sorted(refused))},
                )
            case = cases.case_update(actor=self.actor, case=case, changes=changes, today=self.today)
        self.record(case, fields, replaced=replaced)
        return case, {name: mapping.fed_value(value) for name, value in changes.items()}

    def record(self, case, fields, *, replaced=None, as_of=None):
        as_of = as_of or self.now
        FedField.objects.bulk_create(
            [
                FedField(
                    case=case,
                    field_name=name,
                    value=mapping.fed_value(value),
                    as_of=as_of,
                    source=self.source,
                    message=self.message,
                )
                for name, value in fields.items()
            ],
            update_conflicts=True,
            unique_fields=["case", "field_name"],
            update_fields=["value", "as_of", "source", "message", "updated_at"],
        )
        for name, value in (replaced or {}).items():
            FedField.objects.filter(case=case, field_name=name).update(replaced_value=value, replaced_at=self.now)

    def record_movement(self, case, **values):
        self.record(case, values, as_of=self.as_of_movement)

    @staticmethod
    def describe(changes):
        names = ", ".join(str(FED_FIELD_LABELS.get(name, name)) for name in changes)
        return _("Brought up to date from NOMIS: %(fields)s") % {"fields": names}


FED_FIELD_LABELS = {
    "given_name": gettext_lazy("given name"),
    "family_name": gettext_lazy("family name"),
    "date_of_birth": gettext_lazy("date of birth"),
    "reception_date": gettext_lazy("reception date"),
    "legal_status": gettext_lazy("legal status"),
    "sentence_date": gettext_lazy("sentence date"),
    "custodial_term_days": gettext_lazy("custodial term"),
    "release_date": gettext_lazy("release date"),
    "release_type": gettext_lazy("release type"),
    "indeterminate_sentence": gettext_lazy("indeterminate sentence"),
    "prison": gettext_lazy("prison"),
    "actual_discharge_date": gettext_lazy("actual discharge date"),
}


# --- the nightly reconciliation -----------------------------------------------------


@dataclass
class ReconcileReport:
    prison_code: str
    listed: int = 0
    opened: list = field(default_factory=list)
    moved: list = field(default_factory=list)
    replanned: list = field(default_factory=list)
    released: list = field(default_factory=list)
    unchanged: int = 0
    skipped: list = field(default_factory=list)

    @property
    def changed(self):
        return bool(self.opened or self.moved or self.replanned or self.released)

    def summary(self):
        return {
            "listed": self.listed,
            "opened": len(self.opened),
            "moved": len(self.moved),
            "replanned": len(self.replanned),
            "released": len(self.released),
            "unchanged": self.unchanged,
            "skipped": len(self.skipped),
        }

    def lines(self):
        counts = self.summary()
        yield (
            f"{self.prison_code}: {counts['listed']} in Prisoner Search; {counts['opened']} opened, "
            f"{counts['moved']} moved, {counts['replanned']} replanned, {counts['released']} released, "
            f"{counts['unchanged']} unchanged, {counts['skipped']} skipped"
        )
        for label, numbers in (
            ("opened", self.opened),
            ("moved", self.moved),
            ("replanned", self.replanned),
            ("released", self.released),
        ):
            if numbers:
                yield f"  {label}: {', '.join(numbers[:20])}{' …' if len(numbers) > 20 else ''}"
        for number, reason, detail in self.skipped:
            yield f"  skipped {number} ({reason}): {detail}"


def _chunks(items, size=500):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def prison_reconcile(*, actor, prison, search, now=None):
    """Make Onward's open cases at a prison match Prisoner Search's; idempotent, and says what it changed.

    Everyone Prisoner Search lists at the prison has an open case there (opened,
    moved or brought up to date); every open case there that Prisoner Search no
    longer lists follows the person (moved or released). Each person is one
    transaction, so a refusal for one changes nothing for the rest. Raises
    PrisonerSearchUnavailable if Prisoner Search stops answering; what was
    already put right stays right, and the next run carries on.
    """
    now = now or timezone.now()
    report = ReconcileReport(prison.code)
    documents = {}
    for document in search.prisoners_in_prison(prison.code):
        number = mapping.clean_prison_number(document.get("prisonerNumber"))
        if number:
            documents[number] = document
    report.listed = len(documents)
    open_cases = {}
    for chunk in _chunks(documents):
        for case in Case.objects.select_related("person", "prison").filter(
            status=CaseStatus.IN_CUSTODY, person__prison_number__in=chunk
        ):
            open_cases[case.person.prison_number] = case
    provenance = {}
    for chunk in _chunks([case.pk for case in open_cases.values()]):
        for row in FedField.objects.filter(case_id__in=chunk):
            provenance.setdefault(row.case_id, {})[row.field_name] = row

    for number, document in documents.items():
        context = _Context(actor=actor, message=None, now=now, source=FeedSource.RECONCILIATION)
        context.number = number
        case = open_cases.get(number)
        outcome = context.attempt(_reconcile_listed, context, prison, document, case, provenance)
        _tally(report, number, outcome)

    leavers = Case.objects.select_related("person", "prison").filter(prison=prison, status=CaseStatus.IN_CUSTODY)
    for case in leavers.exclude(person__prison_number__in=list(documents)):
        context = _Context(actor=actor, message=None, now=now, source=FeedSource.RECONCILIATION)
        context.number = case.person.prison_number
        document = search.prisoner(context.number)
        outcome = context.attempt(_reconcile_leaver, context, prison, case, document)
        _tally(report, context.number, outcome)

    with transaction.atomic():
        audit.record(
            actor=actor,
            action="feed.reconcile",
            subject=prison,
            changes={**report.summary(), "skipped_people": [list(item) for item in report.skipped[:200]]},
        )
    return report


def _tally(report, number, outcome):
    if outcome.status == MessageStatus.SKIPPED:
        report.skipped.append((number, outcome.reason, outcome.detail))
    elif outcome.kind:
        getattr(report, outcome.kind).append(number)
    else:
        report.unchanged += 1


def _reconcile_listed(context, prison, document, case, provenance):
    fields = mapping.case_fields(document, prison_number=context.number)
    day = min(
        mapping.parse_date(document, "lastAdmissionDate") or fields["reception_date"] or context.today, context.today
    )
    if case is None:
        outcome = context.admit(prison, document, day)
        outcome.kind = "opened" if outcome.status == MessageStatus.HANDLED else ""
        return outcome
    kind = None
    if case.prison_id != prison.pk:
        case = context.move(case, prison, max(day, case.reception_date))
        kind = "moved"
    if mapping.changes_between(context.current_values(case), fields):
        case, _changes = context.sync(case, fields, provenance=provenance.get(case.pk, {}))
        kind = kind or "replanned"
    elif case.pk not in provenance:
        # Typed before the feed began: NOMIS now vouches for the same values.
        context.record(case, fields)
    return Outcome(MessageStatus.HANDLED, case=case, kind=kind or "")


def _reconcile_leaver(context, prison, case, document):
    if document is None:
        return context.unknown_prisoner()
    if mapping.in_custody(document):
        code = mapping.document_prison_code(document)
        elsewhere = cases.prison_for_code(code)
        if elsewhere is None:
            return _unknown_prison(code)
        if elsewhere.pk == prison.pk:
            return Outcome(MessageStatus.HANDLED, case=case)
        day = mapping.parse_date(document, "lastAdmissionDate") or context.today
        case = context.move(case, elsewhere, min(max(day, case.reception_date), context.today))
        return Outcome(MessageStatus.HANDLED, case=case, kind="moved")
    day = mapping.released_on(document)
    if day is None:
        return Outcome(
            MessageStatus.SKIPPED,
            SkipReason.UNMAPPABLE,
            _("Not at %(prison)s and not released in NOMIS (status %(status)s)")
            % {"prison": prison.code, "status": mapping.shorten(document.get("status"))},
        )
    context.not_before_reception(case, day, _("release"))
    case = cases.case_record_discharge(actor=context.actor, case=case, actual_discharge_date=day, today=context.today)
    context.record_movement(case, actual_discharge_date=day)
    return Outcome(MessageStatus.HANDLED, case=case, kind="released")
