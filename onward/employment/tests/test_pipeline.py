from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from onward.employment.constants import FINAL_APPLICATION_STATUSES, ApplicationStatus, CheckPoint, EmploymentOutcome
from onward.employment.pipeline import (
    NEXT_STATUSES,
    check_date_problem,
    check_opens_on,
    checks_due,
    job_lasted,
    transition_problem,
)

S = ApplicationStatus


def test_every_status_has_a_rule_and_final_statuses_lead_nowhere():
    assert set(NEXT_STATUSES) == set(S)
    for status in FINAL_APPLICATION_STATUSES:
        assert NEXT_STATUSES[status] == ()


def test_the_way_to_a_job_offer():
    assert transition_problem(S.APPLICATION_MADE, S.SELECTED_FOR_INTERVIEW) is None
    assert transition_problem(S.SELECTED_FOR_INTERVIEW, S.INTERVIEW_BOOKED) is None
    assert transition_problem(S.INTERVIEW_BOOKED, S.JOB_OFFER) is None


def test_going_backwards_or_after_the_end_is_explained():
    assert "cannot become application made" in transition_problem(S.INTERVIEW_BOOKED, S.APPLICATION_MADE)
    assert "has ended" in transition_problem(S.JOB_OFFER, S.INTERVIEW_BOOKED)
    assert transition_problem(S.APPLICATION_MADE, "HIRED") == "Choose a status from the list"


@given(st.sampled_from(S.values), st.sampled_from(S.values))
def test_no_status_leads_back_to_itself_or_to_the_start(current, new):
    if new in (current, S.APPLICATION_MADE):
        assert transition_problem(current, new) is not None


def test_checks_open_six_weeks_and_six_months_after_release():
    left = date(2026, 9, 2)
    assert check_opens_on(left, CheckPoint.SIX_WEEKS) == date(2026, 10, 14)  # touchpoints.md's worked example
    assert check_opens_on(left, CheckPoint.SIX_MONTHS) == date(2027, 3, 2)
    assert checks_due(discharge_date=left, recorded={}, today=date(2026, 10, 13)) == []
    assert checks_due(discharge_date=left, recorded={}, today=date(2026, 10, 14)) == [CheckPoint.SIX_WEEKS]
    assert checks_due(discharge_date=left, recorded={CheckPoint.SIX_WEEKS: "employed"}, today=date(2027, 3, 2)) == [
        CheckPoint.SIX_MONTHS
    ]


def test_a_check_cannot_be_dated_before_it_opens_or_in_the_future():
    left = date(2026, 9, 2)
    too_soon = check_date_problem(
        discharge_date=left, check=CheckPoint.SIX_WEEKS, recorded_on=date(2026, 10, 1), today=date(2026, 11, 1)
    )
    assert "from 14 October 2026" in too_soon
    future = check_date_problem(
        discharge_date=left, check=CheckPoint.SIX_WEEKS, recorded_on=date(2026, 11, 2), today=date(2026, 11, 1)
    )
    assert "today or in the past" in future
    assert "no discharge date" in check_date_problem(
        discharge_date=None, check=CheckPoint.SIX_WEEKS, recorded_on=date(2026, 11, 1), today=date(2026, 11, 1)
    )


def test_a_job_lasted_when_the_person_is_in_work_at_six_months():
    assert job_lasted({CheckPoint.SIX_WEEKS: EmploymentOutcome.EMPLOYED}) is None
    assert job_lasted({CheckPoint.SIX_MONTHS: EmploymentOutcome.SELF_EMPLOYED}) is True
    assert job_lasted({CheckPoint.SIX_MONTHS: EmploymentOutcome.NOT_EMPLOYED}) is False
