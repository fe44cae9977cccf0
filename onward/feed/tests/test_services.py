"""The feed's services: the inbox, provenance, replay and the nightly reconciliation."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onward.accounts.constants import Role
from onward.accounts.system import NOMIS_FEED
from onward.accounts.tests.factories import user_for
from onward.audit.models import AuditEvent
from onward.cases import selectors as case_selectors
from onward.cases import services as case_services
from onward.cases.constants import CaseStatus
from onward.cases.models import Case
from onward.cases.tests.factories import CaseFactory, PersonFactory
from onward.estate.models import Organisation
from onward.feed import fake_hmpps, selectors, services
from onward.feed.constants import FeedSource, MessageStatus, SkipReason
from onward.feed.models import FedField, FeedMessage
from onward.feed.tests.conftest import TODAY, _Output, at, days
from onward.feed.tests.factories import document, wednesday_after

pytestmark = pytest.mark.django_db


def receive(event_or_raw, **kwargs):
    raw = event_or_raw if isinstance(event_or_raw, bytes) else fake_hmpps.json.dumps(event_or_raw).encode()
    return services.message_receive(actor=NOMIS_FEED, raw=raw, source=FeedSource.FILE, **kwargs)


def handle(message, document_or_error=None):
    def fetch(number):
        if isinstance(document_or_error, Exception):
            raise document_or_error
        return document_or_error

    return services.message_handle(actor=NOMIS_FEED, message=message, fetch_document=fetch)


# --- the inbox ----------------------------------------------------------------------------


def test_a_malformed_message_is_kept_exactly_as_it_came_nul_bytes_and_all():
    raw = b'{"eventType": "x\x00", broken'
    message, created = receive(raw)
    assert created and message.status == MessageStatus.MALFORMED
    message.refresh_from_db()
    assert bytes(message.raw) == raw and message.raw_size == len(raw)
    assert AuditEvent.objects.get(action="feed.message.set_aside").changes["status"] == "malformed"


def test_the_same_bad_line_twice_is_one_message():
    receive(b"garbage")
    _message, created = receive(b"garbage")
    assert not created and FeedMessage.objects.get().duplicates == 1


def test_a_huge_line_keeps_what_a_queue_could_have_carried_and_its_size():
    message, _created = receive(b"x" * 600_000)
    message.refresh_from_db()
    assert message.raw_size == 600_000 and len(bytes(message.raw)) == 256 * 1024


def test_the_queues_own_message_id_keys_a_bare_event():
    event = fake_hmpps.received("A1234BC", prison="NWI", occurred_at=at(TODAY))
    message, _created = receive(event, fallback_message_id="0b9c6f5e-sqs")
    assert message.message_id == "0b9c6f5e-sqs"
    _again, created = receive(event, fallback_message_id="0b9c6f5e-sqs")
    assert not created


def test_a_handled_message_is_never_handled_again():
    message, _created = receive(fake_hmpps.released("A1234BC", prison="NWI", occurred_at=at(TODAY)))
    first = handle(message)
    assert first.status == MessageStatus.SKIPPED and first.reason == SkipReason.NO_CASE
    assert handle(first).handled_at == first.handled_at


def test_handling_writes_back_only_the_messages_outcome_never_the_message_as_received():
    message, _created = receive(fake_hmpps.released("A1234BC", prison="NWI", occurred_at=at(TODAY)))
    with CaptureQueriesContext(connection) as queries:
        handled = handle(message)
    [update] = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('UPDATE "feed_feedmessage"')]
    written = update.split(" SET ", 1)[1].split(" WHERE ", 1)[0]
    for name in services.OUTCOME_FIELDS:
        assert f'"{name if name != "case" else "case_id"}"' in written
    for name in ("raw", "event", "message_id", "fingerprint", "received_at", "attempts"):
        assert f'"{name}"' not in written
    handled.refresh_from_db()
    assert (handled.status, handled.reason) == (MessageStatus.SKIPPED, SkipReason.NO_CASE)
    assert bytes(handled.raw) == bytes(message.raw)


def test_an_event_from_the_future_is_a_nonsense_date():
    message, _created = receive(fake_hmpps.released("A1234BC", prison="NWI", occurred_at=at(TODAY + days(2))))
    assert handle(message).reason == SkipReason.NONSENSE_DATE


def test_a_release_onward_would_refuse_is_skipped_with_onwards_own_words():
    remand = CaseFactory(person=PersonFactory(prison_number="A1234BC"), legal_status="remand")
    message, _created = receive(fake_hmpps.released("A1234BC", prison="NWI", occurred_at=at(TODAY)))
    handled = handle(message)
    assert (handled.status, handled.reason) == (MessageStatus.SKIPPED, SkipReason.REFUSED)
    assert "Record the sentence before the discharge" in handled.detail
    remand.refresh_from_db()
    assert remand.status == CaseStatus.IN_CUSTODY


def test_a_merge_onward_refuses_leaves_both_people_as_they_were():
    CaseFactory(person=PersonFactory(prison_number="A1111AA"))
    CaseFactory(person=PersonFactory(prison_number="B2222BB"))
    message, _created = receive(fake_hmpps.merged("B2222BB", removed="A1111AA", occurred_at=at(TODAY)))
    assert handle(message).reason == SkipReason.REFUSED
    assert Case.objects.filter(person__prison_number="A1111AA").exists()


# --- provenance -----------------------------------------------------------------------------


def admitted(number="A1234BC", **overrides):
    message, _created = receive(fake_hmpps.received(number, prison="NWI", occurred_at=at(TODAY - days(1))))
    handled = handle(message, document(number, **overrides))
    assert handled.status == MessageStatus.HANDLED, handled.detail
    return Case.objects.get(pk=handled.case_id)


def test_every_fed_field_says_it_came_from_nomis_and_as_of_when():
    case = admitted()
    fed = selectors.fed_fields(case)
    assert set(fed) >= {"given_name", "date_of_birth", "legal_status", "release_date", "prison"}
    value, as_of = fed["release_date"]
    assert value == case.release_date and as_of is not None
    assert fed["prison"][0] == "NWI"
    assert selectors.fed_field_names(case) == frozenset(fed)


def test_a_field_from_nomis_cannot_be_typed_over_by_hand():
    """A fed field is corrected in NOMIS: the form leaves it out and the service refuses it."""
    case = admitted()
    coach = user_for(Role.PRISON_WORK_COACH, "NWI")
    assert "release_date" not in case_selectors.case_editable_fields(user=coach, case=case)
    with pytest.raises(ValidationError) as error:
        case_services.case_update(actor=coach, case=case, changes={"release_date": wednesday_after(TODAY + days(30))})
    assert "release_date" in error.value.message_dict
    # What NOMIS does not own stays the prison's to change.
    case_services.case_update(actor=coach, case=case, changes={"release_area": "NR3"})


def test_a_value_changed_here_and_then_replaced_by_nomis_is_kept_beside_it():
    """Typed before fed fields were locked (or by an older version): the next feed replaces it, not silently."""
    case = admitted()
    typed = wednesday_after(TODAY + days(30))
    Case.objects.filter(pk=case.pk).update(release_date=typed)
    nomis = wednesday_after(TODAY + days(100))
    message, _created = receive(fake_hmpps.sentence_dates_changed("A1234BC", occurred_at=at(TODAY)))
    handle(message, document("A1234BC", conditional_release=nomis))
    case.refresh_from_db()
    row = FedField.objects.get(case=case, field_name="release_date")
    assert case.release_date == nomis
    assert (row.value, row.replaced_value) == (nomis.isoformat(), typed.isoformat())


def test_nothing_changed_writes_no_case_update():
    case = admitted()
    message, _created = receive(fake_hmpps.sentence_dates_changed("A1234BC", occurred_at=at(TODAY)))
    handled = handle(message, document("A1234BC"))
    assert handled.detail == "Nothing changed"
    assert not AuditEvent.objects.filter(action="case.update", object_id=str(case.pk)).exists()


# --- replay ------------------------------------------------------------------------------------


def test_only_an_administrator_replays_and_only_what_can_be_replayed():
    message, _created = receive(fake_hmpps.received("A1234BC", prison="ZZI", occurred_at=at(TODAY)))
    handle(message)
    with pytest.raises(PermissionDenied):
        services.message_replay(actor=user_for(Role.PRISON_WORK_COACH, "NWI"), message=message)
    admin = user_for(Role.ADMINISTRATOR, "national")
    replayed = services.message_replay(actor=admin, message=message)
    assert (replayed.status, replayed.attempts) == (MessageStatus.RETRY, 0)
    assert AuditEvent.objects.get(action="feed.message.replay").actor == admin
    with pytest.raises(ValidationError):
        services.message_replay(actor=admin, message=replayed)


# --- the nightly reconciliation ----------------------------------------------------------------


@pytest.fixture
def norwich():
    return Organisation.objects.get(code="NWI")


def test_reconciling_opens_moves_replans_and_releases_what_the_events_missed(fake, search, norwich):
    moved_in = CaseFactory(person=PersonFactory(prison_number="B1111BB"), prison=Organisation.objects.get(code="WLI"))
    stale = admitted("C1111CC")
    leaver = admitted("D1111DD")
    gone_elsewhere = admitted("E1111EE")
    fake.put(document("A1111AA", prison="NWI"))
    fake.put(document("B1111BB", prison="NWI", lastAdmissionDate=(TODAY - days(3)).isoformat()))
    fake.put(document("C1111CC", prison="NWI", conditional_release=wednesday_after(TODAY + days(200))))
    fake.put(document("D1111DD", status="INACTIVE OUT", last_movement=("REL", "CR", TODAY - days(1))))
    fake.put(document("E1111EE", prison="HBI", lastAdmissionDate=(TODAY - days(2)).isoformat()))
    report = services.prison_reconcile(actor=NOMIS_FEED, prison=norwich, search=search)
    assert (report.opened, report.moved, report.replanned, report.released) == (
        ["A1111AA"],
        ["B1111BB", "E1111EE"],
        ["C1111CC"],
        ["D1111DD"],
    )
    assert Case.objects.get(person__prison_number="A1111AA").prison == norwich
    moved_in.refresh_from_db()
    assert moved_in.prison == norwich and moved_in.transfers.get().transfer_date == TODAY - days(3)
    stale.refresh_from_db()
    assert stale.release_date == wednesday_after(TODAY + days(200))
    leaver.refresh_from_db()
    assert (leaver.status, leaver.actual_discharge_date) == (CaseStatus.RELEASED, TODAY - days(1))
    gone_elsewhere.refresh_from_db()
    assert gone_elsewhere.prison.code == "HBI"
    assert AuditEvent.objects.get(action="feed.reconcile").changes["opened"] == 1


def test_reconciling_again_changes_nothing(fake, search, norwich):
    for n in range(3):
        fake.put(document(f"A{n:04d}AA", prison="NWI"))
    services.prison_reconcile(actor=NOMIS_FEED, prison=norwich, search=search)
    audit_rows = AuditEvent.objects.exclude(action="feed.reconcile").count()
    again = services.prison_reconcile(actor=NOMIS_FEED, prison=norwich, search=search)
    assert not again.changed and again.unchanged == 3
    assert AuditEvent.objects.exclude(action="feed.reconcile").count() == audit_rows


def test_reconciling_reports_whom_it_could_not_follow_and_goes_on(fake, search, norwich):
    fake.put(document("A0001AA", prison="NWI", legal_status="IMMIGRATION_DETAINEE"))
    fake.put(document("A0002AA", prison="NWI", dateOfBirth="1990-13-01"))
    fake.put(document("A0003AA", prison="NWI"))
    report = services.prison_reconcile(actor=NOMIS_FEED, prison=norwich, search=search)
    assert report.opened == ["A0003AA"]
    assert [(number, reason) for number, reason, _words in report.skipped] == [
        ("A0001AA", SkipReason.UNMAPPABLE),
        ("A0002AA", SkipReason.NONSENSE_DATE),
    ]
    assert any("skipped A0001AA" in line for line in report.lines())


def test_the_reconcile_command_says_what_it_changed_at_each_prison(fake):
    fake.put(document("A0001AA", prison="NWI"))
    out = _Output()
    call_command("reconcile_nomis", "--prison", "NWI", "--prison", "HBI", stdout=out)
    assert "NWI: 1 in Prisoner Search; 1 opened" in out.getvalue()
    assert "HBI: 0 in Prisoner Search" in out.getvalue()


def test_the_reconcile_command_refuses_a_prison_it_does_not_know_and_fails_when_search_is_down(fake):
    with pytest.raises(CommandError, match="ZZI"):
        call_command("reconcile_nomis", "--prison", "ZZI")
    fake.outage = True
    with pytest.raises(CommandError, match="Not reconciled: NWI"):
        call_command("reconcile_nomis", "--prison", "NWI", stdout=_Output(), stderr=_Output())
