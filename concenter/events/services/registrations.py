"""Registrations and the waiting list: by officers, by the public, changes, cancellation."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from concenter.accounts.scope import Access, can, require
from concenter.common import clock
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.common.thai import (
    normalize_text,
    to_arabic_digits,
)
from concenter.common.versioning import lock_for_update
from concenter.events import tickets
from concenter.events.models import (
    CheckIn,
    Event,
    EventAccess,
    EventStatus,
    Meal,
    Registration,
    RegistrationRole,
    RegistrationSource,
    RegistrationStatus,
)
from concenter.events.services._common import (
    NAME_MAX_LENGTH,
    PHONE_DIGITS,
    _check_registration_open,
    _derive,
    _event_of,
    _home_area,
    _insert_registration,
    _lock_event,
    _needs,
    _place_from,
    _promote_waiting_list,
    _registration_of,
    _require_event,
    _text,
    name_key,
    without_title,
)
from concenter.network.models import Center, Organization
from concenter.notifications.models import Channel, ConsentMethod
from concenter.notifications.services import contact_channel_record
from concenter.people.models import Person


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
    reminders: bool = False,
) -> Registration:
    """Someone registers themselves through the public form of a public, open event. Past the
    capacity they are put on the waiting list (never over the capacity). With `reminders`, the
    e-mail given consents to the reminder the day before (recorded with when and how)."""
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
    if reminders and values["email"]:
        contact_channel_record(
            actor=None,
            channel=Channel.EMAIL,
            address=values["email"],
            consent=True,
            method=ConsentMethod.ONLINE,
        )
    return _insert_registration(
        locked,
        source=RegistrationSource.PUBLIC,
        role=RegistrationRole.PARTICIPANT,
        meal=meal,
        **values,
        **_place_from(home_area),
    )


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
