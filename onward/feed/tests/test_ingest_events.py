"""api.md's behaviours for the feed, end to end through `manage.py ingest_events` against the fake HMPPS."""

import json
from datetime import UTC, date, datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from onward.audit.models import AuditEvent
from onward.cases.constants import CaseStatus, LegalStatus, ReleaseType
from onward.cases.models import Case, Person, Transfer
from onward.feed import fake_hmpps
from onward.feed.constants import MessageStatus, SkipReason
from onward.feed.models import FedField, FeedMessage
from onward.feed.tests.conftest import TODAY, at, days
from onward.feed.tests.factories import document, wednesday_after
from onward.journey.models import PlannedTouchpoint

pytestmark = pytest.mark.django_db


def admit(fake, ingest, number="A1234BC", prison="NWI", when=None, **overrides):
    fake.put(document(number, prison=prison, **overrides))
    return ingest(fake_hmpps.received(number, prison=prison, occurred_at=when or at(TODAY - days(1))))


def only_case(number="A1234BC"):
    return Case.objects.select_related("person", "prison").get(person__prison_number=number)


def status_of(**lookup):
    return FeedMessage.objects.get(**lookup).status


# --- admission ---------------------------------------------------------------------


def test_an_admission_opens_the_case_in_the_events_prison_from_prisoner_search(fake, ingest):
    out = admit(fake, ingest)
    case = only_case()
    assert (case.prison.code, case.status, case.legal_status) == ("NWI", CaseStatus.IN_CUSTODY, LegalStatus.SENTENCED)
    assert (case.person.given_name, case.person.family_name) == ("Ada", "Feedtest")
    assert case.reception_date == TODAY - days(90)
    assert case.custodial_term_days == 365
    assert case.release_date == case.discharge_date
    assert "1 handled" in out
    event = AuditEvent.objects.get(action="case.create", object_id=str(case.pk))
    assert (event.actor_username, event.actor_id) == ("nomis-feed", None)
    assert PlannedTouchpoint.objects.filter(case=case).exists()


def test_a_remand_admission_opens_a_remand_case_without_sentence_dates(fake, ingest):
    admit(fake, ingest, legal_status="REMAND")
    case = only_case()
    assert case.legal_status == LegalStatus.REMAND
    assert (case.sentence_date, case.release_date, case.discharge_date) == (None, None, None)


def test_an_admission_on_recall_reopens_the_released_person_as_a_recall_episode(fake, ingest):
    admit(fake, ingest, when=at(TODAY - days(30)), reception=TODAY - days(200), sentence_start=TODAY - days(200))
    ingest(fake_hmpps.released("A1234BC", prison="NWI", occurred_at=at(TODAY - days(20))))
    fake.put(
        document(
            "A1234BC",
            prison="WLI",
            legal_status="RECALL",
            reception=TODAY - days(2),
            sentence_start=TODAY - days(200),
            conditional_release=None,
            post_recall_release=wednesday_after(TODAY + days(60)),
        )
    )
    ingest(fake_hmpps.received("A1234BC", prison="WLI", occurred_at=at(TODAY - days(2))))
    first, recall = Case.objects.filter(person__prison_number="A1234BC").order_by("pk")
    assert first.status == CaseStatus.RECALLED
    assert (recall.status, recall.legal_status, recall.prison.code) == (CaseStatus.IN_CUSTODY, "recall", "WLI")
    assert recall.release_date == wednesday_after(TODAY + days(60))


# --- idempotency -----------------------------------------------------------------------


def test_a_message_delivered_twice_changes_things_once(fake, ingest):
    fake.put(document("A1234BC"))
    message = fake_hmpps.sns_notification(fake_hmpps.received("A1234BC", prison="NWI", occurred_at=at(TODAY)))
    out = ingest(message, message)
    ingest(message)
    assert Case.objects.filter(person__prison_number="A1234BC").count() == 1
    assert AuditEvent.objects.filter(action="case.create").count() == 1
    assert "1 duplicates" in out
    assert FeedMessage.objects.get().duplicates == 2


def test_the_same_event_published_twice_under_two_message_ids_changes_things_once(fake, ingest):
    fake.put(document("A1234BC"))
    event = fake_hmpps.received("A1234BC", prison="NWI", occurred_at=at(TODAY))
    again = dict(event, publishedAt="2099-01-01T00:00:00Z", description="published again")
    ingest(fake_hmpps.sns_notification(event), fake_hmpps.sns_notification(again), event)
    assert Case.objects.filter(person__prison_number="A1234BC").count() == 1
    assert FeedMessage.objects.count() == 1


# --- transfer, release, temporary absence and court -------------------------------------------


def test_a_transfer_moves_the_open_case_to_the_receiving_prison(fake, ingest):
    admit(fake, ingest, when=at(TODAY - days(10)))
    fake.put(document("A1234BC", prison="WLI"))
    ingest(
        fake_hmpps.released("A1234BC", prison="NWI", reason="TRANSFERRED", occurred_at=at(TODAY - days(1), 8)),
        fake_hmpps.received("A1234BC", prison="WLI", reason="TRANSFERRED", occurred_at=at(TODAY - days(1), 15)),
    )
    case = only_case()
    assert case.prison.code == "WLI"
    transfer = Transfer.objects.get(case=case)
    assert (transfer.from_prison.code, transfer.transfer_date) == ("NWI", TODAY - days(1))
    assert AuditEvent.objects.get(action="case.transfer").actor_username == "nomis-feed"
    assert FedField.objects.get(case=case, field_name="prison").value == "WLI"
    leaving = FeedMessage.objects.get(
        event__additionalInformation__reason="TRANSFERRED", event__eventType__endswith="released"
    )
    assert leaving.status == MessageStatus.IGNORED


def test_a_release_records_the_day_it_occurred_in_england(fake, ingest):
    summer = date(TODAY.year - 1, 7, 14)
    admit(
        fake,
        ingest,
        when=at(summer - days(100)),
        reception=summer - days(100),
        sentence_start=summer - days(100),
        sentence_expiry=summer + days(265),
        conditional_release=summer,
    )
    # 23:30 UTC on 14 July is 00:30 on 15 July in England (British Summer Time).
    late = datetime(summer.year, 7, 14, 23, 30, tzinfo=UTC)
    ingest(fake_hmpps.released("A1234BC", prison="NWI", occurred_at=late.isoformat()))
    case = only_case()
    assert case.status == CaseStatus.RELEASED
    assert case.actual_discharge_date == date(summer.year, 7, 15)


def test_temporary_absences_and_court_appearances_are_not_movements_of_the_case(fake, ingest):
    admit(fake, ingest, when=at(TODAY - days(5)))
    before = only_case()
    out = ingest(
        fake_hmpps.released("A1234BC", prison="NWI", reason="SENT_TO_COURT", occurred_at=at(TODAY - days(2), 8)),
        fake_hmpps.received("A1234BC", prison="NWI", reason="RETURN_FROM_COURT", occurred_at=at(TODAY - days(2), 17)),
        fake_hmpps.released(
            "A1234BC", prison="NWI", reason="TEMPORARY_ABSENCE_RELEASE", occurred_at=at(TODAY - days(1), 8)
        ),
        fake_hmpps.received(
            "A1234BC", prison="NWI", reason="TEMPORARY_ABSENCE_RETURN", occurred_at=at(TODAY - days(1), 18)
        ),
    )
    after = only_case()
    assert (after.status, after.prison_id, after.version) == (before.status, before.prison_id, before.version)
    assert "4 ignored" in out


def test_absences_are_marked_ignored_together_with_the_words_and_times_handling_one_gives(
    fake, ingest, django_assert_max_num_queries
):
    court = fake_hmpps.released("A1234BC", prison="NWI", reason="SENT_TO_COURT", occurred_at=at(TODAY - days(1), 8))
    leave = [
        fake_hmpps.released(f"B{n:04d}CD", prison="NWI", reason="TEMPORARY_ABSENCE_RELEASE", occurred_at=at(TODAY))
        for n in range(30)
    ]
    # Storing 31 messages, then marking them: not a statement (nor a commit) for each.
    with django_assert_max_num_queries(12):
        out = ingest(court, *leave)
    assert "31 ignored" in out
    messages = FeedMessage.objects.order_by("pk")
    assert {(m.status, m.reason, m.next_attempt_at) for m in messages} == {(MessageStatus.IGNORED, "", None)}
    assert messages[0].detail == "SENT_TO_COURT is not a movement of the case"
    assert {m.detail for m in messages[1:]} == {"TEMPORARY_ABSENCE_RELEASE is not a movement of the case"}
    assert all(m.handled_at is not None for m in messages)


def test_an_absence_after_an_admission_still_kept_waits_behind_it(fake, ingest):
    fake.put(document("A1234BC"))
    fake.outage = True
    out = ingest(
        fake_hmpps.received("A1234BC", prison="NWI", occurred_at=at(TODAY - days(1))),
        fake_hmpps.released("A1234BC", prison="NWI", reason="SENT_TO_COURT", occurred_at=at(TODAY, 8)),
        fake_hmpps.released("B2222BB", prison="NWI", reason="SENT_TO_COURT", occurred_at=at(TODAY, 8)),
    )
    admission, court, other = FeedMessage.objects.order_by("pk")
    assert (admission.status, admission.reason) == ("retry", SkipReason.OUTAGE)
    # Held as one at a time would hold it: nothing of a person overtakes what is kept.
    assert (court.status, court.reason) == ("retry", SkipReason.WAITING)
    assert other.status == MessageStatus.IGNORED
    assert "1 ignored" in out and "2 kept to try again" in out
    fake.outage = False
    out = ingest(retry=True)
    court.refresh_from_db()
    assert court.status == MessageStatus.IGNORED and only_case().status == CaseStatus.IN_CUSTODY
    assert "1 handled" in out and "1 ignored" in out


# --- sentence dates and the confirmed release date -------------------------------------------


def test_new_sentence_dates_rederive_the_discharge_day_and_replan_the_touchpoints(fake, ingest):
    admit(fake, ingest)
    case = only_case()
    due_before = dict(PlannedTouchpoint.objects.filter(case=case).values_list("code", "due_on"))
    later = wednesday_after(TODAY + days(150))
    fake.put(document("A1234BC", conditional_release=later))
    ingest(fake_hmpps.sentence_dates_changed("A1234BC", occurred_at=at(TODAY, 11)))
    case = only_case()
    assert (case.release_date, case.discharge_date) == (later, later)
    due_after = dict(PlannedTouchpoint.objects.filter(case=case).values_list("code", "due_on"))
    assert due_after != due_before
    assert AuditEvent.objects.get(action="case.update").changes["release_date"][1] == later.isoformat()


def test_a_release_date_calculation_event_brings_the_dates_up_to_date_too(fake, ingest):
    admit(fake, ingest)
    later = wednesday_after(TODAY + days(120))
    fake.put(document("A1234BC", conditional_release=later, hdc_actual=later, confirmed_release=None))
    ingest(fake_hmpps.release_dates_calculated("A1234BC", occurred_at=at(TODAY, 12)))
    case = only_case()
    assert (case.release_date, case.release_type) == (later, ReleaseType.HDC)


def test_the_prisons_confirmed_release_date_is_the_discharge_day(fake, ingest):
    admit(fake, ingest)
    confirmed = wednesday_after(TODAY + days(40))
    fake.put(document("A1234BC", confirmed_release=confirmed))
    ingest(fake_hmpps.sentence_dates_changed("A1234BC", occurred_at=at(TODAY, 11)))
    case = only_case()
    assert case.confirmed_discharge_date == confirmed
    assert case.discharge_date == confirmed
    # The sentence calculation's own date stays the release date.
    assert case.release_date != confirmed


def test_a_confirmed_friday_stays_a_friday(fake, ingest):
    """The release-day rules would bring a Friday release forward; a confirmed date is the day itself."""
    admit(fake, ingest)
    friday = wednesday_after(TODAY + days(40)) + days(2)
    fake.put(document("A1234BC", confirmed_release=friday))
    ingest(fake_hmpps.sentence_dates_changed("A1234BC", occurred_at=at(TODAY, 11)))
    assert only_case().discharge_date == friday


def test_sentence_dates_for_someone_onward_never_saw_admitted_open_their_case(fake, ingest):
    fake.put(document("A1234BC", prison="HBI"))
    ingest(fake_hmpps.sentence_dates_changed("A1234BC", occurred_at=at(TODAY, 11)))
    assert only_case().prison.code == "HBI"


# --- merge -------------------------------------------------------------------------------------


def test_a_merge_carries_the_removed_numbers_cases_to_the_one_kept(fake, ingest):
    admit(fake, ingest, number="A1111AA")
    ingest(fake_hmpps.merged("B2222BB", removed="A1111AA", occurred_at=at(TODAY, 10)))
    case = Case.objects.get()
    assert case.person.prison_number == "B2222BB"
    assert not Person.objects.filter(prison_number="A1111AA").exists()
    assert AuditEvent.objects.get(action="person.merge").actor_username == "nomis-feed"


# --- Prisoner Search not answering ------------------------------------------------------------


def test_an_outage_keeps_the_message_then_retry_handles_it_and_nothing_was_half_done(fake, ingest):
    fake.put(document("A1234BC"))
    fake.outage = True
    out = ingest(
        fake_hmpps.received("A1234BC", prison="NWI", occurred_at=at(TODAY - days(1))),
        fake_hmpps.released("A1234BC", prison="NWI", occurred_at=at(TODAY, 10)),
    )
    assert not Case.objects.exists()
    assert "2 kept to try again" in out
    admission, release = FeedMessage.objects.order_by("pk")
    assert (admission.status, admission.reason, admission.attempts) == ("retry", SkipReason.OUTAGE, 1)
    # The release must not overtake the admission it belongs to.
    assert (release.status, release.reason) == ("retry", SkipReason.WAITING)
    fake.outage = False
    out = ingest(retry=True)
    case = only_case()
    assert (case.status, case.actual_discharge_date) == (CaseStatus.RELEASED, TODAY)
    assert "2 handled" in out


def test_after_every_try_a_message_is_a_dead_letter_that_replay_can_bring_back(fake, ingest, settings):
    settings.FEED_MAX_ATTEMPTS = 2
    fake.put(document("A1234BC"))
    fake.outage = True
    ingest(fake_hmpps.received("A1234BC", prison="NWI", occurred_at=at(TODAY)))
    out = ingest(retry=True)
    message = FeedMessage.objects.get()
    assert (message.status, message.attempts) == (MessageStatus.DEAD, 2)
    assert "503" in message.detail
    assert "1 dead letters" in out
    assert AuditEvent.objects.filter(action="feed.message.dead").exists()


def test_hmpps_auth_refusing_a_token_keeps_the_message_too(fake, ingest, settings):
    settings.HMPPS_CLIENT_SECRET = "the-wrong-secret"
    fake.put(document("A1234BC"))
    ingest(fake_hmpps.received("A1234BC", prison="NWI", occurred_at=at(TODAY)))
    message = FeedMessage.objects.get()
    assert message.status == MessageStatus.RETRY
    assert "HMPPS Auth refused a token (401)" in message.detail


def test_one_token_serves_every_call_until_it_expires(fake, ingest):
    for n in range(5):
        fake.put(document(f"A{n:04d}BC"))
    ingest(*[fake_hmpps.received(f"A{n:04d}BC", prison="NWI", occurred_at=at(TODAY)) for n in range(5)])
    fake.put(document("A1234BC"))
    ingest(fake_hmpps.received("A1234BC", prison="NWI", occurred_at=at(TODAY)))
    assert Case.objects.count() == 6
    assert fake.requests["prisoner"] == 6
    # Each run of the command asks HMPPS Auth once, and only once.
    assert fake.token_requests == 2


# --- what Onward does not know ----------------------------------------------------------------


def test_an_event_for_a_prison_onward_does_not_know_is_recorded_with_the_reason_and_skipped(fake, ingest):
    fake.put(document("A1234BC", prison="ZZI"))
    out = ingest(fake_hmpps.received("A1234BC", prison="ZZI", occurred_at=at(TODAY)))
    message = FeedMessage.objects.get()
    assert (message.status, message.reason) == (MessageStatus.SKIPPED, SkipReason.UNKNOWN_PRISON)
    assert "ZZI" in message.detail and "ZZI" in out
    assert not Case.objects.exists()


def test_a_prisoner_prisoner_search_does_not_know_is_recorded_with_the_reason_and_skipped(fake, ingest):
    ingest(fake_hmpps.received("A1234BC", prison="NWI", occurred_at=at(TODAY)))
    message = FeedMessage.objects.get()
    assert (message.status, message.reason) == (MessageStatus.SKIPPED, SkipReason.UNKNOWN_PRISONER)


# --- bad input: counted, reported, skipped; never the end of the run -------------------------


def test_bad_lines_are_set_aside_and_reported_and_the_run_goes_on(fake, ingest):
    fake.put(document("A1234BC"))
    fake.put(document("B1234BC", dateOfBirth="1990-02-30"))
    fake.put(document("C1234BC", sentence_expiry=TODAY - days(400)))
    fake.put(document("D1234BC", firstName="X" * 10_000))
    good = fake_hmpps.received("A1234BC", prison="NWI", occurred_at=at(TODAY))
    out = ingest(
        "{not json",
        "[1, 2, 3]",
        b"\xff\xfe not utf-8",
        b'{"eventType": "prison-offender-events.prisoner.received", "x": "\x00"}',
        json.dumps(fake_hmpps.received("E1234BC", prison="NWI\u0000", occurred_at=at(TODAY))),
        json.dumps({"eventType": "prison-offender-events.prisoner.alerts-updated", "additionalInformation": {}}),
        "x" * 300_000,
        json.dumps(
            dict(fake_hmpps.received("F1234BC", prison="NWI", occurred_at=at(TODAY)), occurredAt="2026-02-31T10:00:00Z")
        ),
        json.dumps(fake_hmpps.received("G1234BC", prison="NWI", occurred_at=at(TODAY + days(3)))),
        fake_hmpps.received("B1234BC", prison="NWI", occurred_at=at(TODAY)),
        fake_hmpps.received("C1234BC", prison="NWI", occurred_at=at(TODAY)),
        fake_hmpps.received("D1234BC", prison="NWI", occurred_at=at(TODAY)),
        "   ",
        good,
    )
    assert only_case().person.prison_number == "A1234BC"
    reasons = dict(FeedMessage.objects.exclude(status=MessageStatus.HANDLED).values_list("source_detail", "reason"))
    assert len(reasons) == 12
    line = {detail.rsplit(":", 1)[1]: reason for detail, reason in reasons.items()}
    assert line["1"] == line["2"] == line["3"] == line["4"] == line["5"] == line["7"] == SkipReason.MALFORMED
    assert line["6"] == SkipReason.UNKNOWN_EVENT_TYPE
    assert line["8"] == line["9"] == line["10"] == line["11"] == SkipReason.NONSENSE_DATE
    assert line["12"] == SkipReason.UNMAPPABLE
    assert "13 received" in out and "1 handled" in out


def test_a_file_that_cannot_be_read_is_an_error_not_an_empty_run(fake):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("ingest_events", "/no/such/file.jsonl")
