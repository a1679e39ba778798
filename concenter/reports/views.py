"""Dashboards: the nation (national administrators) and each province, district and subdistrict
in the user's read scope. Out of scope, unknown or village codes answer 404."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from concenter.common.errors import NotFoundOrOutOfScope
from concenter.geography.models import Area, Level
from concenter.reports import charts, health, selectors


def _columns() -> list[tuple[str, str]]:
    return [
        ("code", _("Code")),
        ("centers", _("Centers")),
        ("valid_committee", _("With a valid committee")),
        ("valid_share", _("Share with a valid committee")),
        ("seats", _("Seats filled")),
        ("organizations", _("Organizations")),
        ("members", _("Members")),
        ("funds", _("Funds (baht)")),
        ("partners", _("Partners")),
        ("cooperations", _("Cooperations")),
        ("people", _("People")),
    ]


def _headers(column: str, descending: bool) -> list[dict]:
    headers = []
    for key, label in [("name", _("Area")), *_columns()]:
        current = key == column
        numeric = key not in ("name", "code")
        # A first click sorts numbers largest first and names A → Z; a second click reverses.
        first = f"-{key}" if numeric else key
        next_sort = (key if descending else f"-{key}") if current else first
        headers.append(
            {
                "key": key,
                "label": label,
                "numeric": numeric,
                "url": f"?sort={next_sort}",
                "aria_sort": ("descending" if descending else "ascending") if current else "",
            }
        )
    return headers


def _charts(dashboard: selectors.Dashboard) -> dict:
    organizations = charts.bar_chart(
        _("Organizations by type"),
        [(b.label, [b.value]) for b in dashboard.organizations_by_type if b.value],
    )
    committees = None
    if dashboard.rows:
        committees = charts.bar_chart(
            _("Active centers with and without a valid committee"),
            [
                (row.name, [row.valid_committee, row.without_valid_committee])
                for row in dashboard.rows
            ],
            series=[
                charts.Series(name=_("With a valid committee"), fill=charts.GREEN),
                charts.Series(name=_("Without a valid committee"), fill=charts.AMBER),
            ],
        )
    return {"organizations_chart": organizations, "committees_chart": committees}


def _render(request: HttpRequest, area: Area | None) -> HttpResponse:
    today = timezone.localdate()
    dashboard = selectors.dashboard_for(area, on=today)
    column, descending = selectors.parse_sort(request.GET.get("sort"))
    dashboard.rows = selectors.sort_rows(dashboard.rows, column, descending)
    child_heading = {
        Level.PROVINCE: _("Provinces"),
        Level.DISTRICT: _("Districts"),
        Level.SUBDISTRICT: _("Subdistricts"),
    }.get(dashboard.child_level, "")
    return render(
        request,
        "reports/dashboard.html",
        {
            "dashboard": dashboard,
            "area": area,
            "title": area.display_name if area is not None else _("Thailand"),
            "trail": selectors.breadcrumb_trail(request.user, area),
            "headers": _headers(column, descending),
            "child_heading": child_heading,
            "health": health.area_health(dashboard.code, on=today),
            "points": {
                "committee": health.POINTS_COMMITTEE,
                "seats": health.POINTS_SEATS,
                "members": health.POINTS_MEMBERS,
                "cooperation": health.POINTS_COOPERATION,
            },
            **_charts(dashboard),
        },
    )


@login_required
@require_GET
def national_dashboard(request: HttpRequest) -> HttpResponse:
    if selectors.can_read_national(request.user):
        return _render(request, None)
    code = selectors.first_dashboard_code(request.user)
    if code is None:
        raise NotFoundOrOutOfScope()
    return redirect("reports:area", code=code)


@login_required
@require_GET
def area_dashboard(request: HttpRequest, code: str) -> HttpResponse:
    area = selectors.dashboard_area(request.user, code)
    return _render(request, area)
