"""Activities, meetings, community plans and success stories over the API; and the public
exhibition's figures.

Every read goes through the reader's scope (a record outside it answers 404, never 403); every
write calls exactly one service, which checks the change scope and the rules again. Updates
name the `version` they started from; a stale one answers 409 with the current version. Money
is a string decimal in answers, and a string ("12,500.50") or a number in requests.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from concenter.accounts.scope import Access
from concenter.activities import selectors, services
from concenter.activities.models import (
    Activity,
    ActivityAttendee,
    ActivityKind,
    ActivityPartner,
    CommunityPlan,
    Mission,
    PlanProject,
    ProjectProgress,
    Story,
)
from concenter.api.base import AUTH, BoundedPagination
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.geography.models import Area, Level
from concenter.network import selectors as network_selectors
from concenter.network.api import money

router = Router(tags=["activities"], auth=AUTH)

Money = str | int | float

# Schemas --------------------------------------------------------------------------------------


class ParticipantIO(Schema):
    sex: str
    age_band: str
    count: int


class PartnerSupportOut(Schema):
    id: int
    partner_id: int
    partner_name: str
    money: str
    in_kind: str

    @staticmethod
    def resolve_partner_name(obj: ActivityPartner) -> str:
        return obj.partner.name

    @staticmethod
    def resolve_money(obj: ActivityPartner) -> str:
        return money(obj.money)


class AttendeeOut(Schema):
    id: int
    person_id: int
    person_name: str
    role: str

    @staticmethod
    def resolve_person_name(obj: ActivityAttendee) -> str:
        return obj.person.full_name


class AttendanceOut(Schema):
    seat_id: int
    person_name: str
    position: str
    counts_toward_quorum: bool
    status: str


class QuorumOut(Schema):
    seats: int
    present: int
    excused: int
    absent: int
    needed: int
    share: str
    met: bool


class FileOut(Schema):
    id: int
    kind: str
    caption: str
    size: int


class ActivityOut(Schema):
    id: int
    center_code: str
    kind: str
    kind_label: str
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    fiscal_year: int
    place: str
    missions: list[str]
    budget: str
    spent: str
    overspent: bool
    participants_total: int
    plan_project_id: int | None
    version: int

    @staticmethod
    def resolve_center_code(obj: Activity) -> str:
        return obj.center_id

    @staticmethod
    def resolve_kind_label(obj: Activity) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_missions(obj: Activity) -> list[str]:
        return obj.mission_values

    @staticmethod
    def resolve_budget(obj: Activity) -> str:
        return money(obj.budget)

    @staticmethod
    def resolve_spent(obj: Activity) -> str:
        return money(obj.spent)

    @staticmethod
    def resolve_participants_total(obj: Activity) -> int:
        return obj.participants


class ActivityDetailOut(ActivityOut):
    outputs: str
    outcomes: str
    agenda: str
    minutes: str
    resolutions: list[str]
    participants: list[ParticipantIO]
    partners: list[PartnerSupportOut]
    attendees: list[AttendeeOut]
    files: list[FileOut]
    attendance: list[AttendanceOut] | None
    quorum: QuorumOut | None

    # The values are prepared by _detail() below.
    @staticmethod
    def resolve_resolutions(obj) -> list[str]:
        return obj.resolutions_list

    @staticmethod
    def resolve_participants(obj) -> list[dict]:
        return obj.participant_rows

    @staticmethod
    def resolve_partners(obj) -> list:
        return obj.partner_rows

    @staticmethod
    def resolve_attendees(obj) -> list:
        return obj.attendee_rows

    @staticmethod
    def resolve_files(obj) -> list:
        return obj.file_rows

    @staticmethod
    def resolve_attendance(obj):
        return obj.attendance_rows

    @staticmethod
    def resolve_quorum(obj):
        return obj.quorum_out


class ActivityIn(Schema):
    kind: ActivityKind
    title: str
    starts_on: datetime.date
    ends_on: datetime.date | None = None
    missions: list[str]
    place: str = ""
    budget: Money | None = "0"
    spent: Money | None = "0"
    participants: list[ParticipantIO] = []
    outputs: str = ""
    outcomes: str = ""
    agenda: str = ""
    minutes: str = ""
    resolutions: list[str] = []
    plan_project_id: int | None = None


class ActivityPatch(Schema):
    version: int
    kind: ActivityKind | None = None
    title: str | None = None
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    missions: list[str] | None = None
    place: str | None = None
    budget: Money | None = None
    spent: Money | None = None
    participants: list[ParticipantIO] | None = None
    outputs: str | None = None
    outcomes: str | None = None
    agenda: str | None = None
    minutes: str | None = None
    resolutions: list[str] | None = None
    plan_project_id: int | None = None


class VersionIn(Schema):
    version: int | None = None


class AttendanceItem(Schema):
    seat_id: int
    status: str


class AttendanceIn(Schema):
    version: int | None = None
    attendance: list[AttendanceItem]


class PartnerSupportIn(Schema):
    partner_id: int
    money: Money | None = "0"
    in_kind: str = ""


class AttendeeIn(Schema):
    person_id: int
    role: str = ""


class StoryOut(Schema):
    id: int
    center_code: str
    title: str
    summary: str
    body: str
    body_html: str
    people_reached: int
    money_saved: str
    money_earned: str
    activity_ids: list[int]
    photo_count: int
    published: bool
    published_at: datetime.datetime | None
    version: int

    @staticmethod
    def resolve_center_code(obj: Story) -> str:
        return obj.center_id

    @staticmethod
    def resolve_money_saved(obj: Story) -> str:
        return money(obj.money_saved)

    @staticmethod
    def resolve_money_earned(obj: Story) -> str:
        return money(obj.money_earned)

    @staticmethod
    def resolve_activity_ids(obj: Story) -> list[int]:
        return sorted(a.pk for a in obj.activities.all())

    @staticmethod
    def resolve_photo_count(obj: Story) -> int:
        return len(obj.photos.all())


class StoryIn(Schema):
    title: str
    summary: str = ""
    body: str = ""
    people_reached: int = 0
    money_saved: Money | None = "0"
    money_earned: Money | None = "0"
    activity_ids: list[int] = []


class StoryPatch(Schema):
    version: int
    title: str | None = None
    summary: str | None = None
    body: str | None = None
    people_reached: int | None = None
    money_saved: Money | None = None
    money_earned: Money | None = None
    activity_ids: list[int] | None = None


class PublishIn(Schema):
    published: bool = True
    version: int | None = None


class ProjectOut(Schema):
    id: int
    plan_id: int
    name: str
    mission: str
    budget: str
    doer: str
    doer_name: str
    year: int | None
    progress: str
    note: str
    activity_ids: list[int]
    version: int

    @staticmethod
    def resolve_budget(obj: PlanProject) -> str:
        return money(obj.budget)

    @staticmethod
    def resolve_activity_ids(obj: PlanProject) -> list[int]:
        return sorted(a.pk for a in obj.activities.all())


class PlanOut(Schema):
    id: int
    area_code: str
    area_name: str
    subdistrict_code: str
    title: str
    first_year: int
    last_year: int
    approved_on: datetime.date | None
    version: int

    @staticmethod
    def resolve_area_code(obj: CommunityPlan) -> str:
        return obj.area_id

    @staticmethod
    def resolve_area_name(obj: CommunityPlan) -> str:
        return obj.area.display_name


class PlanDetailOut(PlanOut):
    problems: str
    needs: str
    notes: str
    projects: list[ProjectOut]

    @staticmethod
    def resolve_projects(obj: CommunityPlan) -> list[PlanProject]:
        return list(obj.projects.all())


class PlanIn(Schema):
    area_code: str
    first_year: int
    last_year: int | None = None
    title: str = ""
    problems: str = ""
    needs: str = ""
    approved_on: datetime.date | None = None
    notes: str = ""


class PlanPatch(Schema):
    version: int
    first_year: int | None = None
    last_year: int | None = None
    title: str | None = None
    problems: str | None = None
    needs: str | None = None
    approved_on: datetime.date | None = None
    notes: str | None = None


class ProjectIn(Schema):
    name: str
    mission: str
    doer: str
    budget: Money | None = "0"
    doer_name: str = ""
    year: int | None = None
    progress: ProjectProgress = ProjectProgress.PLANNED
    note: str = ""


class ProjectPatch(Schema):
    version: int
    name: str | None = None
    mission: str | None = None
    doer: str | None = None
    budget: Money | None = None
    doer_name: str | None = None
    year: int | None = None
    progress: ProjectProgress | None = None
    note: str | None = None


class MissionFigureOut(Schema):
    mission: str
    label: str
    activities: int
    participants: int
    spending: str


class YearFigureOut(Schema):
    fiscal_year: int
    activities: int
    participants: int
    spending: str
    missions: list[MissionFigureOut]


class PublicStoryOut(Schema):
    id: int
    center_code: str
    center_name: str
    title: str
    summary: str
    body_html: str
    people_reached: int
    money_saved: str
    money_earned: str
    published_at: datetime.datetime | None
    photo_urls: list[str]


class ExhibitionOut(Schema):
    area_code: str
    name: str
    on: datetime.date
    activities: int
    participants: int
    spending: str
    missions_served: int
    centers: int
    organizations: int
    members: int
    stories_published: int
    people_reached: int
    money_saved: str
    money_earned: str
    by_mission: list[MissionFigureOut]
    by_year: list[YearFigureOut]
    stories: list[PublicStoryOut]


# Helpers --------------------------------------------------------------------------------------


def _participants(items) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    for item in items or []:
        key = (item.sex, item.age_band)
        if key in counts:
            raise ValidationError(
                {"participants": _("Each sex and age band may appear once in the participants.")}
            )
        counts[key] = item.count
    return counts


def _detail(activity: Activity) -> Activity:
    """The activity with everything ActivityDetailOut shows, read in a fixed number of queries."""
    detail = selectors.activity_detail(activity)
    activity.resolutions_list = [r.text for r in detail.resolutions]
    activity.participant_rows = [
        {"sex": sex, "age_band": band, "count": number}
        for (sex, band), number in sorted(selectors.participant_counts(activity).items())
    ]
    activity.partner_rows = detail.partners
    activity.attendee_rows = detail.attendees
    activity.file_rows = [*detail.photos, *detail.documents]
    if detail.meeting is not None:
        quorum = detail.meeting.quorum
        activity.attendance_rows = [
            {
                "seat_id": row.seat.pk,
                "person_name": row.seat.person.full_name,
                "position": row.seat.position,
                "counts_toward_quorum": row.counts,
                "status": row.status,
            }
            for row in detail.meeting.rows
        ]
        activity.quorum_out = {
            "seats": quorum.seats,
            "present": quorum.present,
            "excused": quorum.excused,
            "absent": quorum.absent,
            "needed": quorum.needed,
            "share": quorum.share_label,
            "met": quorum.met,
        }
    else:
        activity.attendance_rows = None
        activity.quorum_out = None
    return activity


def _activity(user, activity_id: int, access: Access = Access.READ) -> Activity:
    return selectors.activity_get(user=user, activity_id=activity_id, access=access)


def _activity_data(values: dict) -> services.ActivityData:
    return services.ActivityData(
        kind=values["kind"],
        title=values["title"],
        starts_on=values["starts_on"],
        ends_on=values.get("ends_on"),
        missions=list(values.get("missions") or []),
        place=values.get("place") or "",
        budget=values.get("budget") if values.get("budget") is not None else "0",
        spent=values.get("spent") if values.get("spent") is not None else "0",
        participants=values.get("participants") or {},
        outputs=values.get("outputs") or "",
        outcomes=values.get("outcomes") or "",
        agenda=values.get("agenda") or "",
        minutes=values.get("minutes") or "",
        resolutions=list(values.get("resolutions") or []),
        plan_project_id=values.get("plan_project_id"),
    )


def _story(user, story_id: int) -> Story:
    return selectors.story_get(user=user, story_id=story_id)


# Activities -----------------------------------------------------------------------------------


@router.get("/centers/{code}/activities", response=list[ActivityOut])
@paginate(BoundedPagination)
def activity_list(
    request,
    code: str,
    fiscal_year: int | None = None,
    kind: ActivityKind | None = None,
    mission: Mission | None = None,
):
    """A center's activities, newest first: by `fiscal_year` (BE), `kind` and `mission`."""
    center = network_selectors.center_get(user=request.user, code=code[:8])
    return selectors.activities_of(
        center, fiscal_year=fiscal_year, kind=kind or None, mission=mission or None
    )


@router.post("/centers/{code}/activities", response={201: ActivityDetailOut})
def activity_create(request, code: str, payload: ActivityIn):
    """Record an activity. Spending above the budget is accepted (`overspent` tells)."""
    values = payload.model_dump()
    values["participants"] = _participants(payload.participants)
    activity = services.activity_create(
        actor=request.user, center_code=code[:8], data=_activity_data(values)
    )
    return Status(201, _detail(_activity(request.user, activity.pk)))


@router.get("/activities/{activity_id}", response=ActivityDetailOut)
def activity_detail(request, activity_id: int):
    """An activity with its participants, partners, attendees, files and, for a meeting, the
    agenda, minutes, resolutions, the committee's attendance and the quorum."""
    return _detail(_activity(request.user, activity_id))


@router.patch("/activities/{activity_id}", response=ActivityDetailOut)
def activity_update(request, activity_id: int, payload: ActivityPatch):
    activity = _activity(request.user, activity_id, Access.CHANGE)
    fields = payload.dict(exclude_unset=True)
    version = fields.pop("version")
    current = {
        "kind": activity.kind,
        "title": activity.title,
        "starts_on": activity.starts_on,
        "ends_on": activity.ends_on,
        "missions": activity.mission_values,
        "place": activity.place,
        "budget": activity.budget,
        "spent": activity.spent,
        "participants": selectors.participant_counts(activity),
        "outputs": activity.outputs,
        "outcomes": activity.outcomes,
        "agenda": activity.agenda,
        "minutes": activity.minutes,
        "resolutions": [r.text for r in activity.resolutions.order_by("number")],
        "plan_project_id": activity.plan_project_id,
    }
    if "participants" in fields:
        fields["participants"] = _participants(payload.participants)
    if "starts_on" in fields and "ends_on" not in fields and activity.ends_on == activity.starts_on:
        fields["ends_on"] = None  # a one-day activity moved stays a one-day activity
    services.activity_update(
        actor=request.user,
        activity_id=activity.pk,
        expected_version=version,
        data=_activity_data({**current, **fields}),
    )
    return _detail(_activity(request.user, activity.pk))


@router.delete("/activities/{activity_id}", response={204: None})
def activity_delete(request, activity_id: int, version: int | None = None):
    activity = _activity(request.user, activity_id, Access.CHANGE)
    services.activity_delete(actor=request.user, activity_id=activity.pk, expected_version=version)
    return Status(204, None)


@router.put("/activities/{activity_id}/attendance", response=ActivityDetailOut)
def meeting_attendance(request, activity_id: int, payload: AttendanceIn):
    """Record who of the committee in force on the meeting's day attended (present, excused,
    absent). Seats left out have no record; the answer holds the quorum."""
    activity = _activity(request.user, activity_id, Access.CHANGE)
    statuses: dict[int, str] = {}
    for item in payload.attendance:
        if item.seat_id in statuses:
            raise ValidationError({"attendance": _("Each seat may appear once.")})
        statuses[item.seat_id] = item.status
    services.meeting_attendance_set(
        actor=request.user,
        activity_id=activity.pk,
        statuses=statuses,
        expected_version=payload.version,
    )
    return _detail(_activity(request.user, activity.pk))


@router.post("/activities/{activity_id}/partners", response={201: PartnerSupportOut})
def activity_partner_add(request, activity_id: int, payload: PartnerSupportIn):
    activity = _activity(request.user, activity_id, Access.CHANGE)
    row = services.activity_partner_add(
        actor=request.user,
        activity_id=activity.pk,
        partner_id=payload.partner_id,
        money=payload.money if payload.money is not None else "0",
        in_kind=payload.in_kind,
    )
    return Status(201, row)


@router.delete("/activity-partners/{support_id}", response={204: None})
def activity_partner_remove(request, support_id: int):
    row = ActivityPartner.objects.filter(pk=support_id).first()
    if row is None:
        raise NotFoundOrOutOfScope()
    _activity(request.user, row.activity_id, Access.CHANGE)
    services.activity_partner_remove(actor=request.user, activity_partner_id=row.pk)
    return Status(204, None)


@router.post("/activities/{activity_id}/attendees", response={201: AttendeeOut})
def activity_attendee_add(request, activity_id: int, payload: AttendeeIn):
    activity = _activity(request.user, activity_id, Access.CHANGE)
    row = services.activity_attendee_add(
        actor=request.user, activity_id=activity.pk, person_id=payload.person_id, role=payload.role
    )
    return Status(201, row)


@router.delete("/activity-attendees/{attendee_id}", response={204: None})
def activity_attendee_remove(request, attendee_id: int):
    row = ActivityAttendee.objects.filter(pk=attendee_id).first()
    if row is None:
        raise NotFoundOrOutOfScope()
    _activity(request.user, row.activity_id, Access.CHANGE)
    services.activity_attendee_remove(actor=request.user, attendee_id=row.pk)
    return Status(204, None)


# Stories --------------------------------------------------------------------------------------


def _stories(qs: QuerySet[Story]) -> QuerySet[Story]:
    return qs.prefetch_related("activities", "photos")


@router.get("/centers/{code}/stories", response=list[StoryOut])
@paginate(BoundedPagination)
def story_list(request, code: str, published: bool | None = None):
    """A center's success stories, drafts included (`published` narrows)."""
    center = network_selectors.center_get(user=request.user, code=code[:8])
    qs = selectors.stories_of(center)
    if published is not None:
        qs = qs.filter(published=published)
    return _stories(qs)


@router.post("/centers/{code}/stories", response={201: StoryOut})
def story_create(request, code: str, payload: StoryIn):
    """Write a success story (a draft). `body` is Markdown; it is answered sanitised as
    `body_html` too."""
    story = services.story_create(
        actor=request.user, center_code=code[:8], data=services.StoryData(**payload.model_dump())
    )
    return Status(201, _story(request.user, story.pk))


@router.get("/stories/{story_id}", response=StoryOut)
def story_detail(request, story_id: int):
    return _story(request.user, story_id)


@router.patch("/stories/{story_id}", response=StoryOut)
def story_update(request, story_id: int, payload: StoryPatch):
    story = selectors.story_get(user=request.user, story_id=story_id, access=Access.CHANGE)
    fields = payload.dict(exclude_unset=True)
    version = fields.pop("version")
    current = {
        "title": story.title,
        "summary": story.summary,
        "body": story.body,
        "people_reached": story.people_reached,
        "money_saved": story.money_saved,
        "money_earned": story.money_earned,
        "activity_ids": [a.pk for a in story.activities.all()],
    }
    merged = {**current, **{k: v for k, v in fields.items() if v is not None}}
    services.story_update(
        actor=request.user,
        story_id=story.pk,
        expected_version=version,
        data=services.StoryData(**merged),
    )
    return _story(request.user, story.pk)


@router.post("/stories/{story_id}/publish", response=StoryOut)
def story_publish(request, story_id: int, payload: PublishIn | None = None):
    """Publish a story on the public exhibition (`published: false` takes it down). A text that
    seems to hold a phone number or a national ID is refused (422)."""
    payload = payload or PublishIn()
    story = selectors.story_get(user=request.user, story_id=story_id, access=Access.CHANGE)
    services.story_publish(
        actor=request.user,
        story_id=story.pk,
        published=payload.published,
        expected_version=payload.version,
    )
    return _story(request.user, story.pk)


# Community plans ------------------------------------------------------------------------------


def _plan(user, plan_id: int) -> CommunityPlan:
    return selectors.plan_get(user=user, plan_id=plan_id)


@router.get("/areas/{code}/community-plans", response=list[PlanOut])
@paginate(BoundedPagination)
def plan_list(request, code: str):
    """The community plans inside an area that you may read (a subdistrict's own and its
    villages'; every plan of a district or a province)."""
    area = Area.objects.filter(code=code.strip()[:8]).first()
    if area is None or area.level not in (
        Level.PROVINCE,
        Level.DISTRICT,
        Level.SUBDISTRICT,
        Level.VILLAGE,
    ):
        raise NotFoundOrOutOfScope()
    return selectors.plans_in(user=request.user, area=area)


@router.post("/community-plans", response={201: PlanDetailOut})
def plan_create(request, payload: PlanIn):
    """Record the community plan of a village or a subdistrict for a period of fiscal years
    (BE). Periods of one area do not overlap."""
    values = payload.model_dump()
    area_code = values.pop("area_code")
    plan = services.plan_create(
        actor=request.user, area_code=area_code, data=services.PlanData(**values)
    )
    return Status(201, _plan(request.user, plan.pk))


@router.get("/community-plans/{plan_id}", response=PlanDetailOut)
def plan_detail(request, plan_id: int):
    return _plan(request.user, plan_id)


@router.patch("/community-plans/{plan_id}", response=PlanDetailOut)
def plan_update(request, plan_id: int, payload: PlanPatch):
    plan = selectors.plan_get(user=request.user, plan_id=plan_id, access=Access.CHANGE)
    fields = payload.dict(exclude_unset=True)
    version = fields.pop("version")
    current = {
        name: getattr(plan, name)
        for name in (
            "first_year",
            "last_year",
            "title",
            "problems",
            "needs",
            "approved_on",
            "notes",
        )
    }
    services.plan_update(
        actor=request.user,
        plan_id=plan.pk,
        expected_version=version,
        data=services.PlanData(**{**current, **fields}),
    )
    return _plan(request.user, plan.pk)


@router.post("/community-plans/{plan_id}/projects", response={201: ProjectOut})
def plan_project_add(request, plan_id: int, payload: ProjectIn):
    plan = selectors.plan_get(user=request.user, plan_id=plan_id, access=Access.CHANGE)
    project = services.plan_project_add(
        actor=request.user, plan_id=plan.pk, data=services.ProjectData(**payload.model_dump())
    )
    return Status(201, project)


@router.patch("/community-projects/{project_id}", response=ProjectOut)
def plan_project_update(request, project_id: int, payload: ProjectPatch):
    """Change a project of a plan, its progress included."""
    project = selectors.plan_project_get(user=request.user, project_id=project_id)
    fields = payload.dict(exclude_unset=True)
    version = fields.pop("version")
    current = {
        name: getattr(project, name)
        for name in ("name", "mission", "doer", "budget", "doer_name", "year", "progress", "note")
    }
    project = services.plan_project_update(
        actor=request.user,
        project_id=project.pk,
        expected_version=version,
        data=services.ProjectData(**{**current, **fields}),
    )
    return project


# The public exhibition ------------------------------------------------------------------------


@router.get("/exhibition/{code}", response=ExhibitionOut, auth=None, tags=["exhibition"])
def exhibition(request, code: str):
    """The public figures of a province, district or subdistrict (or its center): activities by
    mission and fiscal year, the network's figures and the published success stories. For
    anyone; no personal data."""
    data = selectors.exhibition(code.strip())
    if data is None:
        raise NotFoundOrOutOfScope()

    def mission_row(row) -> dict:
        return {
            "mission": row.mission,
            "label": row.label,
            "activities": row.activities,
            "participants": row.participants,
            "spending": money(row.spending),
        }

    return {
        "area_code": data.area.code,
        "name": data.name,
        "on": data.on,
        "activities": data.total_activities,
        "participants": data.total_participants,
        "spending": money(data.total_spending),
        "missions_served": data.missions_served,
        "centers": data.figures.centers,
        "organizations": data.figures.organizations,
        "members": data.figures.members,
        "stories_published": data.story_totals.stories,
        "people_reached": data.story_totals.people_reached,
        "money_saved": money(data.story_totals.money_saved),
        "money_earned": money(data.story_totals.money_earned),
        "by_mission": [mission_row(row) for row in data.by_mission],
        "by_year": [
            {
                "fiscal_year": year.fiscal_year,
                "activities": year.activities,
                "participants": year.participants,
                "spending": money(year.spending),
                "missions": [mission_row(row) for row in year.missions],
            }
            for year in data.by_year
        ],
        "stories": [
            {
                "id": story.pk,
                "center_code": story.center_id,
                "center_name": story.center.name,
                "title": story.title,
                "summary": story.summary,
                "body_html": story.body_html,
                "people_reached": story.people_reached,
                "money_saved": money(story.money_saved),
                "money_earned": money(story.money_earned),
                "published_at": story.published_at,
                "photo_urls": [
                    request.build_absolute_uri(photo.get_public_url())
                    for photo in story.photos.all()
                ],
            }
            for story in data.stories
        ],
    }
