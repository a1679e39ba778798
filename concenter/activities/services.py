"""Writes of activities and success stories. Each checks the actor's scope on the center, writes,
and moves the roll-up figures in the same transaction; auditlog records each saved row."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from concenter.accounts.scope import Access, require
from concenter.activities import rollups as activity_rollups
from concenter.activities.markdown import render_markdown
from concenter.activities.models import Activity, ActivityKind, ActivityMission, Mission, Story
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.common.thai import fiscal_year_be, normalize_text
from concenter.common.versioning import lock_for_update
from concenter.network import rollups
from concenter.network.models import Center

MAX_MONEY = Decimal("999999999999.99")


def _require_center(actor, code: str, access: Access = Access.CHANGE) -> Center:
    center = Center.objects.filter(pk=code or "").first()
    if center is None:
        raise NotFoundOrOutOfScope()
    require(actor, access, center.area_id)
    return center


def _money(value, field_name: str, errors: dict) -> Decimal:
    try:
        amount = Decimal(value if value not in (None, "") else 0)
    except (ArithmeticError, ValueError, TypeError):
        errors[field_name] = _("Enter an amount in baht.")
        return Decimal(0)
    if amount < 0:
        errors[field_name] = _("The amount cannot be negative.")
    elif amount > MAX_MONEY:
        errors[field_name] = _("The amount is too large.")
    return amount.quantize(Decimal("0.01"))


def _count(value, field_name: str, errors: dict) -> int:
    try:
        number = int(value or 0)
    except (TypeError, ValueError):
        errors[field_name] = _("Enter a whole number.")
        return 0
    if number < 0:
        errors[field_name] = _("The number cannot be negative.")
    return number


# Activities ---------------------------------------------------------------------------------------


@dataclass
class ActivityData:
    kind: str
    title: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    missions: list[str] = field(default_factory=list)
    place: str = ""
    budget: Decimal | int | str = 0
    spent: Decimal | int | str = 0
    participants_male: int = 0
    participants_female: int = 0
    participants_other: int = 0
    outputs: str = ""
    outcomes: str = ""


def _activity_values(data: ActivityData) -> tuple[dict, list[str]]:
    errors: dict[str, str] = {}
    if data.kind not in ActivityKind.values:
        errors["kind"] = _("Unknown kind of activity.")
    title = normalize_text(data.title or "")[:250]
    if not title:
        errors["title"] = _("Enter a title.")
    if data.starts_on is None:
        errors["starts_on"] = _("Enter the first day.")
    ends_on = data.ends_on or data.starts_on
    if data.starts_on and ends_on and ends_on < data.starts_on:
        errors["ends_on"] = _("The end date is before the start date.")
    missions = sorted(set(data.missions or []))
    if not missions:
        errors["missions"] = _("Choose at least one mission.")
    elif any(m not in Mission.values for m in missions):
        errors["missions"] = _("Unknown mission.")
    values = {
        "kind": data.kind,
        "title": title,
        "starts_on": data.starts_on,
        "ends_on": ends_on,
        "place": normalize_text(data.place or "")[:250],
        "budget": _money(data.budget, "budget", errors),
        "spent": _money(data.spent, "spent", errors),
        "participants_male": _count(data.participants_male, "participants_male", errors),
        "participants_female": _count(data.participants_female, "participants_female", errors),
        "participants_other": _count(data.participants_other, "participants_other", errors),
        "outputs": normalize_text(data.outputs or "")[:5000],
        "outcomes": normalize_text(data.outcomes or "")[:5000],
    }
    if errors:
        raise ValidationError(errors)
    values["fiscal_year"] = fiscal_year_be(data.starts_on)
    return values, missions


def _set_missions(activity: Activity, missions: list[str]) -> None:
    current = set(activity.missions.values_list("mission", flat=True))
    for row in activity.missions.exclude(mission__in=missions):
        row.delete()  # one by one, so auditlog records each
    for mission in missions:
        if mission not in current:
            ActivityMission.objects.create(activity=activity, mission=mission)


@transaction.atomic
def activity_create(*, actor, center_code: str, data: ActivityData) -> Activity:
    center = _require_center(actor, center_code)
    values, missions = _activity_values(data)
    activity = Activity(center=center, **values)
    activity.save()
    _set_missions(activity, missions)
    rollups.rollup_change([], activity_rollups.activity_contributions(activity, missions))
    return activity


@transaction.atomic
def activity_update(
    *, actor, activity_id: int, expected_version: int | None, data: ActivityData
) -> Activity:
    found = Activity.objects.filter(pk=activity_id).values_list("center_id", flat=True).first()
    if found is None:
        raise NotFoundOrOutOfScope()
    _require_center(actor, found)
    activity = lock_for_update(
        Activity.objects.select_related("center").filter(pk=activity_id),
        expected_version=expected_version,
    )
    before = activity_rollups.activity_contributions(
        activity, list(activity.missions.values_list("mission", flat=True))
    )
    values, missions = _activity_values(data)
    for name, value in values.items():
        setattr(activity, name, value)
    activity.save()
    _set_missions(activity, missions)
    rollups.rollup_change(before, activity_rollups.activity_contributions(activity, missions))
    return activity


# Stories --------------------------------------------------------------------------------------------


@dataclass
class StoryData:
    title: str
    summary: str = ""
    body: str = ""
    people_reached: int = 0
    money: Decimal | int | str = 0


def _story_values(data: StoryData) -> dict:
    errors: dict[str, str] = {}
    title = normalize_text(data.title or "")[:250]
    if not title:
        errors["title"] = _("Enter a title.")
    body = (data.body or "").replace("\r\n", "\n")[:50000]
    values = {
        "title": title,
        "summary": normalize_text(data.summary or "")[:500],
        "body": body,
        "body_html": render_markdown(body),
        "people_reached": _count(data.people_reached, "people_reached", errors),
        "money": _money(data.money, "money", errors),
    }
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def story_create(*, actor, center_code: str, data: StoryData) -> Story:
    center = _require_center(actor, center_code)
    story = Story(center=center, **_story_values(data))
    story.save()
    return story


def _locked_story(actor, story_id: int, expected_version: int | None) -> Story:
    center_id = Story.objects.filter(pk=story_id).values_list("center_id", flat=True).first()
    if center_id is None:
        raise NotFoundOrOutOfScope()
    _require_center(actor, center_id)
    return lock_for_update(Story.objects.filter(pk=story_id), expected_version=expected_version)


@transaction.atomic
def story_update(*, actor, story_id: int, expected_version: int | None, data: StoryData) -> Story:
    story = _locked_story(actor, story_id, expected_version)
    for name, value in _story_values(data).items():
        setattr(story, name, value)
    story.save()
    return story


@transaction.atomic
def story_publish(
    *, actor, story_id: int, published: bool = True, expected_version: int | None = None
) -> Story:
    """Show the story on the public exhibition (or take it down with published=False)."""
    story = _locked_story(actor, story_id, expected_version)
    if published and not story.title:
        raise ValidationError({"title": _("Enter a title.")})
    story.published = published
    story.published_at = timezone.now() if published else None
    story.save()
    return story
