"""{% load dashboards %}: the repeated parts of a dashboard, rendered in Python (reports.html)."""

from django import template

from concenter.reports import html

register = template.Library()


def _numbers(context) -> html.Numbers:
    user = context.get("user")
    return html.Numbers(thai_digits=bool(getattr(user, "thai_digits", False)))


@register.simple_tag(takes_context=True)
def figure_cells(context, row):
    return html.figure_cells(row, _numbers(context))


@register.simple_tag(takes_context=True)
def bar_chart(context, chart):
    return html.bar_chart(chart, _numbers(context))


@register.simple_tag(takes_context=True)
def column_chart(context, chart):
    return html.column_chart(chart, _numbers(context))


@register.simple_tag(takes_context=True)
def province_map(context, chart, title):
    return html.province_map(chart, _numbers(context), title)
