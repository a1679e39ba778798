"""Dashboards, network health and report downloads: the nation (national administrators) and
each province, district and subdistrict in the user's read scope. Out of scope, unknown or
village codes answer 404; a fiscal year that is not a year from 2540 to 2600 gets a clear
message (400) instead of figures."""

import pickle
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from concenter.common import charts, clock
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.common.templatetags import fragments
from concenter.geography.models import Area, Level
from concenter.network.models import CenterLevel
from concenter.network.rollups import NATIONAL
from concenter.reports import documents, figures, health, selectors, work
from concenter.reports import render as rendering
from concenter.reports.mapdata import province_map


def _columns() -> list[tuple[str, str]]:
    return [
        ("code", _("Code")),
        ("centers", _("Centers")),
        ("valid_committee", _("With a valid committee")),
        ("valid_share", _("Share with a valid committee")),
        ("ending_soon", _("Ending within 90 days")),
        ("seats", _("Seats filled")),
        ("organizations", _("Organizations")),
        ("members", _("Members")),
        ("funds", _("Funds (baht)")),
        ("partners", _("Partners")),
        ("cooperations", _("Cooperations")),
        ("people", _("People")),
        ("activities", _("Activities")),
        ("spending", _("Spending (baht)")),
        ("awards", _("Awards won")),
    ]


# Figures a map may be coloured by: key → (label, value of a row, a percentage?).
def _map_figures() -> dict:
    return {
        "valid_share": (_("Share with a valid committee"), lambda r: r.valid_percent, True),
        "centers": (_("Centers"), lambda r: r.centers, False),
        "organizations": (_("Organizations"), lambda r: r.organizations, False),
        "members": (_("Members of organizations"), lambda r: r.members, False),
        "people": (_("People"), lambda r: r.people, False),
        "partners": (_("Partners"), lambda r: r.partners, False),
        "activities": (_("Activities"), lambda r: r.activities, False),
        "awards": (_("Awards won"), lambda r: r.awards, False),
    }


def _query(**params) -> str:
    return "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


def _headers(column: str, descending: bool, *, fiscal_year: str) -> list[dict]:
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
                "url": _query(sort=next_sort, fy=fiscal_year),
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
    with_centers = [row for row in dashboard.rows if row.active_centers]
    if with_centers:
        # Areas without an active center are left out of the chart (the table lists them all).
        committees = charts.bar_chart(
            _("Active centers with and without a valid committee"),
            [
                (row.name, [row.valid_committee, row.without_valid_committee])
                for row in with_centers
            ],
            series=[
                charts.Series(name=_("With a valid committee"), fill=charts.GREEN),
                charts.Series(name=_("Without a valid committee"), fill=charts.AMBER),
            ],
        )
    missions = charts.bar_chart(
        _("Activities by mission, fiscal year %(year)s") % {"year": dashboard.fiscal_year},
        [(b.label, [b.value]) for b in dashboard.missions],
        series=[charts.Series(name=_("Activities"), fill=charts.BLUE)],
    )
    years = [str(point.year) for point in dashboard.trend]
    trend = [
        charts.column_chart(
            _("Activities by fiscal year"),
            list(zip(years, [p.activities for p in dashboard.trend], strict=True)),
            fill=charts.BLUE,
        ),
        charts.column_chart(
            _("Spending by fiscal year (baht)"),
            list(zip(years, [round(p.spending) for p in dashboard.trend], strict=True)),
            fill=charts.AMBER,
        ),
        charts.column_chart(
            _("Valid committees at the end of each fiscal year"),
            list(zip(years, [p.committees for p in dashboard.trend], strict=True)),
            fill=charts.GREEN,
        ),
    ]
    people = charts.bar_chart(
        _("People by profession"), [(b.label, [b.value]) for b in dashboard.people_by_profession]
    )
    return {
        "organizations_chart": organizations,
        "committees_chart": committees,
        "missions_chart": missions,
        "trend_charts": trend,
        "people_chart": people,
    }


def _map_figure(request: HttpRequest, dashboard: selectors.Dashboard) -> str:
    """The figure the map is coloured by ("" when the page has no map)."""
    if not dashboard.is_national or not dashboard.rows:
        return ""
    chosen = request.GET.get("map", "")
    return chosen if chosen in _map_figures() else "valid_share"


def _map(dashboard: selectors.Dashboard, chosen: str) -> dict:
    """The choropleth of the provinces (the national dashboard only: no boundary data of
    districts can be had under a licence that allows it, see docs/reports.md)."""
    if not chosen:
        return {}
    choices = _map_figures()
    label, value_of, percent = choices[chosen]
    values = {row.code: (row.name, value_of(row), row.url) for row in dashboard.rows}
    return {
        "map": charts.choropleth(label, values, percent=percent, geometry=province_map()),
        "map_figure": chosen,
        "map_choices": [(key, choice[0]) for key, choice in choices.items()],
    }


def _fiscal_year(request: HttpRequest, today) -> tuple[int, str, str]:
    """(the fiscal year, the value as typed, an error message or "")."""
    typed = (request.GET.get("fy") or "").strip()[:20]
    current = figures.current_fiscal_year(today)
    try:
        return figures.parse_fiscal_year(typed, default=current), typed, ""
    except ValidationError as error:
        return current, typed, error.message_dict["fiscal_year"][0]


def _render(request: HttpRequest, area: Area | None) -> HttpResponse:
    today = clock.today()
    fiscal_year, typed_year, year_error = _fiscal_year(request, today)
    dashboard = selectors.dashboard_for(area, on=today, fiscal_year=fiscal_year)
    column, descending = selectors.parse_sort(request.GET.get("sort"))
    dashboard.rows = selectors.sort_rows(dashboard.rows, column, descending)
    map_figure = _map_figure(request, dashboard)
    thai_digits = bool(getattr(request.user, "thai_digits", False))

    def body() -> str:
        child_heading = {
            Level.PROVINCE: _("Provinces"),
            Level.DISTRICT: _("Districts"),
            Level.SUBDISTRICT: _("Subdistricts"),
        }.get(dashboard.child_level, "")
        year_param = "" if year_error else str(fiscal_year)
        code = area.code if area is not None else ""
        context = {
            "dashboard": dashboard,
            "area": area,
            "title": dashboard.title,
            "headers": _headers(column, descending, fiscal_year=year_param),
            "child_heading": child_heading,
            "fiscal_year_typed": typed_year if year_error else str(fiscal_year),
            "fiscal_year_error": year_error,
            "fiscal_year_min": figures.FISCAL_YEAR_MIN,
            "fiscal_year_max": figures.FISCAL_YEAR_MAX,
            "ending_soon_days": figures.ENDING_SOON_DAYS,
            "health_url": _health_url(code),
            "reports": _report_links(code, fiscal_year),
            **_charts(dashboard),
            **_map(dashboard, map_figure),
        }
        return render_to_string("reports/_dashboard.html", context, request)

    if year_error:
        content = body()
    else:
        # Everything the body shows is in the key: the figures (with the day and the fiscal
        # year), the sort, the map's figure and the reader's digits (the language and the code
        # are added by fragment_key). The dashboard is plain data (dataclasses, numbers, the
        # area): pickled whole, in C, it is keyed in a third of the time of a walk.
        figures_pickled = pickle.dumps(dashboard, protocol=pickle.HIGHEST_PROTOCOL)
        key = fragments.fragment_key(
            "dashboard", figures_pickled, column, descending, map_figure, thai_digits
        )
        content = fragments.cached_fragment(key, body)
    context = {
        "title": dashboard.title,
        "trail": selectors.breadcrumb_trail(request.user, area),
        "content": content,
    }
    return render(request, "reports/dashboard.html", context, status=400 if year_error else 200)


def _health_url(code: str) -> str:
    if code:
        return reverse("reports:area_health", args=[code])
    return reverse("reports:national_health")


def _report_links(code: str, fiscal_year: int) -> list[dict]:
    links = []
    for name in documents.REPORT_NAMES:
        files = []
        for file_format in documents.FORMATS:
            if code:
                url = reverse("reports:area_report", args=[code, name, file_format])
            else:
                url = reverse("reports:national_report", args=[name, file_format])
            if name == "summary":
                url += _query(fy=fiscal_year)
            files.append({"format": file_format.upper(), "url": url})
        links.append({"name": name, "title": documents.REPORT_TITLES[name], "files": files})
    return links


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


# Network health -----------------------------------------------------------------------------------


def _health(request: HttpRequest, area: Area | None) -> HttpResponse:
    """The health page; an htmx request (the dashboard loading its health section) gets the
    summary and the weakest few as a partial."""
    today = clock.today()
    code = area.code if area is not None else NATIONAL
    level = request.GET.get("level", "")
    if level not in CenterLevel.values:
        level = ""
    partial = bool(request.htmx)
    limit = health.WEAKEST_ON_DASHBOARD if partial else health.SHOWN_ON_PAGE
    summary = health.area_health(code, on=today, limit=limit, level=level)
    context = {
        "area": area,
        "title": area.display_name if area is not None else _("Thailand"),
        "trail": selectors.breadcrumb_trail(request.user, area),
        "dashboard_url": selectors.area_url(code),
        "health_url": _health_url(area.code if area is not None else ""),
        "summary": summary,
        "criteria": health.criteria(),
        "level": level,
        "levels": [(value, label) for value, label in CenterLevel.choices],
        "partial": partial,
        "good_from": health.GOOD_FROM,
        "fair_from": health.FAIR_FROM,
    }
    template = "reports/_health.html" if partial else "reports/health.html"
    return render(request, template, context)


@login_required
@require_GET
def national_health(request: HttpRequest) -> HttpResponse:
    selectors.national_or_404(request.user)
    return _health(request, None)


@login_required
@require_GET
def area_health(request: HttpRequest, code: str) -> HttpResponse:
    area = selectors.dashboard_area(request.user, code)
    return _health(request, area)


# Reports ------------------------------------------------------------------------------------------


def _report(request: HttpRequest, area: Area | None, name: str, file_format: str) -> HttpResponse:
    if name not in documents.REPORT_NAMES or file_format not in documents.FORMATS:
        raise NotFoundOrOutOfScope()
    today = clock.today()
    fiscal_year, typed, error = _fiscal_year(request, today)
    if error:
        return render(
            request,
            "reports/report_error.html",
            {
                "message": error,
                "typed": typed,
                "back": selectors.area_url(area.code if area else NATIONAL),
            },
            status=400,
        )
    document = documents.build_report(name, area, on=today, fiscal_year=fiscal_year)
    if file_format == "pdf":
        content = rendering.document_pdf(
            document, thai_digits=bool(getattr(request.user, "thai_digits", False))
        )
        media_type = "application/pdf"
    else:
        content = rendering.document_xlsx(document)
        media_type = rendering.XLSX_MEDIA_TYPE
    response = HttpResponse(content, content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{document.file_stem}.{file_format}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def national_report(request: HttpRequest, name: str, file_format: str) -> HttpResponse:
    selectors.national_or_404(request.user)
    return _report(request, None, name, file_format)


@login_required
@require_GET
def area_report(request: HttpRequest, code: str, name: str, file_format: str) -> HttpResponse:
    area = selectors.dashboard_area(request.user, code)
    return _report(request, area, name, file_format)


# My work --------------------------------------------------------------------------------------


@login_required
@require_GET
def my_work(request: HttpRequest) -> HttpResponse:
    """Where every signed-in user lands: the work of each of their roles (ADR 0016)."""
    return render(request, "reports/my_work.html", {"work": work.my_work(user=request.user)})
