from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onward.disclosure import Figure, figure
from onward.insights.measures import (
    BY_KEY,
    CATALOGUE,
    EMPLOYMENT_MEASURES,
    Recorded,
    ReleaseFacts,
    counters_for_release,
    rate_text,
    why_suppressed,
)

D = date(2026, 9, 2)
TODAY = date(2026, 11, 20)


def counters(**facts):
    return counters_for_release(ReleaseFacts(discharge_date=D, **facts), today=TODAY)


def test_every_measure_explains_itself_and_counts_known_counters():
    known = set().union(
        *(
            counters(
                has_right_to_work_id=True,
                has_bank_account=True,
                has_ni_number=True,
                records={
                    code: Recorded("done", D - timedelta(weeks=13), {"advance_requested": True})
                    for code in (
                        "pre-release-support",
                        "jobcentre-appointment",
                        "first-jobcentre-attendance",
                        "uc-claim",
                    )
                }
                | {"advance-payment": Recorded("done", D)},
                applies=frozenset({"advance-payment"}),
                handovers=((D, D),),
                employment={"6-weeks": "employed", "6-months": "unknown"},
            ),
        )
    ) | {"overdue", "prisons_claiming_in_custody", "commitment", "known_6m", "employed_6m"}
    for measure in CATALOGUE + EMPLOYMENT_MEASURES:
        assert str(measure.how_computed) and str(measure.title) and str(measure.numerator)
        assert measure.numerator_counter in known
        assert not measure.is_rate or measure.denominator_counter in known
        assert not measure.is_rate or str(measure.denominator)
    assert len(BY_KEY) == len(CATALOGUE) + len(EMPLOYMENT_MEASURES)


def test_the_interview_counts_only_when_done_by_twelve_weeks_before_release():
    on_time = Recorded("done", D - timedelta(weeks=12))
    late = Recorded("done", D - timedelta(weeks=12) + timedelta(days=1))
    assert "pre_release_on_time" in counters(records={"pre-release-support": on_time})
    assert "pre_release_on_time" not in counters(records={"pre-release-support": late})
    declined = Recorded("declined", D - timedelta(weeks=20))
    assert "pre_release_on_time" not in counters(records={"pre-release-support": declined})


def test_remand_and_custody_to_custody_releases_are_not_eligible():
    interview = {"pre-release-support": Recorded("done", D - timedelta(weeks=14))}
    assert "eligible" not in counters(sentenced=False, records=interview)
    assert "pre_release_on_time" not in counters(released_to_community=False, records=interview)
    assert {"releases", "eligible"} <= counters()


def test_appointment_attended_needs_a_booking_before_release():
    attended = {"first-jobcentre-attendance": Recorded("done", D + timedelta(days=2))}
    on_the_day = counters(records={"jobcentre-appointment": Recorded("done", D), **attended})
    assert "appointment_booked" not in on_the_day and "appointment_attended" not in on_the_day
    before = counters(records={"jobcentre-appointment": Recorded("done", D - timedelta(days=1)), **attended})
    assert {"appointment_booked", "appointment_attended"} <= before


def test_advances_count_on_the_day_only_when_asked_for():
    """The advance touchpoint applies (has a plan) only when the claim asked for one."""
    claim = Recorded("done", D - timedelta(days=3))
    asked = frozenset({"advance-payment"})
    on_the_day = counters(records={"uc-claim": claim, "advance-payment": Recorded("done", D)}, applies=asked)
    assert "advance_on_the_day" in on_the_day
    late = counters(
        records={"uc-claim": claim, "advance-payment": Recorded("done", D + timedelta(days=1))}, applies=asked
    )
    assert "advance_requested" in late and "advance_on_the_day" not in late
    assert "advance_requested" in counters(records={"uc-claim": claim}, applies=asked)
    not_asked = counters(records={"uc-claim": Recorded("done", D)})
    assert "advance_requested" not in not_asked
    assert "uc_claim_by_release" in not_asked


def test_id_bank_and_ni_at_release_are_what_the_person_arrived_with_or_had_by_the_day():
    by_the_day = Recorded("done", D)
    after = Recorded("done", D + timedelta(days=1))
    assert "with_id" in counters(has_right_to_work_id=True)
    assert "with_id" in counters(records={"id-documents": by_the_day})
    assert "with_id" not in counters(records={"id-documents": after})
    assert "with_bank" in counters(records={"bank-account": by_the_day})
    assert "with_ni" in counters(records={"ni-number": by_the_day})
    assert not {"with_id", "with_bank", "with_ni"} & counters()
    assert "uc_claim_by_release" not in counters(records={"uc-claim": Recorded("done", D + timedelta(days=1))})


def test_a_handover_is_on_time_when_any_one_was_accepted_by_its_deadline():
    assert {"handed_over", "handover_on_time"} <= counters(handovers=((D, None), (D, D)))
    late = counters(handovers=((D, D + timedelta(days=1)),))
    assert "handed_over" in late and "handover_on_time" not in late


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        ("employed", {"checked_6w", "known_6w", "employed_6w"}),
        ("self_employed", {"checked_6w", "known_6w", "employed_6w"}),
        ("training_or_education", {"checked_6w", "known_6w"}),
        ("not_employed", {"checked_6w", "known_6w"}),
        ("unknown", {"checked_6w"}),
    ],
)
def test_employment_counts_unknowns_both_ways(outcome, expected):
    got = {name for name in counters(employment={"6-weeks": outcome}) if name.endswith("_6w")}
    assert got == expected


@pytest.mark.parametrize(
    ("numerator", "denominator", "text"),
    [
        (Figure(45), Figure(100), "45%"),
        (Figure(0, disclosive=False), Figure(0, disclosive=False), "none to count"),
        (Figure(0), Figure(0), "fewer than 5"),
        (Figure(0), Figure(50), "fewer than 5 of 50"),
        # Rounded apart, the count can come out above the people it is out of: the rate stops at 100%.
        (Figure(60), Figure(50), "100%"),
    ],
)
def test_rate_text_is_worked_out_from_rounded_counts(numerator, denominator, text):
    assert rate_text(numerator, denominator) == text


def test_why_suppressed_explains_rounding():
    assert "1 to 4" in why_suppressed(figure(2))
    assert "subtraction" in why_suppressed(figure(2))
    assert why_suppressed(figure(40)) == ""


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=10**6))
def test_a_rate_is_a_whole_percentage_or_says_why_not(numerator, extra):
    text = rate_text(figure(numerator), figure(numerator + extra))
    assert text.endswith("%") or text == "fewer than 5" or text.startswith("fewer than 5 of ")
    if text.endswith("%"):
        assert 0 <= int(text[:-1]) <= 100
