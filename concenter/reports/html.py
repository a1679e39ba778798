"""HTML of the parts of a dashboard that repeat most: the cells of the child-area table, the SVG
charts and the map, written here in Python because the template language spent most of a
national dashboard's time on them (77 rows × 15 cells, 77 bars, 77 provinces).

Every value that comes from data is escaped (the standard library's `html.escape`, quotes
included: Django's own is a lazy wrapper around it, ten times slower in these loops); the SVG uses presentation attributes
only, never `style=` (the Content-Security-Policy forbids inline styles). Numbers are written
with thousands separators, in Thai digits when the user chose them.
"""

from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

from concenter.common.charts import BarChart, Choropleth, ColumnChart
from concenter.common.thai import to_thai_digits
from concenter.reports.figures import FigureRow

FONT = "Sarabun, 'Noto Sans Thai', sans-serif"
INK = "#1d2330"
AXIS = "#5a6273"


class Numbers:
    """Formats numbers for one reader (Thai digits or not)."""

    def __init__(self, thai_digits: bool = False) -> None:
        self.thai_digits = thai_digits

    def _digits(self, text: str) -> str:
        return to_thai_digits(text) if self.thai_digits else text

    def count(self, value) -> str:
        if value is None:
            return "–"
        return self._digits(f"{value:,}" if isinstance(value, int) else str(value))

    def money(self, value: Decimal) -> str:
        return self._digits(f"{value:,.2f}")

    def percent(self, value: int | None) -> str:
        return "–" if value is None else self._digits(f"{value}%")


def figure_cells(row: FigureRow, numbers: Numbers) -> SafeString:
    """The numeric cells of a row of the child-area table, in the order of its header."""
    values = (
        numbers.count(row.centers),
        numbers.count(row.valid_committee),
        numbers.percent(row.valid_percent),
        numbers.count(row.ending_soon),
        numbers.count(row.seats),
        numbers.count(row.organizations),
        numbers.count(row.members),
        numbers.money(row.funds),
        numbers.count(row.partners),
        numbers.count(row.cooperations),
        numbers.count(row.people),
        numbers.count(row.activities),
        numbers.money(row.spending),
        numbers.count(row.awards),
    )
    return mark_safe("".join(f'<td class="num">{value}</td>' for value in values))  # noqa: S308


def _svg_open(title: str, width: float, height: float, aspect: str = "xMinYMin") -> str:
    label = escape(title)
    return (
        f'<svg role="img" aria-label="{label}" viewBox="0 0 {width:.1f} {height:.1f}" '
        f'width="100%" preserveAspectRatio="{aspect} meet" font-family="{FONT}" font-size="13" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{label}</title>'
    )


def bar_chart(chart: BarChart, numbers: Numbers) -> SafeString:
    """Horizontal bars (stacked when the chart has several series), with a legend."""
    parts = ['<figure class="chart">', _svg_open(chart.title, chart.width, chart.height)]
    parts.append(
        f'<line x1="{chart.axis_x}" y1="0" x2="{chart.axis_x}" y2="{chart.height}" '
        f'stroke="{AXIS}" stroke-width="1"/>'
    )
    for bar in chart.bars:
        label = escape(bar.label)
        parts.append(
            f'<g><text x="{chart.label_width - 6}" y="{bar.text_y:.1f}" text-anchor="end" '
            f'fill="{INK}">{escape(bar.short_label)}</text>'
        )
        for segment in bar.segments:
            if segment.width:
                parts.append(
                    f'<rect x="{segment.x:.1f}" y="{bar.y:.1f}" width="{segment.width:.1f}" '
                    f'height="20" fill="{segment.fill}"><title>{label} · '
                    f"{escape(segment.name)}: {numbers.count(segment.value)}</title></rect>"
                )
        parts.append(
            f'<text x="{bar.value_x:.1f}" y="{bar.text_y:.1f}" fill="{INK}">'
            f"{numbers.count(bar.total)}</text></g>"
        )
    parts.append("</svg>")
    if chart.legend:
        keys = " · ".join(
            '<svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" '
            'focusable="false" xmlns="http://www.w3.org/2000/svg">'
            f'<rect width="12" height="12" fill="{one.fill}"/></svg> {escape(one.name)}'
            for one in chart.series
        )
        parts.append(f"<figcaption>{keys}</figcaption>")
    parts.append("</figure>")
    return mark_safe("".join(parts))  # noqa: S308


def column_chart(chart: ColumnChart, numbers: Numbers) -> SafeString:
    """Vertical columns over fiscal years, the value above each and the year below."""
    parts = ['<figure class="chart">', _svg_open(chart.title, chart.width, chart.height)]
    parts.append(
        f'<line x1="0" y1="{chart.axis_y}" x2="{chart.width}" y2="{chart.axis_y}" '
        f'stroke="{AXIS}" stroke-width="1"/>'
    )
    for column in chart.columns:
        label = escape(column.label)
        value = numbers.count(column.value)
        parts.append("<g>")
        if column.height:
            parts.append(
                f'<rect x="{column.x:.1f}" y="{column.y:.1f}" width="{column.width:.1f}" '
                f'height="{column.height:.1f}" fill="{chart.fill}">'
                f"<title>{label}: {value}</title></rect>"
            )
        parts.append(
            f'<text x="{column.centre:.1f}" y="{column.value_y:.1f}" text-anchor="middle" '
            f'fill="{INK}">{value}</text>'
            f'<text x="{column.centre:.1f}" y="{chart.label_y:.1f}" text-anchor="middle" '
            f'fill="{INK}">{label}</text></g>'
        )
    parts.append(f"</svg><figcaption>{escape(chart.title)}</figcaption></figure>")
    return mark_safe("".join(parts))  # noqa: S308


def province_map(chart: Choropleth, numbers: Numbers, title: str) -> SafeString:
    """The provinces as SVG paths filled by class; each links to its dashboard, its title says
    the name and the value."""
    parts = ['<figure class="map">', _svg_open(title, chart.width, chart.height, "xMidYMin")]
    for region in chart.regions:
        if region.value is None:
            value = "–"
        else:
            value = numbers.percent(region.value) if chart.percent else numbers.count(region.value)
        label = escape(f"{region.name}: {value}")
        path = (
            f'<path d="{escape(region.path)}" fill="{region.fill}" stroke="#ffffff" '
            f'stroke-width="0.6"><title>{label}</title></path>'
        )
        if region.url:
            path = f'<a href="{escape(region.url)}" aria-label="{label}">{path}</a>'
        parts.append(path)
    parts.append("</svg></figure>")
    return mark_safe("".join(parts))  # noqa: S308
