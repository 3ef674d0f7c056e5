"""Horizontal bar charts laid out in Python and drawn by a hand-written SVG template.

Every bar prints its figure as text beside it and a highlighted bar is marked in
words and weight, not only in colour, so a chart reads in greyscale and in print.
The same figures always go in a table beside the chart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WIDTH = 560
LABEL_WIDTH = 170
VALUE_SPACE = 110  # room right of the longest bar for its figure
BAR_HEIGHT = 20
GAP = 8
TOP = 8


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: no data
    display: str
    highlight: bool
    y: int
    width: float

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT * 0.75

    @property
    def value_x(self) -> float:
        return LABEL_WIDTH + self.width + 6


@dataclass(frozen=True)
class BarChart:
    chart_id: str
    title: str
    description: str
    bars: list[Bar] = field(default_factory=list)

    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        return TOP * 2 + len(self.bars) * (BAR_HEIGHT + GAP)

    @property
    def label_x(self) -> int:
        return LABEL_WIDTH - 8

    @property
    def axis_bottom(self) -> int:
        return self.height - TOP


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    rows: list[tuple[str, float | None, str, bool]],
    max_value: float | None = None,
) -> BarChart:
    """Lay out (label, value, figure as printed, highlighted) rows, longest bar = max_value."""
    values = [value for _label, value, _display, _highlight in rows if value is not None]
    top = max_value if max_value is not None else max(values, default=0)
    span = WIDTH - LABEL_WIDTH - VALUE_SPACE
    bars = []
    for index, (label, value, display, highlight) in enumerate(rows):
        width = 0.0 if not value or not top else round(span * max(value, 0) / top, 1)
        bars.append(
            Bar(
                label=label,
                value=value,
                display=display,
                highlight=highlight,
                y=TOP + index * (BAR_HEIGHT + GAP),
                width=width,
            )
        )
    return BarChart(chart_id=chart_id, title=title, description=description, bars=bars)


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None
