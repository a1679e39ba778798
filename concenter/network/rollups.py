"""Roll-up figures of every area, kept live by the services.

Each record contributes figures (metric, key, value) to the areas that contain it: the nation
("TH"), its province, its district and its subdistrict. A service that changes a record calls
`rollup_change(before, after)` with the record's contributions before and after, inside its
transaction; the difference is added with one upsert per figure. Dashboards read these rows and
never scan people or organisations. `rollup_rebuild()` recomputes everything from the records,
and a test proves that both give the same table.

Figures that depend on today's date (a committee is valid while today is inside its term) are
stored by term dates ("committee", key "start|end") and summed for the date being asked about.
Money is stored in satang (1/100 baht).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, Q, Sum

from concenter.network.models import (
    Center,
    CenterStatus,
    CommitteeTerm,
    Cooperation,
    Organization,
    OrganizationStatus,
    Partner,
    Position,
    Rollup,
    Seat,
    TermStatus,
)

NATIONAL = "TH"

Contribution = tuple[tuple[str, ...], str, str, int]  # (area codes, metric, key, value)


def satang(amount: Decimal | int | None) -> int:
    return int((Decimal(amount or 0) * 100).to_integral_value())


def term_key(starts_on: date, ends_on: date) -> str:
    return f"{starts_on.isoformat()}|{ends_on.isoformat()}"


# What each kind of record contributes ------------------------------------------------------


def center_contributions(center: Center | None) -> list[Contribution]:
    if center is None:
        return []
    return [(center.area_codes, "centers", f"{center.level}:{center.status}", 1)]


def term_contributions(
    term: CommitteeTerm | None, center: Center, open_member_seats: int
) -> list[Contribution]:
    if term is None or term.status != TermStatus.ACTIVE:
        return []
    key = term_key(term.starts_on, term.ends_on)
    return [
        (center.area_codes, "committee", key, 1),
        (center.area_codes, "seats", key, open_member_seats),
    ]


def organization_contributions(organization: Organization | None) -> list[Contribution]:
    if organization is None:
        return []
    codes = organization.area_codes
    result = [(codes, "organizations", f"{organization.type_id}:{organization.status}", 1)]
    if organization.status != OrganizationStatus.DISSOLVED:
        result += [
            (codes, "members", organization.type_id, organization.member_count),
            (codes, "funds_satang", organization.type_id, satang(organization.funds)),
        ]
    return result


def person_contributions(person) -> list[Contribution]:
    if person is None:
        return []
    return [(person.area_codes, "people", person.profession_id or "", 1)]


def local_role_contributions(holding) -> list[Contribution]:
    if holding is None:
        return []
    return [(holding.area_codes, "local_roles", holding.role, 1)]


def partner_contributions(partner: Partner | None) -> list[Contribution]:
    if partner is None:
        return []
    return [(partner.area_codes, "partners", partner.kind, 1)]


def cooperation_contributions(
    cooperation: Cooperation | None, center: Center | None
) -> list[Contribution]:
    if cooperation is None or center is None:
        return []
    return [
        (center.area_codes, "cooperations", cooperation.kind, 1),
        (center.area_codes, "cooperation_satang", cooperation.kind, satang(cooperation.amount)),
    ]


# Applying them -----------------------------------------------------------------------------


def _expand(contributions: Iterable[Contribution], sign: int, into: dict) -> None:
    for codes, metric, key, value in contributions:
        for code in codes:
            into[(code, metric, key)] += sign * value


_UPSERT = (
    "INSERT INTO network_rollup (area_code, metric, key, value) VALUES (%s, %s, %s, %s) "
    "ON CONFLICT (area_code, metric, key) DO UPDATE SET value = network_rollup.value + excluded.value"
)


def rollup_apply(deltas: dict[tuple[str, str, str], int]) -> None:
    rows = [(code, metric, key, value) for (code, metric, key), value in deltas.items() if value]
    if not rows:
        return
    rows.sort()  # a fixed order, so two transactions never lock the same rows crosswise
    with connection.cursor() as cursor:
        cursor.executemany(_UPSERT, rows)


def rollup_change(before: Iterable[Contribution], after: Iterable[Contribution]) -> None:
    """Add (after − before) to the figures. Call inside the service's transaction."""
    deltas: dict[tuple[str, str, str], int] = defaultdict(int)
    _expand(before, -1, deltas)
    _expand(after, +1, deltas)
    rollup_apply(deltas)


# Reading ------------------------------------------------------------------------------------


@dataclass
class AreaFigures:
    """The figures of one area, as the dashboards and the center pages show them."""

    raw: dict[str, dict[str, int]]
    on: date

    def total(self, metric: str) -> int:
        return sum(self.raw.get(metric, {}).values())

    def by_key(self, metric: str) -> dict[str, int]:
        return {k: v for k, v in self.raw.get(metric, {}).items() if v}

    def _in_term(self, metric: str, on: date, until: date | None = None) -> int:
        total = 0
        for key, value in self.raw.get(metric, {}).items():
            start, end = key.split("|")
            if start <= on.isoformat() <= end and (until is None or end <= until.isoformat()):
                total += value
        return total

    @property
    def centers(self) -> int:
        return sum(v for k, v in self.raw.get("centers", {}).items())

    def centers_by(self, *, level: str | None = None, status: str | None = None) -> int:
        total = 0
        for key, value in self.raw.get("centers", {}).items():
            key_level, key_status = key.split(":")
            if (level is None or key_level == level) and (status is None or key_status == status):
                total += value
        return total

    @property
    def centers_with_valid_committee(self) -> int:
        return self._in_term("committee", self.on)

    @property
    def valid_committee_share(self) -> float | None:
        active = self.centers_by(status=CenterStatus.ACTIVE)
        return None if not active else self.centers_with_valid_committee / active

    def committees_ending_by(self, until: date) -> int:
        return self._in_term("committee", self.on, until)

    @property
    def seats_filled(self) -> int:
        return self._in_term("seats", self.on)

    def organizations_by_type(self) -> dict[str, int]:
        result: dict[str, int] = defaultdict(int)
        for key, value in self.raw.get("organizations", {}).items():
            type_code, status = key.split(":")
            if status != OrganizationStatus.DISSOLVED and value:
                result[type_code] += value
        return dict(result)

    @property
    def organizations(self) -> int:
        return sum(self.organizations_by_type().values())

    @property
    def members(self) -> int:
        return self.total("members")

    @property
    def funds(self) -> Decimal:
        return Decimal(self.total("funds_satang")) / 100


def area_figures(area_code: str, *, on: date) -> AreaFigures:
    raw: dict[str, dict[str, int]] = defaultdict(dict)
    for metric, key, value in Rollup.objects.filter(area_code=area_code).values_list(
        "metric", "key", "value"
    ):
        raw[metric][key] = value
    return AreaFigures(raw=dict(raw), on=on)


def figures_for_areas(area_codes: list[str], *, on: date) -> dict[str, AreaFigures]:
    """Figures of many areas in one query (the child-area table of a dashboard)."""
    raw: dict[str, dict[str, dict[str, int]]] = {code: defaultdict(dict) for code in area_codes}
    rows = Rollup.objects.filter(area_code__in=area_codes).values_list(
        "area_code", "metric", "key", "value"
    )
    for code, metric, key, value in rows:
        raw[code][metric][key] = value
    return {code: AreaFigures(raw=dict(raw[code]), on=on) for code in area_codes}


# Rebuilding ---------------------------------------------------------------------------------


def _group(queryset, fields: list[str], metric: str, key_of, value_expr, into: dict) -> None:
    for row in queryset.values(*fields).annotate(v=value_expr).order_by():
        value = row["v"] or 0
        if isinstance(value, Decimal):
            value = satang(value)
        key = key_of(row)
        for code in (
            NATIONAL,
            row.get("province_code"),
            row.get("district_code"),
            row.get("subdistrict_code"),
        ):
            if code:
                into[(code, metric, key)] += int(value)


# Figures other apps keep in the same table (the activities' figures): each registers, from its
# AppConfig.ready(), a function that recomputes its rows with GROUP BY, so rollup_rebuild()
# rebuilds the whole table without the network importing the apps above it.
_REBUILD_PARTS: list[Callable[[], dict[tuple[str, str, str], int]]] = []


def rollup_rebuild_part(rows: Callable[[], dict[tuple[str, str, str], int]]) -> None:
    """Register `rows()`: {(area_code, metric, key): value} of one app's figures, recomputed."""
    if rows not in _REBUILD_PARTS:
        _REBUILD_PARTS.append(rows)


@transaction.atomic
def rollup_rebuild() -> int:
    """Recompute every figure from the records (GROUP BY on the ancestor columns)."""
    from concenter.people.models import LocalRoleHolding, Person

    totals: dict[tuple[str, str, str], int] = defaultdict(int)
    place = ["province_code", "district_code", "subdistrict_code"]
    _group(
        Center.objects.all(),
        [*place, "level", "status"],
        "centers",
        lambda r: f"{r['level']}:{r['status']}",
        Count("pk"),
        totals,
    )
    terms = CommitteeTerm.objects.filter(status=TermStatus.ACTIVE).annotate(
        province_code=_center("province_code"),
        district_code=_center("district_code"),
        subdistrict_code=_center("subdistrict_code"),
    )
    term_fields = [*place, "starts_on", "ends_on"]
    _group(
        terms,
        term_fields,
        "committee",
        lambda r: term_key(r["starts_on"], r["ends_on"]),
        Count("pk"),
        totals,
    )
    seats = Seat.objects.filter(term__status=TermStatus.ACTIVE, ends_on__isnull=True).exclude(
        position=Position.ADVISOR
    )
    seats = seats.values(
        province_code=_f("term__center__province_code"),
        district_code=_f("term__center__district_code"),
        subdistrict_code=_f("term__center__subdistrict_code"),
        term_starts_on=_f("term__starts_on"),
        term_ends_on=_f("term__ends_on"),
    )
    for row in seats.annotate(v=Count("pk")).order_by():
        for code in (NATIONAL, row["province_code"], row["district_code"], row["subdistrict_code"]):
            if code:
                totals[(code, "seats", term_key(row["term_starts_on"], row["term_ends_on"]))] += (
                    row["v"]
                )
    organizations = Organization.objects.all()
    _group(
        organizations,
        [*place, "type_id", "status"],
        "organizations",
        lambda r: f"{r['type_id']}:{r['status']}",
        Count("pk"),
        totals,
    )
    living = organizations.exclude(status=OrganizationStatus.DISSOLVED)
    _group(
        living, [*place, "type_id"], "members", lambda r: r["type_id"], Sum("member_count"), totals
    )
    _group(
        living, [*place, "type_id"], "funds_satang", lambda r: r["type_id"], Sum("funds"), totals
    )
    _group(
        Person.objects.all(),
        [*place, "profession_id"],
        "people",
        lambda r: r["profession_id"] or "",
        Count("pk"),
        totals,
    )
    _group(
        LocalRoleHolding.objects.all(),
        [*place, "role"],
        "local_roles",
        lambda r: r["role"],
        Count("pk"),
        totals,
    )
    _group(
        Partner.objects.all(),
        [*place, "kind"],
        "partners",
        lambda r: r["kind"],
        Count("pk"),
        totals,
    )
    cooperations = Cooperation.objects.annotate(
        province_code=_f("center__province_code"),
        district_code=_f("center__district_code"),
        subdistrict_code=_f("center__subdistrict_code"),
    )
    _group(cooperations, [*place, "kind"], "cooperations", lambda r: r["kind"], Count("pk"), totals)
    _group(
        cooperations,
        [*place, "kind"],
        "cooperation_satang",
        lambda r: r["kind"],
        Sum("amount"),
        totals,
    )
    for part in _REBUILD_PARTS:
        for row_key, value in part().items():
            totals[row_key] += value
    Rollup.objects.all().delete()
    Rollup.objects.bulk_create(
        [
            Rollup(area_code=c, metric=m, key=k, value=v)
            for (c, m, k), v in sorted(totals.items())
            if v
        ],
        batch_size=2000,
    )
    return len(totals)


def _f(path: str):
    from django.db.models import F

    return F(path)


def _center(field: str):
    return _f(f"center__{field}")


__all__ = [
    "NATIONAL",
    "AreaFigures",
    "Q",
    "area_figures",
    "figures_for_areas",
    "rollup_change",
    "rollup_rebuild",
    "rollup_rebuild_part",
]
