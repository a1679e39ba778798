"""Reads of activities, meetings, plans and stories, through the reader's scope; and the public
exhibition, which shows published stories and roll-up figures only (no people, no drafts)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from concenter.accounts.scope import Access, can, filter_queryset
from concenter.activities import rules
from concenter.activities.models import (
    Activity,
    ActivityAttendee,
    ActivityFile,
    ActivityMission,
    ActivityPartner,
    AgeBand,
    AttendanceStatus,
    CommunityPlan,
    FileKind,
    MeetingAttendance,
    Mission,
    PlanProject,
    ProjectDoer,
    ProjectProgress,
    Sex,
    Story,
    StoryPhoto,
)
from concenter.activities.rollups import ALL
from concenter.common import clock
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.geography.models import Area, Level
from concenter.network.models import Center, CommitteeTerm, Position, Seat, TermStatus
from concenter.network.rollups import AreaFigures, area_figures
from concenter.network.selectors import sorted_seats

# Where the records of a center or an area are, by the length of its code.
_CENTER_COLUMN = {2: "province_code", 4: "district_code", 6: "subdistrict_code"}


def _baht(satang: int) -> Decimal:
    return (Decimal(satang) / 100).quantize(Decimal("0.01"))


# The committee on a day -------------------------------------------------------------------------


def committee_on(center_id: str, day: datetime.date) -> tuple[CommitteeTerm | None, list[Seat]]:
    """The active term of the center in force on `day`, and the seats held that day (a seat
    that ended on `day` was still held; advisors included), in order of position."""
    term = (
        CommitteeTerm.objects.filter(
            center_id=center_id, status=TermStatus.ACTIVE, starts_on__lte=day, ends_on__gte=day
        )
        .order_by("-starts_on")
        .first()
    )
    if term is None:
        return None, []
    seats = (
        Seat.objects.filter(term=term)
        .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=day))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .select_related("person")
    )
    return term, sorted_seats(seats)


# Activities -------------------------------------------------------------------------------------


def activities_of(
    center: Center,
    *,
    fiscal_year: int | None = None,
    kind: str | None = None,
    mission: str | None = None,
) -> QuerySet[Activity]:
    """A center's activities, newest first, with their missions (the center was read through
    the reader's scope by the caller)."""
    qs = center.activities.prefetch_related(
        Prefetch("missions", queryset=ActivityMission.objects.order_by("mission"))
    )
    if fiscal_year:
        qs = qs.filter(fiscal_year=fiscal_year)
    if kind:
        qs = qs.filter(kind=kind)
    if mission:
        qs = qs.filter(missions__mission=mission)
    return qs.order_by("-starts_on", "-pk")


def fiscal_years_of(center: Center) -> list[int]:
    return list(
        center.activities.order_by("-fiscal_year").values_list("fiscal_year", flat=True).distinct()
    )


def activity_get(*, user, activity_id: int, access: Access = Access.READ) -> Activity:
    activity = (
        Activity.objects.select_related(
            "center",
            "center__area",
            "center__area__parent",
            "center__area__parent__parent",
            "plan_project",
            "plan_project__plan",
        )
        .prefetch_related("missions")
        .filter(pk=activity_id)
        .first()
    )
    if activity is None or not can(user, access, activity.center_id):
        raise NotFoundOrOutOfScope()
    return activity


@dataclass
class GridRow:
    age_band: str
    label: str
    counts: list[int]  # in the order of Sex.values

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class ParticipantGrid:
    rows: list[GridRow]

    @property
    def sexes(self) -> list[tuple[str, str]]:
        return list(Sex.choices)

    @property
    def totals(self) -> list[int]:
        return [sum(row.counts[i] for row in self.rows) for i in range(len(Sex.values))]

    @property
    def total(self) -> int:
        return sum(self.totals)


def participant_grid(counts: dict[tuple[str, str], int]) -> ParticipantGrid:
    return ParticipantGrid(
        rows=[
            GridRow(
                age_band=band,
                label=str(label),
                counts=[counts.get((sex, band), 0) for sex in Sex.values],
            )
            for band, label in AgeBand.choices
        ]
    )


def participant_counts(activity: Activity) -> dict[tuple[str, str], int]:
    return {
        (sex, band): number
        for sex, band, number in activity.participant_counts.values_list("sex", "age_band", "count")
    }


@dataclass
class AttendanceRow:
    seat: Seat
    status: str  # "" when nothing is recorded

    @property
    def counts(self) -> bool:
        return self.seat.position != Position.ADVISOR


@dataclass
class MeetingState:
    term: CommitteeTerm | None
    rows: list[AttendanceRow]
    quorum: rules.Quorum


def meeting_state(activity: Activity) -> MeetingState:
    """The committee in force on the meeting's day, each member's attendance, and the quorum
    (members present against the seats held that day; advisors do not count)."""
    term, seats = committee_on(activity.center_id, activity.starts_on)
    recorded = dict(
        MeetingAttendance.objects.filter(activity=activity).values_list("seat_id", "status")
    )
    rows = [AttendanceRow(seat=seat, status=recorded.get(seat.pk, "")) for seat in seats]
    counted = [row for row in rows if row.counts]
    quorum = rules.quorum_of(
        seats=len(counted),
        present=sum(1 for row in counted if row.status == AttendanceStatus.PRESENT),
        excused=sum(1 for row in counted if row.status == AttendanceStatus.EXCUSED),
        absent=sum(1 for row in counted if row.status == AttendanceStatus.ABSENT),
    )
    return MeetingState(term=term, rows=rows, quorum=quorum)


@dataclass
class ActivityDetail:
    activity: Activity
    grid: ParticipantGrid
    partners: list[ActivityPartner]
    attendees: list[ActivityAttendee]
    photos: list[ActivityFile]
    documents: list[ActivityFile]
    resolutions: list
    meeting: MeetingState | None
    stories: list[Story]

    @property
    def partner_money(self) -> Decimal:
        return sum((p.money for p in self.partners), Decimal(0))


def activity_detail(activity: Activity) -> ActivityDetail:
    """Everything shown on an activity's page, in a fixed number of queries."""
    files = list(activity.files.order_by("pk"))
    return ActivityDetail(
        activity=activity,
        grid=participant_grid(participant_counts(activity)),
        partners=list(
            activity.partners.select_related("partner").order_by("partner__sort_key", "pk")
        ),
        attendees=list(
            activity.attendees.select_related("person").order_by("person__sort_key", "pk")
        ),
        photos=[f for f in files if f.kind == FileKind.PHOTO],
        documents=[f for f in files if f.kind == FileKind.DOCUMENT],
        resolutions=list(activity.resolutions.order_by("number")),
        meeting=meeting_state(activity) if activity.is_meeting else None,
        stories=list(activity.stories.order_by("-pk")),
    )


def activity_file_get(*, user, file_id: int) -> ActivityFile:
    row = ActivityFile.objects.select_related("activity").filter(pk=file_id).first()
    if row is None or not can(user, Access.READ, row.activity.center_id):
        raise NotFoundOrOutOfScope()
    return row


def plan_projects_for(center: Center) -> QuerySet[PlanProject]:
    """Projects of the community plans inside the center's area (to link an activity to)."""
    column = _CENTER_COLUMN[len(center.area_id)]
    return (
        PlanProject.objects.filter(**{f"plan__{column}": center.area_id})
        .select_related("plan", "plan__area")
        .order_by("plan__area_id", "-plan__first_year", "year", "pk")
    )


# Stories ----------------------------------------------------------------------------------------


def stories_of(center: Center) -> QuerySet[Story]:
    return center.stories.order_by("-published", "-published_at", "-pk")


def story_get(*, user, story_id: int, access: Access = Access.READ) -> Story:
    story = (
        Story.objects.select_related(
            "center", "center__area", "center__area__parent", "center__area__parent__parent"
        )
        .prefetch_related(
            "photos", Prefetch("activities", queryset=Activity.objects.order_by("-starts_on"))
        )
        .filter(pk=story_id)
        .first()
    )
    if story is None or not can(user, access, story.center_id):
        raise NotFoundOrOutOfScope()
    return story


def story_photo_get(*, user, photo_id: int) -> StoryPhoto:
    photo = StoryPhoto.objects.select_related("story").filter(pk=photo_id).first()
    if photo is None or not can(user, Access.READ, photo.story.center_id):
        raise NotFoundOrOutOfScope()
    return photo


def public_story(story_id: int) -> Story | None:
    """A published story, for anyone (None for a draft or an unknown story)."""
    return (
        Story.objects.filter(pk=story_id, published=True)
        .select_related(
            "center", "center__area", "center__area__parent", "center__area__parent__parent"
        )
        .prefetch_related("photos")
        .first()
    )


def public_photo(photo_id: int) -> StoryPhoto | None:
    """A photo of a published story, for anyone (None otherwise)."""
    return (
        StoryPhoto.objects.filter(pk=photo_id, story__published=True)
        .select_related("story")
        .first()
    )


def published_stories(code: str, *, limit: int = 50) -> list[Story]:
    """Published stories of the centers inside an area (a province, district or subdistrict
    code), newest first, with their photos."""
    column = {2: "center__province_code", 4: "center__district_code"}.get(len(code), "center_id")
    return list(
        Story.objects.filter(published=True, **{column: code})
        .select_related("center")
        .prefetch_related("photos")
        .order_by("-published_at", "-pk")[:limit]
    )


# Community plans --------------------------------------------------------------------------------


def plans_in(*, user, area: Area) -> QuerySet[CommunityPlan]:
    """The plans inside `area` that the user may read (a village's own, a subdistrict's and
    those of its villages, every plan of a district or province)."""
    qs = filter_queryset(CommunityPlan.objects.all(), user, Access.READ)
    if area.level == Level.VILLAGE:
        qs = qs.filter(area_id=area.code)
    else:
        qs = qs.filter(**{_CENTER_COLUMN[len(area.code)]: area.code})
    return qs.select_related("area").order_by("area_id", "-first_year", "pk")


def plan_get(*, user, plan_id: int, access: Access = Access.READ) -> CommunityPlan:
    plan = (
        CommunityPlan.objects.select_related("area", "area__parent", "area__parent__parent")
        .prefetch_related(
            Prefetch(
                "projects",
                queryset=PlanProject.objects.order_by("year", "pk").prefetch_related(
                    Prefetch(
                        "activities",
                        queryset=Activity.objects.select_related("center").order_by("starts_on"),
                    )
                ),
            )
        )
        .filter(pk=plan_id)
        .first()
    )
    if plan is None:
        raise NotFoundOrOutOfScope()
    # Plans are read by their own area and changed by their subdistrict center's scope.
    code = plan.area_id if access == Access.READ else plan.subdistrict_code
    if not can(user, access, code):
        raise NotFoundOrOutOfScope()
    return plan


def plan_project_get(*, user, project_id: int, access: Access = Access.CHANGE) -> PlanProject:
    project = PlanProject.objects.select_related("plan", "plan__area").filter(pk=project_id).first()
    if project is None:
        raise NotFoundOrOutOfScope()
    code = project.plan.area_id if access == Access.READ else project.plan.subdistrict_code
    if not can(user, access, code):
        raise NotFoundOrOutOfScope()
    return project


@dataclass
class Tally:
    """Projects counted, and their budget."""

    key: str
    label: str
    projects: int = 0
    budget: Decimal = Decimal(0)


@dataclass
class PlanRow:
    plan: CommunityPlan
    projects: int
    done: int
    budget: Decimal


@dataclass
class PlanOverview:
    """The plans inside an area and their projects rolled up: a subdistrict's view holds its
    own plan and those of its villages."""

    plans: list[PlanRow]
    by_progress: list[Tally]
    by_doer: list[Tally]
    by_mission: list[Tally]
    projects: int
    budget: Decimal

    @property
    def done_share(self) -> float | None:
        done = next((t.projects for t in self.by_progress if t.key == ProjectProgress.DONE), 0)
        return done / self.projects if self.projects else None


def plan_overview(plans: QuerySet[CommunityPlan], *, year: int | None = None) -> PlanOverview:
    """GROUP BY over the projects of `plans` (of one fiscal year when `year` is given)."""
    plan_list = list(plans)
    projects = PlanProject.objects.filter(plan__in=[p.pk for p in plan_list])
    if year:
        projects = projects.filter(year=year)

    def tallies(column: str, choices) -> list[Tally]:
        found = {
            row[column]: row
            for row in projects.values(column)
            .annotate(n=Count("pk"), money=Sum("budget"))
            .order_by()
        }
        return [
            Tally(
                key=key,
                label=str(label),
                projects=found.get(key, {}).get("n", 0),
                budget=found.get(key, {}).get("money") or Decimal(0),
            )
            for key, label in choices
        ]

    per_plan: dict[int, dict] = defaultdict(lambda: {"n": 0, "done": 0, "money": Decimal(0)})
    for row in (
        projects.values("plan_id", "progress")
        .annotate(n=Count("pk"), money=Sum("budget"))
        .order_by()
    ):
        bucket = per_plan[row["plan_id"]]
        bucket["n"] += row["n"]
        bucket["money"] += row["money"] or Decimal(0)
        if row["progress"] == ProjectProgress.DONE:
            bucket["done"] += row["n"]
    by_progress = tallies("progress", ProjectProgress.choices)
    return PlanOverview(
        plans=[
            PlanRow(
                plan=p,
                projects=per_plan[p.pk]["n"],
                done=per_plan[p.pk]["done"],
                budget=per_plan[p.pk]["money"],
            )
            for p in plan_list
        ],
        by_progress=by_progress,
        by_doer=tallies("doer", ProjectDoer.choices),
        by_mission=[t for t in tallies("mission", Mission.choices) if t.projects],
        projects=sum(t.projects for t in by_progress),
        budget=sum((t.budget for t in by_progress), Decimal(0)),
    )


# The public exhibition ------------------------------------------------------------------------


@dataclass
class MissionRow:
    mission: str
    label: str
    activities: int
    spending: Decimal
    participants: int = 0


@dataclass
class YearRow:
    fiscal_year: int
    activities: int
    spending: Decimal
    participants: int
    missions: list[MissionRow]


@dataclass
class StoryTotals:
    stories: int = 0
    people_reached: int = 0
    money_saved: Decimal = Decimal(0)
    money_earned: Decimal = Decimal(0)


@dataclass
class Exhibition:
    area: Area
    center: Center | None
    stories: list[Story]
    story_totals: StoryTotals
    by_mission: list[MissionRow]
    by_year: list[YearRow]
    total_activities: int
    total_spending: Decimal
    total_participants: int
    figures: AreaFigures
    on: datetime.date = field(default_factory=clock.today)

    @property
    def name(self) -> str:
        return self.center.name if self.center else self.area.display_name

    @property
    def missions_served(self) -> int:
        return sum(1 for row in self.by_mission if row.activities)


def member_exhibitions(area: Area) -> list[tuple[str, str]]:
    """(code, name) of the centers one level below `area` (a province's district centers, a
    district's subdistrict centers), to walk down the exhibitions."""
    below = {
        Level.PROVINCE: (Level.DISTRICT, "province_code"),
        Level.DISTRICT: (Level.SUBDISTRICT, "district_code"),
    }.get(area.level)
    if below is None:
        return []
    level, column = below
    return list(
        Center.objects.filter(level=level, **{column: area.code})
        .order_by("area_id")
        .values_list("area_id", "name")
    )


def _story_totals(code: str) -> StoryTotals:
    column = {2: "center__province_code", 4: "center__district_code"}.get(len(code), "center_id")
    row = Story.objects.filter(published=True, **{column: code}).aggregate(
        stories=Count("pk"),
        people=Sum("people_reached"),
        saved=Sum("money_saved"),
        earned=Sum("money_earned"),
    )
    return StoryTotals(
        stories=row["stories"] or 0,
        people_reached=row["people"] or 0,
        money_saved=row["saved"] or Decimal(0),
        money_earned=row["earned"] or Decimal(0),
    )


def exhibition(
    code: str, *, on: datetime.date | None = None, stories: int = 50
) -> Exhibition | None:
    """What anyone may see of an area's (or a center's) results: published stories, the
    network's figures and the activity figures from the roll-ups. No people, no drafts."""
    code = (code or "")[:8]
    area = (
        Area.objects.select_related("parent", "parent__parent")
        .filter(code=code, level__in=(Level.PROVINCE, Level.DISTRICT, Level.SUBDISTRICT))
        .first()
    )
    if area is None:
        return None
    on = on or clock.today()
    center = Center.objects.filter(pk=area.code).first()
    figures = area_figures(area.code, on=on)
    raw = {
        metric: figures.raw.get(metric, {})
        for metric in ("activities", "spending_satang", "participants")
    }
    years = sorted({int(key.split(":")[0]) for key in raw["activities"]}, reverse=True)

    def row(mission: str, keys: list[str]) -> MissionRow:
        label = Mission(mission).label if mission in Mission.values else _("All missions")
        return MissionRow(
            mission=mission,
            label=str(label),
            activities=sum(raw["activities"].get(k, 0) for k in keys),
            spending=_baht(sum(raw["spending_satang"].get(k, 0) for k in keys)),
            participants=sum(raw["participants"].get(k, 0) for k in keys),
        )

    by_year = []
    for year in years:
        total = row(ALL, [f"{year}:{ALL}"])
        missions = [row(m, [f"{year}:{m}"]) for m in Mission.values]
        by_year.append(
            YearRow(
                fiscal_year=year,
                activities=total.activities,
                spending=total.spending,
                participants=total.participants,
                missions=[m for m in missions if m.activities],
            )
        )
    overall = row(ALL, [f"{y}:{ALL}" for y in years])
    return Exhibition(
        area=area,
        center=center,
        stories=published_stories(area.code, limit=stories),
        story_totals=_story_totals(area.code),
        by_mission=[row(m, [f"{y}:{m}" for y in years]) for m in Mission.values],
        by_year=by_year,
        total_activities=overall.activities,
        total_spending=overall.spending,
        total_participants=overall.participants,
        figures=figures,
        on=on,
    )
