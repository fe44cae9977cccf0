"""The readiness summary on the touchpoints.md worked example: D is Wednesday 2 September 2026."""

from datetime import date

from onward.readiness.constants import AccommodationStatus, DocumentType, ReadinessState
from onward.readiness.summary import (
    ReadinessFacts,
    bank_due_on,
    id_due_on,
    shows_right_to_work,
    summarise,
)

D = date(2026, 9, 2)
RECEPTION = date(2026, 3, 2)


def states(summary):
    return {item.key: item.state for item in summary.items}


def test_bank_is_due_with_id_and_banking_and_id_four_weeks_before():
    assert bank_due_on(D) == date(2026, 6, 10)
    assert id_due_on(D) == date(2026, 5, 13)
    assert bank_due_on(None) is None and id_due_on(None) is None


def test_nothing_in_place_at_reception_is_missing_not_late():
    summary = summarise(ReadinessFacts(discharge_date=D), today=RECEPTION)
    assert set(states(summary).values()) == {ReadinessState.MISSING}
    assert summary.late == [] and summary.in_place == []


def test_critical_path_says_bank_needs_id_first_with_the_id_date():
    summary = summarise(ReadinessFacts(discharge_date=D), today=RECEPTION)
    assert summary.critical_path[0] == "Bank account needs ID first: ID due by Wednesday 13 May 2026"
    assert "National Insurance number due by Wednesday 10 June 2026" in summary.critical_path


def test_id_is_late_after_its_date_and_bank_after_id_and_banking_is_due():
    facts = ReadinessFacts(discharge_date=D)
    assert states(summarise(facts, today=date(2026, 5, 13)))["id"] == ReadinessState.MISSING
    between = summarise(facts, today=date(2026, 5, 14))
    assert states(between)["id"] == ReadinessState.LATE
    assert states(between)["bank"] == ReadinessState.MISSING
    after = summarise(facts, today=date(2026, 6, 11))
    assert states(after)["bank"] == ReadinessState.LATE
    assert states(after)["ni"] == ReadinessState.LATE
    assert after.critical_path[0] == ("Bank account needs ID first: ID was due by Wednesday 13 May 2026 and is late")


def test_with_id_held_the_bank_account_is_next():
    summary = summarise(ReadinessFacts(discharge_date=D, has_right_to_work_id=True), today=RECEPTION)
    assert states(summary)["id"] == ReadinessState.IN_PLACE
    assert summary.critical_path[0] == "Bank account due by Wednesday 10 June 2026"


def test_everything_in_place_is_said_in_one_line():
    facts = ReadinessFacts(
        discharge_date=D,
        has_right_to_work_id=True,
        has_bank_account=True,
        has_ni_number=True,
        accommodation=AccommodationStatus.FAMILY_OR_FRIENDS,
        release_area="NR3",
    )
    summary = summarise(facts, today=date(2026, 8, 1))
    assert set(states(summary).values()) == {ReadinessState.IN_PLACE}
    assert summary.critical_path == ("ID, bank account, National Insurance number and accommodation are in place.",)


def test_no_fixed_abode_is_not_accommodation_in_place():
    facts = ReadinessFacts(discharge_date=D, accommodation=AccommodationStatus.NO_FIXED_ABODE, release_area="NR3")
    assert states(summarise(facts, today=RECEPTION))["accommodation"] == ReadinessState.MISSING


def test_pending_applications_show_in_the_detail():
    summary = summarise(ReadinessFacts(discharge_date=D, id_applications_pending=2), today=RECEPTION)
    assert summary.items[0].detail == "2 applications pending; due by Wednesday 13 May 2026"


def test_remand_has_no_discharge_date_so_nothing_is_late():
    summary = summarise(ReadinessFacts(discharge_date=None), today=date(2030, 1, 1))
    assert summary.late == []
    assert summary.critical_path[0].startswith("No discharge date yet (on remand)")


def test_right_to_work_from_a_permit_alone_or_a_certificate_with_ni_evidence():
    assert shows_right_to_work({DocumentType.BIOMETRIC_RESIDENCE_PERMIT})
    assert not shows_right_to_work({DocumentType.BIRTH_CERTIFICATE})
    assert shows_right_to_work({DocumentType.BIRTH_CERTIFICATE, DocumentType.NI_NUMBER_LETTER})
    assert shows_right_to_work({DocumentType.ADOPTION_CERTIFICATE}, ni_number_evidence=True)
    assert not shows_right_to_work({DocumentType.DRIVING_LICENCE})
    assert not shows_right_to_work({DocumentType.DRIVING_LICENCE, DocumentType.NI_NUMBER_LETTER})
    assert not shows_right_to_work(set(), ni_number_evidence=True)
