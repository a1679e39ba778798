"""What events tell their registrants, through the outbox (docs/notifications.md): the
registration confirmed (or on the waiting list) with the ticket link and QR code, a seat from the
waiting list, the event changed or cancelled, the reminder the day before, a lost ticket sent
again. Each is enqueued inside the transaction of the change that causes it."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation

from concenter.events import tickets
from concenter.events.models import (
    Event,
    EventStatus,
    Registration,
    RegistrationSource,
    RegistrationStatus,
)
from concenter.notifications.links import site_url
from concenter.notifications.services import Recipient, message_enqueue

BANGKOK = ZoneInfo("Asia/Bangkok")
LIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


def _recipient(registration: Registration) -> Recipient:
    person = registration.person if registration.person_id else None
    return Recipient(
        name=(person.full_name if person else registration.full_name)[:300],
        email=registration.email or (person.email if person else ""),
        person_id=registration.person_id,
    )


def _context(registration: Registration, *, with_ticket: bool = True) -> dict:
    event = registration.event
    context = {
        "event_title": event.title,
        "starts_at": event.starts_at,
        "where": ", ".join(part for part in (event.venue_name, event.venue_address) if part),
        "name": _recipient(registration).name,
    }
    if with_ticket:
        token = tickets.link_token(event.ref, registration.link_secret)
        context["link"] = site_url(reverse("events:ticket", args=[token]))
        context["link_label"] = translation.gettext_lazy("Open my ticket")
        if registration.status == RegistrationStatus.CONFIRMED:
            context["qr"] = tickets.door_token(event.ref, registration.ticket_secret)
    return context


def _send(kind: str, registration: Registration, key: str, **extra) -> None:
    language = None
    if registration.source == RegistrationSource.PUBLIC:
        language = (translation.get_language() or "th")[:2]  # the page they registered on
    message_enqueue(
        kind=kind,
        recipient=_recipient(registration),
        context={**_context(registration), **extra},
        idempotency_key=key,
        language=language,
        area_code=registration.event.area_id,
    )


def registration_confirmed_send(registration: Registration) -> None:
    """A new registration: the seat confirmed with the ticket, or the place on the waiting list."""
    _send(
        "registration_confirmed",
        registration,
        f"registration_confirmed:{registration.pk}",
        waitlisted=registration.status == RegistrationStatus.WAITLISTED,
    )


def registration_moved_up_send(registration: Registration) -> None:
    _send("registration_moved_up", registration, f"registration_moved_up:{registration.pk}")


def ticket_resent_send(registration: Registration, *, asked_at: datetime.datetime) -> None:
    """A lost ticket sent again (at most once a minute: the key names the minute)."""
    _send(
        "ticket_resent",
        registration,
        f"ticket_resent:{registration.pk}:{asked_at:%Y%m%d%H%M}",
    )


def _live_registrations(event: Event) -> QuerySet:
    return Registration.objects.filter(event=event, status__in=LIVE).select_related(
        "event", "person"
    )


def event_changed_send(event: Event) -> int:
    """The date, time or place of an event changed: every live registrant hears it once per
    version of the event."""
    count = 0
    for registration in _live_registrations(event):
        _send("event_changed", registration, f"event_changed:{registration.pk}:v{event.version}")
        count += 1
    return count


def event_cancelled_send(event: Event) -> int:
    count = 0
    for registration in _live_registrations(event):
        message_enqueue(
            kind="event_cancelled",
            recipient=_recipient(registration),
            context={**_context(registration, with_ticket=False), "note": event.status_note},
            idempotency_key=f"event_cancelled:{registration.pk}",
            area_code=event.area_id,
        )
        count += 1
    return count


def reminders_scan(today: datetime.date) -> int:
    """The day before an event (Bangkok time), a reminder to each confirmed registrant whose
    address consented to reminders (a scheduled scan of `concenter work`)."""
    tomorrow = today + datetime.timedelta(days=1)
    start = datetime.datetime.combine(tomorrow, datetime.time.min, tzinfo=BANGKOK)
    registrations = Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        event__status__in=(EventStatus.OPEN, EventStatus.CLOSED),
        event__starts_at__gte=start,
        event__starts_at__lt=start + datetime.timedelta(days=1),
    ).select_related("event", "person")
    count = 0
    for registration in registrations:
        message = message_enqueue(
            kind="event_reminder",
            recipient=_recipient(registration),
            context=_context(registration),
            idempotency_key=f"event_reminder:{registration.pk}:{tomorrow.isoformat()}",
            area_code=registration.event.area_id,
        )
        count += message is not None
    return count
