"""An event itself: create, update, status, staff at the door, photos."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from concenter.accounts.scope import Access, require
from concenter.common import clock, uploads
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.common.thai import (
    normalize_text,
    to_arabic_digits,
)
from concenter.common.versioning import lock_for_update
from concenter.events import tickets
from concenter.events.models import (
    STATUS_TRANSITIONS,
    Event,
    EventAccess,
    EventPhoto,
    EventStaff,
    EventStatus,
    RegistrationStatus,
)
from concenter.events.services import messages
from concenter.events.services._common import (
    CAPACITY_MAX,
    PHOTOS_MAX,
    TITLE_MAX_LENGTH,
    _aware,
    _multiline,
    _promote_waiting_list,
    _require_event,
    _text,
)
from concenter.geography.models import Area
from concenter.network.models import Center


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
    before = (event.starts_at, event.ends_at, event.venue_name, event.venue_address)
    for name, value in values.items():
        setattr(event, name, value)
    event.organizer = organizer
    event.place_in(area)
    event.save()
    if before != (event.starts_at, event.ends_at, event.venue_name, event.venue_address):
        messages.event_changed_send(event)
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
    if status == EventStatus.CANCELLED:
        messages.event_cancelled_send(event)
    return event


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
