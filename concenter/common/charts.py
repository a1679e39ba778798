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

WIDTH = 480  # drawn at about this width on a phone, so the 13px labels stay legible
LABEL_WIDTH = 170
VALUE_WIDTH = 60
BAR_HEIGHT = 20
GAP = 8
TOP = 4
LABEL_CHARS = 22


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


# Columns over fiscal years (the trend charts) ----------------------------------------------------

COLUMN_WIDTH = 480
COLUMN_HEIGHT = 200
COLUMN_TOP = 22  # room for the value above the tallest column
COLUMN_BOTTOM = 26  # room for the year below the axis
COLUMN_SIDE = 8


@dataclass
class Column:
    label: str
    value: int | None
    x: float
    width: float
    y: float
    height: float
    centre: float
    value_y: float


@dataclass
class ColumnChart:
    title: str
    columns: list[Column]
    fill: str
    width: int = COLUMN_WIDTH
    height: int = COLUMN_HEIGHT
    axis_y: float = COLUMN_HEIGHT - COLUMN_BOTTOM
    label_y: float = COLUMN_HEIGHT - 8

    @property
    def empty(self) -> bool:
        return not any(c.value for c in self.columns)


def column_chart(title: str, items: list[tuple[str, int | None]], fill: str = GREEN) -> ColumnChart:
    """Vertical columns, one per item (label, value); None draws no column (no figure yet)."""
    plot_height = COLUMN_HEIGHT - COLUMN_TOP - COLUMN_BOTTOM
    largest = max((v for _label, v in items if v), default=0) or 1
    slot = (COLUMN_WIDTH - 2 * COLUMN_SIDE) / max(len(items), 1)
    width = min(slot * 0.6, 56)
    axis = COLUMN_HEIGHT - COLUMN_BOTTOM
    columns = []
    for index, (label, value) in enumerate(items):
        centre = COLUMN_SIDE + slot * index + slot / 2
        height = round(plot_height * (value or 0) / largest, 1)
        columns.append(
            Column(
                label=label,
                value=value,
                x=round(centre - width / 2, 1),
                width=round(width, 1),
                y=round(axis - height, 1),
                height=height,
                centre=round(centre, 1),
                value_y=round(axis - height - 6, 1),
            )
        )
    return ColumnChart(title=title, columns=columns, fill=fill)


# A map of the provinces coloured by a figure (a choropleth) ----------------------------------------

# ColorBrewer "Greens", five classes: light to dark, every class distinct in grey scale too.
MAP_CLASSES = ("#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c")
MAP_NO_DATA = "#d5d9e0"


@dataclass
class Region:
    code: str
    name: str
    path: str
    fill: str
    value: float | int | None
    url: str


@dataclass
class LegendEntry:
    fill: str
    low: float | int | None
    high: float | int | None


@dataclass
class Choropleth:
    title: str
    width: float
    height: float
    regions: list[Region]
    legend: list[LegendEntry]
    percent: bool
    source: dict


def _nice_step(largest: float, classes: int) -> int:
    raw = max(largest / classes, 1)
    magnitude = 10 ** int(f"{raw:e}".split("e")[1])
    for factor in (1, 2, 2.5, 5, 10):
        if magnitude * factor >= raw:
            return max(int(magnitude * factor), 1)
    return int(magnitude * 10)  # pragma: no cover


def choropleth(
    title: str,
    values: dict[str, tuple[str, float | int | None, str]],
    *,
    percent: bool = False,
    geometry: dict | None,
) -> Choropleth | None:
    """`values`: {province code: (name, value or None, url)}; `geometry` the provinces' shapes
    (`reports.mapdata.province_map()`; none: no map). Classes are fixed fifths for a
    percentage and equal steps of a round number from zero for counts."""
    if not geometry:
        return None
    classes = len(MAP_CLASSES)
    if percent:
        step: float = 100 / classes
    else:
        largest = max((v for _n, v, _u in values.values() if v is not None), default=0)
        step = _nice_step(largest, classes)
    bounds = [(index * step, (index + 1) * step) for index in range(classes)]

    def fill(value) -> str:
        if value is None:
            return MAP_NO_DATA
        for index, (_low, high) in enumerate(bounds):
            if value < high:
                return MAP_CLASSES[index]
        return MAP_CLASSES[-1]

    regions = []
    for code, shape in geometry["provinces"].items():
        name, value, url = values.get(code, (code, None, ""))
        regions.append(
            Region(code=code, name=name, path=shape["path"], fill=fill(value), value=value, url=url)
        )
    legend = [
        LegendEntry(
            fill=MAP_CLASSES[index],
            low=round(low),
            high=None if index == classes - 1 else round(high) - 1,
        )
        for index, (low, high) in enumerate(bounds)
    ]
    if any(value is None for _n, value, _u in values.values()) or len(values) < len(regions):
        legend.append(LegendEntry(fill=MAP_NO_DATA, low=None, high=None))
    return Choropleth(
        title=title,
        width=geometry["width"],
        height=geometry["height"],
        regions=regions,
        legend=legend,
        percent=percent,
        source=geometry.get("source", {}),
    )
