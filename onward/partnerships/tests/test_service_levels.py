import pytest
from hypothesis import given
from hypothesis import strategies as st

from onward.journey.touchpoints import When
from onward.partnerships.service_levels import describe_timing, open_timings, parse_timing, timing_is_open


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("D - 10 wd", When("D", working_days=-10)),
        ("R + 15 wd", When("R", working_days=15)),
        ("d-16 weeks", When("D", weeks=-16)),
        ("D + 6 months 2 weeks", When("D", months=6, weeks=2)),
        ("D", When("D")),
        ("R + 3 working days", When("R", working_days=3)),
    ],
)
def test_timings_are_written_as_the_catalogue_describes_them(text, expected):
    assert parse_timing(text) == expected


@pytest.mark.parametrize(
    "text", ["", "X + 2 wd", "D - ten wd", "D - 2 fortnights", "D + 2 wd; drop table", "D - 9999 wd", "D -"]
)
def test_nonsense_is_refused_in_plain_words(text):
    with pytest.raises(ValueError, match=r"timing"):
        parse_timing(text)


@given(
    anchor=st.sampled_from("RD"),
    sign=st.sampled_from([1, -1]),
    months=st.integers(0, 24),
    weeks=st.integers(0, 104),
    working_days=st.integers(0, 260),
)
def test_describe_then_parse_gives_the_same_timing(anchor, sign, months, weeks, working_days):
    when = When(anchor, months=sign * months, weeks=sign * weeks, working_days=sign * working_days)
    assert parse_timing(describe_timing(anchor, when.months, when.weeks, when.working_days)) == when


def test_timings_the_agreement_fixes_are_not_open():
    assert not timing_is_open("pre-release-support", "due")
    assert not timing_is_open("jobcentre-appointment", "opens")
    assert not timing_is_open("advance-payment", "due")
    # The booked appointment is the person's, not the agreement's.
    assert not timing_is_open("first-jobcentre-attendance", "due")
    assert timing_is_open("release-plan-shared", "due")
    assert timing_is_open("warm-handover", "opens")
    assert all(not t.national.fixed for t in open_timings())
