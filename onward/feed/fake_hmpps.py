"""A stand-in for HMPPS Auth and Prisoner Search, served on localhost from a thread.

It speaks the JSON HMPPS publishes: HMPPS Auth's client-credentials token
answer, Prisoner Search's `Prisoner` document, its ErrorResponse and the
Spring `Page` its establishment search returns. The tests, the demo and the
benchmark use it; nothing here ever goes over the network. It also builds
domain events and SNS notifications in HMPPS's shapes for them.

It can be slow (`latency`), down (`outage`, a 503) and strict about tokens
(each lasts `token_lifetime` seconds on its own clock), and it counts what
it was asked, including how many calls for one prisoner were in flight at
once.
"""

import base64
import json
import secrets
import threading
import time
import uuid
from collections import Counter
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from onward.feed.mapping import ENGLAND


class FakeHmpps:
    def __init__(
        self,
        *,
        client_id="onward-feed",
        client_secret="not-a-secret",  # noqa: S107 - the fake's own made-up credentials
        token_lifetime=1200,
        latency=0.0,
    ):
        self.client_id = client_id
        self.client_secret = client_secret
        self.token_lifetime = token_lifetime
        self.latency = latency
        self.outage = False
        self.auth_outage = False
        self.prisoners = {}
        self.tokens = {}
        self.token_requests = 0
        self.requests = Counter()
        self.in_flight = Counter()
        self.most_in_flight_for_one_prisoner = 0
        self.most_in_flight = 0
        self._lock = threading.Lock()
        self._server = None
        self._thread = None
        self.url = ""

    # --- running ---

    def start(self):
        fake = self

        class Handler(_Handler):
            pass

        Handler.fake = fake
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-hmpps", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def settings(self):
        """The settings that point Onward at this fake."""
        return {
            "HMPPS_AUTH_URL": self.url,
            "PRISONER_SEARCH_URL": self.url,
            "HMPPS_CLIENT_ID": self.client_id,
            "HMPPS_CLIENT_SECRET": self.client_secret,
        }

    # --- the records it holds ---

    def put(self, document):
        self.prisoners[document["prisonerNumber"]] = document
        return document

    def remove(self, prison_number):
        self.prisoners.pop(prison_number, None)

    def expire_tokens(self):
        """Every token issued so far stops working, as if its lifetime had run out."""
        with self._lock:
            self.tokens.clear()

    # --- serving ---

    def _issue_token(self):
        token = secrets.token_urlsafe(24)
        with self._lock:
            self.token_requests += 1
            self.tokens[token] = time.monotonic() + self.token_lifetime
        return token

    def _token_valid(self, header):
        if not header.startswith("Bearer "):
            return False
        with self._lock:
            expires = self.tokens.get(header[len("Bearer ") :])
        return expires is not None and time.monotonic() < expires

    def _enter(self, key):
        with self._lock:
            self.in_flight[key] += 1
            self.in_flight["*"] += 1
            if key != "*":
                self.most_in_flight_for_one_prisoner = max(self.most_in_flight_for_one_prisoner, self.in_flight[key])
            self.most_in_flight = max(self.most_in_flight, self.in_flight["*"])

    def _leave(self, key):
        with self._lock:
            self.in_flight[key] -= 1
            self.in_flight["*"] -= 1


def _error_body(status, message):
    """Prisoner Search's ErrorResponse."""
    return {"status": status, "userMessage": message, "developerMessage": message}


class _Handler(BaseHTTPRequestHandler):
    fake: FakeHmpps
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes on a kept-alive connection: without
    # this, Nagle's algorithm holds the body back for the client's delayed ACK.
    disable_nagle_algorithm = True

    def log_message(self, format, *args):
        """Quiet: the tests read the fake's counters, not its log."""

    def _send(self, status, body):
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _error(self, status, message):
        self._send(status, _error_body(status, message))

    def do_POST(self):
        fake = self.fake
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode())
        if urlsplit(self.path).path != "/oauth/token":
            return self._error(404, "No such endpoint")
        if fake.auth_outage:
            return self._error(503, "HMPPS Auth is unavailable")
        expected = "Basic " + base64.b64encode(f"{fake.client_id}:{fake.client_secret}".encode()).decode()
        if self.headers.get("Authorization") != expected or form.get("grant_type") != ["client_credentials"]:
            return self._send(401, {"error": "unauthorized", "error_description": "Bad credentials"})
        token = fake._issue_token()
        self._send(
            200,
            {
                "access_token": token,
                "token_type": "bearer",
                "expires_in": fake.token_lifetime,
                "scope": "read",
                "sub": fake.client_id,
                "auth_source": "none",
                "jti": uuid.uuid4().hex,
                "iss": f"{fake.url}/auth/issuer",
            },
        )

    def do_GET(self):
        fake = self.fake
        parts = urlsplit(self.path)
        segments = [unquote(segment) for segment in parts.path.strip("/").split("/")]
        key = segments[1] if len(segments) == 2 and segments[0] == "prisoner" else "*"
        # Counted in flight until the answer is ready, before it is sent: the
        # client cannot start another call for the same prisoner before then.
        fake._enter(key)
        try:
            status, body = self._answer(segments, parts, key)
        finally:
            fake._leave(key)
        self._send(status, body)

    def _answer(self, segments, parts, key):
        fake = self.fake
        with fake._lock:
            fake.requests[segments[0] if segments else ""] += 1
        if fake.latency:
            time.sleep(fake.latency)
        if fake.outage:
            return 503, _error_body(503, "Prisoner Search is unavailable")
        if not fake._token_valid(self.headers.get("Authorization", "")):
            return 401, _error_body(401, "Unauthorised")
        if key != "*":
            document = fake.prisoners.get(key)
            if document is None:
                return 404, _error_body(404, f"Not found: prisoner {key}")
            return 200, document
        if len(segments) == 3 and segments[0] == "prison" and segments[2] == "prisoners":
            return 200, self._page(segments[1], parse_qs(parts.query))
        return 404, _error_body(404, "No such endpoint")

    def _page(self, prison_code, query):
        page = int((query.get("page") or ["0"])[0])
        size = max(1, min(int((query.get("size") or ["10"])[0]), 3000))
        everyone = sorted(
            (
                p
                for p in self.fake.prisoners.values()
                if p.get("prisonId") == prison_code and p["status"] != "INACTIVE OUT"
            ),
            key=lambda p: p["prisonerNumber"],
        )
        content = everyone[page * size : (page + 1) * size]
        total_pages = (len(everyone) + size - 1) // size
        return {
            "content": content,
            "pageable": {"pageNumber": page, "pageSize": size, "offset": page * size, "paged": True, "unpaged": False},
            "totalElements": len(everyone),
            "totalPages": total_pages,
            "last": page + 1 >= total_pages,
            "first": page == 0,
            "size": size,
            "number": page,
            "numberOfElements": len(content),
            "empty": not content,
        }


# --- HMPPS's shapes, for tests, the demo and the benchmark ---------------------

PRISON_NAMES = {"NWI": "Norwich (HMP & YOI)", "WLI": "Wayland (HMP)", "HBI": "Hollesley Bay (HMP & YOI)"}


def _iso(value):
    return value.isoformat() if isinstance(value, date) else value


def prisoner_document(
    prison_number,
    *,
    first_name="JORDAN",
    last_name="TESTPERSON",
    date_of_birth=date(1990, 5, 17),
    prison="NWI",
    legal_status="SENTENCED",
    reception=date(2026, 3, 2),
    sentence_start=date(2026, 3, 2),
    sentence_expiry=date(2027, 3, 1),
    conditional_release=date(2026, 9, 2),
    confirmed_release=None,
    hdc_eligibility=None,
    hdc_actual=None,
    parole_eligibility=None,
    actual_parole=None,
    post_recall_release=None,
    status="ACTIVE IN",
    last_movement=("ADM", "N", None),
    **extra,
):
    """A Prisoner document as Prisoner Search publishes it (made-up people only)."""
    movement_type, movement_reason, movement_date = last_movement
    sentenced = legal_status not in ("REMAND", "CONVICTED_UNSENTENCED")
    document = {
        "prisonerNumber": prison_number,
        "pncNumber": None,
        "croNumber": None,
        "bookingId": str(1_000_000 + int(prison_number[1:5])),
        "bookNumber": f"{prison_number[1:5]}A",
        "firstName": first_name,
        "middleNames": None,
        "lastName": last_name,
        "dateOfBirth": _iso(date_of_birth),
        "gender": "Male",
        "youthOffender": False,
        "status": status,
        "lastMovementTypeCode": movement_type,
        "lastMovementReasonCode": movement_reason,
        "lastMovementDate": _iso(movement_date or reception),
        "inOutStatus": "OUT" if status.endswith("OUT") else "IN",
        "prisonId": prison if status != "INACTIVE OUT" else "OUT",
        "lastPrisonId": prison,
        "prisonName": PRISON_NAMES.get(prison, prison),
        "legalStatus": legal_status,
        "imprisonmentStatus": "SENT03" if sentenced else "RX",
        "imprisonmentStatusDescription": "Adult Imprisonment Without Option CJA03" if sentenced else "Remanded",
        "convictedStatus": "Convicted" if legal_status != "REMAND" else "Remand",
        "recall": legal_status == "RECALL",
        "indeterminateSentence": legal_status == "INDETERMINATE_SENTENCE",
        "sentenceStartDate": _iso(sentence_start) if sentenced else None,
        "releaseDate": _iso(confirmed_release or hdc_actual or actual_parole or conditional_release)
        if sentenced
        else None,
        "confirmedReleaseDate": _iso(confirmed_release),
        "sentenceExpiryDate": _iso(sentence_expiry) if sentenced else None,
        "licenceExpiryDate": _iso(sentence_expiry) if sentenced else None,
        "homeDetentionCurfewEligibilityDate": _iso(hdc_eligibility),
        "homeDetentionCurfewActualDate": _iso(hdc_actual),
        "homeDetentionCurfewEndDate": None,
        "paroleEligibilityDate": _iso(parole_eligibility),
        "actualParoleDate": _iso(actual_parole),
        "automaticReleaseDate": None,
        "postRecallReleaseDate": _iso(post_recall_release),
        "conditionalReleaseDate": _iso(conditional_release) if sentenced else None,
        "nonDtoReleaseDate": _iso(conditional_release) if sentenced else None,
        "nonDtoReleaseDateType": "CRD" if sentenced else None,
        "receptionDate": _iso(reception),
        "lastAdmissionDate": _iso(reception),
        "tariffDate": None,
        "locationDescription": PRISON_NAMES.get(prison, prison),
    }
    document.update(extra)
    return document


def _occurred_at(moment):
    if isinstance(moment, datetime):
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=ENGLAND)
        return moment.isoformat()
    return moment


def domain_event(event_type, prison_number, *, occurred_at, **additional):
    """A domain event in the shape hmpps-domain-events' specs give for `event_type`."""
    occurred = _occurred_at(occurred_at)
    if event_type == "calculate-release-dates.prisoner.changed":
        return {
            "eventType": event_type,
            "additionalInformation": {"prisonerId": prison_number, "bookingId": 1_200_000, **additional},
            "version": 1,
            "description": "Prisoners release dates have been re-calculated",
            "occurredAt": occurred,
        }
    descriptions = {
        "prison-offender-events.prisoner.received": "A prisoner has been received into prison",
        "prison-offender-events.prisoner.released": "A prisoner has been released from prison",
        "prison-offender-events.prisoner.sentence-dates-changed": "A prisoner's sentence dates have been changed",
        "prison-offender-events.prisoner.merged": "A prisoner has been merged",
    }
    return {
        "eventType": event_type,
        "additionalInformation": {"nomsNumber": prison_number, **additional},
        "version": 1,
        "description": descriptions.get(event_type, event_type),
        "occurredAt": occurred,
        "publishedAt": occurred,
        "personReference": {"identifiers": [{"type": "NOMS", "value": prison_number}]},
    }


def received(prison_number, *, prison, reason="ADMISSION", occurred_at):
    return domain_event(
        "prison-offender-events.prisoner.received",
        prison_number,
        occurred_at=occurred_at,
        reason=reason,
        prisonId=prison,
        currentLocation="IN_PRISON",
        currentPrisonStatus="UNDER_PRISON_CARE",
        nomisMovementReasonCode={"ADMISSION": "N", "TRANSFERRED": "INT"}.get(reason, "CRT"),
        details="ACTIVE IN:ADM-N",
    )


def released(prison_number, *, prison, reason="RELEASED", occurred_at):
    return domain_event(
        "prison-offender-events.prisoner.released",
        prison_number,
        occurred_at=occurred_at,
        reason=reason,
        prisonId=prison,
        currentLocation="OUTSIDE_PRISON",
        currentPrisonStatus="NOT_UNDER_PRISON_CARE",
        nomisMovementReasonCode={"RELEASED": "CR"}.get(reason, "CRT"),
        details=f"Movement reason code {reason}",
    )


def sentence_dates_changed(prison_number, *, occurred_at):
    return domain_event(
        "prison-offender-events.prisoner.sentence-dates-changed",
        prison_number,
        occurred_at=occurred_at,
        bookingId="1203957",
        sentenceCalculationId=str(uuid.uuid4().int % 10_000_000),
    )


def release_dates_calculated(prison_number, *, occurred_at):
    return domain_event("calculate-release-dates.prisoner.changed", prison_number, occurred_at=occurred_at)


def merged(kept, *, removed, occurred_at):
    return domain_event(
        "prison-offender-events.prisoner.merged",
        kept,
        occurred_at=occurred_at,
        removedNomsNumber=removed,
        reason="MERGE",
        bookingId="1216772",
    )


def sns_notification(event, *, message_id=None):
    """The event as SQS delivers it from the HMPPS domain events topic (an SNS notification)."""
    return {
        "Type": "Notification",
        "MessageId": message_id or str(uuid.uuid4()),
        "TopicArn": "arn:aws:sns:eu-west-2:000000000000:hmpps-domain-events",
        "Message": json.dumps(event),
        "Timestamp": event.get("publishedAt") or event.get("occurredAt"),
        "SignatureVersion": "1",
        "MessageAttributes": {"eventType": {"Type": "String", "Value": event["eventType"]}},
    }
