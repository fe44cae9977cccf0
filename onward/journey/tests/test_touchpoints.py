"""The catalogue (touchpoints.md) as pure functions: worked example, versions, local timings, catch-up."""

from datetime import date, timedelta

import holidays
import pytest
from dateutil.relativedelta import relativedelta
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from onward.journey.constants import TouchpointStatus
from onward.journey.touchpoints import (
    AGREEMENTS,
    NATIONAL_AGREEMENT_2023,
    Agreement,
    CaseFacts,
    Evidence,
    Recorded,
    When,
    d,
    evaluate,
    with_rule,
)

WORKED_EXAMPLE = CaseFacts(
    reception_date=date(2026, 3, 2),
    discharge_date=date(2026, 9, 2),
    claiming_benefits=True,
    uc_housing_costs=True,
    employed_at_reception=True,
    has_right_to_work_id=True,
    has_bank_account=False,
    has_ni_number=True,
)


def plan(facts=WORKED_EXAMPLE, as_of=date(2026, 3, 3), **kwargs):
    return {t.code: t for t in evaluate(facts, as_of=as_of, **kwargs)}


def test_worked_example_uc_housing_costs_applies_at_exactly_six_months_due_monday_9_march():
    assert plan()["uc-housing-costs"].due_on == date(2026, 3, 9)


def test_worked_example_employer_liaison_and_assessment_due_monday_16_march():
    touchpoints = plan()
    assert touchpoints["employer-liaison"].due_on == date(2026, 3, 16)
    assert touchpoints["employment-assessment"].due_on == date(2026, 3, 16)


def test_worked_example_bank_account_opens_on_the_day_of_reception_and_is_due_wednesday_22_july():
    """touchpoints.md worked example: D - 6 months is Monday 2 March 2026, the day of reception."""
    touchpoint = plan()["bank-account"]
    assert (touchpoint.opens_on, touchpoint.due_on) == (date(2026, 3, 2), date(2026, 7, 22))
    assert touchpoint.owner_role == "id_banking_admin"


def test_id_documents_and_ni_number_follow_the_programmes_windows():
    touchpoints = plan(
        CaseFacts(reception_date=date(2026, 3, 2), discharge_date=date(2026, 9, 2)), as_of=date(2026, 3, 3)
    )
    assert (touchpoints["id-documents"].opens_on, touchpoints["id-documents"].due_on) == (
        date(2026, 6, 10),
        date(2026, 7, 8),
    )
    assert (touchpoints["ni-number"].opens_on, touchpoints["ni-number"].due_on) == (
        date(2026, 6, 10),
        date(2026, 7, 22),
    )
    assert touchpoints["ni-number"].owner_role == "prison_work_coach"


def test_what_the_person_arrived_with_decides_what_applies():
    """ID, a bank account or an NI number held at reception needs nothing; one missing at reception does."""
    arrived_with_all = plan(
        CaseFacts(
            reception_date=date(2026, 3, 2),
            discharge_date=date(2026, 9, 2),
            has_right_to_work_id=True,
            has_bank_account=True,
            has_ni_number=True,
        )
    )
    assert not {"bank-account", "id-documents", "ni-number"} & set(arrived_with_all)
    assert {"bank-account", "id-documents", "ni-number"} <= set(
        plan(CaseFacts(reception_date=date(2026, 3, 2), discharge_date=date(2026, 9, 2)))
    )


def test_worked_example_pre_release_support_opens_27_may_due_10_june():
    touchpoint = plan()["pre-release-support"]
    assert (touchpoint.opens_on, touchpoint.due_on) == (date(2026, 5, 27), date(2026, 6, 10))


def test_worked_example_six_week_check_opens_wednesday_14_october():
    assert plan()["employment-check-6-weeks"].opens_on == date(2026, 10, 14)


def test_housing_costs_do_not_apply_beyond_six_months():
    touchpoints = plan(
        CaseFacts(reception_date=date(2026, 3, 2), discharge_date=date(2026, 9, 3), uc_housing_costs=True)
    )
    assert "uc-housing-costs" not in touchpoints


def test_rules_that_do_not_apply_are_not_listed():
    touchpoints = plan(
        CaseFacts(
            reception_date=date(2026, 3, 2),
            discharge_date=date(2026, 9, 2),
            has_right_to_work_id=True,
            has_bank_account=True,
            has_ni_number=True,
        )
    )
    assert not {
        "benefit-claim-closure",
        "employer-liaison",
        "bank-account",
        "id-documents",
        "ni-number",
        "advance-payment",
        "first-jobcentre-attendance",
    } & set(touchpoints)
    assert {"employment-assessment", "pre-release-support", "warm-handover"} <= set(touchpoints)


def test_remand_has_only_reception_touchpoints_housing_costs_among_them():
    touchpoints = plan(
        CaseFacts(
            reception_date=date(2026, 3, 2),
            discharge_date=None,
            sentenced=False,
            claiming_benefits=True,
            uc_housing_costs=True,
        )
    )
    assert set(touchpoints) == {"benefit-claim-closure", "uc-housing-costs", "employment-assessment"}
    assert touchpoints["uc-housing-costs"].due_on == date(2026, 3, 9)


def test_not_released_to_the_community_skips_release_work():
    touchpoints = plan(
        CaseFacts(reception_date=date(2026, 3, 2), discharge_date=date(2026, 9, 2), released_to_community=False)
    )
    assert not {
        "pre-release-support",
        "jobcentre-appointment",
        "uc-claim",
        "warm-handover",
        "employment-check-6-weeks",
    } & set(touchpoints)
    assert "release-plan-shared" in touchpoints


def test_status_follows_the_date():
    assert plan(as_of=date(2026, 5, 26))["pre-release-support"].status == TouchpointStatus.UPCOMING
    assert plan(as_of=date(2026, 5, 27))["pre-release-support"].status == TouchpointStatus.OPEN
    assert plan(as_of=date(2026, 6, 10))["pre-release-support"].status == TouchpointStatus.OPEN
    assert plan(as_of=date(2026, 6, 11))["pre-release-support"].status == TouchpointStatus.OVERDUE


@pytest.mark.parametrize("outcome", ["done", "not-applicable", "declined"])
def test_a_record_sets_the_status_whatever_the_date(outcome):
    touchpoint = plan(
        as_of=date(2026, 7, 1), recorded={"pre-release-support": Recorded(outcome=outcome, on=date(2026, 6, 1))}
    )["pre-release-support"]
    assert touchpoint.status == outcome


def test_short_sentence_catch_up_nothing_due_within_five_working_days_of_reception_nor_after_discharge():
    facts = CaseFacts(reception_date=date(2026, 3, 2), discharge_date=date(2026, 3, 20))
    touchpoints = plan(facts)
    pre_release = touchpoints["pre-release-support"]
    assert pre_release.opens_on == date(2026, 3, 2)
    assert pre_release.due_on == date(2026, 3, 9)  # R + 5 wd, not 12 weeks before a date already past
    assert touchpoints["jobcentre-appointment"].due_on <= date(2026, 3, 20)
    for touchpoint in touchpoints.values():
        assert touchpoint.opens_on >= facts.reception_date
        assert touchpoint.opens_on <= touchpoint.due_on


def test_uc_claim_falls_due_earlier_where_the_prison_starts_claims_in_custody():
    assert plan()["uc-claim"].due_on == date(2026, 9, 2)
    facts = CaseFacts(
        reception_date=date(2026, 3, 2), discharge_date=date(2026, 9, 2), starts_uc_claims_in_custody=True
    )
    # D - 5 wd, skipping the summer bank holiday on Monday 31 August 2026.
    assert plan(facts)["uc-claim"].due_on == date(2026, 8, 25)


def test_advance_and_first_attendance_follow_what_was_recorded():
    facts = CaseFacts(
        reception_date=date(2026, 3, 2),
        discharge_date=date(2026, 9, 2),
        advance_requested=True,
        appointment_date=date(2026, 9, 4),
    )
    touchpoints = plan(facts)
    assert touchpoints["advance-payment"].due_on == date(2026, 9, 2)
    assert touchpoints["first-jobcentre-attendance"].due_on == date(2026, 9, 4)
    assert touchpoints["first-jobcentre-attendance"].owner_role == "jobcentre_work_coach"


def test_warm_handover_is_accepted_by_two_working_days_after_discharge():
    assert plan()["warm-handover"].accept_by == date(2026, 9, 4)


def test_a_local_agreement_can_change_a_timing_the_national_agreement_leaves_open():
    local = {("release-plan-shared", "due"): When("D", weeks=-13)}
    touchpoint = plan(local=local)["release-plan-shared"]
    assert touchpoint.due_on == date(2026, 6, 3)
    assert touchpoint.local_timing
    assert "local agreement" in touchpoint.why


def test_a_local_agreement_cannot_change_a_timing_the_agreement_fixes():
    local = {("pre-release-support", "due"): When("D", weeks=-4)}
    assert plan(local=local)["pre-release-support"].due_on == date(2026, 6, 10)


def test_why_gives_the_rule_the_dates_and_the_agreement_words():
    why = plan()["pre-release-support"].why
    assert "prison work coach" in why
    assert "D - 14 weeks" in why and "D - 12 weeks" in why
    assert "Wednesday 2 September 2026" in why
    assert "12 weeks before release, offer a range of support" in why
    assert "National Partnership Agreement 2023 to 2026" in why


SUCCESSOR = Agreement(
    code="npa-2027",
    title="National Partnership Agreement 2027 (test successor)",
    starts=date(2027, 1, 1),
    ends=None,
    rules=with_rule(NATIONAL_AGREEMENT_2023, "employment-check-6-weeks", due=d(weeks=10)).rules,
)


def test_a_successor_changes_a_rule_for_touchpoints_due_after_it_starts():
    facts = CaseFacts(reception_date=date(2026, 6, 1), discharge_date=date(2026, 12, 2))
    before = plan(facts, as_of=date(2026, 12, 1), agreements=(NATIONAL_AGREEMENT_2023, SUCCESSOR))
    after = plan(facts, as_of=date(2027, 1, 5), agreements=(NATIONAL_AGREEMENT_2023, SUCCESSOR))
    assert before["employment-check-6-weeks"].due_on == date(2027, 1, 27)  # D + 8 weeks under 2023-2026
    assert after["employment-check-6-weeks"].due_on == date(2027, 2, 10)  # D + 10 weeks under the successor
    assert after["employment-check-6-weeks"].agreement.code == "npa-2027"


def test_a_successor_does_not_change_what_was_due_before_it_started():
    facts = CaseFacts(reception_date=date(2026, 3, 2), discharge_date=date(2026, 9, 2))
    touchpoint = plan(facts, as_of=date(2027, 1, 5), agreements=(NATIONAL_AGREEMENT_2023, SUCCESSOR))[
        "employment-check-6-weeks"
    ]
    assert touchpoint.due_on == date(2026, 10, 28)
    assert touchpoint.agreement.code == "npa-2023"


def test_with_no_successor_the_agreement_rolls_over():
    assert AGREEMENTS[-1].ends == date(2026, 12, 31)
    facts = CaseFacts(reception_date=date(2027, 2, 1), discharge_date=date(2027, 8, 4))
    assert plan(facts, as_of=date(2027, 2, 2))["pre-release-support"].agreement.code == "npa-2023"


@settings(max_examples=300, deadline=None)
@given(
    reception=st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
    stay=st.integers(min_value=0, max_value=3000),
    as_of_offset=st.integers(min_value=-100, max_value=4000),
)
def test_catch_up_invariants_hold_for_any_dates(reception, stay, as_of_offset):
    facts = CaseFacts(
        reception_date=reception,
        discharge_date=reception + timedelta(days=stay),
        claiming_benefits=True,
        employed_at_reception=True,
        uc_housing_costs=True,
    )
    for touchpoint in evaluate(facts, as_of=reception + timedelta(days=as_of_offset)):
        assert touchpoint.opens_on >= reception
        assert touchpoint.opens_on <= touchpoint.due_on
        if touchpoint.stage != "community":
            assert touchpoint.due_on <= facts.discharge_date or touchpoint.due_on <= reception + timedelta(days=9)


# --- records behind touchpoints, and missed work --------------------------------


def test_the_record_behind_a_touchpoint_makes_it_done_on_the_records_day():
    touchpoint = plan(as_of=date(2026, 7, 1), evidence={"bank-account": Evidence(on=date(2026, 5, 4), what="x")})[
        "bank-account"
    ]
    assert (touchpoint.status, touchpoint.recorded.on) == (TouchpointStatus.DONE, date(2026, 5, 4))


def test_a_workers_done_tick_does_not_make_a_record_backed_touchpoint_done():
    """One fact, one home: "done" comes from the bank application, never from a tick in a second place."""
    touchpoint = plan(as_of=date(2026, 7, 1), recorded={"bank-account": Recorded(outcome="done", on=date(2026, 6, 1))})[
        "bank-account"
    ]
    assert touchpoint.status == TouchpointStatus.OPEN and touchpoint.recorded is None


def test_a_record_wins_over_a_workers_not_applicable():
    touchpoint = plan(
        as_of=date(2026, 7, 1),
        recorded={"bank-account": Recorded(outcome="not-applicable", on=date(2026, 4, 1))},
        evidence={"bank-account": Evidence(on=date(2026, 5, 4))},
    )["bank-account"]
    assert touchpoint.status == TouchpointStatus.DONE


def test_custody_work_not_done_once_the_person_has_left_is_missed_and_community_work_is_overdue():
    touchpoints = plan(as_of=date(2026, 9, 3))
    assert touchpoints["pre-release-support"].status == TouchpointStatus.MISSED
    assert touchpoints["warm-handover"].status == TouchpointStatus.MISSED
    on_the_day = plan(as_of=date(2026, 9, 2))
    assert on_the_day["pre-release-support"].status == TouchpointStatus.OVERDUE
    assert on_the_day["warm-handover"].status == TouchpointStatus.OPEN
    late = plan(as_of=date(2026, 11, 1))
    assert late["employment-check-6-weeks"].status == TouchpointStatus.OVERDUE


@settings(max_examples=300, deadline=None)
@given(
    received=st.dates(min_value=date(2023, 1, 2), max_value=date(2027, 12, 31)),
    stay=st.integers(min_value=0, max_value=900),
    offset=st.integers(min_value=-400, max_value=900),
)
def test_missed_only_after_the_person_left_and_only_before_the_community_stage(received, stay, offset):
    facts = CaseFacts(reception_date=received, discharge_date=received + timedelta(days=stay))
    as_of = received + timedelta(days=offset)
    for touchpoint in evaluate(facts, as_of=as_of):
        missed = touchpoint.status == TouchpointStatus.MISSED
        assert missed == (touchpoint.stage != "community" and as_of > facts.discharge_date)
        assert not (missed and touchpoint.is_work_to_do)


def test_why_names_the_record_the_source_and_what_missed_means():
    why = plan()["bank-account"].why
    assert "a bank application recorded as account opened" in why
    assert "Prisoner Banking Programme" in why
    assert "missed" in why


# --- remembered timings and titles are the rules' own ----------------------
#
# When.on remembers the day each timing gives from each anchor day, and each
# rule's title is translated once per language: both must answer exactly as
# working them out afresh does.


def uncached_on(when, facts):
    base = {"R": facts.reception_date, "D": facts.discharge_date, "appointment": facts.appointment_date}[when.anchor]
    if base is None:
        return None
    day = base + relativedelta(months=when.months) + timedelta(weeks=when.weeks)
    step = 1 if when.working_days >= 0 else -1
    remaining = abs(when.working_days)
    while remaining:
        day += timedelta(days=step)
        if day.weekday() < 5 and day not in BANK_HOLIDAYS:
            remaining -= 1
    return day


BANK_HOLIDAYS = holidays.country_holidays("GB", subdiv="ENG", observed=True)
ALL_RULES = [rule for agreement in AGREEMENTS for rule in agreement.rules]
TIMINGS = [
    when
    for rule in ALL_RULES
    for when in (rule.opens, rule.due, rule.due_in_custody_claims, rule.accept_by)
    if when is not None
]
some_days = st.dates(min_value=date(2000, 1, 1), max_value=date(2190, 12, 31))


@settings(max_examples=1000, deadline=None)
@given(
    when=st.one_of(
        st.sampled_from(TIMINGS),
        st.builds(
            When,
            anchor=st.sampled_from(["R", "D", "appointment"]),
            months=st.integers(-12, 12),
            weeks=st.integers(-20, 20),
            working_days=st.integers(-15, 15),
        ),
    ),
    reception=some_days,
    discharge=st.one_of(st.none(), some_days),
    appointment=st.one_of(st.none(), some_days),
)
def test_remembered_timing_equals_working_it_out_afresh(when, reception, discharge, appointment):
    facts = CaseFacts(reception_date=reception, discharge_date=discharge, appointment_date=appointment)
    assert when.on(facts) == uncached_on(when, facts)
    assert when.on(facts) == uncached_on(when, facts)


@pytest.mark.parametrize("language", ["en", "en-gb", "cy"])
def test_touchpoint_titles_are_the_rules_titles_in_the_active_language(language):
    with translation.override(language):
        titles = {t.code: t.title for t in evaluate(WORKED_EXAMPLE, as_of=date(2026, 3, 3))}
        assert titles == {code: str(NATIONAL_AGREEMENT_2023.rule(code).title) for code in titles}
    assert titles


def test_a_successor_rules_new_title_is_its_own_not_the_remembered_one():
    renamed = with_rule(NATIONAL_AGREEMENT_2023, "employment-assessment", title="Work assessment")
    before = plan()["employment-assessment"].title
    assert plan(agreements=(renamed,))["employment-assessment"].title == "Work assessment"
    assert plan()["employment-assessment"].title == before
