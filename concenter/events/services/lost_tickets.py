"""A lost ticket sent again: asked for on the event's public page with the e-mail or phone the
person registered with, sent only to the contact on file (never shown on the page), and
answered the same way whether or not such a registration exists."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from concenter.common import clock
from concenter.common.errors import NotFoundOrOutOfScope
from concenter.common.thai import to_arabic_digits
from concenter.events.models import Event, Registration, RegistrationStatus
from concenter.events.services import messages

CONTACT_MAX_LENGTH = 254
PHONE_MIN_DIGITS = 9


def _contact(value: str) -> tuple[str, str]:
    """("email", address) or ("phone", digits), or a refusal naming the field."""
    text = to_arabic_digits((value or "").strip())[:CONTACT_MAX_LENGTH]
    if "@" in text:
        return "email", text.lower()
    digits = re.sub(r"\D", "", text)
    if len(digits) >= PHONE_MIN_DIGITS:
        return "phone", digits
    raise ValidationError(
        {"contact": _("Enter the e-mail address or the phone number you registered with.")}
    )


def _same_phone(stored: str, digits: str) -> bool:
    return re.sub(r"\D", "", stored or "")[-9:] == digits[-9:]


@transaction.atomic
def ticket_resend_request(*, event_id: int, contact: str) -> int:
    """Send the ticket of each live registration of a public event that matches `contact`
    again, to the contact on file. Returns how many were matched (for tests and logs only:
    the page says the same whatever it is)."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None or not event.is_public:
        raise NotFoundOrOutOfScope()
    kind, value = _contact(contact)
    live = Registration.objects.filter(
        event=event,
        status__in=(RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED),
    ).select_related("event", "person")
    if kind == "email":
        found = list(live.filter(Q(email__iexact=value) | Q(person__email__iexact=value)))
    else:
        tail = value[-9:]
        found = [
            registration
            for registration in live.filter(
                Q(phone__contains=tail[-4:]) | Q(person__phone__contains=tail[-4:])
            )
            if _same_phone(registration.phone, value)
            or (registration.person_id and _same_phone(registration.person.phone, value))
        ]
    asked_at = clock.now()
    for registration in found:
        messages.ticket_resent_send(registration, asked_at=asked_at)
    return len(found)
