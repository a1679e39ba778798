"""Network health: a score from 0 to 100 for each center of an area, from data already held.

The rule (shown on the dashboard):
- 40 points: the center has a current valid committee (an active term whose dates include today);
- 20 points: that committee has at least COMMITTEE_MIN_SIZE open seats (advisors do not count);
- 20 points: the center has members — community organisations (not dissolved) in its subdistrict
  for a subdistrict center; centers one level down (not dissolved) for a district or province
  center;
- 20 points: at least one cooperation record with a partner.

Dissolved centers are not scored. The score is computed in the database (correlated
subqueries), so an area of any size costs two queries: the weakest centers, and a summary.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from concenter.network import rules
from concenter.network.models import (
    Center,
    CenterLevel,
    CenterStatus,
    CommitteeTerm,
    Cooperation,
    Organization,
    OrganizationStatus,
    Position,
    Seat,
    TermStatus,
)
from concenter.network.rollups import NATIONAL

POINTS_COMMITTEE = 40
POINTS_SEATS = 20
POINTS_MEMBERS = 20
POINTS_COOPERATION = 20
WEAKEST_SHOWN = 30


@dataclass
class CenterHealth:
    code: str
    name: str
    level: str
    level_label: str
    url: str
    has_committee: bool
    seats: int
    members: int
    has_cooperation: bool
    score: int

    @property
    def seats_ok(self) -> bool:
        return self.has_committee and self.seats >= rules.committee_size_bounds()[0]


@dataclass
class HealthSummary:
    centers: int
    average: float | None
    weakest: list[CenterHealth]
    min_seats: int


def _count(queryset: QuerySet, group: str) -> Subquery:
    counted = queryset.order_by().values(group).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _in_area(code: str) -> Q:
    if code == NATIONAL:
        return Q()
    column = {2: "province_code", 4: "district_code", 6: "area_id"}.get(len(code))
    if column is None:
        return Q(pk__in=[])
    return Q(**{column: code})


def scored_centers(code: str, *, on: date) -> QuerySet[Center]:
    """The centers of area `code` (not dissolved), each annotated with its health score."""
    minimum = rules.committee_size_bounds()[0]
    current = {"status": TermStatus.ACTIVE, "starts_on__lte": on, "ends_on__gte": on}
    valid_term = CommitteeTerm.objects.filter(center=OuterRef("pk"), **current)
    open_seats = Seat.objects.filter(
        term__center=OuterRef("pk"),
        ends_on__isnull=True,
        **{f"term__{k}": v for k, v in current.items()},
    ).exclude(position=Position.ADVISOR)
    organizations = Organization.objects.filter(subdistrict_code=OuterRef("pk")).exclude(
        status=OrganizationStatus.DISSOLVED
    )
    living = Center.objects.exclude(status=CenterStatus.DISSOLVED)
    district_members = living.filter(level=CenterLevel.SUBDISTRICT, district_code=OuterRef("pk"))
    province_members = living.filter(level=CenterLevel.DISTRICT, province_code=OuterRef("pk"))
    return (
        Center.objects.filter(_in_area(code))
        .exclude(status=CenterStatus.DISSOLVED)
        .annotate(
            has_committee=Exists(valid_term),
            open_seats=_count(open_seats, "term__center"),
            members=Case(
                When(level=CenterLevel.SUBDISTRICT, then=_count(organizations, "subdistrict_code")),
                When(level=CenterLevel.DISTRICT, then=_count(district_members, "district_code")),
                default=_count(province_members, "province_code"),
                output_field=IntegerField(),
            ),
            has_cooperation=Exists(Cooperation.objects.filter(center=OuterRef("pk"))),
        )
        .annotate(
            score=Case(
                When(has_committee=True, then=Value(POINTS_COMMITTEE)),
                default=Value(0),
                output_field=IntegerField(),
            )
            + Case(
                When(has_committee=True, open_seats__gte=minimum, then=Value(POINTS_SEATS)),
                default=Value(0),
                output_field=IntegerField(),
            )
            + Case(
                When(members__gt=0, then=Value(POINTS_MEMBERS)),
                default=Value(0),
                output_field=IntegerField(),
            )
            + Case(
                When(has_cooperation=True, then=Value(POINTS_COOPERATION)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
    )


def area_health(code: str, *, on: date, limit: int = WEAKEST_SHOWN) -> HealthSummary:
    """The weakest `limit` centers of the area (lowest score first), and the area's average."""
    centers = scored_centers(code, on=on)
    summary = centers.aggregate(n=Count("pk"), average=Avg("score"))
    weakest = [
        CenterHealth(
            code=center.area_id,
            name=center.name,
            level=center.level,
            level_label=center.get_level_display(),
            url=center.get_absolute_url(),
            has_committee=center.has_committee,
            seats=center.open_seats,
            members=center.members,
            has_cooperation=center.has_cooperation,
            score=center.score,
        )
        for center in centers.order_by("score", "sort_key", "area_id")[:limit]
    ]
    return HealthSummary(
        centers=summary["n"] or 0,
        average=None if summary["average"] is None else round(float(summary["average"]), 1),
        weakest=weakest,
        min_seats=rules.committee_size_bounds()[0],
    )
