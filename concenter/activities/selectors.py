"""Reads of activities and stories, through the reader's scope; and the public exhibition."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from concenter.accounts.scope import Access, can
from concenter.activities.models import Activity, ActivityMission, Mission, Story
from concenter.activities.rollups import ALL
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.geography.models import Area
from concenter.network.models import Center, Rollup


def activities_of(center: Center) -> QuerySet[Activity]:
    return center.activities.prefetch_related(
        Prefetch("missions", queryset=ActivityMission.objects.order_by("mission"))
    ).order_by("-starts_on", "-pk")


def activity_get(*, user, activity_id: int, access: Access = Access.READ) -> Activity:
    activity = (
        Activity.objects.select_related("center", "center__area")
        .prefetch_related("missions")
        .filter(pk=activity_id)
        .first()
    )
    if activity is None or not can(user, access, activity.center_id):
        raise NotFoundOrOutOfScope()
    return activity


def stories_of(center: Center) -> QuerySet[Story]:
    return center.stories.order_by("-published", "-published_at", "-pk")


def story_get(*, user, story_id: int, access: Access = Access.READ) -> Story:
    story = Story.objects.select_related("center", "center__area").filter(pk=story_id).first()
    if story is None or not can(user, access, story.center_id):
        raise NotFoundOrOutOfScope()
    return story


# The public exhibition ------------------------------------------------------------------------


@dataclass
class MissionRow:
    mission: str
    label: str
    activities: int
    spending: Decimal


@dataclass
class YearRow:
    fiscal_year: int
    activities: int
    spending: Decimal
    missions: list[MissionRow]


@dataclass
class Exhibition:
    area: Area
    center: Center | None
    stories: list[Story]
    by_mission: list[MissionRow]
    by_year: list[YearRow]
    total_activities: int
    total_spending: Decimal


def _baht(satang: int) -> Decimal:
    return (Decimal(satang) / 100).quantize(Decimal("0.01"))


def exhibition(code: str) -> Exhibition | None:
    """What anyone may see of an area's (or a center's) results: published stories and the
    activity figures from the roll-ups. No people, no unpublished records."""
    area = Area.objects.filter(code=(code or "")[:8]).exclude(level="village").first()
    if area is None:
        return None
    center = Center.objects.filter(pk=area.code).first()
    column = {2: "center__province_code", 4: "center__district_code"}.get(
        len(area.code), "center_id"
    )
    stories = list(
        Story.objects.filter(published=True, **{column: area.code})
        .select_related("center")
        .order_by("-published_at", "-pk")[:50]
    )
    figures: dict[tuple[str, str], int] = {}
    for metric, key, value in Rollup.objects.filter(
        area_code=area.code, metric__in=("activities", "spending_satang")
    ).values_list("metric", "key", "value"):
        figures[(metric, key)] = value
    years = sorted({int(key.split(":")[0]) for _metric, key in figures}, reverse=True)

    def row(mission: str, keys: list[str]) -> MissionRow:
        label = Mission(mission).label if mission in Mission.values else mission
        return MissionRow(
            mission=mission,
            label=str(label),
            activities=sum(figures.get(("activities", k), 0) for k in keys),
            spending=_baht(sum(figures.get(("spending_satang", k), 0) for k in keys)),
        )

    by_year = []
    for year in years:
        missions = [row(m, [f"{year}:{m}"]) for m in Mission.values]
        total = row(ALL, [f"{year}:{ALL}"])
        by_year.append(
            YearRow(
                fiscal_year=year,
                activities=total.activities,
                spending=total.spending,
                missions=[m for m in missions if m.activities],
            )
        )
    by_mission = [row(m, [f"{y}:{m}" for y in years]) for m in Mission.values]
    overall = row(ALL, [f"{y}:{ALL}" for y in years])
    return Exhibition(
        area=area,
        center=center,
        stories=stories,
        by_mission=by_mission,
        by_year=by_year,
        total_activities=overall.activities,
        total_spending=overall.spending,
    )
