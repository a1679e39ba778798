"""Writes of activities, meetings, community plans and success stories.

Each function checks the actor's scope first (404 through NotFoundOrOutOfScope, never 403), then
the rules (ValidationError naming the field), writes, and moves the roll-up figures in the same
transaction; auditlog records each saved row. Updates take the version the user started from.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from concenter.accounts.scope import Access, can, require
from concenter.activities import rollups as activity_rollups
from concenter.activities import rules
from concenter.activities.markdown import render_markdown
from concenter.activities.models import (
    MEETING_KINDS,
    Activity,
    ActivityAttendee,
    ActivityFile,
    ActivityKind,
    ActivityMission,
    ActivityPartner,
    AgeBand,
    AttendanceStatus,
    CommunityPlan,
    FileKind,
    MeetingAttendance,
    MeetingResolution,
    Mission,
    ParticipantCount,
    PlanProject,
    ProjectDoer,
    ProjectProgress,
    Sex,
    Story,
    StoryPhoto,
)
from concenter.activities.selectors import committee_on
from concenter.common import clock, uploads
from concenter.common.errors import NotFoundOrOutOfScope, parse_error_message
from concenter.common.thai import (
    MAX_BE_YEAR,
    MIN_BE_YEAR,
    ThaiParseError,
    fiscal_year_be,
    normalize_text,
    parse_decimal_money,
    to_arabic_digits,
)
from concenter.common.versioning import lock_for_update
from concenter.geography.models import Area, Level
from concenter.network import rollups
from concenter.network.models import Center, Partner
from concenter.people.models import Person

MAX_MONEY = Decimal("999999999999.99")
MAX_COUNT = 10_000_000  # people in one activity: more is a typing mistake
TEXT_LIMIT = 5000
RESOLUTION_LIMIT = 2000


def _require_center(actor, code: str, access: Access = Access.CHANGE) -> Center:
    center = Center.objects.filter(pk=code or "").first()
    if center is None:
        raise NotFoundOrOutOfScope()
    require(actor, access, center.area_id)
    return center


def _money(value, field_name: str, errors: dict) -> Decimal:
    """Baht as typed ("12,500", "12,500.50 บาท", "๑๒,๕๐๐") or as a number; 0 when empty."""
    if value in (None, ""):
        return Decimal("0.00")
    try:
        amount = parse_decimal_money(value)
    except ThaiParseError as exc:
        errors[field_name] = parse_error_message(exc)
        return Decimal(0)
    if amount < 0:
        errors[field_name] = _("The amount cannot be negative.")
    elif amount > MAX_MONEY:
        errors[field_name] = _("The amount is too large.")
    return amount


def _count(value, field_name: str, errors: dict) -> int:
    try:
        number = int(value or 0)
    except (TypeError, ValueError):
        errors[field_name] = _("Enter a whole number.")
        return 0
    if number < 0:
        errors[field_name] = _("The number cannot be negative.")
    elif number > MAX_COUNT:
        errors[field_name] = _("The number is too large.")
    return number


def _text(value, limit: int = TEXT_LIMIT) -> str:
    return normalize_text(value or "")[:limit]


def _long_text(value, limit: int = TEXT_LIMIT) -> str:
    """Text whose line breaks matter (minutes, problems): each line normalised, breaks kept."""
    lines = (value or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(normalize_text(line) for line in lines).strip()[:limit]


def _lock_activity(actor, activity_id: int, expected_version: int | None = None) -> Activity:
    """The activity, locked, after the actor's change scope on its center was checked."""
    center_id = Activity.objects.filter(pk=activity_id).values_list("center_id", flat=True).first()
    if center_id is None:
        raise NotFoundOrOutOfScope()
    require(actor, Access.CHANGE, center_id)
    return lock_for_update(
        Activity.objects.select_related("center").filter(pk=activity_id),
        expected_version=expected_version,
    )


def _touch(activity: Activity) -> None:
    """A change of an activity's parts is a change of the activity (its version moves)."""
    activity.save(update_fields=["version", "updated_at"])


# Activities ---------------------------------------------------------------------------------------


@dataclass
class ActivityData:
    kind: str
    title: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None = None
    missions: list[str] = field(default_factory=list)
    place: str = ""
    budget: Decimal | int | str = 0
    spent: Decimal | int | str = 0
    # (sex, age band) -> how many took part; age band "unknown" when it was not recorded.
    participants: dict[tuple[str, str], int] = field(default_factory=dict)
    outputs: str = ""
    outcomes: str = ""
    agenda: str = ""
    minutes: str = ""
    resolutions: list[str] = field(default_factory=list)
    plan_project_id: int | None = None


def participant_field(sex: str, age_band: str) -> str:
    """The name of one cell of the participants' grid, in forms and errors."""
    return f"participants_{sex}_{age_band}"


def _participants(data: ActivityData, errors: dict) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    for (sex, age_band), value in (data.participants or {}).items():
        name = participant_field(sex, age_band)
        if sex not in Sex.values or age_band not in AgeBand.values:
            errors["participants"] = _("Unknown sex or age band in the participants.")
            continue
        number = _count(value, name, errors)
        if number:
            counts[(sex, age_band)] = number
    return counts


def _plan_project(actor, center: Center, project_id, errors: dict) -> PlanProject | None:
    if not project_id:
        return None
    project = PlanProject.objects.select_related("plan").filter(pk=project_id).first()
    if (
        project is None
        or not can(actor, Access.READ, project.plan.area_id)
        or not project.plan.area_id.startswith(center.area_id)
    ):
        errors["plan_project"] = _("Choose a project of a community plan inside the center's area.")
        return None
    return project


def _activity_values(actor, center: Center, data: ActivityData) -> tuple[dict, dict]:
    errors: dict[str, str] = {}
    if data.kind not in ActivityKind.values:
        errors["kind"] = _("Unknown kind of activity.")
    title = _text(data.title, 250)
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
    agenda = _long_text(data.agenda)
    minutes = _long_text(data.minutes, 50_000)
    resolutions = [_long_text(r, RESOLUTION_LIMIT) for r in data.resolutions or []]
    resolutions = [r for r in resolutions if r]
    if data.kind not in MEETING_KINDS:
        for name, value in (("agenda", agenda), ("minutes", minutes), ("resolutions", resolutions)):
            if value:
                errors[name] = _("Only a meeting has an agenda, minutes and resolutions.")
    values = {
        "kind": data.kind,
        "title": title,
        "starts_on": data.starts_on,
        "ends_on": ends_on,
        "place": _text(data.place, 250),
        "budget": _money(data.budget, "budget", errors),
        "spent": _money(data.spent, "spent", errors),
        "outputs": _long_text(data.outputs),
        "outcomes": _long_text(data.outcomes),
        "agenda": agenda,
        "minutes": minutes,
        "plan_project": _plan_project(actor, center, data.plan_project_id, errors),
    }
    parts = {
        "missions": missions,
        "participants": _participants(data, errors),
        "resolutions": resolutions,
    }
    if errors:
        raise ValidationError(errors)
    values["fiscal_year"] = fiscal_year_be(data.starts_on)
    counts = parts["participants"]
    for sex in Sex.values:
        values[f"participants_{sex}"] = sum(n for (s, _band), n in counts.items() if s == sex)
    return values, parts


def _set_missions(activity: Activity, missions: list[str]) -> None:
    current = set(activity.missions.values_list("mission", flat=True))
    for row in activity.missions.exclude(mission__in=missions):
        row.delete()  # one by one, so auditlog records each
    for mission in missions:
        if mission not in current:
            ActivityMission.objects.create(activity=activity, mission=mission)


def _set_participants(activity: Activity, counts: dict[tuple[str, str], int]) -> None:
    rows = {(r.sex, r.age_band): r for r in activity.participant_counts.all()}
    for key, row in rows.items():
        if key not in counts:
            row.delete()
        elif row.count != counts[key]:
            row.count = counts[key]
            row.save()
    for (sex, age_band), number in counts.items():
        if (sex, age_band) not in rows:
            ParticipantCount.objects.create(
                activity=activity, sex=sex, age_band=age_band, count=number
            )


def _set_resolutions(activity: Activity, texts: list[str]) -> None:
    rows = {r.number: r for r in activity.resolutions.all()}
    for number, row in rows.items():
        if number > len(texts):
            row.delete()
    for number, text in enumerate(texts, start=1):
        row = rows.get(number)
        if row is None:
            MeetingResolution.objects.create(activity=activity, number=number, text=text)
        elif row.text != text:
            row.text = text
            row.save()


def _check_attendance_still_fits(activity: Activity) -> None:
    """Attendance is of the committee in force on the meeting's day: a meeting with attendance
    keeps a meeting kind and a day inside that committee's term."""
    terms = set(activity.attendance.values_list("seat__term_id", flat=True))
    if not terms:
        return
    if activity.kind not in MEETING_KINDS:
        raise ValidationError(
            {
                "kind": _(
                    "The attendance of the committee is recorded for this meeting: "
                    "it stays a meeting."
                )
            }
        )
    term, _seats = committee_on(activity.center_id, activity.starts_on)
    if term is None or terms != {term.pk}:
        raise ValidationError(
            {
                "starts_on": _(
                    "The attendance recorded is of the committee in force on the old date; "
                    "the new date falls in another term. Clear the attendance first."
                )
            }
        )


def _save_parts(activity: Activity, parts: dict) -> None:
    _set_missions(activity, parts["missions"])
    _set_participants(activity, parts["participants"])
    _set_resolutions(activity, parts["resolutions"])


@transaction.atomic
def activity_create(*, actor, center_code: str, data: ActivityData) -> Activity:
    """Record an activity of a center. Spending above the budget is allowed (the pages warn)."""
    center = _require_center(actor, center_code)
    values, parts = _activity_values(actor, center, data)
    activity = Activity(center=center, **values)
    activity.save()
    _save_parts(activity, parts)
    rollups.rollup_change([], activity_rollups.activity_contributions(activity, parts["missions"]))
    return activity


@transaction.atomic
def activity_update(
    *, actor, activity_id: int, expected_version: int | None, data: ActivityData
) -> Activity:
    activity = _lock_activity(actor, activity_id, expected_version)
    before = activity_rollups.activity_contributions(
        activity, list(activity.missions.values_list("mission", flat=True))
    )
    values, parts = _activity_values(actor, activity.center, data)
    for name, value in values.items():
        setattr(activity, name, value)
    _check_attendance_still_fits(activity)
    activity.save()
    _save_parts(activity, parts)
    rollups.rollup_change(
        before, activity_rollups.activity_contributions(activity, parts["missions"])
    )
    return activity


@transaction.atomic
def activity_delete(*, actor, activity_id: int, expected_version: int | None = None) -> None:
    """Delete an activity recorded by mistake, with its parts and files; its figures go."""
    activity = _lock_activity(actor, activity_id, expected_version)
    before = activity_rollups.activity_contributions(
        activity, list(activity.missions.values_list("mission", flat=True))
    )
    names = list(activity.files.values_list("stored_name", flat=True))
    for model in (
        ActivityMission,
        ParticipantCount,
        ActivityPartner,
        ActivityAttendee,
        MeetingAttendance,
        MeetingResolution,
        ActivityFile,
    ):
        for row in model.objects.filter(activity=activity):
            row.delete()  # one by one, so auditlog records each
    for story in activity.stories.all():
        story.activities.remove(activity)  # from the story's side, so auditlog logs the link
    activity.delete()
    rollups.rollup_change(before, [])
    transaction.on_commit(lambda: [uploads.delete_stored(name) for name in names])


# Partners and attendees of an activity ------------------------------------------------------------


@transaction.atomic
def activity_partner_add(
    *, actor, activity_id: int, partner_id: int, money="0", in_kind: str = ""
) -> ActivityPartner:
    """Name a partner of the network involved in the activity, and its support."""
    activity = _lock_activity(actor, activity_id)
    partner = Partner.objects.filter(pk=partner_id).first() if partner_id else None
    if partner is None or not can(actor, Access.READ, partner.area_id):
        raise ValidationError({"partner": _("Unknown partner.")})
    errors: dict[str, str] = {}
    amount = _money(money, "money", errors)
    in_kind = _text(in_kind, 500)
    if errors:
        raise ValidationError(errors)
    if not amount and not in_kind:
        raise ValidationError({"money": _("Enter the support in money, in kind, or both.")})
    if activity.partners.filter(partner=partner).exists():
        raise ValidationError({"partner": _("This partner is already named for the activity.")})
    row = ActivityPartner.objects.create(
        activity=activity, partner=partner, money=amount, in_kind=in_kind
    )
    _touch(activity)
    return row


@transaction.atomic
def activity_partner_remove(*, actor, activity_partner_id: int) -> None:
    activity_id = (
        ActivityPartner.objects.filter(pk=activity_partner_id)
        .values_list("activity_id", flat=True)
        .first()
    )
    if activity_id is None:
        raise NotFoundOrOutOfScope()
    activity = _lock_activity(actor, activity_id)
    ActivityPartner.objects.get(pk=activity_partner_id).delete()
    _touch(activity)


@transaction.atomic
def activity_attendee_add(
    *, actor, activity_id: int, person_id: int, role: str = ""
) -> ActivityAttendee:
    """Name a person of the registry who took part. The counts by sex and age band stay as
    typed: named attendees are those known by name, not a second count."""
    activity = _lock_activity(actor, activity_id)
    person = Person.objects.filter(pk=person_id).first() if person_id else None
    if person is None or not can(actor, Access.READ, person.area_id):
        raise ValidationError({"person": _("Unknown person.")})
    if activity.attendees.filter(person=person).exists():
        raise ValidationError({"person": _("This person is already named as an attendee.")})
    row = ActivityAttendee.objects.create(activity=activity, person=person, role=_text(role, 100))
    _touch(activity)
    return row


@transaction.atomic
def activity_attendee_remove(*, actor, attendee_id: int) -> None:
    activity_id = (
        ActivityAttendee.objects.filter(pk=attendee_id)
        .values_list("activity_id", flat=True)
        .first()
    )
    if activity_id is None:
        raise NotFoundOrOutOfScope()
    activity = _lock_activity(actor, activity_id)
    ActivityAttendee.objects.get(pk=attendee_id).delete()
    _touch(activity)


# Meetings -----------------------------------------------------------------------------------------


@transaction.atomic
def meeting_attendance_set(
    *,
    actor,
    activity_id: int,
    statuses: dict[int, str],
    expected_version: int | None = None,
) -> Activity:
    """Record who of the committee attended a meeting: {seat id: present/excused/absent}.

    The seats are those of the center's committee in force on the meeting's first day (advisors
    too, though they do not count toward the quorum). Seats left out have no record."""
    activity = _lock_activity(actor, activity_id, expected_version)
    if activity.kind not in MEETING_KINDS:
        raise ValidationError({"kind": _("Attendance of the committee is for meetings only.")})
    term, seats = committee_on(activity.center_id, activity.starts_on)
    by_id = {seat.pk: seat for seat in seats}
    if term is None and statuses:
        raise ValidationError(
            {"attendance": _("The center has no committee in force on the day of the meeting.")}
        )
    errors: dict[str, str] = {}
    wanted: dict[int, str] = {}
    for seat_id, status in (statuses or {}).items():
        try:
            seat_id = int(seat_id)
        except (TypeError, ValueError):
            errors["attendance"] = _("Unknown committee seat.")
            continue
        if not status:
            continue
        if seat_id not in by_id:
            errors["attendance"] = _(
                "Only members of the committee in force on the day of the meeting can be recorded."
            )
        elif status not in AttendanceStatus.values:
            errors[f"seat_{seat_id}"] = _("Unknown attendance status.")
        else:
            wanted[seat_id] = status
    if errors:
        raise ValidationError(errors)
    rows = {row.seat_id: row for row in activity.attendance.all()}
    for seat_id, row in rows.items():
        if seat_id not in wanted:
            row.delete()
        elif row.status != wanted[seat_id]:
            row.status = wanted[seat_id]
            row.save()
    for seat_id, status in wanted.items():
        if seat_id not in rows:
            MeetingAttendance.objects.create(activity=activity, seat=by_id[seat_id], status=status)
    activity.save(update_fields=["version", "updated_at"])
    return activity


# Files ----------------------------------------------------------------------------------------


@transaction.atomic
def activity_file_add(*, actor, activity_id: int, upload, caption: str = "") -> ActivityFile:
    """Attach a photo or a PDF, checked by its content (size, type); a photo is re-encoded
    upright, without EXIF (so without its GPS position), at most 1,600 pixels wide."""
    activity = _lock_activity(actor, activity_id)
    if activity.files.count() >= rules.ACTIVITY_FILES_MAX:
        raise ValidationError(
            {
                "file": _("An activity keeps at most %(max)s files.")
                % {"max": rules.ACTIVITY_FILES_MAX}
            }
        )
    try:
        checked = uploads.check_upload(upload, kinds=(uploads.PDF, uploads.IMAGE))
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    name = uploads.store_upload(checked, folder=f"activities/{activity.pk}")
    try:
        row = ActivityFile.objects.create(
            activity=activity,
            kind=FileKind.PHOTO if checked.kind == uploads.IMAGE else FileKind.DOCUMENT,
            stored_name=name,
            original_name=_text(checked.original_name, 200),
            caption=_text(caption, 250),
            size=len(checked.content),
        )
        _touch(activity)
    except Exception:
        uploads.delete_stored(name)
        raise
    return row


@transaction.atomic
def activity_file_remove(*, actor, file_id: int) -> None:
    row = ActivityFile.objects.filter(pk=file_id).first()
    if row is None:
        raise NotFoundOrOutOfScope()
    activity = _lock_activity(actor, row.activity_id)
    name = row.stored_name
    row.delete()
    _touch(activity)
    transaction.on_commit(lambda: uploads.delete_stored(name))


# Community plans ----------------------------------------------------------------------------------


@dataclass
class PlanData:
    first_year: int | None
    last_year: int | None
    title: str = ""
    problems: str = ""
    needs: str = ""
    approved_on: datetime.date | None = None
    notes: str = ""


def _plan_area(area_code: str) -> Area:
    area = Area.objects.filter(code=area_code or "", active=True).first()
    if area is None or area.level not in (Level.SUBDISTRICT, Level.VILLAGE):
        raise ValidationError(
            {"area_code": _("A community plan belongs to a village or a subdistrict.")}
        )
    return area


def _be_year(value, name: str, errors: dict) -> int | None:
    try:
        year = int(value)
    except (TypeError, ValueError):
        errors[name] = _("Enter a fiscal year in the Buddhist Era, such as 2568.")
        return None
    if not MIN_BE_YEAR <= year <= MAX_BE_YEAR:
        errors[name] = _("Enter a fiscal year in the Buddhist Era, such as 2568.")
        return None
    return year


def _plan_values(area: Area, data: PlanData, exclude_id: int | None = None) -> dict:
    errors: dict[str, str] = {}
    first = _be_year(data.first_year, "first_year", errors)
    last = _be_year(data.last_year if data.last_year else data.first_year, "last_year", errors)
    if first and last:
        if last < first:
            errors["last_year"] = _("The last year is before the first year.")
        elif last - first + 1 > rules.PLAN_MAX_YEARS:
            errors["last_year"] = _("A plan covers at most %(max)s fiscal years.") % {
                "max": rules.PLAN_MAX_YEARS
            }
    if data.approved_on and data.approved_on > clock.today():
        errors["approved_on"] = _("The date is in the future.")
    if errors:
        raise ValidationError(errors)
    other = CommunityPlan.objects.filter(
        area=area, first_year__lte=last, last_year__gte=first
    ).exclude(pk=exclude_id)
    overlapping = other.first()
    if overlapping is not None:
        raise ValidationError(
            {
                "first_year": _(
                    "This area already has a plan for %(period)s: the periods may not overlap."
                )
                % {"period": overlapping.period}
            }
        )
    period = str(first) if first == last else f"{first}–{last}"
    return {
        "title": _text(data.title, 250) or f"แผนชุมชน{area.display_name_th} {period}",
        "first_year": first,
        "last_year": last,
        "problems": _long_text(data.problems, 20_000),
        "needs": _long_text(data.needs, 20_000),
        "approved_on": data.approved_on,
        "notes": _long_text(data.notes),
    }


@transaction.atomic
def plan_create(*, actor, area_code: str, data: PlanData) -> CommunityPlan:
    """Record the community plan of a village or a subdistrict for a period of fiscal years.
    Plans belong to the subdistrict center: the scope is that of the subdistrict."""
    area = _plan_area(area_code)
    require(actor, Access.CHANGE, area.subdistrict_code)
    Area.objects.select_for_update().filter(pk=area.pk).first()  # one plan change per area
    plan = CommunityPlan(**_plan_values(area, data))
    plan.place_in(area)
    plan.save()
    return plan


def _locked_plan(actor, plan_id: int, expected_version: int | None = None) -> CommunityPlan:
    subdistrict = (
        CommunityPlan.objects.filter(pk=plan_id).values_list("subdistrict_code", flat=True).first()
    )
    if subdistrict is None:
        raise NotFoundOrOutOfScope()
    require(actor, Access.CHANGE, subdistrict)
    return lock_for_update(
        CommunityPlan.objects.select_related("area").filter(pk=plan_id),
        expected_version=expected_version,
    )


@transaction.atomic
def plan_update(
    *, actor, plan_id: int, expected_version: int | None, data: PlanData
) -> CommunityPlan:
    plan = _locked_plan(actor, plan_id, expected_version)
    values = _plan_values(plan.area, data, exclude_id=plan.pk)
    outside = plan.projects.filter(year__isnull=False).exclude(
        year__gte=values["first_year"], year__lte=values["last_year"]
    )
    if outside.exists():
        raise ValidationError(
            {"first_year": _("Some projects of the plan fall outside the new period.")}
        )
    for name, value in values.items():
        setattr(plan, name, value)
    plan.save()
    return plan


@dataclass
class ProjectData:
    name: str
    mission: str
    doer: str
    budget: Decimal | int | str = 0
    doer_name: str = ""
    year: int | None = None
    progress: str = ProjectProgress.PLANNED
    note: str = ""


def _project_values(plan: CommunityPlan, data: ProjectData) -> dict:
    errors: dict[str, str] = {}
    name = _text(data.name, 250)
    if not name:
        errors["name"] = _("Enter the project's name.")
    if data.mission not in Mission.values:
        errors["mission"] = _("Choose the mission the project serves.")
    if data.doer not in ProjectDoer.values:
        errors["doer"] = _("Choose who does the project.")
    if data.progress not in ProjectProgress.values:
        errors["progress"] = _("Unknown progress.")
    year = None
    if data.year not in (None, ""):
        year = _be_year(data.year, "year", errors)
        if year and not plan.first_year <= year <= plan.last_year:
            errors["year"] = _("The year must lie within the plan's period (%(period)s).") % {
                "period": plan.period
            }
    values = {
        "name": name,
        "mission": data.mission,
        "doer": data.doer,
        "budget": _money(data.budget, "budget", errors),
        "doer_name": _text(data.doer_name, 250),
        "year": year,
        "progress": data.progress,
        "note": _long_text(data.note),
    }
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def plan_project_add(*, actor, plan_id: int, data: ProjectData) -> PlanProject:
    plan = _locked_plan(actor, plan_id)
    project = PlanProject(plan=plan, **_project_values(plan, data))
    project.save()
    plan.save(update_fields=["version", "updated_at"])
    return project


def _locked_project(actor, project_id: int, expected_version: int | None) -> PlanProject:
    plan_id = PlanProject.objects.filter(pk=project_id).values_list("plan_id", flat=True).first()
    if plan_id is None:
        raise NotFoundOrOutOfScope()
    _locked_plan(actor, plan_id)
    return lock_for_update(
        PlanProject.objects.select_related("plan").filter(pk=project_id),
        expected_version=expected_version,
    )


@transaction.atomic
def plan_project_update(
    *, actor, project_id: int, expected_version: int | None, data: ProjectData
) -> PlanProject:
    """Change a project of a plan, its progress included (planned → in progress → done, or
    dropped)."""
    project = _locked_project(actor, project_id, expected_version)
    for name, value in _project_values(project.plan, data).items():
        setattr(project, name, value)
    project.save()
    return project


@transaction.atomic
def plan_project_remove(*, actor, project_id: int) -> None:
    """Remove a project typed by mistake. One that activities carried out is marked dropped
    instead, so the link stays."""
    project = _locked_project(actor, project_id, None)
    if project.activities.exists():
        raise ValidationError(
            {
                "project": _(
                    "Activities carried out this project: mark it dropped instead of removing it."
                )
            }
        )
    project.delete()


# Stories --------------------------------------------------------------------------------------


@dataclass
class StoryData:
    title: str
    summary: str = ""
    body: str = ""
    people_reached: int = 0
    money_saved: Decimal | int | str = 0
    money_earned: Decimal | int | str = 0
    activity_ids: list[int] = field(default_factory=list)


# What a phone number or a national ID looks like in a text (after Thai digits are made Arabic).
_PHONE = re.compile(r"(?<!\d)0\d{1,2}[ .\-]?\d{3}[ .\-]?\d{3,4}(?!\d)")
_NATIONAL_ID = re.compile(r"(?<!\d)\d(?:[ \-]?\d){12}(?!\d)")


def private_data_in(text: str) -> bool:
    """Whether a text seems to hold a phone number or a 13-digit national ID."""
    text = to_arabic_digits(text or "")
    return bool(_PHONE.search(text) or _NATIONAL_ID.search(text))


def _check_publishable(values: dict) -> None:
    for name in ("title", "summary", "body"):
        if private_data_in(values[name]):
            raise ValidationError(
                {
                    name: _(
                        "This text seems to hold a phone number or a national ID number. "
                        "A published story is public: remove it first."
                    )
                }
            )


def _story_values(center: Center, data: StoryData) -> tuple[dict, list[Activity]]:
    errors: dict[str, str] = {}
    title = _text(data.title, 250)
    if not title:
        errors["title"] = _("Enter a title.")
    body = (data.body or "").replace("\r\n", "\n")[:50_000]
    requested = {str(a) for a in data.activity_ids or []}
    activity_ids = sorted({int(a) for a in requested if a.isdigit()})
    activities = list(Activity.objects.filter(pk__in=activity_ids, center=center))
    if len(activities) != len(requested):
        errors["activities"] = _("Choose activities of the same center.")
    values = {
        "title": title,
        "summary": _text(data.summary, 500),
        "body": body,
        "body_html": render_markdown(body),
        "people_reached": _count(data.people_reached, "people_reached", errors),
        "money_saved": _money(data.money_saved, "money_saved", errors),
        "money_earned": _money(data.money_earned, "money_earned", errors),
    }
    if errors:
        raise ValidationError(errors)
    return values, activities


@transaction.atomic
def story_create(*, actor, center_code: str, data: StoryData) -> Story:
    """Write a success story (a draft: the public sees it once published)."""
    center = _require_center(actor, center_code)
    values, activities = _story_values(center, data)
    story = Story(center=center, **values)
    story.save()
    story.activities.set(activities)
    return story


def _locked_story(actor, story_id: int, expected_version: int | None) -> Story:
    center_id = Story.objects.filter(pk=story_id).values_list("center_id", flat=True).first()
    if center_id is None:
        raise NotFoundOrOutOfScope()
    require(actor, Access.CHANGE, center_id)
    return lock_for_update(
        Story.objects.select_related("center").filter(pk=story_id),
        expected_version=expected_version,
    )


@transaction.atomic
def story_update(*, actor, story_id: int, expected_version: int | None, data: StoryData) -> Story:
    story = _locked_story(actor, story_id, expected_version)
    values, activities = _story_values(story.center, data)
    if story.published:
        _check_publishable(values)
    for name, value in values.items():
        setattr(story, name, value)
    story.save()
    story.activities.set(activities)
    return story


@transaction.atomic
def story_publish(
    *, actor, story_id: int, published: bool = True, expected_version: int | None = None
) -> Story:
    """Show the story on the public exhibition (or take it down with published=False). A text
    that seems to hold a phone number or a national ID is refused: the story becomes public."""
    story = _locked_story(actor, story_id, expected_version)
    if published:
        if not story.title:
            raise ValidationError({"title": _("Enter a title.")})
        _check_publishable({"title": story.title, "summary": story.summary, "body": story.body})
        if any(
            private_data_in(caption) for caption in story.photos.values_list("caption", flat=True)
        ):
            raise ValidationError(
                {
                    "caption": _(
                        "A photo's caption seems to hold a phone number or a national ID number."
                    )
                }
            )
    if published != story.published:
        story.published = published
        story.published_at = clock.now() if published else None
    story.save()
    return story


@transaction.atomic
def story_delete(*, actor, story_id: int, expected_version: int | None = None) -> None:
    story = _locked_story(actor, story_id, expected_version)
    names = list(story.photos.values_list("stored_name", flat=True))
    for photo in story.photos.all():
        photo.delete()
    story.activities.set([])  # not clear(): auditlog would list every activity as removed
    story.delete()
    transaction.on_commit(lambda: [uploads.delete_stored(name) for name in names])


@transaction.atomic
def story_photo_add(*, actor, story_id: int, upload, caption: str = "") -> StoryPhoto:
    """Add a photo to a story: an image only, re-encoded without EXIF and resized."""
    story = _locked_story(actor, story_id, None)
    if story.photos.count() >= rules.STORY_PHOTOS_MAX:
        raise ValidationError(
            {"file": _("A story keeps at most %(max)s photos.") % {"max": rules.STORY_PHOTOS_MAX}}
        )
    try:
        checked = uploads.check_upload(
            upload, kinds=(uploads.IMAGE,), max_bytes=uploads.MAX_IMAGE_BYTES
        )
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    caption = _text(caption, 250)
    if story.published and private_data_in(caption):
        raise ValidationError(
            {"caption": _("This text seems to hold a phone number or a national ID number.")}
        )
    name = uploads.store_upload(checked, folder=f"stories/{story.pk}")
    try:
        photo = StoryPhoto.objects.create(
            story=story,
            stored_name=name,
            original_name=_text(checked.original_name, 200),
            caption=caption,
            size=len(checked.content),
        )
        story.save(update_fields=["version", "updated_at"])
    except Exception:
        uploads.delete_stored(name)
        raise
    return photo


@transaction.atomic
def story_photo_remove(*, actor, photo_id: int) -> None:
    photo = StoryPhoto.objects.filter(pk=photo_id).first()
    if photo is None:
        raise NotFoundOrOutOfScope()
    story = _locked_story(actor, photo.story_id, None)
    name = photo.stored_name
    photo.delete()
    story.save(update_fields=["version", "updated_at"])
    transaction.on_commit(lambda: uploads.delete_stored(name))
