from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from onward.insights.periods import Quarter
from onward.journey.calendar import add_working_days
from onward.partnerships.constants import ActionStatus
from onward.partnerships.scheduling import NOTICE_WORKING_DAYS, action_overdue, missed_quarters, next_meeting

TODAY = date(2026, 11, 22)


def test_this_quarter_is_suggested_when_it_has_no_meeting():
    suggestion = next_meeting(today=TODAY, quarters_met=set())
    assert suggestion.quarter == Quarter(2026, 4)
    assert suggestion.on >= add_working_days(TODAY, NOTICE_WORKING_DAYS)
    assert suggestion.on.weekday() < 5
    assert "October to December 2026 has no meeting yet" in suggestion.why


def test_the_next_quarter_once_this_one_has_a_meeting():
    suggestion = next_meeting(today=TODAY, quarters_met={Quarter(2026, 4)})
    assert suggestion.quarter == Quarter(2027, 1)
    assert suggestion.on == date(2027, 2, 15)


def test_too_late_in_a_quarter_to_give_notice_moves_to_the_next():
    suggestion = next_meeting(today=date(2026, 12, 28), quarters_met=set())
    assert suggestion.quarter == Quarter(2027, 1)


@given(today=st.dates(date(2023, 1, 1), date(2030, 12, 31)), met=st.sets(st.integers(0, 3), max_size=3))
def test_a_suggestion_is_a_weekday_with_notice_in_a_quarter_without_a_meeting(today, met):
    quarters_met = set()
    quarter = Quarter.containing(today)
    for offset in range(4):
        if offset in met:
            quarters_met.add(quarter)
        quarter = quarter.next()
    suggestion = next_meeting(today=today, quarters_met=quarters_met)
    assert suggestion.quarter not in quarters_met
    assert suggestion.quarter.start <= suggestion.on <= suggestion.quarter.end
    assert suggestion.on >= add_working_days(today, NOTICE_WORKING_DAYS)
    assert suggestion.on.weekday() < 5


def test_missed_quarters_are_whole_quarters_before_this_one_without_a_held_meeting():
    held = {Quarter(2026, 1), Quarter(2026, 3)}
    assert missed_quarters(since=date(2025, 11, 1), today=TODAY, quarters_held=held) == [
        Quarter(2025, 4),
        Quarter(2026, 2),
    ]
    assert missed_quarters(since=None, today=TODAY, quarters_held=set()) == []


def test_overdue_actions_are_open_and_past_due():
    assert action_overdue(status=ActionStatus.OPEN, due_on=date(2026, 11, 21), today=TODAY)
    assert not action_overdue(status=ActionStatus.OPEN, due_on=TODAY, today=TODAY)
    assert not action_overdue(status=ActionStatus.DONE, due_on=date(2026, 1, 1), today=TODAY)
