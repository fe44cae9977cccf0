"""Horizontal bar charts drawn on the server as inline SVG: geometry as pure functions.

The page's CSP forbids inline styles, so the template uses SVG presentation
attributes only. Charts are a picture of the data table beside them, which is
the source of truth, so the SVG is hidden from assistive technology.
"""

from dataclasses import dataclass

LABEL_WIDTH = 380
PLOT_WIDTH = 360
VALUE_GAP = 8
VALUE_WIDTH = 110
BAR_HEIGHT = 22
ROW_HEIGHT = 32
TOP = 4


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    x: int
    y: int
    width: int
    height: int
    label_y: int
    value_x: int


@dataclass(frozen=True)
class Chart:
    bars: tuple
    width: int
    height: int
    label_width: int
    plot_width: int


def bar_chart(items, *, maximum=1.0):
    """Bars for (label, value, text) items; a value of None (not shown) draws no bar but keeps its row and text."""
    bars = []
    for index, (label, value, text) in enumerate(items):
        share = 0.0 if value is None or maximum <= 0 else max(0.0, min(1.0, value / maximum))
        width = round(share * PLOT_WIDTH)
        y = TOP + index * ROW_HEIGHT
        bars.append(
            Bar(
                label=str(label),
                text=str(text),
                x=LABEL_WIDTH,
                y=y,
                width=width,
                height=BAR_HEIGHT,
                label_y=y + BAR_HEIGHT - 6,
                value_x=LABEL_WIDTH + width + VALUE_GAP,
            )
        )
    return Chart(
        bars=tuple(bars),
        width=LABEL_WIDTH + PLOT_WIDTH + VALUE_GAP + VALUE_WIDTH,
        height=TOP * 2 + max(1, len(bars)) * ROW_HEIGHT,
        label_width=LABEL_WIDTH - VALUE_GAP,
        plot_width=PLOT_WIDTH,
    )
