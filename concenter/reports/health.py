"""Network health: a score from 0 to 100 for each center of an area, from data already held, so a
province can see at a glance which centers need a visit (the weakest first).

The rule (CRITERIA below, written out on the health page):
- 25 points: a current valid committee (an active term whose dates include the day);
- 10 points: that committee has at least COMMITTEE_MIN_SIZE open seats (advisors do not count);
- 20 points: at least one committee or general meeting in the last six months;
- 15 points: members — community organisations (not dissolved) in the subdistrict of a
  subdistrict center; centers one level down (not dissolved) for a district or province center;
- 15 points: 5 for each mission served by its activities of the last twelve months, up to 3;
- 10 points: a community plan in the center's area that covers the current fiscal year;
- 5 points: at least one cooperation record with a partner.

Dissolved centers are not scored. The score is computed in the database (correlated subqueries
on indexed columns), so an area costs one query whatever its size.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import (
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
from django.db.models.functions import Coalesce, Least
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from concenter.activities.models import Activity, ActivityKind, ActivityMission, CommunityPlan
from concenter.common.thai import fiscal_year_be
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

POINTS_COMMITTEE = 25
POINTS_SEATS = 10
POINTS_MEETINGS = 20
POINTS_MEMBERS = 15
POINTS_PER_MISSION = 5
MISSIONS_COUNTED = 3
POINTS_PLAN = 10
POINTS_COOPERATION = 5
MEETING_MONTHS = 6
MISSION_MONTHS = 12
MEETING_KINDS = (ActivityKind.COMMITTEE_MEETING, ActivityKind.GENERAL_MEETING)

# Bands of the score, for the badges and the summary.
GOOD_FROM = 70
FAIR_FROM = 40

WEAKEST_ON_DASHBOARD = 10
SHOWN_ON_PAGE = 200


@dataclass(frozen=True)
class Criterion:
    key: str
    points: int
    label: str


def criteria() -> list[Criterion]:
    """The rule, in the order it is shown (the points add up to 100)."""
    minimum = rules.committee_size_bounds()[0]
    return [
        Criterion(
            "committee",
            POINTS_COMMITTEE,
            _("a current valid committee (an active term whose dates include today)"),
        ),
        Criterion(
            "seats",
            POINTS_SEATS,
            _("that committee has at least %(minimum)s members (advisors do not count)")
            % {"minimum": minimum},
        ),
        Criterion(
            "meetings",
            POINTS_MEETINGS,
            _("at least one committee or general meeting in the last %(months)s months")
            % {"months": MEETING_MONTHS},
        ),
        Criterion(
            "members",
            POINTS_MEMBERS,
            _(
                "members: community organizations in the subdistrict of a subdistrict center; "
                "centers one level down for a district or province center"
            ),
        ),
        Criterion(
            "missions",
            POINTS_PER_MISSION * MISSIONS_COUNTED,
            _(
                "%(points)s for each mission its activities of the last %(months)s months "
                "served, up to %(missions)s missions"
            )
            % {
                "points": POINTS_PER_MISSION,
                "months": MISSION_MONTHS,
                "missions": MISSIONS_COUNTED,
            },
        ),
        Criterion(
            "plan",
            POINTS_PLAN,
            _("a community plan in the center's area that covers the current fiscal year"),
        ),
        Criterion(
            "cooperation", POINTS_COOPERATION, _("at least one cooperation record with a partner")
        ),
    ]


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the last day of a shorter month)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has 28 days


@dataclass
class CenterHealth:
    code: str
    name: str
    level: str
    level_label: str
    url: str
    has_committee: bool
    seats: int
    meetings: int
    members: int
    missions: int
    has_plan: bool
    has_cooperation: bool
    score: int
    min_seats: int

    @property
    def seats_ok(self) -> bool:
        return self.has_committee and self.seats >= self.min_seats

    @property
    def band(self) -> str:
        return band(self.score)


def band(score: int) -> str:
    if score >= GOOD_FROM:
        return "good"
    if score >= FAIR_FROM:
        return "fair"
    return "weak"


@dataclass
class HealthSummary:
    code: str
    on: date
    centers: int
    average: float | None
    good: int
    fair: int
    weak: int
    weakest: list[CenterHealth]
    min_seats: int

    @property
    def shown_all(self) -> bool:
        return len(self.weakest) >= self.centers


def _count(queryset: QuerySet, group: str) -> Coalesce:
    counted = queryset.order_by().values(group).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _in_area(code: str) -> Q:
    if code == NATIONAL:
        return Q()
    column = {2: "province_code", 4: "district_code", 6: "area_id"}.get(len(code))
    if column is None:
        return Q(pk__in=[])
    return Q(**{column: code})


def _points(condition: Q, points: int) -> Case:
    return Case(When(condition, then=Value(points)), default=Value(0), output_field=IntegerField())


def scored_centers(code: str, *, on: date, level: str = "") -> QuerySet[Center]:
    """The centers of area `code` (not dissolved; one level only when `level` is given), each
    annotated with the parts of its health score and the score."""
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
    meetings = Activity.objects.filter(
        center=OuterRef("pk"),
        kind__in=MEETING_KINDS,
        starts_on__gte=months_before(on, MEETING_MONTHS),
        starts_on__lte=on,
    )
    missions = (
        ActivityMission.objects.filter(
            activity__center=OuterRef("pk"),
            activity__starts_on__gte=months_before(on, MISSION_MONTHS),
            activity__starts_on__lte=on,
        )
        .order_by()
        .values("activity__center")
        .annotate(n=Count("mission", distinct=True))
        .values("n")[:1]
    )
    year = fiscal_year_be(on)
    plans = CommunityPlan.objects.filter(first_year__lte=year, last_year__gte=year)
    centers = Center.objects.filter(_in_area(code)).exclude(status=CenterStatus.DISSOLVED)
    if level:
        centers = centers.filter(level=level)
    return centers.annotate(
        has_committee=Exists(valid_term),
        open_seats=_count(open_seats, "term__center"),
        meetings=_count(meetings, "center"),
        members=Case(
            When(level=CenterLevel.SUBDISTRICT, then=_count(organizations, "subdistrict_code")),
            When(level=CenterLevel.DISTRICT, then=_count(district_members, "district_code")),
            default=_count(province_members, "province_code"),
            output_field=IntegerField(),
        ),
        missions=Coalesce(Subquery(missions, output_field=IntegerField()), Value(0)),
        has_plan=Case(
            When(
                level=CenterLevel.SUBDISTRICT,
                then=Exists(plans.filter(subdistrict_code=OuterRef("pk"))),
            ),
            When(
                level=CenterLevel.DISTRICT,
                then=Exists(plans.filter(district_code=OuterRef("pk"))),
            ),
            default=Exists(plans.filter(province_code=OuterRef("pk"))),
        ),
        has_cooperation=Exists(Cooperation.objects.filter(center=OuterRef("pk"))),
    ).annotate(
        score=_points(Q(has_committee=True), POINTS_COMMITTEE)
        + _points(Q(has_committee=True, open_seats__gte=minimum), POINTS_SEATS)
        + _points(Q(meetings__gt=0), POINTS_MEETINGS)
        + _points(Q(members__gt=0), POINTS_MEMBERS)
        + Least("missions", Value(MISSIONS_COUNTED)) * Value(POINTS_PER_MISSION)
        + _points(Q(has_plan=True), POINTS_PLAN)
        + _points(Q(has_cooperation=True), POINTS_COOPERATION)
    )


_FIELDS = (
    "area_id",
    "name",
    "level",
    "has_committee",
    "open_seats",
    "meetings",
    "members",
    "missions",
    "has_plan",
    "has_cooperation",
    "score",
)


def area_health(
    code: str, *, on: date, limit: int = WEAKEST_ON_DASHBOARD, level: str = ""
) -> HealthSummary:
    """The weakest `limit` centers of the area (lowest score first, then Thai order), and a
    summary of all of them: count, average and how many in each band.

    One query: every center's score comes back (a few small columns each; 8,441 rows for the
    whole country) and the summary is counted here — an aggregate over the annotated query made
    Django compile the whole expression tree a second time, which cost more than the SQL."""
    rows = list(
        scored_centers(code, on=on, level=level)
        .order_by("score", "sort_key", "area_id")
        .values_list(*_FIELDS)
    )
    minimum = rules.committee_size_bounds()[0]
    levels = dict(CenterLevel.choices)
    center_url = reverse("network:center_detail", args=["AREA-CODE"])  # reversed once
    weakest = []
    for row in rows[:limit]:
        values = dict(zip(_FIELDS, row, strict=True))
        weakest.append(
            CenterHealth(
                code=values["area_id"],
                name=values["name"],
                level=values["level"],
                level_label=str(levels.get(values["level"], values["level"])),
                url=center_url.replace("AREA-CODE", values["area_id"]),
                has_committee=bool(values["has_committee"]),
                seats=values["open_seats"],
                meetings=values["meetings"],
                members=values["members"],
                missions=values["missions"],
                has_plan=bool(values["has_plan"]),
                has_cooperation=bool(values["has_cooperation"]),
                score=values["score"],
                min_seats=minimum,
            )
        )
    scores = [row[-1] for row in rows]
    good = sum(1 for score in scores if score >= GOOD_FROM)
    fair = sum(1 for score in scores if FAIR_FROM <= score < GOOD_FROM)
    return HealthSummary(
        code=code,
        on=on,
        centers=len(scores),
        average=round(sum(scores) / len(scores), 1) if scores else None,
        good=good,
        fair=fair,
        weak=len(scores) - good - fair,
        weakest=weakest,
        min_seats=minimum,
    )
