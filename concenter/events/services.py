"""Writes of events: the event and its agenda, registrations and the waiting list, the door.

Each function checks the actor's scope first (404 through NotFoundOrOutOfScope, never 403),
then the rules (ValidationError naming the field, in the user's language), and writes inside
one transaction; auditlog records each saved row.

Who may do what:
* officers whose CHANGE scope covers the event's area manage it (edit, agenda, registrations,
  staff, badges);
* the door (check-in, walk-ins, name search, live counts) is also open to the users on the
  event's staff list (EventStaff), who need no area at all;
* anyone may register through the public form of a public, open event, and cancel their own
  registration through their ticket link.

Capacity is never exceeded: every path that confirms a seat first locks the event's row
(`SELECT … FOR UPDATE` on PostgreSQL; on SQLite transactions begin IMMEDIATE, so writers queue),
then counts the confirmed registrations. A cancellation moves the waiting list up in the same
transaction.
"""

import datetime
import logging
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from concenter.accounts.scope import Access, can, require
from concenter.common import clock, uploads
from concenter.common.errors import NotFoundOrOutOfScope, parse_error_message
from concenter.common.thai import (
    ThaiParseError,
    format_date_en,
    format_date_th,
    normalize_text,
    thai_sort_key,
    to_arabic_digits,
)
from concenter.common.versioning import lock_for_update
from concenter.events import tickets
from concenter.events.models import (
    DOOR_STATUSES,
    REGISTRATION_STATUSES,
    STATUS_TRANSITIONS,
    AgendaItem,
    AgendaKind,
    CheckIn,
    CheckInMethod,
    Event,
    EventAccess,
    EventPhoto,
    EventStaff,
    EventStatus,
    Meal,
    Registration,
    RegistrationRole,
    RegistrationSource,
    RegistrationStatus,
)
from concenter.geography.models import Area
from concenter.network.models import Center, Organization
from concenter.people.models import Person

logger = logging.getLogger(__name__)

BANGKOK = ZoneInfo("Asia/Bangkok")

# The rules of events, named once.
TITLE_MAX_LENGTH = 250
NAME_MAX_LENGTH = 300
TEXT_MAX_LENGTH = 10_000
CAPACITY_MAX = 100_000
BULK_MAX_LINES = 2_000
PHOTOS_MAX = 60
# The door opens this long before the event starts and closes this long after it ends.
DOOR_OPENS_BEFORE = datetime.timedelta(hours=3)
DOOR_CLOSES_AFTER = datetime.timedelta(hours=2)
# A phone's clock may run this far ahead of the server's; later scan times are the server's.
CLOCK_SKEW = datetime.timedelta(minutes=5)
CLIENT_ID_RE = re.compile(r"^[A-Za-z0-9_.:-]{8,64}$")
PHONE_DIGITS = (9, 10)  # Thai numbers: 02 123 4567 (9 digits), 081 234 5678 (10 digits)


# Small helpers ---------------------------------------------------------------------------------


def _text(value, *, field: str, max_length: int, required_message: str = "") -> str:
    """One line of text as typed, cleaned; refused (not cut) when longer than `max_length`."""
    text = normalize_text(str(value or ""))
    if required_message and not text:
        raise ValidationError({field: required_message})
    if len(text) > max_length:
        raise ValidationError(
            {
                field: _("Too long: at most %(max)s characters (%(length)s were typed).")
                % {"max": max_length, "length": len(text)}
            }
        )
    return text


def _multiline(value, *, field: str, max_length: int = TEXT_MAX_LENGTH) -> str:
    """Free text that keeps its paragraphs: each line cleaned, runs of blank lines made one."""
    lines = [normalize_text(line) for line in str(value or "").replace("\r\n", "\n").split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if len(text) > max_length:
        raise ValidationError(
            {
                field: _("Too long: at most %(max)s characters (%(length)s were typed).")
                % {"max": max_length, "length": len(text)}
            }
        )
    return text


def _aware(value, field: str) -> datetime.datetime | None:
    """A date-time as the services keep it: aware; a naive one is Bangkok time."""
    if value in (None, ""):
        return None
    if isinstance(value, str):
        parsed = parse_datetime(value.strip())
        if parsed is None:
            raise ValidationError({field: _("Enter a date and time.")})
        value = parsed
    if not isinstance(value, datetime.datetime):
        raise ValidationError({field: _("Enter a date and time.")})
    if timezone.is_naive(value):
        value = timezone.make_aware(value, BANGKOK)
    return value


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value, BANGKOK)


def _is_thai() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "th").startswith("th")


def format_when(value: datetime.datetime, *, today: datetime.date | None = None) -> str:
    """ "09:12" on the day itself, "27 ก.พ. 2563 09:12" on another day (the door's messages)."""
    local = _local(value)
    today = today or _local(clock.now()).date()
    time_of_day = local.strftime("%H:%M")
    if local.date() == today:
        return time_of_day
    day = format_date_th(local.date()) if _is_thai() else format_date_en(local.date())
    return f"{day} {time_of_day}"


def _email(value, field: str = "email") -> str:
    value = (value or "").strip()
    if len(value) > 254:
        raise ValidationError({field: _("Enter a valid email address.")})
    if value:
        try:
            validate_email(value)
        except ValidationError as exc:
            raise ValidationError({field: _("Enter a valid email address.")}) from exc
    return value


def _phone(value, field: str = "phone") -> str:
    text = normalize_text(to_arabic_digits(str(value or "")))
    if not text:
        return ""
    digits = re.sub(r"\D", "", text)
    if (
        len(text) > 30
        or not PHONE_DIGITS[0] <= len(digits) <= 13
        or re.search(r"[^\d\s()+-]", text)
    ):
        raise ValidationError({field: _("Enter a phone number, for example 081 234 5678.")})
    return text


def name_key(text: str) -> str:
    """A name as search and de-duplication compare it (the people app's `name_search` form)."""
    return normalize_text(text or "").replace(" ", "").lower()


# Titles typed before a Thai name; removed before a pasted name is compared with the registry.
NAME_TITLES = (
    "นางสาว",
    "น.ส.",
    "นาง",
    "นาย",
    "เด็กชาย",
    "เด็กหญิง",
    "ด.ช.",
    "ด.ญ.",
    "ดร.",
    "ผศ.",
    "รศ.",
    "ศ.",
    "พระครู",
    "พระ",
    "ว่าที่ร้อยตรี",
    "ว่าที่ ร.ต.",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Miss",
)


def without_title(name: str) -> str:
    """The name without the title typed before it (นาย, นางสาว, ดร. …)."""
    for title in sorted(NAME_TITLES, key=len, reverse=True):
        if name.startswith(title):
            return name[len(title) :].strip()
    return name


# Events ----------------------------------------------------------------------------------------


def _event_of(event_id) -> Event:
    event = Event.objects.select_related("area").filter(pk=event_id).first() if event_id else None
    if event is None:
        raise NotFoundOrOutOfScope()
    return event


def _require_event(actor, event_id, access: Access = Access.CHANGE) -> Event:
    event = _event_of(event_id)
    require(actor, access, event.area_id)
    return event


def may_work_door(actor, event: Event) -> bool:
    """Officers who may change the event, and the users on its staff list."""
    if can(actor, Access.CHANGE, event.area_id):
        return True
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    return EventStaff.objects.filter(event_id=event.pk, user_id=actor.pk).exists()


def _require_door(actor, event_id) -> Event:
    event = _event_of(event_id)
    if not may_work_door(actor, event):
        raise NotFoundOrOutOfScope()
    return event


def _lock_event(event_id: int) -> Event:
    """Lock the event's row: every seat is counted and given while it is held."""
    return Event.objects.select_for_update(of=("self",)).select_related("area").get(pk=event_id)


def _organizer(code: str) -> Center:
    center = Center.objects.select_related("area").filter(pk=(code or "").strip()).first()
    if center is None:
        raise ValidationError({"organizer_code": _("Unknown center.")})
    return center


def _event_area(organizer: Center, area_code: str) -> Area:
    code = (area_code or "").strip() or organizer.area_id
    area = Area.objects.filter(code=code, active=True).first()
    if area is None:
        raise ValidationError({"area_code": _("Unknown or inactive area code.")})
    if not area.code.startswith(organizer.area_id):
        raise ValidationError(
            {"area_code": _("The event's area must be the organising center's area or inside it.")}
        )
    return area


def _event_values(
    *,
    title,
    starts_at,
    ends_at,
    venue_name,
    venue_address,
    venue_area_code,
    map_url,
    capacity,
    description,
    access,
    registration_opens_at,
    registration_closes_at,
) -> dict:
    errors: dict[str, str] = {}
    values: dict = {}

    def collect(name: str, function, *args, **kwargs):
        try:
            values[name] = function(*args, **kwargs)
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                errors.setdefault(key, messages[0])

    collect(
        "title",
        _text,
        title,
        field="title",
        max_length=TITLE_MAX_LENGTH,
        required_message=_("Enter the event's title."),
    )
    collect("starts_at", _aware, starts_at, "starts_at")
    collect("ends_at", _aware, ends_at, "ends_at")
    collect("venue_name", _text, venue_name, field="venue_name", max_length=250)
    collect("venue_address", _text, venue_address, field="venue_address", max_length=300)
    collect("description", _multiline, description, field="description")
    collect("registration_opens_at", _aware, registration_opens_at, "registration_opens_at")
    collect("registration_closes_at", _aware, registration_closes_at, "registration_closes_at")
    starts, ends = values.get("starts_at"), values.get("ends_at")
    if "starts_at" in values and starts is None:
        errors["starts_at"] = _("Enter when the event starts.")
    if "ends_at" in values and ends is None:
        errors["ends_at"] = _("Enter when the event ends.")
    if starts and ends and ends <= starts:
        errors["ends_at"] = _("The event must end after it starts.")
    opens, closes = values.get("registration_opens_at"), values.get("registration_closes_at")
    if opens and closes and closes <= opens:
        errors["registration_closes_at"] = _("Registration must close after it opens.")
    if closes and ends and closes > ends:
        errors["registration_closes_at"] = _("Registration must close before the event ends.")
    venue_area = None
    if venue_area_code:
        venue_area = Area.objects.filter(code=str(venue_area_code).strip(), active=True).first()
        if venue_area is None:
            errors["venue_area_code"] = _("Unknown or inactive area code.")
    values["venue_area"] = venue_area
    map_url = (map_url or "").strip()
    if map_url:
        try:
            URLValidator(schemes=["https", "http"])(map_url)
            if len(map_url) > 500:
                raise ValidationError("too long")
        except ValidationError:
            errors["map_url"] = _("Enter a web address starting with https://")
    values["map_url"] = map_url
    if capacity in ("", None):
        values["capacity"] = None
    else:
        try:
            number = int(to_arabic_digits(str(capacity)).replace(",", "").strip())
        except (TypeError, ValueError):
            number = -1
        if not 1 <= number <= CAPACITY_MAX:
            errors["capacity"] = _(
                "Enter the number of seats (1 to %(max)s), or leave it empty for no limit."
            ) % {"max": f"{CAPACITY_MAX:,}"}
        values["capacity"] = number
    if access not in EventAccess.values:
        errors["access"] = _("Choose who may register.")
    values["access"] = access
    if errors:
        raise ValidationError(errors)
    return values


EVENT_FIELDS = (
    "title",
    "starts_at",
    "ends_at",
    "venue_name",
    "venue_address",
    "venue_area_code",
    "map_url",
    "capacity",
    "description",
    "access",
    "registration_opens_at",
    "registration_closes_at",
)


def _store_cover(upload) -> str:
    checked = uploads.check_upload(
        upload,
        kinds=(uploads.IMAGE,),
        max_bytes=uploads.MAX_IMAGE_BYTES,
        label=_("The cover image"),
    )
    return uploads.store_upload(checked, folder="events/covers")


@transaction.atomic
def event_create(
    *,
    actor,
    organizer_code: str,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    area_code: str = "",
    venue_name: str = "",
    venue_address: str = "",
    venue_area_code: str = "",
    map_url: str = "",
    capacity: int | None = None,
    description: str = "",
    access: str = EventAccess.PUBLIC,
    registration_opens_at: datetime.datetime | None = None,
    registration_closes_at: datetime.datetime | None = None,
    cover=None,
) -> Event:
    """Draft an event of a center, in the center's area or an area inside it."""
    organizer = _organizer(organizer_code)
    area = _event_area(organizer, area_code)
    require(actor, Access.CHANGE, area.code)
    values = _event_values(
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        venue_name=venue_name,
        venue_address=venue_address,
        venue_area_code=venue_area_code,
        map_url=map_url,
        capacity=capacity,
        description=description,
        access=access,
        registration_opens_at=registration_opens_at,
        registration_closes_at=registration_closes_at,
    )
    try:
        cover_name = _store_cover(cover) if cover else ""
    except ValidationError as exc:
        raise ValidationError({"cover": exc.messages}) from exc
    event = Event(organizer=organizer, ref=tickets.new_ref(), cover_image=cover_name, **values)
    event.place_in(area)
    event.save()
    return event


@transaction.atomic
def event_update(
    *,
    actor,
    event_id: int,
    expected_version: int | None,
    organizer_code: str | None = None,
    area_code: str | None = None,
    cover=None,
    remove_cover: bool = False,
    **fields,
) -> Event:
    """Change an event. The capacity cannot go below the seats already confirmed; a larger one
    moves the waiting list up at once."""
    existing = _require_event(actor, event_id)
    organizer = _organizer(organizer_code) if organizer_code else existing.organizer
    area = (
        _event_area(organizer, area_code)
        if (area_code or organizer_code)
        else _event_area(organizer, existing.area_id)
    )
    require(actor, Access.CHANGE, area.code)
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    event = lock_for_update(Event.objects.filter(pk=existing.pk), expected_version=expected_version)
    if event.status == EventStatus.CANCELLED:
        raise ValidationError({"status": _("This event was cancelled: it can no longer change.")})
    current = {name: getattr(event, name) for name in EVENT_FIELDS if name != "venue_area_code"}
    current["venue_area_code"] = event.venue_area_id or ""
    values = _event_values(**{**current, **fields})
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    if values["capacity"] is not None and values["capacity"] < confirmed:
        raise ValidationError(
            {
                "capacity": _(
                    "%(confirmed)s seats are already confirmed: the capacity cannot be lower. "
                    "Cancel registrations first."
                )
                % {"confirmed": confirmed}
            }
        )
    old_cover = event.cover_image
    if cover:
        try:
            event.cover_image = _store_cover(cover)
        except ValidationError as exc:
            raise ValidationError({"cover": exc.messages}) from exc
    elif remove_cover:
        event.cover_image = ""
    for name, value in values.items():
        setattr(event, name, value)
    event.organizer = organizer
    event.place_in(area)
    event.save()
    if old_cover and old_cover != event.cover_image:
        transaction.on_commit(lambda: uploads.delete_stored(old_cover))
    _promote_waiting_list(event)
    return event


@transaction.atomic
def event_status_change(
    *, actor, event_id: int, status: str, note: str = "", expected_version: int | None = None
) -> Event:
    """Move an event along draft → open → closed → held (or cancelled); see STATUS_TRANSITIONS."""
    existing = _require_event(actor, event_id)
    event = lock_for_update(Event.objects.filter(pk=existing.pk), expected_version=expected_version)
    if status not in EventStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if status not in STATUS_TRANSITIONS[event.status]:
        raise ValidationError(
            {
                "status": _("An event that is “%(current)s” cannot become “%(new)s”.")
                % {
                    "current": EventStatus(event.status).label,
                    "new": EventStatus(status).label,
                }
            }
        )
    if status == EventStatus.HELD and event.starts_at > clock.now():
        raise ValidationError({"status": _("An event cannot be marked as held before it starts.")})
    if status == EventStatus.CANCELLED and not normalize_text(note):
        raise ValidationError({"note": _("Give the reason for the cancellation.")})
    event.status = status
    event.status_note = _text(note, field="note", max_length=300)
    event.save()
    return event


# Agenda ----------------------------------------------------------------------------------------


def _agenda_values(
    actor,
    event: Event,
    *,
    kind,
    starts_at,
    ends_at=None,
    title="",
    details="",
    location="",
    speaker_name="",
    speaker_position="",
    performer_organization_id=None,
    performer_center_code="",
    performer_name="",
    exhibitor_center_code="",
    theme="",
    story_ids=(),
    award_programme_id=None,
) -> tuple[dict, list]:
    errors: dict[str, str] = {}
    if kind not in AgendaKind.values:
        raise ValidationError({"kind": _("Choose the kind of item.")})
    values: dict = {"kind": kind}
    for name, value in (("starts_at", starts_at), ("ends_at", ends_at)):
        try:
            values[name] = _aware(value, name)
        except ValidationError as exc:
            errors[name] = exc.message_dict[name][0]
    for name, max_length, value in (
        ("title", TITLE_MAX_LENGTH, title),
        ("location", 200, location),
        ("speaker_name", 200, speaker_name),
        ("speaker_position", 250, speaker_position),
        ("performer_name", 250, performer_name),
        ("theme", 250, theme),
    ):
        try:
            values[name] = _text(value, field=name, max_length=max_length)
        except ValidationError as exc:
            errors[name] = exc.message_dict[name][0]
    try:
        values["details"] = _multiline(details, field="details", max_length=5000)
    except ValidationError as exc:
        errors["details"] = exc.message_dict["details"][0]
    starts, ends = values.get("starts_at"), values.get("ends_at")
    window = _("%(start)s – %(end)s") % {
        "start": _local(event.starts_at).strftime("%H:%M"),
        "end": _local(event.ends_at).strftime("%H:%M"),
    }
    if "starts_at" not in errors and starts is None:
        errors["starts_at"] = _("Enter when the item starts.")
    elif starts and not event.starts_at <= starts < event.ends_at:
        errors["starts_at"] = _("The item must start within the event (%(window)s).") % {
            "window": window
        }
    if starts and ends and ends <= starts:
        errors["ends_at"] = _("The item must end after it starts.")
    elif ends and ends > event.ends_at:
        errors["ends_at"] = _("The item must end within the event (%(window)s).") % {
            "window": window
        }
    # What each kind needs; fields of other kinds are cleared so the item stays what it says.
    values.update(
        performer_organization=None,
        performer_center=None,
        exhibitor_center=None,
    )
    stories: list = []
    if kind != AgendaKind.SPEECH:
        values.update(speaker_name="", speaker_position="")
    if kind != AgendaKind.PERFORMANCE:
        values["performer_name"] = ""
    if kind != AgendaKind.EXHIBITION:
        values["theme"] = ""
    if kind == AgendaKind.SPEECH:
        if not values.get("speaker_name") and not values.get("speaker_position"):
            errors["speaker_name"] = _("Enter the speaker's name or position.")
    elif kind == AgendaKind.PERFORMANCE:
        if performer_organization_id:
            organization = Organization.objects.filter(pk=performer_organization_id).first()
            if organization is None or not can(actor, Access.READ, organization.area_id):
                errors["performer_organization_id"] = _("Unknown organization.")
            values["performer_organization"] = organization
        if performer_center_code:
            center = Center.objects.filter(pk=str(performer_center_code).strip()).first()
            if center is None:
                errors["performer_center_code"] = _("Unknown center.")
            values["performer_center"] = center
        if not (performer_organization_id or performer_center_code or values.get("performer_name")):
            errors["performer_name"] = _(
                "Name the performing group: an organization, a center or a group's name."
            )
    elif kind == AgendaKind.EXHIBITION:
        center = Center.objects.filter(pk=str(exhibitor_center_code or "").strip()).first()
        if center is None:
            errors["exhibitor_center_code"] = _("Choose the exhibiting center.")
        values["exhibitor_center"] = center
        if story_ids and center is not None:
            from concenter.activities.models import Story

            wanted = {int(pk) for pk in story_ids}
            found = {s.pk: s for s in Story.objects.filter(pk__in=wanted)}
            for pk in sorted(wanted):
                story = found.get(pk)
                if story is None:
                    errors["story_ids"] = _("Unknown success story.")
                elif not story.center_id.startswith(center.area_id):
                    errors["story_ids"] = _(
                        "The story “%(title)s” is not a story of the exhibiting center or of "
                        "its member centers."
                    ) % {"title": story.title}
                else:
                    stories.append(story)
    values["award_programme"] = None
    if kind == AgendaKind.AWARD and award_programme_id:
        from concenter.awards.models import Programme

        programme = Programme.objects.filter(pk=award_programme_id).first()
        if programme is None or not can(actor, Access.READ, programme.area_id):
            errors["award_programme_id"] = _("Unknown award programme.")
        values["award_programme"] = programme
    if errors:
        raise ValidationError(errors)
    return values, stories


def _item_event(actor, item_id) -> tuple[AgendaItem, Event]:
    item = AgendaItem.objects.filter(pk=item_id).first() if item_id else None
    if item is None:
        raise NotFoundOrOutOfScope()
    event = _require_event(actor, item.event_id)
    return item, event


def _check_event_editable(event: Event) -> None:
    if event.status == EventStatus.CANCELLED:
        raise ValidationError({"status": _("This event was cancelled: it can no longer change.")})


@transaction.atomic
def agenda_item_add(*, actor, event_id: int, kind: str, starts_at, **fields) -> AgendaItem:
    """Add an item to the agenda. Linking an award programme registers its awardees."""
    event = _require_event(actor, event_id)
    _check_event_editable(event)
    values, stories = _agenda_values(actor, event, kind=kind, starts_at=starts_at, **fields)
    last = event.agenda_items.order_by("-position").values_list("position", flat=True).first()
    item = AgendaItem(event=event, position=(last or 0) + 1, **values)
    item.save()
    if stories:
        item.stories.set(stories)
    if item.award_programme_id:
        _register_awardees(actor, _lock_event(event.pk))
    return item


@transaction.atomic
def agenda_item_update(
    *, actor, item_id: int, expected_version: int | None, **fields
) -> AgendaItem:
    existing, event = _item_event(actor, item_id)
    _check_event_editable(event)
    item = lock_for_update(
        AgendaItem.objects.filter(pk=existing.pk), expected_version=expected_version
    )
    current = {
        "kind": item.kind,
        "starts_at": item.starts_at,
        "ends_at": item.ends_at,
        "title": item.title,
        "details": item.details,
        "location": item.location,
        "speaker_name": item.speaker_name,
        "speaker_position": item.speaker_position,
        "performer_organization_id": item.performer_organization_id,
        "performer_center_code": item.performer_center_id or "",
        "performer_name": item.performer_name,
        "exhibitor_center_code": item.exhibitor_center_id or "",
        "theme": item.theme,
        "story_ids": list(item.stories.values_list("pk", flat=True)),
        "award_programme_id": item.award_programme_id,
    }
    values, stories = _agenda_values(actor, event, **{**current, **fields})
    linked_before = current["award_programme_id"]
    for name, value in values.items():
        setattr(item, name, value)
    item.save()
    item.stories.set(stories)
    programme_id = item.award_programme_id
    if programme_id and programme_id != linked_before:
        _register_awardees(actor, _lock_event(event.pk))
    return item


@transaction.atomic
def agenda_item_remove(*, actor, item_id: int) -> None:
    item, event = _item_event(actor, item_id)
    _check_event_editable(event)
    item.delete()


# Door staff ------------------------------------------------------------------------------------


@transaction.atomic
def event_staff_add(*, actor, event_id: int, username: str) -> EventStaff:
    """Put a user on the event's door staff (they need no area: the list is their right)."""
    from django.contrib.auth import get_user_model

    event = _require_event(actor, event_id)
    username = (username or "").strip()[:150]
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise ValidationError({"username": _("No active user has this username.")})
    if EventStaff.objects.filter(event=event, user=user).exists():
        raise ValidationError({"username": _("%(user)s is already on the staff.") % {"user": user}})
    staff = EventStaff(event=event, user=user, added_by=actor)
    staff.save()
    return staff


@transaction.atomic
def event_staff_remove(*, actor, staff_id: int) -> None:
    staff = EventStaff.objects.filter(pk=staff_id).first() if staff_id else None
    if staff is None:
        raise NotFoundOrOutOfScope()
    _require_event(actor, staff.event_id)
    staff.delete()


# Registrations ---------------------------------------------------------------------------------


def _confirmed_count(event: Event) -> int:
    return Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()


def _has_seat(event: Event) -> bool:
    return event.capacity is None or _confirmed_count(event) < event.capacity


def _new_code(event: Event) -> str:
    for _attempt in range(20):
        code = tickets.new_code()
        if not Registration.objects.filter(event=event, code=code).exists():
            return code
    raise RuntimeError("no free ticket code")  # pragma: no cover - 31^8 codes per event


def _place_from(area: Area | None) -> dict:
    if area is None:
        return {"home_area": None, "province_code": "", "district_code": ""}
    return {
        "home_area": area,
        "province_code": area.province_code,
        "district_code": area.district_code,
    }


def _home_area(code, field: str = "home_area_code") -> Area | None:
    code = str(code or "").strip()
    if not code:
        return None
    area = Area.objects.filter(code=code, active=True).first()
    if area is None:
        raise ValidationError({field: _("Unknown or inactive area code.")})
    return area


def _insert_registration(
    event: Event, *, actor=None, waitlist: bool = True, **values
) -> Registration:
    """Save a new registration of a locked event: a seat if one is free, else the waiting list
    (or a refusal when `waitlist` is False)."""
    now = clock.now()
    if _has_seat(event):
        values.update(status=RegistrationStatus.CONFIRMED, confirmed_at=now)
    elif waitlist:
        values.update(status=RegistrationStatus.WAITLISTED, waitlisted_at=now)
    else:
        raise ValidationError(
            {"__all__": _("The event is full (%(capacity)s seats).") % {"capacity": event.capacity}}
        )
    registration = Registration(
        event=event,
        registered_by=actor if getattr(actor, "pk", None) else None,
        code=_new_code(event),
        ticket_secret=tickets.new_secret(),
        link_secret=tickets.new_secret(),
        **values,
    )
    _derive(registration)
    registration.save()
    return registration


def _derive(registration: Registration) -> None:
    name = registration.person.full_name if registration.person_id else registration.full_name
    bare = registration.person.name_without_title if registration.person_id else name
    registration.name_search = name_key(without_title(bare))[:300]
    registration.sort_key = thai_sort_key(without_title(bare))


def _represented(actor, *, organization_id=None, center_code="", represents="") -> dict:
    errors = {}
    organization = center = None
    if organization_id:
        organization = Organization.objects.filter(pk=organization_id).first()
        if organization is None or not can(actor, Access.READ, organization.area_id):
            errors["organization_id"] = _("Unknown organization.")
    if center_code:
        center = Center.objects.filter(pk=str(center_code).strip()).first()
        if center is None:
            errors["center_code"] = _("Unknown center.")
    try:
        text = _text(represents, field="represents", max_length=250)
    except ValidationError as exc:
        errors["represents"] = exc.message_dict["represents"][0]
        text = ""
    if errors:
        raise ValidationError(errors)
    return {"organization": organization, "center": center, "represents": text}


def _needs(*, role, meal, accessibility, note) -> dict:
    errors = {}
    if role not in RegistrationRole.values:
        errors["role"] = _("Choose a role.")
    if meal not in Meal.values:
        errors["meal"] = _("Choose a meal.")
    values = {"role": role, "meal": meal}
    for name, value in (("accessibility", accessibility), ("note", note)):
        try:
            values[name] = _text(value, field=name, max_length=300)
        except ValidationError as exc:
            errors[name] = exc.message_dict[name][0]
    if errors:
        raise ValidationError(errors)
    return values


def _check_registration_open(event: Event) -> None:
    if event.status not in REGISTRATION_STATUSES:
        raise ValidationError(
            {
                "__all__": _("Registration is over: the event is “%(status)s”.")
                % {"status": EventStatus(event.status).label}
            }
        )


def _person_in_reach(actor, person_id, field: str = "person_id") -> Person:
    person = (
        Person.objects.select_related("area").filter(pk=person_id).first() if person_id else None
    )
    if person is None or not can(actor, Access.READ, person.area_id):
        raise ValidationError({field: _("Unknown person.")})
    return person


def _already_registered(event: Event, person: Person) -> Registration | None:
    return Registration.objects.filter(
        event=event,
        person=person,
        status__in=(RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED),
    ).first()


@transaction.atomic
def registration_create(
    *,
    actor,
    event_id: int,
    person_id: int | None = None,
    full_name: str = "",
    role: str = RegistrationRole.PARTICIPANT,
    organization_id: int | None = None,
    center_code: str = "",
    represents: str = "",
    home_area_code: str = "",
    meal: str = Meal.STANDARD,
    accessibility: str = "",
    note: str = "",
    phone: str = "",
    email: str = "",
    source: str = RegistrationSource.OFFICER,
) -> Registration:
    """Register one person: someone of the registry (`person_id`, within the actor's reach) or a
    name typed by the officer. A seat if one is free, the waiting list otherwise."""
    event = _require_event(actor, event_id)
    _check_registration_open(event)
    person = _person_in_reach(actor, person_id) if person_id else None
    name = ""
    if person is None:
        name = _text(
            full_name,
            field="full_name",
            max_length=NAME_MAX_LENGTH,
            required_message=_("Pick a person from the registry, or type a name."),
        )
    values = {
        **_needs(role=role, meal=meal, accessibility=accessibility, note=note),
        **_represented(
            actor, organization_id=organization_id, center_code=center_code, represents=represents
        ),
        **_place_from(person.area if person else _home_area(home_area_code)),
        "phone": "" if person else _phone(phone),
        "email": "" if person else _email(email),
    }
    if source not in RegistrationSource.values:
        source = RegistrationSource.OFFICER
    locked = _lock_event(event.pk)
    if person is not None:
        existing = _already_registered(locked, person)
        if existing is not None:
            raise ValidationError(
                {
                    "person_id": _("%(name)s is already registered (ticket %(code)s).")
                    % {"name": person.full_name, "code": existing.code_display}
                }
            )
    return _insert_registration(
        locked, actor=actor, person=person, full_name=name, source=source, **values
    )


@dataclass
class BulkRow:
    """One pasted line and what registering it does (or why it cannot)."""

    number: int
    text: str
    name: str = ""
    person: Person | None = None
    represents: str = ""
    action: str = "register"  # register, duplicate, error
    message: str = ""
    registration: Registration | None = None


@dataclass
class BulkResult:
    rows: list[BulkRow] = field(default_factory=list)
    confirmed: int = 0
    waitlisted: int = 0

    @property
    def errors(self) -> list[BulkRow]:
        return [row for row in self.rows if row.action == "error"]

    @property
    def to_register(self) -> list[BulkRow]:
        return [row for row in self.rows if row.action == "register"]

    @property
    def duplicates(self) -> list[BulkRow]:
        return [row for row in self.rows if row.action == "duplicate"]


_ID_RE = re.compile(r"^[\d\s-]{13,20}$")


def _bulk_fields(text: str) -> tuple[str, list[str]]:
    """(national ID, the other fields) of one pasted line: fields split by tabs (a copy from a
    spreadsheet), semicolons or commas; a field of 13 digits is the ID."""
    parts = [p.strip() for p in re.split(r"[\t;,]", text) if p.strip()]
    national_id = ""
    others = []
    for part in parts:
        digits = to_arabic_digits(part)
        if not national_id and _ID_RE.match(digits) and len(re.sub(r"\D", "", digits)) == 13:
            national_id = re.sub(r"\D", "", digits)
        else:
            others.append(normalize_text(part))
    return national_id, others


def _bulk_plan(actor, event: Event, lines: list[str]) -> BulkResult:
    from concenter.people.identity import national_id_fingerprint

    result = BulkResult()
    people_seen: set[int] = set()
    names_seen: set[str] = set()
    registered = Registration.objects.filter(
        event=event, status__in=(RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)
    )
    registered_people = set(registered.exclude(person=None).values_list("person_id", flat=True))
    registered_names = set(registered.filter(person=None).values_list("name_search", flat=True))
    numbered = [(n, line) for n, line in enumerate(lines, start=1) if normalize_text(line)]
    if len(numbered) > BULK_MAX_LINES:
        raise ValidationError(
            {"lines": _("At most %(max)s lines at a time.") % {"max": f"{BULK_MAX_LINES:,}"}}
        )
    for number, line in numbered:
        row = BulkRow(number=number, text=normalize_text(line)[:400])
        result.rows.append(row)
        national_id, others = _bulk_fields(line)
        # The first other field is the name, the next one whom the person represents; a line
        # of an ID found in the registry and one other field gives the organisation, unless
        # that field is the person's own name.
        name = others[0] if others else ""
        represents = others[1] if len(others) > 1 else ""
        if national_id:
            try:
                digest, _last4 = national_id_fingerprint(national_id)
            except ThaiParseError as exc:
                row.action, row.message = "error", parse_error_message(exc)
                continue
            person = Person.objects.select_related("area").filter(national_id_hash=digest).first()
            if person is not None and can(actor, Access.READ, person.area_id):
                row.person = person
                if len(others) == 1 and name_key(without_title(name)) != person.name_search:
                    name, represents = "", others[0]
            elif not name:
                row.action, row.message = (
                    "error",
                    _("No one with this ID number in your area: type the name too."),
                )
                continue
        row.represents = represents
        if len(row.represents) > 250:
            row.action, row.message = (
                "error",
                _("The organisation is too long (at most 250 characters)."),
            )
            continue
        if row.person is None:
            if not name_key(without_title(name)):
                row.action, row.message = "error", _("Type a name or a national ID number.")
                continue
            if len(name) > NAME_MAX_LENGTH:
                row.action, row.message = (
                    "error",
                    _("The name is too long (at most %(max)s characters).")
                    % {"max": NAME_MAX_LENGTH},
                )
                continue
            # "นางนวล ใจดี" may be นาง + นวล or a given name นางนวล: both are looked for.
            keys = {name_key(without_title(name)), name_key(name)}
            matches = list(
                Person.objects.select_related("area").filter(
                    name_search__in=keys, anonymized_at__isnull=True
                )[:20]
            )
            matches = [p for p in matches if can(actor, Access.READ, p.area_id)]
            if len(matches) == 1:
                row.person = matches[0]
            elif len(matches) > 1:
                row.action, row.message = (
                    "error",
                    _(
                        "%(count)s people in the registry have this name: add the ID number, "
                        "or pick them from the registry."
                    )
                    % {"count": len(matches)},
                )
                continue
            row.name = name
        if row.person is not None:
            row.name = row.person.full_name
            if row.person.pk in registered_people or row.person.pk in people_seen:
                row.action, row.message = "duplicate", _("Already registered.")
                continue
            people_seen.add(row.person.pk)
        else:
            key = name_key(without_title(name))
            if key in registered_names or key in names_seen:
                row.action, row.message = "duplicate", _("Already registered.")
                continue
            names_seen.add(key)
    return result


@transaction.atomic
def registration_bulk_add(
    *,
    actor,
    event_id: int,
    lines: list[str],
    role: str = RegistrationRole.PARTICIPANT,
    meal: str = Meal.STANDARD,
    represents: str = "",
    dry_run: bool = False,
) -> BulkResult:
    """Register a pasted list: one person per line, by name, 13-digit national ID, or both
    (plus, optionally, whom they represent). A name or ID of the registry within the actor's
    reach links the person. With any row in error nothing is registered and every error names
    its line; people already registered are skipped. `dry_run` only plans."""
    event = _require_event(actor, event_id)
    _check_registration_open(event)
    needs = _needs(role=role, meal=meal, accessibility="", note="")
    default_represents = _text(represents, field="represents", max_length=250)
    locked = _lock_event(event.pk)
    result = _bulk_plan(actor, locked, [str(line) for line in lines])
    if not result.rows:
        raise ValidationError({"lines": _("Paste at least one name.")})
    if result.errors:
        if dry_run:
            return result
        raise ValidationError(
            {
                "lines": [
                    _("Line %(number)s (%(text)s): %(message)s")
                    % {"number": row.number, "text": row.text[:60], "message": row.message}
                    for row in result.errors
                ]
            }
        )
    free = None if locked.capacity is None else max(locked.capacity - _confirmed_count(locked), 0)
    for row in result.to_register:
        if free is None or free > 0:
            result.confirmed += 1
            free = None if free is None else free - 1
        else:
            result.waitlisted += 1
        if dry_run:
            continue
        row.registration = _insert_registration(
            locked,
            actor=actor,
            person=row.person,
            full_name="" if row.person else row.name,
            source=RegistrationSource.LIST,
            represents=row.represents or default_represents,
            **_place_from(row.person.area if row.person else None),
            **needs,
        )
    return result


def public_registration_open(event: Event, *, now: datetime.datetime | None = None) -> bool:
    """Whether the public form takes registrations now."""
    now = now or clock.now()
    if event.status != EventStatus.OPEN or event.access != EventAccess.PUBLIC:
        return False
    if event.registration_opens_at and now < event.registration_opens_at:
        return False
    closes = event.registration_closes_at or event.starts_at
    return now < closes


@transaction.atomic
def registration_public_create(
    *,
    event_id: int,
    full_name: str,
    phone: str = "",
    email: str = "",
    represents: str = "",
    home_area_code: str = "",
    meal: str = Meal.STANDARD,
    accessibility: str = "",
    consent: bool = False,
) -> Registration:
    """Someone registers themselves through the public form of a public, open event. Past the
    capacity they are put on the waiting list (never over the capacity)."""
    event = _event_of(event_id)
    if not event.is_public:
        raise NotFoundOrOutOfScope()
    if not public_registration_open(event):
        raise ValidationError({"__all__": _("Registration for this event is closed.")})
    errors: dict[str, str] = {}
    values: dict = {}
    for name, function in (
        (
            "full_name",
            lambda: _text(
                full_name,
                field="full_name",
                max_length=NAME_MAX_LENGTH,
                required_message=_("Enter your name."),
            ),
        ),
        ("phone", lambda: _phone(phone)),
        ("email", lambda: _email(email)),
        ("represents", lambda: _text(represents, field="represents", max_length=250)),
        ("home_area", lambda: _home_area(home_area_code)),
        ("accessibility", lambda: _text(accessibility, field="accessibility", max_length=300)),
    ):
        try:
            values[name] = function()
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                errors[key] = messages[0]
    if (
        "phone" not in errors
        and "email" not in errors
        and not values["phone"]
        and not values["email"]
    ):
        errors["phone"] = _(
            "Give a phone number or an email address, so the organiser can reach you."
        )
    if meal not in Meal.values:
        errors["meal"] = _("Choose a meal.")
    if not consent:
        errors["consent"] = _(
            "Registration needs your consent to the use of your data for this event."
        )
    if errors:
        raise ValidationError(errors)
    locked = _lock_event(event.pk)
    key = name_key(without_title(values["full_name"]))
    contact = re.sub(r"\D", "", values["phone"]) or values["email"].lower()
    for other in Registration.objects.filter(
        event=locked,
        person=None,
        name_search=key,
        status__in=(RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED),
    ):
        if contact and contact in (re.sub(r"\D", "", other.phone), other.email.lower()):
            raise ValidationError(
                {
                    "full_name": _(
                        "You are already registered for this event. Open the ticket link you "
                        "received, or ask the organiser."
                    )
                }
            )
    home_area = values.pop("home_area")
    return _insert_registration(
        locked,
        source=RegistrationSource.PUBLIC,
        role=RegistrationRole.PARTICIPANT,
        meal=meal,
        **values,
        **_place_from(home_area),
    )


def _registration_of(registration_id) -> Registration:
    registration = (
        Registration.objects.select_related("event", "person").filter(pk=registration_id).first()
        if registration_id
        else None
    )
    if registration is None:
        raise NotFoundOrOutOfScope()
    return registration


@transaction.atomic
def registration_update(
    *,
    actor,
    registration_id: int,
    expected_version: int | None,
    **fields,
) -> Registration:
    """Change a registration's role, whom they represent, their needs, or (for a name typed
    without a record in the registry) the name and contact."""
    existing = _registration_of(registration_id)
    require(actor, Access.CHANGE, existing.event.area_id)
    allowed = {
        "role",
        "organization_id",
        "center_code",
        "represents",
        "home_area_code",
        "meal",
        "accessibility",
        "note",
        "full_name",
        "phone",
        "email",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    # Lock the row alone (PostgreSQL refuses FOR UPDATE across the outer join to a person).
    registration = lock_for_update(
        Registration.objects.filter(pk=existing.pk), expected_version=expected_version
    )
    current = {
        "role": registration.role,
        "organization_id": registration.organization_id,
        "center_code": registration.center_id or "",
        "represents": registration.represents,
        "home_area_code": registration.home_area_id or "",
        "meal": registration.meal,
        "accessibility": registration.accessibility,
        "note": registration.note,
        "full_name": registration.full_name,
        "phone": registration.phone,
        "email": registration.email,
    }
    merged = {**current, **fields}
    values = {
        **_needs(
            role=merged["role"],
            meal=merged["meal"],
            accessibility=merged["accessibility"],
            note=merged["note"],
        ),
        **_represented(
            actor,
            organization_id=merged["organization_id"],
            center_code=merged["center_code"],
            represents=merged["represents"],
        ),
    }
    if registration.person_id is None:
        values["full_name"] = _text(
            merged["full_name"],
            field="full_name",
            max_length=NAME_MAX_LENGTH,
            required_message=_("Enter the name."),
        )
        values["phone"] = _phone(merged["phone"])
        values["email"] = _email(merged["email"])
        values.update(_place_from(_home_area(merged["home_area_code"])))
    for name, value in values.items():
        setattr(registration, name, value)
    _derive(registration)
    registration.save()
    return registration


def _promote_waiting_list(event: Event) -> list[Registration]:
    """Give free seats of a locked event to the waiting list, first come first served."""
    promoted: list[Registration] = []
    if event.status not in REGISTRATION_STATUSES:
        return promoted
    free = None if event.capacity is None else event.capacity - _confirmed_count(event)
    queue = Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED).order_by(
        "waitlisted_at", "pk"
    )
    if free is not None:
        if free <= 0:
            return promoted
        queue = queue[:free]
    now = clock.now()
    for registration in queue:
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
        registration.version += 1
        registration.save()
        promoted.append(registration)
    return promoted


def _cancel(
    registration_id: int, *, reason: str, expected_version: int | None = None
) -> Registration:
    event_id = Registration.objects.values_list("event_id", flat=True).get(pk=registration_id)
    event = _lock_event(event_id)
    registration = lock_for_update(
        Registration.objects.filter(pk=registration_id), expected_version=expected_version
    )
    if registration.status == RegistrationStatus.CANCELLED:
        raise ValidationError({"status": _("This registration is already cancelled.")})
    if event.status == EventStatus.HELD:
        raise ValidationError(
            {"status": _("The event has been held: its registrations stay as they were.")}
        )
    if CheckIn.objects.filter(registration=registration).exists():
        raise ValidationError(
            {"status": _("This person has already checked in: undo the check-in first.")}
        )
    was_confirmed = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = clock.now()
    registration.cancel_reason = _text(reason, field="reason", max_length=300)
    registration.save()
    registration.promoted = _promote_waiting_list(event) if was_confirmed else []
    return registration


@transaction.atomic
def registration_cancel(
    *, actor, registration_id: int, reason: str = "", expected_version: int | None = None
) -> Registration:
    """Cancel a registration; its seat goes to the first on the waiting list at once."""
    existing = _registration_of(registration_id)
    require(actor, Access.CHANGE, existing.event.area_id)
    return _cancel(existing.pk, reason=reason, expected_version=expected_version)


def registration_by_link(token: str) -> Registration | None:
    """The registration a ticket link opens, or None (forged, altered or unknown)."""
    read = tickets.read_link_token(token)
    if read is None:
        return None
    ref, secret = read
    return (
        Registration.objects.select_related(
            "event", "event__area", "person", "organization", "center"
        )
        .filter(link_secret=secret, event__ref=ref)
        .first()
    )


@transaction.atomic
def registration_cancel_by_link(*, token: str) -> Registration:
    """The registrant cancels through their own ticket link (freeing the seat for the line)."""
    registration = registration_by_link(token)
    if registration is None:
        raise NotFoundOrOutOfScope()
    return _cancel(registration.pk, reason=_("Cancelled by the registrant."))


# Awardees of a linked award programme ---------------------------------------------------------


@dataclass
class AwardeesResult:
    registered: list[Registration] = field(default_factory=list)
    updated: list[Registration] = field(default_factory=list)
    waitlisted: list[Registration] = field(default_factory=list)
    programmes: int = 0


def _register_awardees(actor, event: Event) -> AwardeesResult:
    """Register the published winners of every award programme on the agenda, in their
    presentation order (the event's row is locked by the caller)."""
    from concenter.awards.selectors import programme_published_winners

    result = AwardeesResult()

    programme_ids = list(
        AgendaItem.objects.filter(event=event, kind=AgendaKind.AWARD)
        .exclude(award_programme=None)
        .order_by("starts_at", "position")
        .values_list("award_programme_id", flat=True)
        .distinct()
    )
    result.programmes = len(programme_ids)
    active = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)
    for programme_id in programme_ids:
        for winner in programme_published_winners(programme_id=programme_id):
            if Registration.objects.filter(
                event=event, award_nomination_id=winner.nomination_id, status__in=active
            ).exists():
                continue
            existing = None
            person = None
            if winner.person_id:
                person = Person.objects.select_related("area").filter(pk=winner.person_id).first()
                if person is not None:
                    existing = Registration.objects.filter(
                        event=event, person=person, status__in=active
                    ).first()
            if existing is not None:
                existing.role = RegistrationRole.AWARDEE
                existing.award_nomination_id = winner.nomination_id
                existing.version += 1
                existing.save()
                result.updated.append(existing)
                continue
            organization = (
                Organization.objects.filter(pk=winner.organization_id).first()
                if winner.organization_id
                else None
            )
            center = (
                Center.objects.filter(pk=winner.center_code).first() if winner.center_code else None
            )
            home = person.area if person else (organization.area if organization else None)
            registration = _insert_registration(
                event,
                actor=actor,
                person=person,
                full_name="" if person else normalize_text(winner.display_name)[:NAME_MAX_LENGTH],
                role=RegistrationRole.AWARDEE,
                source=RegistrationSource.AWARDS,
                organization=organization,
                center=center if organization is None else None,
                award_nomination_id=winner.nomination_id,
                **_place_from(home),
            )
            result.registered.append(registration)
            if registration.status == RegistrationStatus.WAITLISTED:
                result.waitlisted.append(registration)
    return result


@transaction.atomic
def event_awardees_register(*, actor, event_id: int) -> AwardeesResult:
    """Register (again) the published winners of the award programmes on the agenda: new
    winners are added, people already registered become awardees, nobody is registered twice."""
    event = _require_event(actor, event_id)
    _check_registration_open(event)
    return _register_awardees(actor, _lock_event(event.pk))


# The door --------------------------------------------------------------------------------------


class Outcome:
    RECORDED = "recorded"
    ALREADY = "already"
    REFUSED = "refused"


@dataclass
class CheckinResult:
    """What the door shows after a scan. `duplicate` is True when the same scan (the same
    client id) had already been recorded: the phone may forget it."""

    outcome: str
    reason: str
    message: str
    name: str = ""
    role: str = ""
    role_label: str = ""
    represents: str = ""
    code: str = ""
    checked_in_at: datetime.datetime | None = None
    duplicate: bool = False
    registration: Registration | None = None


def _refused(reason: str, message: str) -> CheckinResult:
    return CheckinResult(outcome=Outcome.REFUSED, reason=reason, message=message)


def _described(outcome: str, reason: str, message: str, checkin: CheckIn, **extra) -> CheckinResult:
    registration = checkin.registration
    return CheckinResult(
        outcome=outcome,
        reason=reason,
        message=message,
        name=registration.display_name,
        role=registration.role,
        role_label=str(RegistrationRole(registration.role).label),
        represents=registration.represents_display,
        code=registration.code_display,
        checked_in_at=checkin.checked_in_at,
        registration=registration,
        **extra,
    )


def _scan_time(scanned_at, now: datetime.datetime) -> datetime.datetime:
    """When the scan happened: the phone's time (queued scans arrive late), never later than
    the server's clock allows."""
    try:
        when = _aware(scanned_at, "scanned_at")
    except ValidationError:
        when = None
    if when is None or when > now + CLOCK_SKEW:
        return now
    return min(when, now)


def door_closed_message(event: Event, when: datetime.datetime) -> tuple[str, str] | None:
    """Why the door refuses a scan made at `when` — (reason, message) — or None when open."""
    if event.status == EventStatus.CANCELLED:
        return "cancelled", _("This event was cancelled. Nothing was recorded.")
    if event.status == EventStatus.HELD:
        return "closed", _("The event is over and its door is closed. Nothing was recorded.")
    if event.status not in DOOR_STATUSES:
        return "not_open", _("This event is not open yet. Nothing was recorded.")
    if when < event.starts_at - DOOR_OPENS_BEFORE:
        return "not_open", _("The door opens at %(time)s. Nothing was recorded.") % {
            "time": format_when(event.starts_at - DOOR_OPENS_BEFORE)
        }
    if when > event.ends_at + DOOR_CLOSES_AFTER:
        return "closed", _(
            "The event ended at %(time)s and its door is closed. Nothing was recorded."
        ) % {"time": format_when(event.ends_at)}
    return None


def _clean_client_id(client_id: str) -> str:
    client_id = (client_id or "").strip()
    return client_id if CLIENT_ID_RE.match(client_id) else ""


def _same_scan(event: Event, client_id: str) -> CheckinResult | None:
    if not client_id:
        return None
    checkin = (
        CheckIn.objects.select_related("registration", "registration__person")
        .filter(event=event, client_id=client_id)
        .first()
    )
    if checkin is None:
        return None
    return _described(
        Outcome.RECORDED,
        "recorded",
        _("Checked in: %(name)s.") % {"name": checkin.registration.display_name},
        checkin,
        duplicate=True,
    )


def _find_registration(
    event: Event, scan: tickets.Scan
) -> tuple[Registration | None, CheckinResult | None]:
    if scan.kind == "invalid":
        return None, _refused(
            "invalid",
            _(
                "This is not a valid ticket: the QR code is forged or altered, or the code is "
                "mistyped. Nothing was recorded."
            ),
        )
    if scan.kind == "token" and scan.ref != event.ref:
        other = Event.objects.filter(ref=scan.ref).exclude(status=EventStatus.DRAFT).first()
        if other is not None:
            message = _("This ticket is for another event: %(title)s. Nothing was recorded.") % {
                "title": other.title
            }
        else:
            message = _("This ticket is for another event. Nothing was recorded.")
        return None, _refused("other_event", message)
    queryset = Registration.objects.select_related("person", "organization", "center")
    if scan.kind == "token":
        registration = queryset.filter(event=event, ticket_secret=scan.secret).first()
    else:
        registration = queryset.filter(event=event, code=scan.code).first()
    if registration is None:
        if scan.kind == "code":
            return None, _refused(
                "unknown",
                _("No registration of this event has the code %(code)s. Nothing was recorded.")
                % {"code": f"{scan.code[:4]}-{scan.code[4:]}"},
            )
        return None, _refused("unknown", _("This ticket is not known. Nothing was recorded."))
    return registration, None


@transaction.atomic
def checkin_record(
    *,
    actor,
    event_id: int,
    scan: str,
    client_id: str = "",
    scanned_at: datetime.datetime | str | None = None,
    by_name: bool = False,
) -> CheckinResult:
    """Let a registration through the door: by the QR code's token or the typed code.

    The same ticket twice counts once ("already checked in at 09:12"); the same scan sent twice
    (the same `client_id`, e.g. from the phone's offline queue) answers as the first time did.
    A forged or altered token, a token of another event, a cancelled or waiting registration,
    or a scan outside the door's hours is refused with a message, and nothing is recorded."""
    event = _require_door(actor, event_id)
    now = clock.now()
    client_id = _clean_client_id(client_id)
    same = _same_scan(event, client_id)
    if same is not None:
        return same
    when = _scan_time(scanned_at, now)
    closed = door_closed_message(event, when)
    if closed is not None:
        return _refused(*closed)
    parsed = tickets.read_scan(scan)
    if parsed.kind == "invalid" and ":" in (scan or ""):
        logger.warning("events: a forged or altered ticket was scanned at event %s", event.pk)
    registration, refusal = _find_registration(event, parsed)
    if refusal is not None:
        return refusal
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("person", "organization", "center")
        .get(pk=registration.pk)
    )
    if registration.status == RegistrationStatus.CANCELLED:
        return _refused(
            "cancelled",
            _("The registration of %(name)s was cancelled. Nothing was recorded.")
            % {"name": registration.display_name},
        )
    if registration.status == RegistrationStatus.WAITLISTED:
        return _refused(
            "waitlisted",
            _("%(name)s is on the waiting list and has no confirmed seat. Nothing was recorded.")
            % {"name": registration.display_name},
        )
    existing = CheckIn.objects.filter(registration=registration).first()
    if existing is not None:
        existing.registration = registration
        if client_id and existing.client_id == client_id:
            return _described(
                Outcome.RECORDED,
                "recorded",
                _("Checked in: %(name)s.") % {"name": registration.display_name},
                existing,
                duplicate=True,
            )
        return _described(
            Outcome.ALREADY,
            "already",
            _("Already checked in at %(time)s.") % {"time": format_when(existing.checked_in_at)},
            existing,
        )
    if by_name:
        method = CheckInMethod.NAME
    else:
        method = CheckInMethod.QR if parsed.kind == "token" else CheckInMethod.CODE
    checkin = CheckIn(
        event=event,
        registration=registration,
        checked_in_at=when,
        method=method,
        by=actor if getattr(actor, "pk", None) else None,
        client_id=client_id,
    )
    checkin.save()
    return _described(
        Outcome.RECORDED,
        "recorded",
        _("Checked in: %(name)s.") % {"name": registration.display_name},
        checkin,
    )


@transaction.atomic
def checkin_walk_in(
    *,
    actor,
    event_id: int,
    full_name: str,
    represents: str = "",
    role: str = RegistrationRole.PARTICIPANT,
    home_area_code: str = "",
    client_id: str = "",
    scanned_at: datetime.datetime | str | None = None,
) -> CheckinResult:
    """Register someone who walks in and let them through in one step (a seat must be free;
    the same walk-in sent twice with its client id is registered once)."""
    event = _require_door(actor, event_id)
    now = clock.now()
    client_id = _clean_client_id(client_id)
    locked = _lock_event(event.pk)
    same = _same_scan(locked, client_id)
    if same is not None:
        return same
    when = _scan_time(scanned_at, now)
    closed = door_closed_message(locked, when)
    if closed is not None:
        return _refused(*closed)
    name = _text(
        full_name,
        field="full_name",
        max_length=NAME_MAX_LENGTH,
        required_message=_("Enter the name of the person walking in."),
    )
    if role not in RegistrationRole.values:
        raise ValidationError({"role": _("Choose a role.")})
    values = {
        "represents": _text(represents, field="represents", max_length=250),
        **_place_from(_home_area(home_area_code)),
    }
    if not _has_seat(locked):
        return _refused(
            "full",
            _(
                "The event is full (%(capacity)s seats): the walk-in cannot be admitted. "
                "Nothing was recorded."
            )
            % {"capacity": locked.capacity},
        )
    registration = _insert_registration(
        locked,
        actor=actor,
        waitlist=False,
        full_name=name,
        role=role,
        source=RegistrationSource.WALK_IN,
        **values,
    )
    checkin = CheckIn(
        event=locked,
        registration=registration,
        checked_in_at=when,
        method=CheckInMethod.WALK_IN,
        by=actor if getattr(actor, "pk", None) else None,
        client_id=client_id,
    )
    checkin.save()
    return _described(
        Outcome.RECORDED,
        "recorded",
        _("Registered and checked in: %(name)s.") % {"name": name},
        checkin,
    )


@transaction.atomic
def checkin_undo(*, actor, registration_id: int) -> Registration:
    """Take back a check-in made by mistake (the wrong person let through)."""
    existing = _registration_of(registration_id)
    event = _require_door(actor, existing.event_id)
    if event.status == EventStatus.HELD:
        raise ValidationError(
            {"status": _("The event has been held: its attendance stays as it was.")}
        )
    checkin = CheckIn.objects.select_for_update().filter(registration_id=existing.pk).first()
    if checkin is None:
        raise ValidationError({"status": _("This person has not checked in.")})
    checkin.delete()
    return existing


# Photos ----------------------------------------------------------------------------------------


@transaction.atomic
def event_photo_add(*, actor, event_id: int, upload, caption: str = "") -> EventPhoto:
    """Add a photo of the event (shown on its public page once it is held)."""
    event = _require_event(actor, event_id)
    if event.photos.count() >= PHOTOS_MAX:
        raise ValidationError(
            {"image": _("An event keeps at most %(max)s photos.") % {"max": PHOTOS_MAX}}
        )
    caption = _text(caption, field="caption", max_length=250)
    try:
        checked = uploads.check_upload(
            upload, kinds=(uploads.IMAGE,), max_bytes=uploads.MAX_IMAGE_BYTES, label=_("The photo")
        )
    except ValidationError as exc:
        raise ValidationError({"image": exc.messages}) from exc
    name = uploads.store_upload(checked, folder="events/photos")
    last = event.photos.order_by("-position").values_list("position", flat=True).first()
    photo = EventPhoto(
        event=event, image=name, caption=caption, position=(last or 0) + 1, added_by=actor
    )
    photo.save()
    return photo


@transaction.atomic
def event_photo_remove(*, actor, photo_id: int) -> None:
    photo = EventPhoto.objects.filter(pk=photo_id).first() if photo_id else None
    if photo is None:
        raise NotFoundOrOutOfScope()
    _require_event(actor, photo.event_id)
    name = photo.image
    photo.delete()
    transaction.on_commit(lambda: uploads.delete_stored(name))
