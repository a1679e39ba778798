"""What the records say: the figure of each data source for one center and fiscal year.

Each source answers a `Figure`: the number, what it was counted from ("7/9" for a share) and
the records behind it (kind, id, label), so the assessment page shows where the figure came
from and links to the records. Read-only; the services store the figures on the answers.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from concenter.activities.models import (
    Activity,
    ActivityAttendee,
    ActivityKind,
    AttendanceStatus,
    CommunityPlan,
    MeetingAttendance,
    Mission,
    PlanProject,
)
from concenter.assessment.models import DataSource
from concenter.common.thai import fiscal_year_bounds
from concenter.network.models import (
    Center,
    CenterLevel,
    CenterStatus,
    Cooperation,
    Organization,
    OrganizationStatus,
    Position,
    Seat,
    TermStatus,
)

RECORDS_SHOWN = 20
# A committee member "takes part" when present at this share of the year's committee meetings.
TAKING_PART_SHARE = Decimal("0.5")


@dataclass(frozen=True)
class Figure:
    value: Decimal
    detail: str = ""
    records: list[dict] = field(default_factory=list)


def _records(kind: str, rows) -> list[dict]:
    return [{"kind": kind, "id": pk, "label": label} for pk, label in rows[:RECORDS_SHOWN]]


def _activities(center: Center, year: int, condition: Q) -> Figure:
    rows = list(
        Activity.objects.filter(condition, center=center, fiscal_year=year)
        .order_by("starts_on", "pk")
        .values_list("pk", "title")
    )
    return Figure(Decimal(len(rows)), records=_records("activity", rows))


def committee_roles(center: Center, year: int) -> Figure:
    first, last = fiscal_year_bounds(year)
    seats = list(
        Seat.objects.filter(
            term__center=center,
            term__status=TermStatus.ACTIVE,
            term__starts_on__lte=last,
            term__ends_on__gte=first,
        )
        .exclude(position=Position.ADVISOR)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        .values_list("pk", flat=True)
    )
    meetings = Activity.objects.filter(
        center=center, fiscal_year=year, kind=ActivityKind.COMMITTEE_MEETING
    ).count()
    if not seats:
        return Figure(Decimal(0), "0/0")
    present = dict(
        MeetingAttendance.objects.filter(
            seat_id__in=seats,
            status=AttendanceStatus.PRESENT,
            activity__fiscal_year=year,
            activity__center=center,
        )
        .values_list("seat_id")
        .annotate(n=Count("pk"))
        .values_list("seat_id", "n")
    )
    taking_part = (
        sum(1 for seat in seats if present.get(seat, 0) >= TAKING_PART_SHARE * meetings)
        if meetings
        else 0
    )
    share = (Decimal(taking_part) * 100 / len(seats)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    return Figure(share, f"{taking_part}/{len(seats)}")


def member_organizations(center: Center, year: int) -> Figure:
    """A subdistrict center's members are the organisations of its subdistrict; a district's
    or a province's are the active centers one level below."""
    if center.level == CenterLevel.SUBDISTRICT:
        rows = list(
            Organization.objects.filter(
                subdistrict_code=center.area_id, status=OrganizationStatus.ACTIVE
            )
            .order_by("sort_key", "pk")
            .values_list("pk", "name")
        )
        return Figure(Decimal(len(rows)), records=_records("organization", rows))
    below = (
        CenterLevel.SUBDISTRICT if center.level == CenterLevel.DISTRICT else (CenterLevel.DISTRICT)
    )
    column = "district_code" if center.level == CenterLevel.DISTRICT else "province_code"
    rows = list(
        Center.objects.filter(level=below, status=CenterStatus.ACTIVE, **{column: center.area_id})
        .order_by("area_id")
        .values_list("area_id", "name")
    )
    return Figure(Decimal(len(rows)), records=_records("center", rows))


def community_plan(center: Center, year: int) -> Figure:
    column = {
        CenterLevel.SUBDISTRICT: "subdistrict_code",
        CenterLevel.DISTRICT: "district_code",
        CenterLevel.PROVINCE: "province_code",
    }[CenterLevel(center.level)]
    plans = CommunityPlan.objects.filter(
        **{column: center.area_id}, first_year__lte=year, last_year__gte=year
    )
    projects = PlanProject.objects.filter(plan__in=plans).filter(
        Q(year=year) | Q(year__isnull=True)
    )
    rows = list(plans.order_by("pk").values_list("pk", "title"))
    return Figure(Decimal(projects.count()), records=_records("plan", rows))


def coordination(center: Center, year: int) -> Figure:
    return _activities(center, year, Q(missions__mission=Mission.COORDINATION))


def development(center: Center, year: int) -> Figure:
    return _activities(center, year, Q(kind__in=[ActivityKind.PROJECT, ActivityKind.CAMPAIGN]))


def training(center: Center, year: int) -> Figure:
    return _activities(center, year, Q(kind=ActivityKind.TRAINING))


def committee_meetings(center: Center, year: int) -> Figure:
    return _activities(center, year, Q(kind=ActivityKind.COMMITTEE_MEETING))


def partners(center: Center, year: int) -> Figure:
    first, last = fiscal_year_bounds(year)
    rows = list(
        Cooperation.objects.filter(center=center)
        .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=last))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        .order_by("pk")
        .values_list("partner_id", "title")
    )
    return Figure(Decimal(len(rows)), records=_records("partner", rows))


def leaders(center: Center, year: int) -> Figure:
    people = (
        ActivityAttendee.objects.filter(
            activity__center=center,
            activity__fiscal_year=year,
            activity__kind=ActivityKind.TRAINING,
        )
        .values("person_id")
        .distinct()
        .count()
    )
    return Figure(Decimal(people))


SOURCES: dict[str, Callable[[Center, int], Figure]] = {
    DataSource.COMMITTEE_ROLES: committee_roles,
    DataSource.MEMBER_ORGANIZATIONS: member_organizations,
    DataSource.COMMITTEE_MEETINGS: committee_meetings,
    DataSource.COMMUNITY_PLAN: community_plan,
    DataSource.COORDINATION: coordination,
    DataSource.DEVELOPMENT: development,
    DataSource.TRAINING: training,
    DataSource.PARTNERS: partners,
    DataSource.LEADERS: leaders,
}


def figure_of(source: str, center: Center, year: int) -> Figure | None:
    """The figure of `source` for the center's fiscal year, or None for an answer by hand."""
    function = SOURCES.get(source)
    return function(center, year) if function else None
