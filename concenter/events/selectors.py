"""Reads of events: through the reader's scope (officers), the door's staff list, or the public
rules (everything but a draft is public; a registrant reaches their ticket by its link)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from concenter.accounts.scope import Access, filter_queryset, user_scope
from concenter.common import clock
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.common.thai import normalize_text
from concenter.events.models import (
    ROLE_ORDER,
    AgendaItem,
    AgendaKind,
    CheckIn,
    Event,
    EventPhoto,
    EventStaff,
    EventStatus,
    Registration,
    RegistrationRole,
    RegistrationSource,
    RegistrationStatus,
)
from concenter.events.services import may_work_door, name_key, without_title
from concenter.geography.models import Area

DOOR_SEARCH_LIMIT = 20
ORGANIZATION_ROWS = 30  # the organisations with most registrations; the rest are summed


_COLUMN_OF_PREFIX = {2: "province_code", 4: "district_code", 6: "subdistrict_code"}


def within(code: str, *, lead: str = "", own: str = "area_id") -> Q:
    """Records inside the area `code` (or of it), by the ancestor columns they carry; `own` is
    the column holding the record's own area code (for codes of 8 digits, and for the area
    itself at the level of `code`)."""
    column = _COLUMN_OF_PREFIX.get(len(code))
    condition = Q(**{f"{lead}{own}": code})
    if column:
        condition |= Q(**{f"{lead}{column}": code})
    return condition


def _events() -> QuerySet[Event]:
    return Event.objects.select_related("organizer", "area")


def event_list(
    *, user, area_code: str | None = None, status: str | None = None, query: str = ""
) -> QuerySet[Event]:
    """Events in the user's READ scope, and those where the user works the door."""
    scope = user_scope(user, Access.READ)
    if scope.everything:
        # Not `Q() | Q(staff__user=user)`: an empty Q drops out of an OR, which left a national
        # administrator with only the events where they work the door.
        qs = _events()
    else:
        condition = scope.q("", code_field="area_id")
        if getattr(user, "is_authenticated", False):
            condition |= Q(staff__user=user)
        qs = _events().filter(condition).distinct()
    if area_code:
        qs = qs.filter(within(area_code))
    if status:
        qs = qs.filter(status=status)
    if query:
        qs = qs.filter(title__icontains=query[:100])
    return qs.order_by("-starts_at", "-pk")


def event_get(*, user, event_id: int, access: Access = Access.READ) -> Event:
    event = (
        filter_queryset(_events(), user, access)
        .select_related("venue_area", "organizer__area")
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        raise NotFoundOrOutOfScope()
    return event


def event_for_door(*, user, event_id: int) -> Event:
    """The event if the user works its door (officers who may change it, and its staff)."""
    event = _events().filter(pk=event_id).first()
    if event is None or not may_work_door(user, event):
        raise NotFoundOrOutOfScope()
    return event


def event_for_reader_or_door(*, user, event_id: int) -> Event:
    """Live counts are for the event's readers and its door staff."""
    event = _events().filter(pk=event_id).first()
    if event is None:
        raise NotFoundOrOutOfScope()
    if not (user_scope(user, Access.READ).covers(event.area_id) or may_work_door(user, event)):
        raise NotFoundOrOutOfScope()
    return event


def public_event_get(*, event_id: int, user=None) -> Event:
    """An event on the public pages: anything but a draft (a draft only for its readers)."""
    event = _events().select_related("venue_area", "organizer__area").filter(pk=event_id).first()
    if event is None:
        raise NotFoundOrOutOfScope()
    if not event.is_public and not user_scope(user, Access.READ).covers(event.area_id):
        raise NotFoundOrOutOfScope()
    return event


@dataclass
class PublicEvents:
    upcoming: list[Event]
    past: QuerySet[Event]
    area: Area | None


def public_events(*, area_code: str | None = None) -> PublicEvents:
    """Upcoming (not yet ended, soonest first) and past events (latest first) of an area: its
    own events, those of the areas inside it, and those of the areas above it (a province's
    relations day belongs to every district of the province)."""
    area = Area.objects.filter(code=(area_code or "")[:8]).first() if area_code else None
    qs = _events().exclude(status=EventStatus.DRAFT)
    if area is not None:
        above = [area.province_code, area.district_code, area.subdistrict_code]
        qs = qs.filter(within(area.code) | Q(area_id__in=[c for c in above if c]))
    now = clock.now()
    upcoming = list(qs.filter(ends_at__gte=now).order_by("starts_at", "pk")[:50])
    past = qs.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return PublicEvents(upcoming=upcoming, past=past, area=area)


def _agenda_queryset(*, public: bool) -> QuerySet[AgendaItem]:
    from concenter.activities.models import Story

    stories = (
        Story.objects.select_related("center")
        .only("title", "published", "published_at", "center__name")
        .order_by("-published_at", "pk")
    )
    if public:
        stories = stories.filter(published=True)
    return AgendaItem.objects.select_related(
        "performer_organization", "performer_center", "exhibitor_center", "award_programme"
    ).prefetch_related(Prefetch("stories", queryset=stories))


def agenda(event: Event, *, public: bool = False) -> list[AgendaItem]:
    """The agenda in order; an award presentation carries `winners`, its programme's published
    winners in presentation order (empty until the programme is announced)."""
    items = list(_agenda_queryset(public=public).filter(event=event))
    for item in items:
        item.winners = award_winners(item) if item.kind == AgendaKind.AWARD else []
    return items


def stories_under(center_code: str) -> QuerySet:
    """Published success stories of a center and of the centers inside its area (what an
    exhibition on an agenda may show; drafts are never offered)."""
    from concenter.activities.models import Story

    return Story.objects.filter(within(center_code, lead="center__", own="pk"), published=True)


def award_winners(item: AgendaItem) -> list:
    """The published winners of the item's programme, in the order of presentation."""
    if not item.award_programme_id:
        return []
    from concenter.awards.selectors import programme_published_winners

    return list(programme_published_winners(programme_id=item.award_programme_id))


def registrations(
    *,
    event: Event,
    status: str | None = None,
    role: str | None = None,
    query: str = "",
    checked_in: bool | None = None,
) -> QuerySet[Registration]:
    qs = Registration.objects.filter(event=event).select_related(
        "person", "organization", "center", "checkin", "home_area"
    )
    if status:
        qs = qs.filter(status=status)
    if role:
        qs = qs.filter(role=role)
    if checked_in is not None:
        qs = qs.filter(checkin__isnull=not checked_in)
    key = name_key(without_title(normalize_text(query)))[:100]
    if key:
        qs = qs.filter(
            Q(name_search__contains=key)
            | Q(person__name_search__contains=key)
            | Q(code=key.upper().replace("-", ""))
        )
    return qs.order_by("sort_key", "pk")


def registration_get(
    *, user, event_id: int, registration_id: int, access: Access = Access.READ
) -> Registration:
    registration = (
        Registration.objects.select_related(
            "event", "event__area", "person", "person__area", "organization", "center", "home_area"
        )
        .filter(pk=registration_id, event_id=event_id)
        .first()
    )
    if registration is None or not user_scope(user, access).covers(registration.event.area_id):
        raise NotFoundOrOutOfScope()
    registration.checkin_record = CheckIn.objects.filter(registration=registration).first()
    return registration


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first in line; None when the registration is not waiting."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        event_id=registration.event_id, status=RegistrationStatus.WAITLISTED
    ).filter(
        Q(waitlisted_at__lt=registration.waitlisted_at)
        | Q(waitlisted_at=registration.waitlisted_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def door_search(*, event: Event, query: str, limit: int = DOOR_SEARCH_LIMIT) -> list[Registration]:
    """Registrations of the event whose name (or code) holds the query, for the door. Only what
    the door needs is shown: name, whom they represent, role, status and the check-in."""
    key = name_key(without_title(normalize_text(query)))[:100]
    if len(key) < 2:
        return []
    code = key.upper().replace("-", "")
    return list(
        Registration.objects.filter(event=event)
        .filter(Q(name_search__contains=key) | Q(person__name_search__contains=key) | Q(code=code))
        .select_related("person", "organization", "center", "checkin")
        .order_by("status", "sort_key", "pk")[:limit]
    )


def recent_checkins(*, event: Event, limit: int = 8) -> list[CheckIn]:
    return list(
        CheckIn.objects.filter(event=event)
        .select_related("registration", "registration__person")
        .order_by("-created_at", "-pk")[:limit]
    )


def staff_list(*, event: Event) -> list[EventStaff]:
    return list(
        EventStaff.objects.filter(event=event).select_related("user", "added_by").order_by("pk")
    )


def photos(*, event: Event) -> list[EventPhoto]:
    return list(event.photos.order_by("position", "pk"))


# Attendance ------------------------------------------------------------------------------------


@dataclass
class CountRow:
    key: str
    label: str
    registered: int = 0  # confirmed (seats given)
    attended: int = 0

    @property
    def rate(self) -> float | None:
        return (self.attended / self.registered) if self.registered else None


@dataclass
class Attendance:
    registered: int = 0  # confirmed registrations: seats given (walk-ins included)
    attended: int = 0
    waitlisted: int = 0
    cancelled: int = 0
    walk_ins: int = 0  # walk-ins let in at the door
    awardees: int = 0
    awardees_present: int = 0
    by_role: list[CountRow] = field(default_factory=list)
    by_district: list[CountRow] = field(default_factory=list)
    by_organization: list[CountRow] = field(default_factory=list)
    by_source: list[CountRow] = field(default_factory=list)
    capacity: int | None = None

    @property
    def no_shows(self) -> int:
        return self.registered - self.attended

    @property
    def rate(self) -> float | None:
        return (self.attended / self.registered) if self.registered else None

    @property
    def free_seats(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.registered, 0)


def seats_left(*, event: Event) -> int | None:
    """The seats still free before the waiting list starts (None: the event has no limit)."""
    if not event.capacity:
        return None
    taken = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()
    return max(event.capacity - taken, 0)


def attendance(*, event: Event) -> Attendance:
    """Registered against attended, by role, district, organisation and source: one GROUP BY
    over the event's registrations plus the names of the districts and organisations."""
    rows = (
        Registration.objects.filter(event=event)
        .values(
            "status",
            "role",
            "source",
            "district_code",
            "organization_id",
            "organization__name",
            "center_id",
            "center__name",
            "represents",
        )
        .annotate(count=Count("id"), present=Count("checkin"))
        .order_by()
    )
    figures = Attendance(capacity=event.capacity)
    roles: dict[str, CountRow] = {
        role: CountRow(role, str(label)) for role, label in RegistrationRole.choices
    }
    districts: dict[str, CountRow] = {}
    organizations: dict[str, CountRow] = {}
    sources: dict[str, CountRow] = {
        source: CountRow(source, str(label)) for source, label in RegistrationSource.choices
    }
    for row in rows:
        count, present = row["count"], row["present"]
        if row["status"] == RegistrationStatus.WAITLISTED:
            figures.waitlisted += count
            continue
        if row["status"] == RegistrationStatus.CANCELLED:
            figures.cancelled += count
            continue
        figures.registered += count
        figures.attended += present
        if row["source"] == RegistrationSource.WALK_IN:
            figures.walk_ins += present
        if row["role"] == RegistrationRole.AWARDEE:
            figures.awardees += count
            figures.awardees_present += present
        for table, key, label in (
            (roles, row["role"], None),
            (sources, row["source"], None),
            (districts, row["district_code"] or "", None),
            (organizations, *_organization_key(row)),
        ):
            entry = table.get(key)
            if entry is None:
                entry = table[key] = CountRow(key, label or "")
            entry.registered += count
            entry.attended += present
    names = dict(
        Area.objects.filter(code__in=[c for c in districts if c]).values_list("code", "name_th")
    )
    for code, entry in districts.items():
        entry.label = names.get(code, code) if code else _("Not stated")
    figures.by_role = sorted(
        (r for r in roles.values() if r.registered), key=lambda r: ROLE_ORDER.get(r.key, 99)
    )
    figures.by_source = [r for r in sources.values() if r.registered]
    figures.by_district = sorted(districts.values(), key=lambda r: (r.key == "", r.key))
    ordered = sorted(organizations.values(), key=lambda r: (r.key == "", -r.registered, r.label))
    if len(ordered) > ORGANIZATION_ROWS:
        rest = CountRow("others", _("Others"))
        for entry in ordered[ORGANIZATION_ROWS - 1 :]:
            rest.registered += entry.registered
            rest.attended += entry.attended
        ordered = [*ordered[: ORGANIZATION_ROWS - 1], rest]
    figures.by_organization = ordered
    return figures


def _organization_key(row: dict) -> tuple[str, str]:
    if row["organization_id"]:
        return f"organization:{row['organization_id']}", row["organization__name"]
    if row["center_id"]:
        return f"center:{row['center_id']}", row["center__name"]
    text = (row["represents"] or "").strip()
    if text:
        return f"text:{text}", text
    return "", _("Not stated")


def checkins_by_hour(*, event: Event) -> list[tuple[datetime.datetime, int]]:
    """How many came through the door in each hour (local time), for the report."""
    counts: dict[datetime.datetime, int] = defaultdict(int)
    for when in CheckIn.objects.filter(event=event).values_list("checked_in_at", flat=True):
        local = timezone.localtime(when)
        counts[local.replace(minute=0, second=0, microsecond=0)] += 1
    return sorted(counts.items())


def no_shows(*, event: Event) -> QuerySet[Registration]:
    return registrations(event=event, status=RegistrationStatus.CONFIRMED, checked_in=False)


# A person's events -----------------------------------------------------------------------------


def person_attendance(*, user, person_id: int) -> list[Registration]:
    """The events a person registered for, within the reader's scope, latest first, each with
    its check-in (for the person's page)."""
    qs = filter_queryset(
        Registration.objects.filter(person_id=person_id), user, Access.READ, area_path="event__area"
    )
    return list(qs.select_related("event", "checkin").order_by("-event__starts_at", "-pk")[:100])


# A registrant's own ticket ---------------------------------------------------------------------


def ticket(*, token: str) -> Registration:
    from concenter.events.services import registration_by_link

    registration = registration_by_link(token)
    if registration is None:
        raise NotFoundOrOutOfScope()
    registration.checkin_record = CheckIn.objects.filter(registration=registration).first()
    registration.queue_position = waitlist_position(registration)
    return registration
