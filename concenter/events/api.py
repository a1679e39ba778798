"""Events over the API: events and their agenda, registrations, the door, attendance.

Reads go through the reader's scope (404 outside it, never 403); every write calls one
service, which checks the scope and the rules again. The door's operations (check-ins, walk-ins)
are also open to the event's staff list. A refused check-in (a forged ticket, a cancelled
registration, a closed door) is a normal answer of the door, not an error of the request: it
answers 200 with `outcome: "refused"` and a message, and nothing is recorded.

Phone, e-mail and the ticket's secrets are answered only to users who may change the event.
"""

import datetime
from typing import Literal

from django.urls import reverse
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from concenter.accounts.scope import Access, can
from concenter.api.base import AUTH, BoundedPagination
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.events import selectors, services, tickets
from concenter.events.models import (
    AgendaItem,
    AgendaKind,
    Event,
    EventAccess,
    EventStatus,
    Meal,
    Registration,
    RegistrationRole,
    RegistrationStatus,
)

router = Router(tags=["events"], auth=AUTH)

BATCH_MAX = 500


def _may_change(context, event_area: str) -> bool:
    request = (context or {}).get("request")
    return request is not None and can(request.user, Access.CHANGE, event_area)


# Schemas ---------------------------------------------------------------------------------------


class EventOut(Schema):
    id: int
    title: str
    status: str
    status_label: str
    access: str
    organizer_code: str
    organizer_name: str
    area_code: str
    area_name: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    venue_name: str
    venue_address: str
    venue_area_code: str | None
    map_url: str
    capacity: int | None
    description: str
    registration_opens_at: datetime.datetime | None
    registration_closes_at: datetime.datetime | None
    public_url: str
    version: int

    @staticmethod
    def resolve_status_label(obj: Event) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_organizer_code(obj: Event) -> str:
        return obj.organizer_id

    @staticmethod
    def resolve_organizer_name(obj: Event) -> str:
        return obj.organizer.name

    @staticmethod
    def resolve_area_code(obj: Event) -> str:
        return obj.area_id

    @staticmethod
    def resolve_area_name(obj: Event) -> str:
        return obj.area.display_name

    @staticmethod
    def resolve_venue_area_code(obj: Event) -> str | None:
        return obj.venue_area_id

    @staticmethod
    def resolve_public_url(obj: Event) -> str:
        return obj.get_public_url()


class WinnerOut(Schema):
    nomination_id: int
    person_id: int | None
    organization_id: int | None
    center_code: str | None
    display_name: str
    category_label: str
    plaque_number: str | int | None
    citation: str | None


class AgendaItemOut(Schema):
    id: int
    kind: str
    kind_label: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    title: str
    details: str
    location: str
    speaker_name: str
    speaker_position: str
    performer_organization_id: int | None
    performer_center_code: str | None
    performer_name: str
    performer: str
    exhibitor_center_code: str | None
    exhibitor_center_name: str | None
    theme: str
    story_ids: list[int]
    award_programme_id: int | None
    winners: list[WinnerOut]
    version: int

    @staticmethod
    def resolve_kind_label(obj: AgendaItem) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_title(obj: AgendaItem) -> str:
        return obj.display_title

    @staticmethod
    def resolve_performer_center_code(obj: AgendaItem) -> str | None:
        return obj.performer_center_id

    @staticmethod
    def resolve_performer(obj: AgendaItem) -> str:
        return obj.performer_display

    @staticmethod
    def resolve_exhibitor_center_code(obj: AgendaItem) -> str | None:
        return obj.exhibitor_center_id

    @staticmethod
    def resolve_exhibitor_center_name(obj: AgendaItem) -> str | None:
        return obj.exhibitor_center.name if obj.exhibitor_center_id else None

    @staticmethod
    def resolve_story_ids(obj: AgendaItem) -> list[int]:
        return [story.pk for story in obj.stories.all()]

    @staticmethod
    def resolve_winners(obj: AgendaItem) -> list:
        return getattr(obj, "winners", [])


class EventDetailOut(EventOut):
    agenda: list[AgendaItemOut]

    @staticmethod
    def resolve_agenda(obj: Event) -> list[AgendaItem]:
        return obj.agenda_list


class EventIn(Schema):
    organizer_code: str
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    area_code: str = ""
    venue_name: str = ""
    venue_address: str = ""
    venue_area_code: str = ""
    map_url: str = ""
    capacity: int | None = None
    description: str = ""
    access: EventAccess = EventAccess.PUBLIC
    registration_opens_at: datetime.datetime | None = None
    registration_closes_at: datetime.datetime | None = None


class EventPatch(Schema):
    version: int
    organizer_code: str | None = None
    area_code: str | None = None
    title: str | None = None
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    venue_name: str | None = None
    venue_address: str | None = None
    venue_area_code: str | None = None
    map_url: str | None = None
    capacity: int | None = None
    description: str | None = None
    access: EventAccess | None = None
    registration_opens_at: datetime.datetime | None = None
    registration_closes_at: datetime.datetime | None = None


class StatusIn(Schema):
    status: EventStatus
    note: str = ""
    version: int | None = None


class AgendaItemIn(Schema):
    kind: AgendaKind
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None = None
    title: str = ""
    details: str = ""
    location: str = ""
    speaker_name: str = ""
    speaker_position: str = ""
    performer_organization_id: int | None = None
    performer_center_code: str = ""
    performer_name: str = ""
    exhibitor_center_code: str = ""
    theme: str = ""
    story_ids: list[int] = Field(default_factory=list, max_length=100)
    award_programme_id: int | None = None


class AgendaItemPatch(Schema):
    version: int
    kind: AgendaKind | None = None
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    title: str | None = None
    details: str | None = None
    location: str | None = None
    speaker_name: str | None = None
    speaker_position: str | None = None
    performer_organization_id: int | None = None
    performer_center_code: str | None = None
    performer_name: str | None = None
    exhibitor_center_code: str | None = None
    theme: str | None = None
    story_ids: list[int] | None = Field(default=None, max_length=100)
    award_programme_id: int | None = None


class RegistrationOut(Schema):
    id: int
    event_id: int
    person_id: int | None
    name: str
    role: str
    role_label: str
    status: str
    status_label: str
    source: str
    organization_id: int | None
    center_code: str | None
    represents: str
    represents_display: str
    home_area_code: str | None
    district_code: str
    meal: str
    accessibility: str
    note: str
    checked_in_at: datetime.datetime | None
    code: str | None = None
    phone: str | None = None
    email: str | None = None
    ticket_url: str | None = None
    door_token: str | None = None
    version: int

    @staticmethod
    def resolve_name(obj: Registration) -> str:
        return obj.display_name

    @staticmethod
    def resolve_role_label(obj: Registration) -> str:
        return str(obj.get_role_display())

    @staticmethod
    def resolve_status_label(obj: Registration) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_center_code(obj: Registration) -> str | None:
        return obj.center_id

    @staticmethod
    def resolve_represents_display(obj: Registration) -> str:
        return obj.represents_display

    @staticmethod
    def resolve_home_area_code(obj: Registration) -> str | None:
        return obj.home_area_id

    @staticmethod
    def resolve_checked_in_at(obj: Registration) -> datetime.datetime | None:
        checkin = getattr(obj, "checkin", None)
        return checkin.checked_in_at if checkin is not None else None

    @staticmethod
    def resolve_code(obj: Registration, context) -> str | None:
        return obj.code_display if _may_change(context, obj.event.area_id) else None

    @staticmethod
    def resolve_phone(obj: Registration, context) -> str | None:
        return obj.phone if _may_change(context, obj.event.area_id) else None

    @staticmethod
    def resolve_email(obj: Registration, context) -> str | None:
        return obj.email if _may_change(context, obj.event.area_id) else None

    @staticmethod
    def resolve_ticket_url(obj: Registration, context) -> str | None:
        if not _may_change(context, obj.event.area_id):
            return None
        token = tickets.link_token(obj.event.ref, obj.link_secret)
        return context["request"].build_absolute_uri(reverse("events:ticket", args=[token]))

    @staticmethod
    def resolve_door_token(obj: Registration, context) -> str | None:
        if not _may_change(context, obj.event.area_id):
            return None
        return tickets.door_token(obj.event.ref, obj.ticket_secret)


class RegistrationIn(Schema):
    person_id: int | None = None
    full_name: str = ""
    role: RegistrationRole = RegistrationRole.PARTICIPANT
    organization_id: int | None = None
    center_code: str = ""
    represents: str = ""
    home_area_code: str = ""
    meal: Meal = Meal.STANDARD
    accessibility: str = ""
    note: str = ""
    phone: str = ""
    email: str = ""


class RegistrationPatch(Schema):
    version: int
    role: RegistrationRole | None = None
    organization_id: int | None = None
    center_code: str | None = None
    represents: str | None = None
    home_area_code: str | None = None
    meal: Meal | None = None
    accessibility: str | None = None
    note: str | None = None
    full_name: str | None = None
    phone: str | None = None
    email: str | None = None


class CancelIn(Schema):
    reason: str = ""
    version: int | None = None


class BulkIn(Schema):
    lines: list[str] = Field(max_length=services.BULK_MAX_LINES)
    role: RegistrationRole = RegistrationRole.PARTICIPANT
    meal: Meal = Meal.STANDARD
    represents: str = ""
    dry_run: bool = False


class BulkRowOut(Schema):
    line: int
    text: str
    name: str
    person_id: int | None
    action: str
    message: str
    registration_id: int | None
    status: str | None


class BulkOut(Schema):
    dry_run: bool
    confirmed: int
    waitlisted: int
    duplicates: int
    errors: int
    rows: list[BulkRowOut]


class AwardeesOut(Schema):
    programmes: int
    registered: int
    updated: int
    waitlisted: int


class CheckinIn(Schema):
    scan: str = Field(
        max_length=tickets.MAX_SCAN_LENGTH, description="The QR code's text or the typed code."
    )
    client_id: str = Field(
        "",
        max_length=64,
        description="An id the phone makes up for this scan: sent again, it counts once.",
    )
    scanned_at: datetime.datetime | None = None
    by_name: bool = False


class WalkInIn(Schema):
    full_name: str = Field(max_length=1000)
    represents: str = ""
    role: RegistrationRole = RegistrationRole.PARTICIPANT
    home_area_code: str = ""
    client_id: str = Field("", max_length=64)
    scanned_at: datetime.datetime | None = None


class BatchItemIn(Schema):
    kind: Literal["scan", "walk_in"] = "scan"
    client_id: str = Field(max_length=64)
    scanned_at: datetime.datetime | None = None
    scan: str = Field("", max_length=tickets.MAX_SCAN_LENGTH)
    by_name: bool = False
    full_name: str = Field("", max_length=1000)
    represents: str = ""
    role: RegistrationRole = RegistrationRole.PARTICIPANT
    home_area_code: str = ""


class BatchIn(Schema):
    items: list[BatchItemIn] = Field(max_length=BATCH_MAX)


class CheckinOut(Schema):
    client_id: str = ""
    outcome: str
    reason: str
    message: str
    name: str
    role: str
    role_label: str
    represents: str
    code: str
    checked_in_at: datetime.datetime | None
    duplicate: bool


class BatchOut(Schema):
    results: list[CheckinOut]


class CountRowOut(Schema):
    key: str
    label: str
    registered: int
    attended: int


class AttendanceOut(Schema):
    capacity: int | None
    free_seats: int | None
    registered: int
    attended: int
    waitlisted: int
    cancelled: int
    walk_ins: int
    no_shows: int
    awardees: int
    awardees_present: int
    by_role: list[CountRowOut]
    by_district: list[CountRowOut]
    by_organization: list[CountRowOut]


class PublicEventOut(Schema):
    id: int
    title: str
    status: str
    status_label: str
    access: str
    organizer_name: str
    area_code: str
    area_name: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    venue_name: str
    venue_address: str
    map_url: str
    description: str
    registration_open: bool
    url: str

    @staticmethod
    def resolve_status_label(obj: Event) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_organizer_name(obj: Event) -> str:
        return obj.organizer.name

    @staticmethod
    def resolve_area_code(obj: Event) -> str:
        return obj.area_id

    @staticmethod
    def resolve_area_name(obj: Event) -> str:
        return obj.area.display_name

    @staticmethod
    def resolve_registration_open(obj: Event) -> bool:
        return services.public_registration_open(obj)

    @staticmethod
    def resolve_url(obj: Event) -> str:
        return obj.get_public_url()


class PublicFiguresOut(Schema):
    registered: int
    attended: int
    by_role: list[CountRowOut]
    by_district: list[CountRowOut]


class PublicEventDetailOut(PublicEventOut):
    agenda: list[AgendaItemOut]
    figures: PublicFiguresOut | None

    @staticmethod
    def resolve_agenda(obj: Event) -> list[AgendaItem]:
        return obj.agenda_list

    @staticmethod
    def resolve_figures(obj: Event):
        return getattr(obj, "public_figures", None)


# Helpers ---------------------------------------------------------------------------------------


def _event(user, event_id: int, access: Access = Access.READ) -> Event:
    return selectors.event_get(user=user, event_id=event_id, access=access)


def _detail(event: Event, *, public: bool = False) -> Event:
    event.agenda_list = selectors.agenda(event, public=public)
    return event


def _registration(user, registration_id: int) -> Registration:
    registration = (
        Registration.objects.select_related(
            "event", "event__area", "person", "organization", "center", "checkin"
        )
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or not can(user, Access.READ, registration.event.area_id):
        raise NotFoundOrOutOfScope()
    return registration


def _result(result: services.CheckinResult, client_id: str = "") -> dict:
    return {
        "client_id": client_id,
        "outcome": result.outcome,
        "reason": result.reason,
        "message": result.message,
        "name": result.name,
        "role": result.role,
        "role_label": result.role_label,
        "represents": result.represents,
        "code": result.code,
        "checked_in_at": result.checked_in_at,
        "duplicate": result.duplicate,
    }


# Events ----------------------------------------------------------------------------------------


@router.get("/events", response=list[EventOut])
@paginate(BoundedPagination)
def event_list(
    request,
    area: str | None = None,
    status: EventStatus | None = None,
    q: str | None = None,
):
    """Events in your scope (and those whose door you work): `area` (a code prefix),
    `status`, `q` (words of the title). Latest first."""
    return selectors.event_list(
        user=request.user,
        area_code=(area or "").strip()[:8] or None,
        status=status,
        query=(q or "").strip(),
    )


@router.post("/events", response={201: EventDetailOut})
def event_create(request, payload: EventIn):
    """Draft an event of a center (in the center's area or an area inside it)."""
    event = services.event_create(actor=request.user, **payload.model_dump())
    return Status(201, _detail(_event(request.user, event.pk)))


@router.get("/events/{event_id}", response=EventDetailOut)
def event_detail(request, event_id: int):
    """An event with its agenda (award presentations carry their published winners)."""
    return _detail(_event(request.user, event_id))


@router.patch("/events/{event_id}", response=EventDetailOut)
def event_update(request, event_id: int, payload: EventPatch):
    """Change an event: name the `version` you started from (409 when someone changed it)."""
    event = _event(request.user, event_id)
    fields = payload.dict(exclude_unset=True)
    version = fields.pop("version")
    services.event_update(actor=request.user, event_id=event.pk, expected_version=version, **fields)
    return _detail(_event(request.user, event.pk))


@router.post("/events/{event_id}/status", response=EventDetailOut)
def event_status_change(request, event_id: int, payload: StatusIn):
    """draft → open → closed → held, or cancelled (with a `note` giving the reason)."""
    event = _event(request.user, event_id)
    services.event_status_change(
        actor=request.user,
        event_id=event.pk,
        status=payload.status,
        note=payload.note,
        expected_version=payload.version,
    )
    return _detail(_event(request.user, event.pk))


# Agenda ----------------------------------------------------------------------------------------


@router.post("/events/{event_id}/agenda", response={201: AgendaItemOut})
def agenda_item_add(request, event_id: int, payload: AgendaItemIn):
    """Add an item. Linking an award programme registers its published winners as awardees."""
    event = _event(request.user, event_id)
    data = payload.model_dump()
    item = services.agenda_item_add(actor=request.user, event_id=event.pk, **data)
    return Status(201, next(i for i in selectors.agenda(event) if i.pk == item.pk))


@router.patch("/agenda-items/{item_id}", response=AgendaItemOut)
def agenda_item_update(request, item_id: int, payload: AgendaItemPatch):
    item = AgendaItem.objects.filter(pk=item_id).first()
    if item is None:
        raise NotFoundOrOutOfScope()
    event = _event(request.user, item.event_id)
    fields = payload.dict(exclude_unset=True)
    version = fields.pop("version")
    services.agenda_item_update(
        actor=request.user, item_id=item.pk, expected_version=version, **fields
    )
    return next(i for i in selectors.agenda(event) if i.pk == item.pk)


@router.delete("/agenda-items/{item_id}", response={204: None})
def agenda_item_remove(request, item_id: int):
    item = AgendaItem.objects.filter(pk=item_id).first()
    if item is None:
        raise NotFoundOrOutOfScope()
    _event(request.user, item.event_id)
    services.agenda_item_remove(actor=request.user, item_id=item.pk)
    return Status(204, None)


@router.post("/events/{event_id}/awardees", response=AwardeesOut)
def event_awardees_register(request, event_id: int):
    """Register the published winners of the award programmes on the agenda (again: new
    winners are added, nobody twice)."""
    event = _event(request.user, event_id)
    result = services.event_awardees_register(actor=request.user, event_id=event.pk)
    return {
        "programmes": result.programmes,
        "registered": len(result.registered),
        "updated": len(result.updated),
        "waitlisted": len(result.waitlisted),
    }


# Registrations ---------------------------------------------------------------------------------


@router.get("/events/{event_id}/registrations", response=list[RegistrationOut])
@paginate(BoundedPagination)
def registration_list(
    request,
    event_id: int,
    status: RegistrationStatus | None = None,
    role: RegistrationRole | None = None,
    q: str | None = None,
    checked_in: bool | None = None,
):
    """The registrations of an event in Thai name order; `q` finds a name or a ticket code."""
    event = _event(request.user, event_id)
    return selectors.registrations(
        event=event, status=status, role=role, query=q or "", checked_in=checked_in
    ).select_related("event", "event__area")


@router.post("/events/{event_id}/registrations", response={201: RegistrationOut})
def registration_create(request, event_id: int, payload: RegistrationIn):
    """Register one person: `person_id` from the registry, or a `full_name`. A seat when one
    is free, else the waiting list (`status` says which)."""
    event = _event(request.user, event_id)
    registration = services.registration_create(
        actor=request.user, event_id=event.pk, **payload.model_dump()
    )
    return Status(201, _registration(request.user, registration.pk))


@router.post("/events/{event_id}/registrations/bulk", response=BulkOut)
def registration_bulk(request, event_id: int, payload: BulkIn):
    """Register a list, one person per line: a name, a 13-digit national ID, or both, and
    optionally whom they represent (fields separated by tabs, commas or semicolons). With any
    line in error nothing is registered (422 naming each line); `dry_run` only plans."""
    event = _event(request.user, event_id)
    result = services.registration_bulk_add(
        actor=request.user, event_id=event.pk, **payload.model_dump()
    )
    return {
        "dry_run": payload.dry_run,
        "confirmed": result.confirmed,
        "waitlisted": result.waitlisted,
        "duplicates": len(result.duplicates),
        "errors": len(result.errors),
        "rows": [
            {
                "line": row.number,
                "text": row.text,
                "name": row.name,
                "person_id": row.person.pk if row.person else None,
                "action": row.action,
                "message": row.message,
                "registration_id": row.registration.pk if row.registration else None,
                "status": row.registration.status if row.registration else None,
            }
            for row in result.rows
        ],
    }


@router.get("/registrations/{registration_id}", response=RegistrationOut)
def registration_detail(request, registration_id: int):
    return _registration(request.user, registration_id)


@router.patch("/registrations/{registration_id}", response=RegistrationOut)
def registration_update(request, registration_id: int, payload: RegistrationPatch):
    registration = _registration(request.user, registration_id)
    fields = payload.dict(exclude_unset=True)
    version = fields.pop("version")
    services.registration_update(
        actor=request.user,
        registration_id=registration.pk,
        expected_version=version,
        **fields,
    )
    return _registration(request.user, registration.pk)


@router.post("/registrations/{registration_id}/cancel", response=RegistrationOut)
def registration_cancel(request, registration_id: int, payload: CancelIn):
    """Cancel a registration; its seat goes to the first on the waiting list at once."""
    registration = _registration(request.user, registration_id)
    services.registration_cancel(
        actor=request.user,
        registration_id=registration.pk,
        reason=payload.reason,
        expected_version=payload.version,
    )
    return _registration(request.user, registration.pk)


# The door --------------------------------------------------------------------------------------


@router.post("/events/{event_id}/checkins", response=CheckinOut)
def checkin_record(request, event_id: int, payload: CheckinIn):
    """Check in a ticket: `scan` is the QR code's text or the typed code. The same ticket twice
    answers `outcome: "already"` (with the first time); the same `client_id` twice answers as
    the first time did (`duplicate: true`). Refusals answer `outcome: "refused"`."""
    event = selectors.event_for_door(user=request.user, event_id=event_id)
    result = services.checkin_record(actor=request.user, event_id=event.pk, **payload.model_dump())
    return _result(result, payload.client_id)


@router.post("/events/{event_id}/walk-ins", response=CheckinOut)
def checkin_walk_in(request, event_id: int, payload: WalkInIn):
    """Register a walk-in and check them in, in one step (a seat must be free)."""
    event = selectors.event_for_door(user=request.user, event_id=event_id)
    result = services.checkin_walk_in(actor=request.user, event_id=event.pk, **payload.model_dump())
    return _result(result, payload.client_id)


@router.post("/events/{event_id}/checkins/batch", response=BatchOut)
def checkin_batch(request, event_id: int, payload: BatchIn):
    """The phone's offline queue, sent when the network returns: each item is a scan or a
    walk-in with its `client_id`; each answers as it would alone, in order. An item whose
    walk-in data is not valid answers `outcome: "refused"` with the reason."""
    from django.core.exceptions import ValidationError

    event = selectors.event_for_door(user=request.user, event_id=event_id)
    results = []
    for item in payload.items:
        try:
            if item.kind == "walk_in":
                result = services.checkin_walk_in(
                    actor=request.user,
                    event_id=event.pk,
                    full_name=item.full_name,
                    represents=item.represents,
                    role=item.role,
                    home_area_code=item.home_area_code,
                    client_id=item.client_id,
                    scanned_at=item.scanned_at,
                )
            else:
                result = services.checkin_record(
                    actor=request.user,
                    event_id=event.pk,
                    scan=item.scan,
                    client_id=item.client_id,
                    scanned_at=item.scanned_at,
                    by_name=item.by_name,
                )
        except ValidationError as exc:
            messages = exc.messages
            result = services.CheckinResult(
                outcome=services.Outcome.REFUSED, reason="invalid", message=" ".join(messages)
            )
        results.append(_result(result, item.client_id))
    return {"results": results}


@router.get("/events/{event_id}/attendance", response=AttendanceOut)
def attendance(request, event_id: int):
    """Live counts: registered (seats given) against attended, by role, district and
    organisation; walk-ins, no-shows (so far), awardees present."""
    event = selectors.event_for_reader_or_door(user=request.user, event_id=event_id)
    figures = selectors.attendance(event=event)
    return {
        "capacity": figures.capacity,
        "free_seats": figures.free_seats,
        "registered": figures.registered,
        "attended": figures.attended,
        "waitlisted": figures.waitlisted,
        "cancelled": figures.cancelled,
        "walk_ins": figures.walk_ins,
        "no_shows": figures.no_shows,
        "awardees": figures.awardees,
        "awardees_present": figures.awardees_present,
        "by_role": figures.by_role,
        "by_district": figures.by_district,
        "by_organization": figures.by_organization,
    }


# Public ----------------------------------------------------------------------------------------


@router.get("/public/events", response=list[PublicEventOut], auth=None, tags=["public"])
@paginate(BoundedPagination)
def public_event_list(
    request, area: str | None = None, when: Literal["upcoming", "past"] = "upcoming"
):
    """Public events of an area (its own, those inside it and those of the areas above it):
    `upcoming` soonest first, or `past` latest first. No personal data."""
    found = selectors.public_events(area_code=(area or "").strip()[:8] or None)
    return found.upcoming if when == "upcoming" else found.past


@router.get("/public/events/{event_id}", response=PublicEventDetailOut, auth=None, tags=["public"])
def public_event_detail(request, event_id: int):
    """A public event with its agenda (published success stories only) and, once it is held,
    its attendance figures."""
    event = selectors.public_event_get(event_id=event_id)
    if not event.is_public:
        raise NotFoundOrOutOfScope()
    _detail(event, public=True)
    if event.status == EventStatus.HELD:
        figures = selectors.attendance(event=event)
        event.public_figures = {
            "registered": figures.registered,
            "attended": figures.attended,
            "by_role": figures.by_role,
            "by_district": figures.by_district,
        }
    return event
