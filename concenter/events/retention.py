"""Retention of event registrations (PDPA: kept no longer than needed; docs/privacy.md).

A year after an event ended, its registrations lose what was only needed to run the day: the
registrant's phone, e-mail, accessibility needs and note, and — for people who registered through
the public form without a record in the registry — their name. Role, district, organisation and
attendance stay, so every attendance figure of the event stays the same."""

import datetime

from django.db import transaction
from django.db.models import Q, QuerySet

from concenter.common import clock
from concenter.events.models import Registration

REGISTRATION_RETENTION_DAYS = 365
CONTACT_FIELDS = ("phone", "email", "accessibility", "note")
PLACEHOLDER_NAME = "ผู้ลงทะเบียน #{pk}"


def registration_retention_candidates(*, older_than_days: int) -> QuerySet[Registration]:
    ended_before = clock.now() - datetime.timedelta(days=older_than_days)
    holds_data = ~Q(phone="") | ~Q(email="") | ~Q(accessibility="") | ~Q(note="")
    unnamed = Q(person__isnull=True) & ~Q(full_name__startswith="ผู้ลงทะเบียน #")
    return Registration.objects.filter(event__ends_at__lt=ended_before).filter(holds_data | unnamed)


@transaction.atomic
def registration_retention_purge(
    *, older_than_days: int = REGISTRATION_RETENTION_DAYS, for_real: bool = True
) -> int:
    """Erase the contact data of registrations of events that ended long ago; returns how many
    registrations were (or, not for real, would be) purged. Their audit entries lose the values."""
    from concenter.people.privacy import retention_erase

    rows = list(registration_retention_candidates(older_than_days=older_than_days))
    if not for_real:
        return len(rows)
    return retention_erase(
        rows, cleared=CONTACT_FIELDS, needles=_needles, days=older_than_days, also=_unname
    )


def _needles(registration: Registration) -> list[str]:
    values = [getattr(registration, field) for field in CONTACT_FIELDS]
    if registration.person_id is None:
        values.append(registration.full_name)
    return values


def _unname(registration: Registration) -> list[str]:
    """Someone who registered without a record in the registry keeps only a placeholder name."""
    if registration.person_id is not None:
        return []
    registration.full_name = PLACEHOLDER_NAME.format(pk=registration.pk)
    return ["full_name"]
