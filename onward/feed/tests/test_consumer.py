"""How the consumer orders and overlaps work: lanes per person, merges alone, one call per prisoner at a time."""

from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onward.cases.models import Case
from onward.feed import consumer, fake_hmpps
from onward.feed.tests.conftest import TODAY, at, days
from onward.feed.tests.factories import document

NUMBERS = ["A1111AA", "B2222BB", "C3333CC", "D4444DD", "E5555EE"]


def message(pk, number, other=""):
    return SimpleNamespace(pk=pk, prison_number=number, other_prison_number=other)


messages_strategy = st.lists(
    st.tuples(st.sampled_from(NUMBERS), st.booleans(), st.sampled_from(NUMBERS)), max_size=60
).map(
    lambda rows: [
        message(pk, number, other if merge and other != number else "")
        for pk, (number, merge, other) in enumerate(rows, start=1)
    ]
)


@given(messages_strategy, st.integers(min_value=1, max_value=6))
def test_every_message_is_planned_once_and_a_person_never_overtakes_themselves(messages, lanes):
    segments = consumer.plan_lanes(messages, lanes)
    planned = [m for segment in segments for lane in segment for m in lane]
    assert sorted(m.pk for m in planned) == [m.pk for m in messages]
    order = {}
    for position, segment in enumerate(segments):
        for lane in segment:
            assert [m.pk for m in lane] == sorted(m.pk for m in lane)
            for m in lane:
                for number in (m.prison_number, m.other_prison_number):
                    if number:
                        # Every earlier message of this person sits in an earlier segment or earlier in this lane.
                        assert order.get(number, (0, 0)) <= (position, m.pk)
                        order[number] = (position, m.pk)
        people_in_lanes = [{m.prison_number for m in lane} for lane in segment]
        for i, first in enumerate(people_in_lanes):
            for second in people_in_lanes[i + 1 :]:
                assert not first & second


@given(messages_strategy)
def test_a_merge_runs_alone(messages):
    for segment in consumer.plan_lanes(messages, 4):
        merges = [m for lane in segment for m in lane if m.other_prison_number]
        if merges:
            assert segment == [[merges[0]]]


@pytest.mark.django_db
def test_prisoner_search_calls_overlap_but_never_two_at_once_for_one_prisoner(fake, ingest):
    fake.latency = 0.02
    events = []
    for n in range(12):
        number = f"A{n:04d}BC"
        fake.put(document(number))
        events.append(fake_hmpps.received(number, prison="NWI", occurred_at=at(TODAY - days(1), 8, n)))
        events.append(fake_hmpps.sentence_dates_changed(number, occurred_at=at(TODAY, 9, n)))
        events.append(fake_hmpps.release_dates_calculated(number, occurred_at=at(TODAY, 10, n)))
    ingest(*events)
    assert Case.objects.count() == 12
    assert fake.requests["prisoner"] == 36
    assert fake.most_in_flight > 1
    assert fake.most_in_flight_for_one_prisoner == 1
