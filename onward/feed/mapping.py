"""From HMPPS's shapes to Onward's: plain values in, plain values out.

No database, no clock and no network, so every rule here is tested with
examples and hypothesis properties in microseconds. The shapes are HMPPS's
published ones: the domain events in ministryofjustice/hmpps-domain-events
(spec/auto/prison-offender-events/*.yaml, calculate-release-dates/*.yaml)
and Prisoner Search's `Prisoner` document (docs/adr/0012-fed-by-nomis.md).
"""

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from onward.cases.constants import MAX_CUSTODIAL_TERM_DAYS, MAX_NAME_LENGTH, LegalStatus, ReleaseType
from onward.feed.constants import (
    HANDLED_EVENT_TYPES,
    MAX_MESSAGE_BYTES,
    MERGED,
    RECEIVED,
    RELEASE_DATES_CALCULATED,
    RELEASED,
    SENTENCE_DATES_CHANGED,
    Movement,
    SkipReason,
)

ENGLAND = ZoneInfo("Europe/London")
PRISON_NUMBER = re.compile(r"[A-Z][0-9]{4}[A-Z]{2}")
PRISON_CODE = re.compile(r"[A-Z0-9]{2,6}")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MESSAGE_ID = re.compile(r"[A-Za-z0-9._:-]{1,120}")
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2200, 1, 1)
MAX_EVENT_TYPE_LENGTH = 120


class Unmappable(Exception):
    """The NOMIS record cannot become an Onward case as it stands; `reason` is a SkipReason."""

    def __init__(self, reason, detail):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


# --- messages ---------------------------------------------------------------


@dataclass(frozen=True)
class ParsedMessage:
    """One queue message or line of a file, as far as it could be read.

    `problem` is (SkipReason, words) when the message cannot be handled as it
    stands; it is still kept, under its fingerprint, so nothing is lost.
    """

    fingerprint: str
    message_id: str = ""
    event: dict | None = None
    event_type: str = ""
    prison_number: str = ""
    other_prison_number: str = ""
    occurred_at: datetime | None = None
    problem: tuple | None = None


def raw_fingerprint(raw: bytes) -> str:
    return "raw:" + hashlib.sha256(raw).hexdigest()


def event_fingerprint(event: dict) -> str:
    """The same event published twice has one fingerprint: publishedAt and wording are left out."""
    essence = {key: event.get(key) for key in ("eventType", "occurredAt", "personReference", "additionalInformation")}
    text = json.dumps(essence, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return "event:" + hashlib.sha256(text.encode("ascii")).hexdigest()


def _refuse_constant(name):
    raise ValueError(f"{name} is not JSON")


def _has_nul(value):
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def _loads(text):
    return json.loads(text, parse_constant=_refuse_constant)


def clean_message_id(value):
    return value if isinstance(value, str) and MESSAGE_ID.fullmatch(value) else ""


def parse_message(raw: bytes) -> ParsedMessage:
    """Read an SNS notification as SQS delivers it, or a bare domain event."""
    if len(raw) > MAX_MESSAGE_BYTES:
        return ParsedMessage(
            fingerprint=raw_fingerprint(raw),
            problem=(
                SkipReason.MALFORMED,
                _("Longer than a queue message can be (%(size)s bytes)") % {"size": f"{len(raw):,}"},
            ),
        )
    malformed = ParsedMessage(fingerprint=raw_fingerprint(raw))
    try:
        document = _loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return _malformed(malformed, _("Not UTF-8 text"))
    except (ValueError, RecursionError):
        return _malformed(malformed, _("Not JSON"))
    if not isinstance(document, dict):
        return _malformed(malformed, _("Not a JSON object"))
    message_id = ""
    if document.get("Type") == "Notification":
        message_id = clean_message_id(document.get("MessageId"))
        malformed = ParsedMessage(fingerprint=malformed.fingerprint, message_id=message_id)
        body = document.get("Message")
        if not isinstance(body, str):
            return _malformed(malformed, _("An SNS notification without a Message"))
        try:
            event = _loads(body)
        except (ValueError, RecursionError):
            return _malformed(malformed, _("The notification's Message is not JSON"))
    elif "eventType" in document:
        event = document
    else:
        return _malformed(malformed, _("Neither an SNS notification nor a domain event"))
    if not isinstance(event, dict):
        return _malformed(malformed, _("The event is not a JSON object"))
    if _has_nul(event):
        return _malformed(malformed, _("The event contains a NUL character"))
    event_type = event.get("eventType")
    if not isinstance(event_type, str) or not event_type or len(event_type) > MAX_EVENT_TYPE_LENGTH:
        return _malformed(malformed, _("The event has no eventType"))
    additional = event.get("additionalInformation", {})
    if not isinstance(additional, dict):
        return _malformed(malformed, _("The event's additionalInformation is not an object"))
    fingerprint = event_fingerprint(event)
    parsed = {"fingerprint": fingerprint, "message_id": message_id, "event": event, "event_type": event_type}
    if event_type not in HANDLED_EVENT_TYPES:
        return ParsedMessage(
            **parsed,
            problem=(SkipReason.UNKNOWN_EVENT_TYPE, _("Onward does not handle %(type)s") % {"type": event_type}),
        )
    number = prison_number_of(event)
    if not number:
        return ParsedMessage(**parsed, problem=(SkipReason.MALFORMED, _("No prison number in the NOMIS shape")))
    parsed["prison_number"] = number
    if event_type == MERGED:
        removed = clean_prison_number(additional.get("removedNomsNumber"))
        if not removed:
            return ParsedMessage(
                **parsed, problem=(SkipReason.MALFORMED, _("A merge without the removed prison number"))
            )
        parsed["other_prison_number"] = removed
    try:
        parsed["occurred_at"] = parse_occurred_at(event.get("occurredAt"))
    except ValueError:
        return ParsedMessage(
            **parsed,
            problem=(
                SkipReason.NONSENSE_DATE,
                _("occurredAt %(value)s is not a date and time") % {"value": shorten(event.get("occurredAt"))},
            ),
        )
    return ParsedMessage(**parsed)


def _malformed(parsed, words):
    return ParsedMessage(
        fingerprint=parsed.fingerprint, message_id=parsed.message_id, problem=(SkipReason.MALFORMED, words)
    )


def shorten(value, limit=60):
    text = json.dumps(value, ensure_ascii=True) if not isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clean_prison_number(value):
    if not isinstance(value, str):
        return ""
    value = value.strip().upper()
    return value if PRISON_NUMBER.fullmatch(value) else ""


def prison_number_of(event: dict) -> str:
    """The person the event is about: nomsNumber, prisonerId (release date calculations) or the NOMS identifier."""
    additional = event.get("additionalInformation") or {}
    for key in ("nomsNumber", "prisonerId"):
        number = clean_prison_number(additional.get(key))
        if number:
            return number
    reference = event.get("personReference")
    identifiers = reference.get("identifiers") if isinstance(reference, dict) else None
    for identifier in identifiers if isinstance(identifiers, list) else []:
        if isinstance(identifier, dict) and identifier.get("type") == "NOMS":
            number = clean_prison_number(identifier.get("value"))
            if number:
                return number
    return ""


def parse_occurred_at(value) -> datetime:
    """HMPPS gives an ISO 8601 date and time with its offset; one without is taken as England's."""
    if not isinstance(value, str) or len(value) > 40:
        raise ValueError("not a date and time")
    moment = datetime.fromisoformat(value.strip())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ENGLAND)
    if not EARLIEST_DATE <= moment.date() < LATEST_DATE:
        raise ValueError("out of range")
    return moment


def occurred_on(moment: datetime) -> date:
    """The day something happened in England, whatever offset it was published with."""
    return moment.astimezone(ENGLAND).date()


def prison_code_of(event: dict) -> str:
    value = (event.get("additionalInformation") or {}).get("prisonId")
    if not isinstance(value, str):
        return ""
    value = value.strip().upper()
    return value if PRISON_CODE.fullmatch(value) else ""


def movement_reason_of(event: dict) -> str:
    value = (event.get("additionalInformation") or {}).get("reason")
    return value.strip().upper()[:40] if isinstance(value, str) else ""


# --- movements --------------------------------------------------------------

# prison-offender-events' reasons for a prisoner received or released. Older
# publishers sent the finer admission reasons; they all mean an admission.
RECEIVED_REASONS = {
    "ADMISSION": Movement.ADMISSION,
    "NEW_ADMISSION": Movement.ADMISSION,
    "READMISSION": Movement.ADMISSION,
    "READMISSION_SWITCH_BOOKING": Movement.ADMISSION,
    "POST_MERGE_ADMISSION": Movement.ADMISSION,
    "TRANSFERRED": Movement.TRANSFER,
    "TEMPORARY_ABSENCE_RETURN": Movement.TEMPORARY_ABSENCE,
    "RETURN_FROM_COURT": Movement.COURT,
}
RELEASED_REASONS = {
    "RELEASED": Movement.RELEASE,
    "TRANSFERRED": Movement.TRANSFER,
    "TEMPORARY_ABSENCE_RELEASE": Movement.TEMPORARY_ABSENCE,
    "SENT_TO_COURT": Movement.COURT,
}


def classify_movement(event_type: str, reason: str) -> str:
    """What a received or released event means for the custody episode (a Movement)."""
    if event_type == RECEIVED:
        return RECEIVED_REASONS.get(reason, Movement.OTHER)
    if event_type == RELEASED:
        return RELEASED_REASONS.get(reason, Movement.OTHER)
    return Movement.OTHER


def is_recall_admission(*, movement: str, nomis_legal_status, recall_flag, last_case_released: bool) -> bool:
    """An admission of someone Onward last saw released, whom NOMIS now holds on recall."""
    recalled = nomis_legal_status == "RECALL" or recall_flag is True
    return movement == Movement.ADMISSION and last_case_released and recalled


@dataclass(frozen=True)
class Plan:
    """What the feed will do with an event, decided from the event alone."""

    action: str  # "admit", "transfer", "release", "refresh", "merge", "ignore", "skip"
    prison_code: str = ""
    needs_document: bool = False
    words: str = ""
    reason: str = ""


def plan_for(event_type: str, event: dict) -> Plan:
    """Decide what an event asks of Onward, before anything is read or written."""
    if event_type in (SENTENCE_DATES_CHANGED, RELEASE_DATES_CALCULATED):
        return Plan("refresh", needs_document=True)
    if event_type == MERGED:
        return Plan("merge")
    reason = movement_reason_of(event)
    movement = classify_movement(event_type, reason)
    prison_code = prison_code_of(event)
    if movement in (Movement.TEMPORARY_ABSENCE, Movement.COURT):
        return Plan("ignore", words=_("%(reason)s is not a movement of the case") % {"reason": reason})
    if movement == Movement.TRANSFER and event_type == RELEASED:
        return Plan("ignore", words=_("Leaving on transfer: the receiving prison's event moves the case"))
    if movement == Movement.OTHER:
        return Plan(
            "skip",
            reason=SkipReason.UNMAPPABLE,
            words=_("%(reason)s is not a movement Onward follows: check the person in NOMIS")
            % {"reason": reason or _("no reason")},
        )
    if not prison_code:
        return Plan("skip", reason=SkipReason.MALFORMED, words=_("The event names no prison"))
    action = {Movement.ADMISSION: "admit", Movement.TRANSFER: "transfer", Movement.RELEASE: "release"}[movement]
    return Plan(action, prison_code=prison_code, needs_document=action != "release")


# --- the Prisoner document ----------------------------------------------------

# NOMIS legal statuses (Prisoner Search's allowable values) that Onward follows.
LEGAL_STATUSES = {
    "REMAND": LegalStatus.REMAND,
    # Convicted but not yet sentenced: no sentence to plan a release from.
    "CONVICTED_UNSENTENCED": LegalStatus.REMAND,
    "SENTENCED": LegalStatus.SENTENCED,
    "INDETERMINATE_SENTENCE": LegalStatus.SENTENCED,
    "RECALL": LegalStatus.RECALL,
}


def legal_status(nomis_legal_status) -> str:
    """Onward's legal status for NOMIS's, or Unmappable for civil prisoners, detainees and the unknown."""
    mapped = LEGAL_STATUSES.get(nomis_legal_status) if isinstance(nomis_legal_status, str) else None
    if mapped is None:
        raise Unmappable(
            SkipReason.UNMAPPABLE,
            _("NOMIS legal status %(status)s is not one Onward follows") % {"status": shorten(nomis_legal_status)},
        )
    return mapped


def parse_date(document: dict, key: str, *, required=False) -> date | None:
    value = document.get(key)
    if value is None or value == "":
        if required:
            raise Unmappable(SkipReason.UNMAPPABLE, _("Prisoner Search gives no %(field)s") % {"field": key})
        return None
    try:
        if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
            raise ValueError(value)
        day = date.fromisoformat(value)
        if not EARLIEST_DATE <= day < LATEST_DATE:
            raise ValueError(value)
    except ValueError as error:
        raise Unmappable(
            SkipReason.NONSENSE_DATE, _("%(field)s %(value)s is not a date") % {"field": key, "value": shorten(value)}
        ) from error
    return day


def custodial_term_days(sentence_start: date, sentence_expiry: date) -> int:
    """Days from the sentence start to its expiry, both counted (a year from 2 March expires on 1 March)."""
    if sentence_expiry < sentence_start:
        raise Unmappable(
            SkipReason.NONSENSE_DATE,
            _("The sentence expires (%(expiry)s) before it starts (%(start)s)")
            % {"expiry": sentence_expiry.isoformat(), "start": sentence_start.isoformat()},
        )
    return (sentence_expiry - sentence_start).days + 1


@dataclass(frozen=True)
class Release:
    release_date: date
    release_type: str
    confirmed: bool
    source: str


# The sentence calculation's dates, in the order one stands for the release
# date when the prison has not confirmed one. A recall's own date comes first.
STANDARD_RELEASE_KEYS = ("conditionalReleaseDate", "automaticReleaseDate", "nonDtoReleaseDate", "releaseDate")
RECALL_RELEASE_KEYS = ("postRecallReleaseDate", *STANDARD_RELEASE_KEYS)


def release(document: dict, *, recall=False) -> Release | None:
    """The release date and type NOMIS gives; the prison's confirmed date wins (it is the discharge day)."""
    home_detention = parse_date(document, "homeDetentionCurfewActualDate")
    parole = parse_date(document, "actualParoleDate")
    confirmed = parse_date(document, "confirmedReleaseDate")
    if confirmed is not None:
        if confirmed == home_detention:
            kind = ReleaseType.HDC
        elif confirmed == parole:
            kind = ReleaseType.PAROLE
        else:
            kind = ReleaseType.STANDARD
        return Release(confirmed, kind, True, "confirmedReleaseDate")
    if home_detention is not None:
        return Release(home_detention, ReleaseType.HDC, False, "homeDetentionCurfewActualDate")
    if parole is not None:
        return Release(parole, ReleaseType.PAROLE, False, "actualParoleDate")
    for key in RECALL_RELEASE_KEYS if recall else STANDARD_RELEASE_KEYS:
        day = parse_date(document, key)
        if day is not None:
            return Release(day, ReleaseType.STANDARD, False, key)
    return None


_WORD_START = re.compile(r"(^|[\s'\-])([a-z])")


def person_name(value, key) -> str:
    """NOMIS keeps names in capitals; Onward shows them as people write them (SMITH-JONES is Smith-Jones)."""
    if not isinstance(value, str) or not value.strip():
        raise Unmappable(SkipReason.UNMAPPABLE, _("Prisoner Search gives no %(field)s") % {"field": key})
    name = " ".join(value.split())
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise Unmappable(SkipReason.UNMAPPABLE, _("%(field)s contains control characters") % {"field": key})
    if len(name) > MAX_NAME_LENGTH:
        raise Unmappable(
            SkipReason.UNMAPPABLE,
            _("%(field)s is longer than Onward keeps (%(max)s characters)") % {"field": key, "max": MAX_NAME_LENGTH},
        )
    # NOMIS keeps names in ASCII capitals; anything else is left as it was written.
    if name.isascii() and name.upper() == name:
        name = _WORD_START.sub(lambda match: match.group(1) + match.group(2).upper(), name.lower())
    return name


def in_custody(document: dict) -> bool:
    """Prisoner Search's status is ACTIVE IN or ACTIVE OUT (at court, on temporary licence) while in custody."""
    status = document.get("status")
    return isinstance(status, str) and status.startswith("ACTIVE")


def released_on(document: dict) -> date | None:
    """The day NOMIS recorded the person's release, when their last movement was one."""
    if in_custody(document) or document.get("lastMovementTypeCode") != "REL":
        return None
    return parse_date(document, "lastMovementDate")


def document_prison_code(document: dict) -> str:
    value = document.get("prisonId")
    if not isinstance(value, str):
        return ""
    value = value.strip().upper()
    return value if PRISON_CODE.fullmatch(value) else ""


def case_fields(document: dict, *, prison_number: str) -> dict:
    """The person and case fields NOMIS owns, from a Prisoner document; Unmappable when it cannot be followed."""
    answered_for = clean_prison_number(document.get("prisonerNumber"))
    if answered_for != prison_number:
        raise Unmappable(
            SkipReason.UNKNOWN_PRISONER,
            _("Prisoner Search answered for %(other)s when asked for %(number)s")
            % {"other": answered_for or _("nobody"), "number": prison_number},
        )
    status = legal_status(document.get("legalStatus"))
    fields = {
        "given_name": person_name(document.get("firstName"), "firstName"),
        "family_name": person_name(document.get("lastName"), "lastName"),
        "date_of_birth": parse_date(document, "dateOfBirth", required=True),
        "reception_date": parse_date(document, "receptionDate", required=True),
        "legal_status": status,
        "indeterminate_sentence": document.get("legalStatus") == "INDETERMINATE_SENTENCE"
        or document.get("indeterminateSentence") is True,
        "sentence_date": None,
        "custodial_term_days": None,
        "release_date": None,
        "release_type": ReleaseType.STANDARD,
        "confirmed_discharge_date": None,
    }
    if status == LegalStatus.REMAND:
        return fields
    start = parse_date(document, "sentenceStartDate", required=True)
    expiry = parse_date(document, "sentenceExpiryDate", required=True)
    term = custodial_term_days(start, expiry)
    if term > MAX_CUSTODIAL_TERM_DAYS:
        raise Unmappable(
            SkipReason.NONSENSE_DATE,
            _("A custodial term of %(days)s days is longer than any Onward follows") % {"days": f"{term:,}"},
        )
    found = release(document, recall=status == LegalStatus.RECALL)
    if found is None:
        raise Unmappable(SkipReason.UNMAPPABLE, _("NOMIS has no release date for this sentence yet"))
    # The sentence calculation's own date stays the release date; the prison's confirmed date is the
    # discharge day itself, so the release-day rules do not move it.
    calculated = release({**document, "confirmedReleaseDate": None}, recall=status == LegalStatus.RECALL) or found
    fields.update(
        sentence_date=start,
        custodial_term_days=term,
        release_date=calculated.release_date,
        release_type=found.release_type,
        confirmed_discharge_date=found.release_date if found.confirmed else None,
    )
    return fields


def fed_value(value):
    """A field's value as provenance keeps it (JSON)."""
    return value.isoformat() if isinstance(value, date) else value


def changes_between(current: dict, fed: dict) -> dict:
    """The fields whose fed value differs from what Onward holds."""
    return {name: value for name, value in fed.items() if current.get(name) != value}


def retry_delay(attempts: int, *, base_seconds: float, cap_seconds: float) -> timedelta:
    """Exponential backoff: base, 2 x base, 4 x base ... never more than the cap."""
    exponent = max(0, min(attempts - 1, 32))
    return timedelta(seconds=min(cap_seconds, base_seconds * (2**exponent)))
