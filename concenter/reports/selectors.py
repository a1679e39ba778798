"""What a dashboard shows, read from the roll-up figures (`concenter.network.rollups`).

Every figure comes from `area_figures` (the area itself) and `figures_for_areas` (its children,
one query); nothing here scans people, organisations or seats. Scope is checked here, so every
caller (page, export, API) gets the same answer: out of scope or not a dashboard level → 404.
"""

from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from concenter.accounts.scope import Access, can, user_scope
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.geography.models import Area, Level
from concenter.geography.selectors import area_ancestors, area_children, area_get
from concenter.network.models import (
    CenterLevel,
    CenterStatus,
    CooperationKind,
    OrganizationType,
    PartnerKind,
)
from concenter.network.rollups import NATIONAL, AreaFigures, area_figures, figures_for_areas

DASHBOARD_LEVELS = (Level.PROVINCE, Level.DISTRICT, Level.SUBDISTRICT)
ENDING_SOON_DAYS = 90


# Access ---------------------------------------------------------------------------------------


def dashboard_area(user, code: str) -> Area:
    """The province, district or subdistrict `code`, if `user` may read it; 404 otherwise."""
    area = area_get(code=code or "")
    if area.level not in DASHBOARD_LEVELS or not can(user, Access.READ, area.code):
        raise NotFoundOrOutOfScope()
    return area


def can_read_national(user) -> bool:
    return can(user, Access.READ, NATIONAL)


def first_dashboard_code(user) -> str | None:
    """The first province, district or subdistrict in the user's read scope (None: none)."""
    scope = user_scope(user, Access.READ)
    for code in sorted(scope.prefixes, key=lambda c: (len(c), c)):
        if len(code) in (2, 4, 6):
            return code
    return None


# One row of figures ---------------------------------------------------------------------------


@dataclass
class FigureRow:
    """The main figures of one area: the child-area table, its totals and the head facts."""

    code: str = ""
    name: str = ""
    url: str = ""
    sort_key: str = ""
    centers: int = 0
    active_centers: int = 0
    valid_committee: int = 0
    ending_soon: int = 0
    seats: int = 0
    organizations: int = 0
    members: int = 0
    funds_satang: int = 0
    partners: int = 0
    cooperations: int = 0
    people: int = 0

    @property
    def valid_share(self) -> float | None:
        return None if not self.active_centers else self.valid_committee / self.active_centers

    @property
    def valid_percent(self) -> int | None:
        share = self.valid_share
        return None if share is None else round(share * 100)

    @property
    def without_valid_committee(self) -> int:
        return max(self.active_centers - self.valid_committee, 0)

    @property
    def funds(self) -> Decimal:
        return Decimal(self.funds_satang) / 100

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in NUMBER_FIELDS)


NUMBER_FIELDS = tuple(f.name for f in fields(FigureRow) if f.type in (int, "int"))


def row_from_figures(figures: AreaFigures, *, until: date, **labels) -> FigureRow:
    return FigureRow(
        **labels,
        centers=figures.centers,
        active_centers=figures.centers_by(status=CenterStatus.ACTIVE),
        valid_committee=figures.centers_with_valid_committee,
        ending_soon=figures.committees_ending_by(until),
        seats=figures.seats_filled,
        organizations=figures.organizations,
        members=figures.members,
        funds_satang=figures.total("funds_satang"),
        partners=figures.total("partners"),
        cooperations=figures.total("cooperations"),
        people=figures.total("people"),
    )


def rows_sum(rows: list[FigureRow], **labels) -> FigureRow:
    total = FigureRow(**labels)
    for row in rows:
        for name in NUMBER_FIELDS:
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return total


def rows_difference(whole: FigureRow, part: FigureRow, **labels) -> FigureRow:
    result = FigureRow(**labels)
    for name in NUMBER_FIELDS:
        setattr(result, name, getattr(whole, name) - getattr(part, name))
    return result


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
    "seats": lambda r: r.seats,
    "organizations": lambda r: r.organizations,
    "members": lambda r: r.members,
    "funds": lambda r: r.funds_satang,
    "partners": lambda r: r.partners,
    "cooperations": lambda r: r.cooperations,
    "people": lambda r: r.people,
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
class Dashboard:
    code: str
    area: Area | None  # None: the nation
    on: date
    ending_until: date
    figures: AreaFigures
    head: FigureRow
    rows: list[FigureRow]
    own: FigureRow
    children_total: FigureRow
    child_level: str
    centers_table: list[dict]
    organizations_by_type: list[Breakdown]
    partners_by_kind: list[Breakdown]
    cooperations_by_kind: list[Breakdown]
    people_by_profession: list[Breakdown]
    local_roles: list[Breakdown]

    @property
    def is_national(self) -> bool:
        return self.area is None


def _thai() -> bool:
    return (get_language() or "th").startswith("th")


def _named(name_th: str, name_en: str) -> str:
    return name_th if _thai() or not name_en else name_en


def _centers_table(figures: AreaFigures) -> list[dict]:
    rows = []
    for level in (CenterLevel.PROVINCE, CenterLevel.DISTRICT, CenterLevel.SUBDISTRICT):
        counts = [figures.centers_by(level=level, status=s) for s in CenterStatus.values]
        if any(counts):
            rows.append({"label": level.label, "counts": counts, "total": sum(counts)})
    return rows


def _organizations(figures: AreaFigures) -> list[Breakdown]:
    counts = figures.organizations_by_type()
    members = figures.by_key("members")
    funds = figures.by_key("funds_satang")
    codes = set(counts) | set(members) | set(funds)
    if not codes:
        return []
    types = {t.code: t for t in OrganizationType.objects.filter(code__in=codes)}
    result = []
    for code in sorted(codes, key=lambda c: (getattr(types.get(c), "position", 999), c)):
        kind = types.get(code)
        result.append(
            Breakdown(
                label=kind.name_th if kind else code,
                value=counts.get(code, 0),
                extra={
                    "name_en": kind.name_en if kind else "",
                    "members": members.get(code, 0),
                    "funds": Decimal(funds.get(code, 0)) / 100,
                },
            )
        )
    return result


def _by_choice(figures: AreaFigures, metric: str, choices) -> list[Breakdown]:
    values = figures.by_key(metric)
    labels = dict(choices.choices)
    ordered = [c for c in choices.values if c in values] + sorted(
        c for c in values if c not in labels
    )
    return [Breakdown(label=str(labels.get(c, c)), value=values[c]) for c in ordered]


def _people(figures: AreaFigures) -> list[Breakdown]:
    from concenter.people.models import Profession

    values = figures.by_key("people")
    if not values:
        return []
    professions = {p.code: p for p in Profession.objects.filter(code__in=[c for c in values if c])}
    ordered = sorted(values, key=lambda c: (not c, getattr(professions.get(c), "position", 999), c))
    result = []
    for code in ordered:
        profession = professions.get(code)
        if not code:
            label = _("Profession not stated")
        elif profession is None:
            label = code
        else:
            label = _named(profession.name_th, profession.name_en)
        result.append(Breakdown(label=label, value=values[code]))
    return result


def _local_roles(figures: AreaFigures) -> list[Breakdown]:
    from concenter.people.models import LocalRole

    return _by_choice(figures, "local_roles", LocalRole)


def dashboard_for(area: Area | None, *, on: date) -> Dashboard:
    """Everything a dashboard shows. `area` None is the nation. Query count does not depend on
    the data: the area's figures, its children, their figures, and the names of types."""
    code = area.code if area is not None else NATIONAL
    until = on + timedelta(days=ENDING_SOON_DAYS)
    figures = area_figures(code, on=on)
    head = row_from_figures(figures, until=until, code=code)
    children: list[Area] = []
    child_level = ""
    if area is None or area.level in (Level.PROVINCE, Level.DISTRICT):
        children = list(area_children(parent_code=area.code if area else None))
        child_level = Level.PROVINCE if area is None else children[0].level if children else ""
    child_figures = figures_for_areas([c.code for c in children], on=on) if children else {}
    rows = [
        row_from_figures(
            child_figures[child.code],
            until=until,
            code=child.code,
            name=child.display_name,
            url=reverse("reports:area", args=[child.code]),
            sort_key=child.sort_key or "",
        )
        for child in children
    ]
    children_total = rows_sum(rows)
    own = rows_difference(head, children_total) if children else FigureRow()
    return Dashboard(
        code=code,
        area=area,
        on=on,
        ending_until=until,
        figures=figures,
        head=head,
        rows=rows,
        own=own,
        children_total=children_total,
        child_level=child_level,
        centers_table=_centers_table(figures),
        organizations_by_type=_organizations(figures),
        partners_by_kind=_by_choice(figures, "partners", PartnerKind),
        cooperations_by_kind=_by_choice(figures, "cooperations", CooperationKind),
        people_by_profession=_people(figures),
        local_roles=_local_roles(figures),
    )


def breadcrumb_trail(user, area: Area | None) -> list[dict]:
    """Dashboards above the area, linked where the user may read them."""
    trail = [
        {
            "name": _("Thailand"),
            "url": reverse("reports:national") if can_read_national(user) else "",
        }
    ]
    if area is None:
        return trail[:0]
    for node in area_ancestors(area):
        trail.append(
            {
                "name": node.display_name,
                "url": reverse("reports:area", args=[node.code])
                if can(user, Access.READ, node.code)
                else "",
            }
        )
    return trail
