"""What the event services share: limits, text and contact checks, the event a user may change."""

import datetime
import re
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from concenter.accounts.scope import Access, can, require
from concenter.common import clock
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.common.thai import (
    format_date_en,
    format_date_th,
    normalize_text,
    thai_sort_key,
)
from concenter.events import tickets
from concenter.events.models import (
    REGISTRATION_STATUSES,
    Event,
    EventStaff,
    EventStatus,
    Meal,
    Registration,
    RegistrationRole,
    RegistrationStatus,
)
from concenter.events.services import messages
from concenter.geography.models import Area

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


def _lock_event(event_id: int) -> Event:
    """Lock the event's row: every seat is counted and given while it is held."""
    return Event.objects.select_for_update(of=("self",)).select_related("area").get(pk=event_id)


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
    messages.registration_confirmed_send(registration)
    return registration


def _derive(registration: Registration) -> None:
    name = registration.person.full_name if registration.person_id else registration.full_name
    bare = registration.person.name_without_title if registration.person_id else name
    registration.name_search = name_key(without_title(bare))[:300]
    registration.sort_key = thai_sort_key(without_title(bare))


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


def _registration_of(registration_id) -> Registration:
    registration = (
        Registration.objects.select_related("event", "person").filter(pk=registration_id).first()
        if registration_id
        else None
    )
    if registration is None:
        raise NotFoundOrOutOfScope()
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
        messages.registration_moved_up_send(registration)
        promoted.append(registration)
    return promoted
