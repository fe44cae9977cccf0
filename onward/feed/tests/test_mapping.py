"""The mapping rules: plain values, examples and properties (no database)."""

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onward.cases.constants import NOMIS_FIELDS, LegalStatus, ReleaseType
from onward.feed import fake_hmpps, mapping
from onward.feed.constants import FED_FIELDS, MAX_MESSAGE_BYTES, Movement, SkipReason

OCCURRED = "2026-06-11T15:13:21+01:00"


def parse(value):
    return mapping.parse_message(value if isinstance(value, bytes) else json.dumps(value).encode())


# --- reading messages ------------------------------------------------------------------


def test_an_sns_notification_is_read_with_its_message_id():
    event = fake_hmpps.received("A1234BC", prison="NWI", occurred_at=OCCURRED)
    parsed = parse(fake_hmpps.sns_notification(event, message_id="6d1c7f43-0b5e-5d4b-a8a0-6e0f1b0c9f10"))
    assert parsed.problem is None
    assert (parsed.message_id, parsed.event_type, parsed.prison_number) == (
        "6d1c7f43-0b5e-5d4b-a8a0-6e0f1b0c9f10",
        "prison-offender-events.prisoner.received",
        "A1234BC",
    )
    assert parsed.occurred_at == datetime(2026, 6, 11, 14, 13, 21, tzinfo=UTC)


def test_a_bare_event_is_read_without_a_message_id():
    parsed = parse(fake_hmpps.received("A1234BC", prison="NWI", occurred_at=OCCURRED))
    assert parsed.problem is None and parsed.message_id == ""


def test_a_release_date_calculation_names_the_person_as_prisoner_id():
    parsed = parse(fake_hmpps.release_dates_calculated("A8666DY", occurred_at="2024-06-12T13:14:01.339517517+01:00"))
    assert parsed.prison_number == "A8666DY" and parsed.problem is None


def test_the_person_may_be_named_only_in_the_person_reference():
    event = fake_hmpps.sentence_dates_changed("A0260DZ", occurred_at=OCCURRED)
    del event["additionalInformation"]["nomsNumber"]
    assert parse(event).prison_number == "A0260DZ"


def test_a_merge_names_both_numbers():
    parsed = parse(fake_hmpps.merged("A3645EA", removed="A3646EA", occurred_at=OCCURRED))
    assert (parsed.prison_number, parsed.other_prison_number) == ("A3645EA", "A3646EA")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"{not json", SkipReason.MALFORMED),
        (b"NaN", SkipReason.MALFORMED),
        (b'"a string"', SkipReason.MALFORMED),
        (b"\xff\xfe", SkipReason.MALFORMED),
        (b"[" * 100_000, SkipReason.MALFORMED),
        (b'{"Type": "Notification", "MessageId": "x", "Message": 5}', SkipReason.MALFORMED),
        (b'{"Type": "Notification", "Message": "{broken"}', SkipReason.MALFORMED),
        (b'{"hello": "world"}', SkipReason.MALFORMED),
        (b'{"eventType": "prison-offender-events.prisoner.received", "n": "\\u0000"}', SkipReason.MALFORMED),
        (b'{"eventType": "', SkipReason.MALFORMED),
        (b'{"eventType": "a.b.c"}', SkipReason.UNKNOWN_EVENT_TYPE),
        (b'{"eventType": "prison-offender-events.prisoner.received"}', SkipReason.MALFORMED),
    ],
)
def test_what_is_not_a_handled_event_says_why(raw, reason):
    assert parse(raw).problem[0] == reason


def test_a_message_longer_than_sqs_allows_is_set_aside_unread():
    parsed = parse(b"x" * (MAX_MESSAGE_BYTES + 1))
    assert parsed.problem[0] == SkipReason.MALFORMED and parsed.event is None


@pytest.mark.parametrize("occurred", ["2026-02-31T10:00:00Z", "yesterday", 20260211, "0001-01-01T00:00:00Z", None])
def test_an_occurred_at_that_makes_no_sense_is_a_nonsense_date(occurred):
    event = fake_hmpps.received("A1234BC", prison="NWI", occurred_at=OCCURRED)
    event["occurredAt"] = occurred
    assert parse(event).problem[0] == SkipReason.NONSENSE_DATE


def test_a_message_id_that_is_not_an_id_is_not_trusted():
    event = fake_hmpps.received("A1234BC", prison="NWI", occurred_at=OCCURRED)
    assert parse(fake_hmpps.sns_notification(event, message_id="x" * 5000)).message_id == ""


def test_republishing_leaves_the_fingerprint_alone_but_another_event_changes_it():
    event = fake_hmpps.received("A1234BC", prison="NWI", occurred_at=OCCURRED)
    republished = dict(event, publishedAt="2030-01-01T00:00:00Z", description="again")
    later = dict(event, occurredAt="2026-06-11T15:13:22+01:00")
    assert mapping.event_fingerprint(event) == mapping.event_fingerprint(republished)
    assert mapping.event_fingerprint(event) != mapping.event_fingerprint(later)


@given(st.binary(max_size=2000))
def test_any_bytes_at_all_are_read_or_set_aside_never_a_crash(raw):
    parsed = mapping.parse_message(raw)
    assert parsed.fingerprint
    assert parsed.event is not None or parsed.problem is not None


@given(st.dictionaries(st.text(max_size=10), st.text(max_size=10), max_size=5))
def test_the_fingerprint_does_not_depend_on_key_order(additional):
    event = {"eventType": "e", "occurredAt": OCCURRED, "additionalInformation": additional}
    reordered = {
        "additionalInformation": dict(reversed(list(additional.items()))),
        "occurredAt": OCCURRED,
        "eventType": "e",
    }
    assert mapping.event_fingerprint(event) == mapping.event_fingerprint(reordered)


# --- days in England -----------------------------------------------------------------------


def test_an_event_just_after_midnight_in_summer_happened_on_the_english_day():
    assert mapping.occurred_on(datetime(2026, 7, 14, 23, 30, tzinfo=UTC)) == date(2026, 7, 15)
    assert mapping.occurred_on(datetime(2026, 12, 14, 23, 30, tzinfo=UTC)) == date(2026, 12, 14)


def test_an_occurred_at_without_an_offset_is_taken_as_englands():
    assert mapping.parse_occurred_at("2026-07-14T00:30:00").utcoffset() == timedelta(hours=1)


@given(st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2150, 1, 1), timezones=st.just(UTC)))
def test_the_english_day_is_never_more_than_a_day_from_the_utc_day(moment):
    assert abs((mapping.occurred_on(moment) - moment.date()).days) <= 1


# --- movements ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event_type", "reason", "movement"),
    [
        ("prison-offender-events.prisoner.received", "ADMISSION", Movement.ADMISSION),
        ("prison-offender-events.prisoner.received", "READMISSION", Movement.ADMISSION),
        ("prison-offender-events.prisoner.received", "POST_MERGE_ADMISSION", Movement.ADMISSION),
        ("prison-offender-events.prisoner.received", "TRANSFERRED", Movement.TRANSFER),
        ("prison-offender-events.prisoner.received", "TEMPORARY_ABSENCE_RETURN", Movement.TEMPORARY_ABSENCE),
        ("prison-offender-events.prisoner.received", "RETURN_FROM_COURT", Movement.COURT),
        ("prison-offender-events.prisoner.released", "RELEASED", Movement.RELEASE),
        ("prison-offender-events.prisoner.released", "TRANSFERRED", Movement.TRANSFER),
        ("prison-offender-events.prisoner.released", "TEMPORARY_ABSENCE_RELEASE", Movement.TEMPORARY_ABSENCE),
        ("prison-offender-events.prisoner.released", "SENT_TO_COURT", Movement.COURT),
        ("prison-offender-events.prisoner.released", "RELEASED_TO_HOSPITAL", Movement.OTHER),
        ("prison-offender-events.prisoner.released", "UNKNOWN", Movement.OTHER),
        ("prison-offender-events.prisoner.received", "", Movement.OTHER),
    ],
)
def test_movement_reasons_are_classified(event_type, reason, movement):
    assert mapping.classify_movement(event_type, reason) == movement


@pytest.mark.parametrize(
    ("legal_status", "recall", "released", "expected"),
    [
        ("RECALL", True, True, True),
        ("SENTENCED", True, True, True),
        ("RECALL", False, False, False),
        ("SENTENCED", False, True, False),
    ],
)
def test_a_recall_admission_is_an_admission_on_recall_of_someone_last_released(
    legal_status, recall, released, expected
):
    assert (
        mapping.is_recall_admission(
            movement=Movement.ADMISSION,
            nomis_legal_status=legal_status,
            recall_flag=recall,
            last_case_released=released,
        )
        is expected
    )


def test_a_release_names_its_prison_and_needs_no_prisoner_search():
    plan = mapping.plan_for(
        "prison-offender-events.prisoner.released",
        fake_hmpps.released("A1234BC", prison="NWI", occurred_at=OCCURRED),
    )
    assert (plan.action, plan.prison_code, plan.needs_document) == ("release", "NWI", False)


# --- the Prisoner document ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("nomis", "onward"),
    [
        ("REMAND", LegalStatus.REMAND),
        ("CONVICTED_UNSENTENCED", LegalStatus.REMAND),
        ("SENTENCED", LegalStatus.SENTENCED),
        ("INDETERMINATE_SENTENCE", LegalStatus.SENTENCED),
        ("RECALL", LegalStatus.RECALL),
    ],
)
def test_nomis_legal_status_becomes_onwards(nomis, onward):
    assert mapping.legal_status(nomis) == onward


@pytest.mark.parametrize("nomis", ["IMMIGRATION_DETAINEE", "CIVIL_PRISONER", "DEAD", "UNKNOWN", "OTHER", None, 7])
def test_legal_statuses_onward_does_not_follow_are_unmappable(nomis):
    with pytest.raises(mapping.Unmappable) as error:
        mapping.legal_status(nomis)
    assert error.value.reason == SkipReason.UNMAPPABLE


def document(**values):
    return fake_hmpps.prisoner_document("A1234BC", **values)


def test_the_confirmed_release_date_wins_and_keeps_the_type_it_confirms():
    found = mapping.release(
        document(conditional_release=date(2026, 9, 2), hdc_actual=date(2026, 7, 1), confirmed_release=date(2026, 7, 1))
    )
    assert (found.release_date, found.release_type, found.confirmed) == (date(2026, 7, 1), ReleaseType.HDC, True)
    found = mapping.release(document(conditional_release=date(2026, 9, 2), confirmed_release=date(2026, 9, 1)))
    assert (found.release_date, found.release_type) == (date(2026, 9, 1), ReleaseType.STANDARD)


def test_hdc_then_parole_then_the_conditional_release_date():
    assert mapping.release(document(hdc_actual=date(2026, 7, 1))).release_type == ReleaseType.HDC
    assert mapping.release(document(actual_parole=date(2026, 8, 1))).release_type == ReleaseType.PAROLE
    found = mapping.release(document(hdc_eligibility=date(2026, 6, 1), parole_eligibility=date(2026, 5, 1)))
    assert (found.release_date, found.release_type, found.source) == (
        date(2026, 9, 2),
        ReleaseType.STANDARD,
        "conditionalReleaseDate",
    )


def test_a_recall_is_released_on_its_post_recall_release_date():
    found = mapping.release(document(post_recall_release=date(2027, 1, 6)), recall=True)
    assert found.release_date == date(2027, 1, 6)


def test_no_release_date_at_all_is_none():
    values = document(conditional_release=None)
    values.update(releaseDate=None, nonDtoReleaseDate=None)
    assert mapping.release(values) is None


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 1, 1)), st.integers(min_value=0, max_value=40_000))
def test_the_custodial_term_counts_both_the_first_and_the_last_day(start, length):
    term = mapping.custodial_term_days(start, start + timedelta(days=length))
    assert term == length + 1 and term >= 1


def test_a_sentence_that_expires_before_it_starts_is_a_nonsense_date():
    with pytest.raises(mapping.Unmappable) as error:
        mapping.custodial_term_days(date(2026, 3, 2), date(2026, 3, 1))
    assert error.value.reason == SkipReason.NONSENSE_DATE


@pytest.mark.parametrize(
    "value", ["2026-02-30", "02/03/2026", "20260302", "3026-01-01", "1899-12-31", 20260302, "", None]
)
def test_dates_that_make_no_sense_are_refused_and_absent_ones_are_none(value):
    if value in ("", None):
        assert mapping.parse_date({"d": value}, "d") is None
        return
    with pytest.raises(mapping.Unmappable) as error:
        mapping.parse_date({"d": value}, "d")
    assert error.value.reason == SkipReason.NONSENSE_DATE


@given(st.one_of(st.text(max_size=30), st.integers(), st.none(), st.booleans()))
def test_any_value_is_a_date_or_a_reason(value):
    try:
        mapping.parse_date({"d": value}, "d")
    except mapping.Unmappable as error:
        assert error.reason == SkipReason.NONSENSE_DATE


@pytest.mark.parametrize(
    ("nomis", "onward"),
    [("SMITH-JONES", "Smith-Jones"), ("O'BRIEN", "O'Brien"), ("ANNE  MARIE", "Anne Marie"), ("McDonald", "McDonald")],
)
def test_names_in_capitals_are_written_as_people_write_them(nomis, onward):
    assert mapping.person_name(nomis, "lastName") == onward


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), min_size=1, max_size=80))
def test_a_name_is_written_the_same_however_often_it_is_written(name):
    try:
        once = mapping.person_name(name, "firstName")
    except mapping.Unmappable:
        return
    assert mapping.person_name(once, "firstName") == once
    assert len(once) <= len(name)


@pytest.mark.parametrize("value", ["", "   ", None, "A\x00B", "X" * 101])
def test_a_name_onward_cannot_keep_is_unmappable(value):
    with pytest.raises(mapping.Unmappable):
        mapping.person_name(value, "firstName")


def test_case_fields_for_someone_sentenced():
    fields = mapping.case_fields(document(), prison_number="A1234BC")
    assert fields == {
        "given_name": "Jordan",
        "family_name": "Testperson",
        "date_of_birth": date(1990, 5, 17),
        "reception_date": date(2026, 3, 2),
        "legal_status": LegalStatus.SENTENCED,
        "indeterminate_sentence": False,
        "sentence_date": date(2026, 3, 2),
        "custodial_term_days": 365,
        "release_date": date(2026, 9, 2),
        "release_type": ReleaseType.STANDARD,
        "confirmed_discharge_date": None,
    }


def test_case_fields_for_someone_on_remand_leave_the_sentence_empty():
    fields = mapping.case_fields(document(legal_status="REMAND"), prison_number="A1234BC")
    assert (fields["legal_status"], fields["sentence_date"], fields["release_date"]) == ("remand", None, None)


def test_an_indeterminate_sentence_is_flagged():
    fields = mapping.case_fields(document(legal_status="INDETERMINATE_SENTENCE"), prison_number="A1234BC")
    assert fields["indeterminate_sentence"] is True and fields["legal_status"] == LegalStatus.SENTENCED


def test_a_document_for_another_number_is_not_this_persons():
    with pytest.raises(mapping.Unmappable) as error:
        mapping.case_fields(document(), prison_number="B1234BC")
    assert error.value.reason == SkipReason.UNKNOWN_PRISONER


def test_a_term_longer_than_onward_follows_is_a_nonsense_date():
    with pytest.raises(mapping.Unmappable) as error:
        mapping.case_fields(document(sentence_expiry=date(2199, 1, 1)), prison_number="A1234BC")
    assert error.value.reason == SkipReason.NONSENSE_DATE


@given(st.integers(min_value=1, max_value=60))
def test_backoff_doubles_and_never_passes_the_cap(attempts):
    delay = mapping.retry_delay(attempts, base_seconds=60, cap_seconds=3600)
    assert timedelta(seconds=60) <= delay <= timedelta(seconds=3600)
    assert delay <= mapping.retry_delay(attempts + 1, base_seconds=60, cap_seconds=3600)


def test_the_fields_the_feed_keeps_are_the_ones_cases_lets_nomis_own():
    assert set(FED_FIELDS) == NOMIS_FIELDS
