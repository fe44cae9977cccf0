"""The readiness summary on the touchpoints.md worked example: D is Wednesday 2 September 2026.

Pure: the touchpoints come from the journey's own evaluation, so every item's
status and due date are its touchpoint's.
"""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from onward.journey.touchpoints import CaseFacts, Evidence, evaluate
from onward.readiness.constants import AccommodationStatus, DocumentType, ReadinessState
from onward.readiness.summary import (
    ITEM_TOUCHPOINTS,
    STATE_FOR_STATUS,
    ReadinessFacts,
    right_to_work_held_on,
    shows_right_to_work,
    summarise,
)

D = date(2026, 9, 2)
RECEPTION = date(2026, 3, 2)
ARRIVED_WITH_NOTHING = CaseFacts(reception_date=RECEPTION, discharge_date=D)


def summary_on(today, facts=ARRIVED_WITH_NOTHING, readiness=None, evidence=None):
    touchpoints = evaluate(facts, as_of=today, evidence=evidence or {})
    return summarise(readiness or ReadinessFacts(), touchpoints, today=today)


def states(summary):
    return {item.key: item.state for item in summary.items}


def test_items_are_due_when_their_touchpoints_are_due():
    summary = summary_on(RECEPTION)
    due = {item.key: item.due_on for item in summary.items}
    assert due["bank-account"] == date(2026, 7, 22)  # D - 6 weeks
    assert due["id"] == date(2026, 7, 8)  # D - 8 weeks
    assert due["ni-number"] == date(2026, 7, 22)  # D - 6 weeks
    assert due["jobcentre-appointment"] == date(2026, 9, 1)  # D - 1 working day
    assert due["uc-claim"] == D
    assert due["accommodation"] is None  # no touchpoint, so no date of its own


def test_nothing_in_place_at_reception_is_missing_not_late():
    summary = summary_on(RECEPTION)
    assert set(states(summary).values()) == {ReadinessState.MISSING}
    assert summary.late == [] and summary.in_place == []


def test_critical_path_says_bank_needs_id_first_with_the_id_date():
    summary = summary_on(RECEPTION)
    assert summary.critical_path[0] == "Bank account needs ID first: ID due by Wednesday 8 July 2026"
    assert "National Insurance number due by Wednesday 22 July 2026" in summary.critical_path


def test_an_item_is_late_once_its_touchpoint_is_overdue_and_still_late_once_missed():
    assert states(summary_on(date(2026, 7, 8)))["id"] == ReadinessState.MISSING
    assert states(summary_on(date(2026, 7, 9)))["id"] == ReadinessState.LATE
    after = summary_on(date(2026, 9, 3))
    assert states(after)["bank-account"] == ReadinessState.LATE
    assert "missed" in after.item("bank-account").detail


def test_the_catch_up_rule_means_no_one_is_late_three_days_after_arriving():
    """A case received on 25 November with D in early December: nothing falls due before R + 5 working days."""
    facts = CaseFacts(reception_date=date(2026, 11, 25), discharge_date=date(2026, 12, 16))
    summary = summary_on(date(2026, 11, 28), facts=facts)
    assert summary.late == []
    assert summary.item("id").due_on == date(2026, 12, 2)


def test_records_make_items_in_place_on_their_touchpoints():
    evidence = {
        "id-documents": Evidence(on=date(2026, 6, 1), what="Held"),
        "bank-account": Evidence(on=date(2026, 6, 20)),
    }
    summary = summary_on(date(2026, 7, 1), evidence=evidence)
    assert states(summary)["id"] == ReadinessState.IN_PLACE
    assert states(summary)["bank-account"] == ReadinessState.IN_PLACE
    assert summary.item("id").detail == "Held"


def test_what_the_person_arrived_with_is_in_place_without_a_touchpoint():
    facts = CaseFacts(
        reception_date=RECEPTION, discharge_date=D, has_right_to_work_id=True, has_bank_account=True, has_ni_number=True
    )
    readiness = ReadinessFacts(had_right_to_work_id=True, had_bank_account=True, had_ni_number=True)
    summary = summary_on(RECEPTION, facts=facts, readiness=readiness)
    assert states(summary)["id"] == ReadinessState.IN_PLACE
    assert summary.item("id").touchpoint is None
    assert summary.item("bank-account").detail == "Had a bank account at reception"


def test_work_under_way_is_in_progress_and_says_what():
    summary = summary_on(RECEPTION, readiness=ReadinessFacts(id_applications_pending=2, ni_number_applied=True))
    assert states(summary)["id"] == ReadinessState.IN_PROGRESS
    assert summary.item("id").detail.startswith("2 applications pending")
    assert summary.item("ni-number").state == ReadinessState.IN_PROGRESS


def test_claim_preparation_puts_the_claim_in_progress():
    summary = summary_on(
        date(2026, 7, 1), readiness=ReadinessFacts(claim_preparation_ticked=3, claim_preparation_total=8)
    )
    assert summary.item("uc-claim").state == ReadinessState.IN_PROGRESS
    assert summary.item("uc-claim").detail.startswith("Claim preparation: 3 of 8 ready")


def test_no_fixed_abode_is_not_accommodation_in_place():
    readiness = ReadinessFacts(accommodation=AccommodationStatus.NO_FIXED_ABODE, release_area="NR3")
    assert states(summary_on(RECEPTION, readiness=readiness))["accommodation"] == ReadinessState.IN_PROGRESS
    settled = ReadinessFacts(accommodation=AccommodationStatus.SETTLED, release_area="NR3")
    assert states(summary_on(RECEPTION, readiness=settled))["accommodation"] == ReadinessState.IN_PLACE


def test_an_advance_not_wanted_is_not_needed_and_one_asked_for_is_due_on_the_day():
    not_wanted = summary_on(RECEPTION, readiness=ReadinessFacts(advance_requested=False))
    assert not_wanted.item("advance").state == ReadinessState.NOT_NEEDED
    facts = CaseFacts(reception_date=RECEPTION, discharge_date=D, advance_requested=True)
    wanted = summary_on(date(2026, 8, 28), facts=facts, readiness=ReadinessFacts(advance_requested=True))
    assert (wanted.item("advance").due_on, wanted.item("advance").touchpoint) == (D, "advance-payment")


def test_remand_has_nothing_late_and_says_what_can_start():
    facts = CaseFacts(reception_date=RECEPTION, discharge_date=None, sentenced=False)
    summary = summary_on(date(2026, 6, 1), facts=facts, readiness=ReadinessFacts(sentenced=False))
    assert summary.late == []
    assert summary.critical_path[0].startswith("No discharge date yet (on remand)")


def test_everything_in_place_is_said_in_one_line():
    facts = CaseFacts(
        reception_date=RECEPTION, discharge_date=D, has_right_to_work_id=True, has_bank_account=True, has_ni_number=True
    )
    readiness = ReadinessFacts(
        had_right_to_work_id=True,
        had_bank_account=True,
        had_ni_number=True,
        accommodation=AccommodationStatus.FAMILY_OR_FRIENDS,
        release_area="NR3",
        advance_requested=False,
    )
    evidence = {"uc-claim": Evidence(on=D), "jobcentre-appointment": Evidence(on=date(2026, 8, 1))}
    summary = summary_on(date(2026, 9, 2), facts=facts, readiness=readiness, evidence=evidence)
    assert {item.state for item in summary.items} <= {ReadinessState.IN_PLACE, ReadinessState.NOT_NEEDED}
    assert summary.critical_path == ("Everything for day one is in place or not needed.",)


@settings(max_examples=300, deadline=None)
@given(
    received=st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)),
    stay=st.integers(min_value=0, max_value=700),
    offset=st.integers(min_value=-30, max_value=800),
    arrived=st.tuples(st.booleans(), st.booleans(), st.booleans()),
    done=st.sets(st.sampled_from(sorted(ITEM_TOUCHPOINTS.values()))),
    pending=st.integers(min_value=0, max_value=2),
)
def test_each_items_status_and_date_are_its_touchpoints(received, stay, offset, arrived, done, pending):
    """The readiness summary keeps nothing of its own: for any case and day, an item whose touchpoint applies has
    that touchpoint's due date, and its status in the readiness vocabulary."""
    facts = CaseFacts(
        reception_date=received,
        discharge_date=received + timedelta(days=stay),
        has_right_to_work_id=arrived[0],
        has_bank_account=arrived[1],
        has_ni_number=arrived[2],
    )
    today = received + timedelta(days=offset)
    touchpoints = {
        t.code: t for t in evaluate(facts, as_of=today, evidence={code: Evidence(on=received) for code in done})
    }
    summary = summarise(ReadinessFacts(id_applications_pending=pending), touchpoints.values(), today=today)
    for item in summary.items:
        touchpoint = touchpoints.get(ITEM_TOUCHPOINTS.get(item.key))
        if touchpoint is None:
            assert item.due_on is None and item.state != ReadinessState.LATE
            continue
        assert (item.touchpoint, item.due_on) == (touchpoint.code, touchpoint.due_on)
        if touchpoint.status in STATE_FOR_STATUS:
            assert item.state == STATE_FOR_STATUS[touchpoint.status]
        else:
            assert item.state in (ReadinessState.MISSING, ReadinessState.IN_PROGRESS)


# --- right to work -------------------------------------------------------------------


def test_a_uk_passport_or_an_evisa_share_code_shows_right_to_work_on_its_own():
    assert shows_right_to_work({DocumentType.UK_PASSPORT})
    assert shows_right_to_work({DocumentType.EVISA_SHARE_CODE})


def test_a_birth_or_adoption_certificate_needs_the_ni_number_beside_it():
    assert not shows_right_to_work({DocumentType.BIRTH_CERTIFICATE})
    assert shows_right_to_work({DocumentType.BIRTH_CERTIFICATE, DocumentType.NI_NUMBER_LETTER})
    assert shows_right_to_work({DocumentType.ADOPTION_CERTIFICATE}, ni_number_evidence=True)


def test_a_driving_licence_or_a_biometric_residence_permit_does_not():
    assert not shows_right_to_work({DocumentType.DRIVING_LICENCE})
    assert not shows_right_to_work({DocumentType.BIOMETRIC_RESIDENCE_PERMIT})


def test_right_to_work_is_held_from_the_day_the_last_piece_arrived():
    held = [(DocumentType.BIRTH_CERTIFICATE, date(2026, 5, 1))]
    assert right_to_work_held_on(held) is None
    assert right_to_work_held_on(held, ni_evidence_on=date(2026, 6, 1)) == date(2026, 6, 1)
    held.append((DocumentType.UK_PASSPORT, date(2026, 5, 20)))
    assert right_to_work_held_on(held, ni_evidence_on=date(2026, 6, 1)) == date(2026, 5, 20)
