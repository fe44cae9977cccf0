import pytest
from hypothesis import given
from hypothesis import strategies as st

from onward.insights.disclosure import figure


@pytest.mark.parametrize(
    ("count", "shown"), [(0, "0"), (1, "fewer than 5"), (4, "fewer than 5"), (5, "5"), (1234, "1,234")]
)
def test_small_counts_are_suppressed_and_zero_is_not(count, shown):
    assert str(figure(count)) == shown


@given(st.integers(min_value=0, max_value=10**7))
def test_a_shown_figure_is_never_between_one_and_four(count):
    value = figure(count).shown
    assert value is None or value == 0 or value >= 5
