"""Template filters of the awards pages."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def plain(value) -> str:
    """A Decimal without trailing zeros and never in exponent form: 10.0 → "10", 7.50 → "7.5"."""
    if value is None or value == "":
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)
