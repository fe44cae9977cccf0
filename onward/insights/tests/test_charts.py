from hypothesis import given
from hypothesis import strategies as st

from onward.insights.charts import LABEL_WIDTH, PLOT_WIDTH, bar_chart


def test_bars_are_as_long_as_their_share_and_hidden_values_draw_none():
    chart = bar_chart([("Half", 0.5, "50%"), ("Hidden", None, "not shown"), ("All", 1.0, "100%")])
    assert [bar.width for bar in chart.bars] == [PLOT_WIDTH // 2, 0, PLOT_WIDTH]
    assert chart.bars[1].text == "not shown"
    assert chart.bars[0].y < chart.bars[1].y < chart.bars[2].y
    assert chart.height > chart.bars[2].y + chart.bars[2].height


def test_an_empty_chart_still_has_a_size():
    assert bar_chart([]).height > 0


@given(st.lists(st.one_of(st.none(), st.floats(min_value=-5, max_value=5, allow_nan=False)), max_size=20))
def test_bars_never_leave_the_plot(values):
    chart = bar_chart([(str(i), value, "") for i, value in enumerate(values)])
    for bar in chart.bars:
        assert bar.x == LABEL_WIDTH
        assert 0 <= bar.width <= PLOT_WIDTH
        assert bar.value_x <= chart.width
