"""What a dashboard shows, read from the roll-up figures (`concenter.reports.figures`).

Scope is checked here, so every caller (page, download, command) gets the same answer: out of
scope, unknown, or not a dashboard level → 404. `dashboard_for` assembles everything a dashboard
shows with a fixed number of small queries (the area's figures, its children's figures in one
grouped query, the keyed figures, the committee trend, the names of types and professions, the
awards won), so its cost does not grow with the number of people or organisations.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cache

from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from concenter.accounts.scope import Access, can, user_scope
from concenter.activities.models import MISSION_ORDER, Mission
from concenter.activities.rollups import ALL as ALL_MISSIONS
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.geography.models import Area, Level
from concenter.geography.selectors import area_ancestors, area_child_list, area_get
from concenter.network.models import (
    CenterLevel,
    CenterStatus,
    CooperationKind,
    OrganizationType,
    PartnerKind,
)
from concenter.network.rollups import NATIONAL
from concenter.reports import figures, winners
from concenter.reports.figures import (
    ENDING_SOON_DAYS,
    NUMBER_FIELDS,
    FigureRow,
    rows_difference,
    rows_sum,
)

DASHBOARD_LEVELS = (Level.PROVINCE, Level.DISTRICT, Level.SUBDISTRICT)

__all__ = [
    "ENDING_SOON_DAYS",
    "NUMBER_FIELDS",
    "Dashboard",
    "FigureRow",
    "dashboard_area",
    "dashboard_for",
]


# Access ---------------------------------------------------------------------------------------


def dashboard_area(user, code: str) -> Area:
    """The province, district or subdistrict `code`, if `user` may read it; 404 otherwise."""
    area = area_get(code=code or "")
    if area.level not in DASHBOARD_LEVELS or not can(user, Access.READ, area.code):
        raise NotFoundOrOutOfScope()
    return area


def can_read_national(user) -> bool:
    return can(user, Access.READ, NATIONAL)


def national_or_404(user) -> None:
    if not can_read_national(user):
        raise NotFoundOrOutOfScope()


def first_dashboard_code(user) -> str | None:
    """The first province, district or subdistrict in the user's read scope (None: none)."""
    scope = user_scope(user, Access.READ)
    for code in sorted(scope.prefixes, key=lambda c: (len(c), c)):
        if len(code) in (2, 4, 6):
            return code
    return None


def area_url(code: str) -> str:
    if code == NATIONAL:
        return reverse("reports:national")
    return _area_url_pattern(get_script_prefix()).replace(_CODE_SLOT, code)


_CODE_SLOT = "AREA-CODE"


@cache
def _area_url_pattern(script_prefix: str) -> str:
    # Reversed once per prefix: a national table asks for 77 links, a province's for hundreds.
    return reverse("reports:area", args=[_CODE_SLOT])


# Sorting the child-area table -----------------------------------------------------------------


def _share_key(row: FigureRow) -> float:
    share = row.valid_share
    return -1.0 if share is None else share


SORT_COLUMNS = {
    "name": lambda r: (r.sort_key, r.code),
    "code": lambda r: r.code,
    "centers": lambda r: r.centers,
    "valid_committee": lambda r: r.valid_committee,
    "valid_share": _share_key,
    "ending_soon": lambda r: r.ending_soon,
    "seats": lambda r: r.seats,
    "organizations": lambda r: r.organizations,
    "members": lambda r: r.members,
    "funds": lambda r: r.funds_satang,
    "partners": lambda r: r.partners,
    "cooperations": lambda r: r.cooperations,
    "people": lambda r: r.people,
    "activities": lambda r: r.activities,
    "spending": lambda r: r.spending_satang,
    "awards": lambda r: r.awards,
}


def parse_sort(value: str | None) -> tuple[str, bool]:
    """(column, descending) from ?sort=; unknown columns fall back to the name, ascending."""
    value = (value or "")[:40]
    descending = value.startswith("-")
    column = value.lstrip("-")
    if column not in SORT_COLUMNS:
        return "name", False
    return column, descending


def sort_rows(rows: list[FigureRow], column: str, descending: bool) -> list[FigureRow]:
    key = SORT_COLUMNS[column]
    result = sorted(rows, key=lambda r: (r.sort_key, r.code))  # a stable tie order
    return sorted(result, key=key, reverse=descending)


# The whole dashboard --------------------------------------------------------------------------


@dataclass
class Breakdown:
    label: str
    value: int
    extra: dict = field(default_factory=dict)


@dataclass
class TrendPoint:
    """One fiscal year of the trend charts."""

    year: int
    activities: int
    spending_satang: int
    committees: int | None  # valid committees at the year's end (None: the year has not begun)

    @property
    def spending(self) -> Decimal:
        return Decimal(self.spending_satang) / 100


@dataclass
class Dashboard:
    code: str
    area: Area | None  # None: the nation
    on: date
    fiscal_year: int
    ending_until: date
    head: FigureRow
    rows: list[FigureRow]
    own: FigureRow
    children_total: FigureRow
    child_level: str
    raw: dict[str, dict[str, int]]
    centers_table: list[dict]
    organizations_by_type: list[Breakdown]
    partners_by_kind: list[Breakdown]
    cooperations_by_kind: list[Breakdown]
    people_by_profession: list[Breakdown]
    local_roles: list[Breakdown]
    missions: list[Breakdown]  # activities (value) and spending (extra) of the fiscal year
    trend: list[TrendPoint]
    programmes: list[winners.ProgrammeWinners]

    @property
    def is_national(self) -> bool:
        return self.area is None

    @property
    def title(self) -> str:
        return self.area.display_name if self.area is not None else _("Thailand")

    @property
    def is_empty(self) -> bool:
        return self.head.is_empty and not self.raw


def _thai() -> bool:
    return (get_language() or "th").startswith("th")


def _named(name_th: str, name_en: str) -> str:
    return name_th if _thai() or not name_en else name_en


def _centers_table(raw: dict) -> list[dict]:
    rows = []
    for level in (CenterLevel.PROVINCE, CenterLevel.DISTRICT, CenterLevel.SUBDISTRICT):
        counts = [figures.centers_by(raw, level=level, status=s) for s in CenterStatus.values]
        if any(counts):
            rows.append({"label": str(level.label), "counts": counts, "total": sum(counts)})
    return rows


def _organizations(raw: dict) -> list[Breakdown]:
    counts = figures.organizations_by_type(raw)
    members = raw.get("members", {})
    funds = raw.get("funds_satang", {})
    codes = set(counts) | set(members) | set(funds)
    if not codes:
        return []
    # (name_th, name_en, position) by code: plain rows, no model objects to build
    types = {
        code: (name_th, name_en, position)
        for code, name_th, name_en, position in OrganizationType.objects.filter(
            code__in=codes
        ).values_list("code", "name_th", "name_en", "position")
    }
    result = []
    for code in sorted(codes, key=lambda c: (types[c][2] if c in types else 999, c)):
        name_th, name_en, _position = types.get(code, (code, "", 999))
        result.append(
            Breakdown(
                label=name_th,
                value=counts.get(code, 0),
                extra={
                    "code": code,
                    "name_en": name_en,
                    "members": members.get(code, 0),
                    "funds": Decimal(funds.get(code, 0)) / 100,
                },
            )
        )
    return result


def _by_choice(raw: dict, metric: str, choices, amounts: str = "") -> list[Breakdown]:
    values = raw.get(metric, {})
    money = raw.get(amounts, {}) if amounts else {}
    labels = dict(choices.choices)
    ordered = [c for c in choices.values if c in values] + sorted(
        c for c in values if c not in labels
    )
    result = []
    for code in ordered:
        extra = {"amount": Decimal(money.get(code, 0)) / 100} if amounts else {}
        result.append(Breakdown(label=str(labels.get(code, code)), value=values[code], extra=extra))
    return result


def _people(raw: dict) -> list[Breakdown]:
    from concenter.people.models import Profession

    values = raw.get("people", {})
    if not values:
        return []
    # (name_th, name_en, position) by code: plain rows, no model objects to build
    professions = {
        code: (name_th, name_en, position)
        for code, name_th, name_en, position in Profession.objects.filter(
            code__in=[c for c in values if c]
        ).values_list("code", "name_th", "name_en", "position")
    }
    ordered = sorted(
        values, key=lambda c: (not c, professions[c][2] if c in professions else 999, c)
    )
    result = []
    for code in ordered:
        profession = professions.get(code)
        if not code:
            label = _("Profession not stated")
        elif profession is None:
            label = code
        else:
            label = _named(profession[0], profession[1])
        result.append(Breakdown(label=label, value=values[code]))
    return result


def _local_roles(raw: dict) -> list[Breakdown]:
    from concenter.people.models import LocalRole

    return _by_choice(raw, "local_roles", LocalRole)


def _missions(raw: dict, fiscal_year: int) -> list[Breakdown]:
    """Activities and spending of the fiscal year by mission (an activity that serves several
    missions counts under each), in the order of the regulation; missions without activity
    are listed too, with zeros, so a gap shows."""
    counts = figures.activities_by_year_and_mission(raw, "activities").get(fiscal_year, {})
    spent = figures.activities_by_year_and_mission(raw, "spending_satang").get(fiscal_year, {})
    if not counts:
        return []
    labels = dict(Mission.choices)
    codes = sorted(
        (set(Mission.values) | set(counts)) - {ALL_MISSIONS},
        key=lambda m: (MISSION_ORDER.get(m, 99), m),
    )
    return [
        Breakdown(
            label=str(labels.get(code, code)),
            value=counts.get(code, 0),
            extra={"code": code, "spending": Decimal(spent.get(code, 0)) / 100},
        )
        for code in codes
    ]


def _trend(code: str, raw: dict, *, fiscal_year: int, on: date) -> list[TrendPoint]:
    years = figures.trend_years(fiscal_year)
    activities = figures.activities_by_year_and_mission(raw, "activities")
    spending = figures.activities_by_year_and_mission(raw, "spending_satang")
    started = [y for y in years if figures.fiscal_year_first_day(y) <= on]
    days = [figures.reference_day(y, today=on) for y in started]
    committees = dict(zip(started, figures.committees_valid_on(code, days), strict=True))
    return [
        TrendPoint(
            year=year,
            activities=activities.get(year, {}).get(ALL_MISSIONS, 0),
            spending_satang=spending.get(year, {}).get(ALL_MISSIONS, 0),
            committees=committees.get(year),
        )
        for year in years
    ]


def _children(area: Area | None) -> tuple[list[Area], str]:
    if area is not None and area.level not in (Level.PROVINCE, Level.DISTRICT):
        return [], ""
    fields = ("code", "level", "province_code", "name_th", "name_en", "sort_key")
    children = area_child_list(parent_code=area.code if area else None, fields=fields)
    if area is None:
        return children, Level.PROVINCE
    return children, (Level.DISTRICT if area.level == Level.PROVINCE else Level.SUBDISTRICT)


def dashboard_for(area: Area | None, *, on: date, fiscal_year: int | None = None) -> Dashboard:
    """Everything a dashboard shows. `area` None is the nation; `fiscal_year` (BE) chooses the
    year of the activity figures (default: the year of `on`). The number of queries does not
    depend on the data."""
    code = area.code if area is not None else NATIONAL
    fiscal_year = fiscal_year or figures.current_fiscal_year(on)
    children, child_level = _children(area)
    child_codes = [child.code for child in children]
    if area is None:
        # Nothing is recorded at the national level itself (every record lies in a province),
        # so the nation's figures are the provinces' sum; reading them from the "TH" rows too
        # would scan every distinct committee term of the country a second time.
        by_code = figures.area_rows(child_codes, on=on, fiscal_year=fiscal_year)
    else:
        by_code = figures.area_rows([code, *child_codes], on=on, fiscal_year=fiscal_year)
    awards_total, awards = winners.winners_by_child(code, child_codes)
    rows = []
    for child in children:
        row = by_code[child.code]
        row.name = child.display_name
        row.url = area_url(child.code)
        row.sort_key = child.sort_key or ""
        row.awards = awards.get(child.code, 0)
        rows.append(row)
    children_total = rows_sum(rows)
    head = children_total if area is None else by_code[code]
    head = rows_sum([head], code=code, name=_("Thailand") if area is None else area.display_name)
    head.awards = awards_total
    own = rows_difference(head, children_total) if children else FigureRow()
    raw = figures.area_breakdowns(code)
    return Dashboard(
        code=code,
        area=area,
        on=on,
        fiscal_year=fiscal_year,
        ending_until=on + timedelta(days=ENDING_SOON_DAYS),
        head=head,
        rows=rows,
        own=own,
        children_total=children_total,
        child_level=child_level,
        raw=raw,
        centers_table=_centers_table(raw),
        organizations_by_type=_organizations(raw),
        partners_by_kind=_by_choice(raw, "partners", PartnerKind),
        cooperations_by_kind=_by_choice(
            raw, "cooperations", CooperationKind, amounts="cooperation_satang"
        ),
        people_by_profession=_people(raw),
        local_roles=_local_roles(raw),
        missions=_missions(raw, fiscal_year),
        trend=_trend(code, raw, fiscal_year=fiscal_year, on=on),
        programmes=winners.winners_by_programme(code) if head.awards else [],
    )


def breadcrumb_trail(user, area: Area | None) -> list[dict]:
    """Dashboards above the area, linked where the user may read them."""
    if area is None:
        return []
    trail = [
        {
            "name": _("Thailand"),
            "url": reverse("reports:national") if can_read_national(user) else "",
        }
    ]
    for node in area_ancestors(area):
        trail.append(
            {
                "name": node.display_name,
                "url": area_url(node.code) if can(user, Access.READ, node.code) else "",
            }
        )
    return trail
