from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()

_ROUTES = {
    "activity": "activities:activity_detail",
    "plan": "activities:plan_detail",
    "organization": "network:organization_detail",
    "partner": "network:partner_detail",
    "center": "network:center_detail",
}


@register.filter
def record_url(record: dict) -> str:
    """The page of a record behind a figure from the records ("" when it has none)."""
    route = _ROUTES.get(record.get("kind", ""))
    if route is None:
        return ""
    try:
        return reverse(route, args=[record["id"]])
    except (NoReverseMatch, KeyError):
        return ""


@register.filter
def signed(value) -> str:
    """A difference with its sign: +3, −1.50, 0."""
    if value is None or value == "":
        return "–"
    if value > 0:
        return f"+{value}"
    if value < 0:
        return f"−{abs(value)}"
    return "0"
