"""Horizontal bar charts drawn on the server, as inline SVG (no JavaScript).

A chart is geometry only; `reports/_bar_chart.html` draws it with SVG presentation attributes
(fill=, x=, width= …), never `style=`, because the Content-Security-Policy forbids inline
styles. Every chart is shown beside a table of the same numbers for screen readers.
"""

from dataclasses import dataclass, field

# Colours with enough contrast on white (the brand green, the accent amber, a neutral grey).
GREEN = "#17663a"
AMBER = "#a35a00"
BLUE = "#0a4fa3"
INK = "#1d2330"
GREY = "#5a6273"

WIDTH = 640
LABEL_WIDTH = 200
VALUE_WIDTH = 70
BAR_HEIGHT = 20
GAP = 8
TOP = 4
LABEL_CHARS = 30


@dataclass
class Segment:
    x: float
    width: float
    fill: str
    value: int
    name: str = ""


@dataclass
class Bar:
    label: str
    short_label: str
    y: float
    text_y: float
    segments: list[Segment]
    total: int
    value_x: float


@dataclass
class Series:
    name: str
    fill: str


@dataclass
class BarChart:
    title: str
    bars: list[Bar]
    series: list[Series] = field(default_factory=list)
    width: int = WIDTH
    height: int = 0
    label_width: int = LABEL_WIDTH
    plot_width: int = WIDTH - LABEL_WIDTH - VALUE_WIDTH

    @property
    def legend(self) -> bool:
        return len(self.series) > 1

    @property
    def axis_x(self) -> int:
        return self.label_width


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def bar_chart(
    title: str, items: list[tuple[str, list[int]]], series: list[Series] | None = None
) -> BarChart:
    """`items`: (label, values per series). One series gives plain bars; more give stacked bars
    in the order of `series`."""
    series = series or [Series(name=title, fill=GREEN)]
    plot_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    largest = max((sum(values) for _label, values in items), default=0) or 1
    bars = []
    for index, (label, values) in enumerate(items):
        y = TOP + index * (BAR_HEIGHT + GAP)
        x = float(LABEL_WIDTH)
        segments = []
        for value, one in zip(values, series, strict=False):
            width = round(plot_width * value / largest, 1)
            segments.append(Segment(x=x, width=width, fill=one.fill, value=value, name=one.name))
            x += width
        bars.append(
            Bar(
                label=label,
                short_label=_short(label),
                y=y,
                text_y=y + BAR_HEIGHT * 0.72,
                segments=segments,
                total=sum(values),
                value_x=x + 6,
            )
        )
    height = TOP * 2 + len(items) * (BAR_HEIGHT + GAP)
    return BarChart(title=title, bars=bars, series=series, height=height, plot_width=plot_width)
